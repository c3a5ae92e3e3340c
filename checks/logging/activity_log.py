"""Checks over the export of the subscription activity log (Azure)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import AuditLogConfig
from scanner.registry import check

REQUIRED = ("Administrative", "Security", "Alert", "Policy")


@check(
    id="LOG-201",
    title="Activity log export captures Administrative, Security, Alert and Policy",
    severity=Severity.MEDIUM,
    resource=AuditLogConfig,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-2",
        "cis-azure:6.1.1.2",
    ),
    providers=("azure",),
)
def activity_log_captures_categories(config: AuditLogConfig) -> Result:
    """An export that drops Security or Policy events loses the records of Defender alerts
    and policy changes an investigation needs.

    Remediation: add the Administrative, Security, Alert and Policy categories (or allLogs)
    to the subscription's diagnostic setting.
    """
    if config.account_wide_trail is False:
        return not_applicable("no activity log export (see LOG-006)")
    if config.categories is None:
        return unknown("exported categories unreadable")
    missing = [c for c in REQUIRED if c not in config.categories]
    if missing:
        return failed(f"not exported: {', '.join(missing)}")
    return passed(f"exports {', '.join(REQUIRED)}")
