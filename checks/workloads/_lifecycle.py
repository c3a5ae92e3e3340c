"""Judging a version against its published support window at collection time."""

from __future__ import annotations

from datetime import datetime

from scanner.findings import Result, failed, passed, unknown
from scanner.model import SupportWindow


def supported_at(window: SupportWindow | None, label: str, when: datetime) -> Result:
    """PASS before the end of (standard) support, FAIL from that date, UNKNOWN if unlisted.

    ``when`` is the resource's ``collected_at``: a scan replayed later keeps its verdict.
    """
    if window is None:
        return unknown(f"{label} is not in the shipped support calendar; check it by hand")
    if window.ends is None:
        return passed(f"{label} is supported (no end of support announced)")
    if when.date() >= window.ends:
        extra = ""
        if window.extended_ends is not None:
            if when.date() < window.extended_ends:
                extra = f"; paid extended support until {window.extended_ends.isoformat()}"
            else:
                extra = f"; extended support ended {window.extended_ends.isoformat()}"
        return failed(f"{label} reached end of support on {window.ends.isoformat()}{extra}")
    return passed(f"{label} is supported until {window.ends.isoformat()}")
