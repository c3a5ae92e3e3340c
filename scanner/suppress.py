"""Apply ``.complyscan.yaml`` suppressions to findings; expired ones stop applying."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import structlog

from scanner.findings import Finding, Severity, Status, Suppression
from scanner.result import ScanResult

log = structlog.get_logger(__name__)


def apply_suppressions(
    result: ScanResult, suppressions: Sequence[Suppression], today: date
) -> ScanResult:
    """Mark failing findings covered by an unexpired suppression; record the expired ones.

    A suppression is valid through its ``expires`` day. Suppressed findings keep their
    status and carry the reason, owner and expiry; expired suppressions stop applying and
    are listed in ``expired_suppressions`` (and logged) so they are not silently dropped.
    """
    active = [s for s in suppressions if s.expires >= today]
    expired = tuple(s for s in suppressions if s.expires < today)
    for s in expired:
        log.warning(
            "suppression.expired",
            check=s.check,
            resource=s.resource,
            owner=s.owner,
            expires=str(s.expires),
        )
    findings = []
    for f in result.findings:
        match = next((s for s in active if s.matches(f)), None) if f.status is Status.FAIL else None
        findings.append(
            f
            if match is None
            else f.model_copy(
                update={
                    "suppressed": True,
                    "suppression_reason": match.reason,
                    "suppression_owner": match.owner,
                    "suppression_expires": match.expires,
                }
            )
        )
    return result.model_copy(update={"findings": tuple(findings), "expired_suppressions": expired})


def expired_matches(result: ScanResult, suppression: Suppression) -> tuple[Finding, ...]:
    """The failing findings an expired ``suppression`` would still cover (reported again)."""
    return tuple(
        f
        for f in result.findings
        if f.status is Status.FAIL and not f.suppressed and suppression.matches(f)
    )


def exit_code(result: ScanResult, fail_on: str) -> int:
    """0 clean, 1 unsuppressed failures at/above ``fail_on``, 3 scan incomplete."""
    if not result.meta.complete:
        return 3
    if fail_on == "none":
        return 0
    threshold = Severity(fail_on)
    failing = any(
        f.status is Status.FAIL and not f.suppressed and f.severity.at_least(threshold)
        for f in result.findings
    )
    return 1 if failing else 0
