"""Apply ``.complyscan.yaml`` suppressions to findings; expired ones stop applying."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import structlog

from scanner.errors import ConfigError
from scanner.findings import Finding, Severity, Status, Suppression
from scanner.findingset import (
    Findings,
    parts_of,
    replace_in,
    rows_with_status,
    tally,
    with_status,
)
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
    if not active:
        return result.model_copy(update={"expired_suppressions": expired})
    named = {s.check.upper() for s in active}
    parts: list[Sequence[Finding]] = []
    for part in parts_of(result.findings):
        replaced: dict[int, Finding] = {}
        for row in rows_with_status(part, Status.FAIL):
            if row.key.check_id not in named:  # columns are read, nothing is built
                continue
            match = next((s for s in active if s.covers(row.key.check_id, row.uid)), None)
            if match is not None:
                replaced[row.position] = _suppressed(row.finding(), match)
        parts.append(replace_in(part, replaced))
    findings = Findings.joined(parts)
    return result.model_copy(update={"findings": findings, "expired_suppressions": expired})


def _suppressed(f: Finding, match: Suppression) -> Finding:
    """``f`` accepted under ``match``."""
    return f.model_copy(
        update={
            "suppressed": True,
            "suppression_reason": match.reason,
            "suppression_owner": match.owner,
            "suppression_expires": match.expires,
        }
    )


def expired_matches(result: ScanResult, suppression: Suppression) -> tuple[Finding, ...]:
    """The failing findings an expired ``suppression`` would still cover (reported again)."""
    return tuple(
        f
        for f in with_status(result.findings, Status.FAIL)
        if not f.suppressed and suppression.matches(f)
    )


def exit_code(result: ScanResult, fail_on: str) -> int:
    """0 clean, 1 unsuppressed failures at/above ``fail_on``, 3 scan incomplete."""
    if not result.meta.complete:
        return 3
    if fail_on == "none":
        return 0
    threshold = Severity(fail_on)
    failing = any(
        key.status is Status.FAIL and not key.suppressed and key.severity.at_least(threshold)
        for key in tally(result.findings)
    )
    return 1 if failing else 0


def check_suppression_ids(suppressions: Iterable[Suppression], known: Iterable[str]) -> None:
    """ConfigError (exit 2) naming ``file:line`` of each suppression of an unknown check id.

    A typo in a check id would otherwise suppress nothing, silently.
    """
    ids = {k.upper() for k in known}
    bad = [s for s in suppressions if s.check.upper() not in ids]
    if bad:
        raise ConfigError(
            "; ".join(
                f"{s.origin or 'config'}: suppression names unknown check id {s.check!r} "
                "(see `complyscan checks list`)"
                for s in bad
            )
        )
