"""Checks over the account-level audit logging configuration."""

from __future__ import annotations

from checks._common import setting
from checks.logging._controls import AUDIT_TRAIL
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import AuditLogConfig
from scanner.registry import check


@check(
    id="LOG-006",
    title="The account has an account-wide audit trail that is logging",
    severity=Severity.HIGH,
    resource=AuditLogConfig,
    controls=(*AUDIT_TRAIL, "cis-azure:6.1.1.1"),
    # GCP Admin Activity audit logs are always on project-wide; LOG-101/102 judge GCP
    providers=("aws", "azure"),
)
def account_has_account_wide_trail(config: AuditLogConfig) -> Result:
    """Per-region trails drift as regions are added; only an account-wide (multi-region or
    organisation) trail guarantees every API call is recorded, including global services.

    Remediation: create a multi-region trail (or adopt the organisation trail) with
    management events for read and write, and keep it logging.
    """
    trails = ", ".join(config.trails) or "none listed"
    gaps = f" ({'; '.join(config.not_counted)})" if config.not_counted else ""
    return setting(
        config.account_wide_trail,
        on=f"account-wide trail(s): {trails}",
        off="no multi-region or organisation trail is logging read and write management "
        f"events{gaps}",
        unread="trail configuration unreadable",
    )


_GCP_AUDIT = (
    "soc2:CC7.2",
    "iso27001-2022:A.8.15",
    "nist-csf-2.0:PR.PS-04",
    "nist-800-53-r5:AU-2",
    "nist-800-53-r5:AU-12",
    "cis-gcp:2.1",
)


@check(
    id="LOG-101",
    title="Projects audit admin reads and data access for all services",
    severity=Severity.MEDIUM,
    resource=AuditLogConfig,
    controls=_GCP_AUDIT,
    providers=("gcp",),
)
def project_audits_data_access(config: AuditLogConfig) -> Result:
    """Only Admin Activity logs are on by default; without Data Access audit logs nobody
    can tell who read or changed data in any service, which most investigations need.

    Remediation: in the project's (or an ancestor folder's/organisation's) IAM policy, add
    an audit config for allServices with ADMIN_READ, DATA_READ and DATA_WRITE.
    """
    return setting(
        config.data_access_logged,
        on="allServices: ADMIN_READ, DATA_READ and DATA_WRITE logged",
        off="allServices audit config lacks ADMIN_READ, DATA_READ or DATA_WRITE",
        unread="audit configuration (incl. inherited) unreadable",
    )


@check(
    id="LOG-102",
    title="Audit logging exempts no principals",
    severity=Severity.MEDIUM,
    resource=AuditLogConfig,
    controls=_GCP_AUDIT,
    providers=("gcp",),
)
def audit_logging_exempts_nobody(config: AuditLogConfig) -> Result:
    """Principals exempted from audit logging act without a trace; an attacker who obtains
    such an identity is invisible in the data access logs.

    Remediation: remove every exemptedMembers entry from the audit configs of the project
    and its ancestors.
    """
    exempted = config.exempted_members
    if exempted is None:
        return unknown("audit configuration unreadable")
    if exempted:
        return failed(f"exempted from audit logging: {', '.join(exempted[:5])}")
    return passed("no principal is exempted")
