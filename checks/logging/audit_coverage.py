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
    attacker a blind spot to launch resources or exfiltrate data. A trail counts only while
    it is logging and records both read and write management events: a stopped trail, or
    one recording only reads (or only writes), leaves the same blind spot.

    Remediation: create a multi-region (or organisation) trail that is logging and records
    read and write management events, or a trail in this region; restart a stopped trail.
    """
    trails = ", ".join(coverage.trails) or "none listed"
    gaps = f" ({'; '.join(coverage.not_counted)})" if coverage.not_counted else ""
    return setting(
        coverage.covered,
        on=f"covered by {trails}",
        off=f"no logging trail records read and write management events here{gaps}",
        unread="trail coverage unreadable",
    )
