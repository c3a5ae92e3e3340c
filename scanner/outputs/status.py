"""One sentence for an incomplete scan, said the same way by every format and the exit code.

A scan is incomplete when anything it needed could not be read: a whole scope (region,
project, subscription), one resource's details, an offline record, or an interrupted run.
Each of those leaves some result UNKNOWN, and an auditor reading any format must see why.
"""

from __future__ import annotations

from scanner.result import ScanResult
from scanner.snapshot import SNAPSHOT_SCOPE


def incomplete_summary(result: ScanResult) -> str | None:
    """The plain-text warning for an incomplete scan; ``None`` when it is complete."""
    meta = result.meta
    if meta.complete:
        return None
    scopes = sum(1 for e in result.errors if not e.resource_uid)
    records = sum(1 for e in result.errors if e.resource_uid and e.scope == SNAPSHOT_SCOPE)
    details = len(result.errors) - scopes - records
    parts = []
    if scopes:
        parts.append(f"{scopes} scope(s) could not be collected")
    if details:
        parts.append(f"{details} resource detail(s) could not be read")
    if records:
        parts.append(f"{records} input record(s) could not be used")
    if meta.interrupted:
        parts.append("the scan was interrupted before it finished")
    if not parts:  # a merged or recorded result marked incomplete without its errors
        parts.append("some of what the checks need could not be read")
    return f"Scan incomplete: {'; '.join(parts)}. Affected checks report UNKNOWN, never PASS."
