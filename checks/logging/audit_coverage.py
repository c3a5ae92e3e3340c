"""Checks over per-region audit logging coverage."""

from __future__ import annotations

from checks._common import setting
from checks.logging._controls import AUDIT_TRAIL
from scanner.findings import Result, Severity
from scanner.model import AuditCoverage
from scanner.registry import check


@check(
    id="LOG-005",
    title="Every region is covered by a logging audit trail",
    severity=Severity.HIGH,
    resource=AuditCoverage,
    controls=AUDIT_TRAIL,
    providers=("aws",),
)
def region_covered_by_audit_trail(coverage: AuditCoverage) -> Result:
    """API calls in a region that no logging trail covers leave no record, giving an
    attacker a blind spot to launch resources or exfiltrate data.

    Remediation: create a multi-region (or organisation) trail that is logging, or a trail in
    this region.
    """
    trails = ", ".join(coverage.trails) or "none listed"
    return setting(
        coverage.covered,
        on=f"covered by {trails}",
        off="no logging trail records API activity in this region",
        unread="trail coverage unreadable",
    )
