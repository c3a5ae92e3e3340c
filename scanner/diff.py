"""Compare two scans by stable finding id (sha256 of check id | resource uid)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from scanner.findings import Finding, Severity, Status
from scanner.result import ScanResult

_RESOLVED = {Status.PASS, Status.NOT_APPLICABLE}


class FindingChange(BaseModel):
    """One failure and its status in the base scan (``before``) and the later one (``after``)."""

    model_config = ConfigDict(frozen=True)

    id: str
    check_id: str
    title: str
    severity: Severity
    resource_uid: str
    account: str
    region: str
    before: Status | None
    after: Status | None
    suppressed: bool
    reason: str


class ScanDiff(BaseModel):
    """Failures that appeared, went away, stayed, or can no longer be judged."""

    model_config = ConfigDict(frozen=True)

    new: tuple[FindingChange, ...]
    fixed: tuple[FindingChange, ...]
    unchanged: tuple[FindingChange, ...]
    not_evaluated: tuple[FindingChange, ...]


def _change(f: Finding, before: Finding | None, after: Finding | None) -> FindingChange:
    return FindingChange(
        id=f.id,
        check_id=f.check_id,
        title=f.title,
        severity=f.severity,
        resource_uid=f.resource_uid,
        account=f.account,
        region=f.region,
        before=before.status if before else None,
        after=after.status if after else None,
        suppressed=bool(after and after.suppressed),
        reason=f.reason,
    )


def diff_scans(base: ScanResult, head: ScanResult) -> ScanDiff:
    """Failures of ``head`` against ``base``, by finding id.

    * new: failing in ``head``, not failing (or absent) in ``base``;
    * fixed: failing in ``base``, passing or not applicable in ``head``;
    * unchanged: failing in both (suppressed or not: an accepted risk is still a failure);
    * not_evaluated: failing in ``base``; in ``head`` unknown, errored or absent (the
      resource is gone, or its scope was not scanned or not readable), so not proven fixed.
    """
    before = {f.id: f for f in base.findings}
    after = {f.id: f for f in head.findings}
    new: list[FindingChange] = []
    fixed: list[FindingChange] = []
    unchanged: list[FindingChange] = []
    gone: list[FindingChange] = []
    for fid, f in after.items():
        if f.status is not Status.FAIL:
            continue
        old = before.get(fid)
        target = unchanged if old is not None and old.status is Status.FAIL else new
        target.append(_change(f, old, f))
    for fid, f in before.items():
        if f.status is not Status.FAIL:
            continue
        now = after.get(fid)
        if now is not None and now.status in _RESOLVED:
            fixed.append(_change(now, f, now))
        elif now is None or now.status is not Status.FAIL:
            gone.append(_change(f, f, now))
    key = lambda c: (-c.severity.rank, c.check_id, c.resource_uid)  # noqa: E731
    return ScanDiff(
        new=tuple(sorted(new, key=key)),
        fixed=tuple(sorted(fixed, key=key)),
        unchanged=tuple(sorted(unchanged, key=key)),
        not_evaluated=tuple(sorted(gone, key=key)),
    )
