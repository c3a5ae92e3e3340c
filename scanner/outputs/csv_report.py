"""CSV for spreadsheets: one row per finding (passes included), suppression kept visible."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from scanner.outputs.pieces import chunks
from scanner.result import ScanResult

COLUMNS = (
    "check_id",
    "title",
    "severity",
    "status",
    "resource_uid",
    "region",
    "account",
    "controls",
    "reason",
    "suppressed",
    "suppression_reason",
    "suppression_owner",
    "suppression_expires",
    "finding_id",
)

#: A cell starting with one of these is a formula to Excel/Sheets/LibreOffice (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Neutralise formula-looking text so opening the file cannot run anything."""
    return "'" + value if value.startswith(_FORMULA) else value


def to_csv(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """Every finding as a CSV row (header first); controls are space-separated."""
    return "".join(to_csv_chunks(result, frameworks))


def to_csv_chunks(result: ScanResult, _frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The CSV in consecutive pieces of ``CHUNK`` rows (findings built as they are written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for part in chunks(result.findings):
        for f in part:
            row = (
                f.check_id,
                f.title,
                f.severity.value,
                f.status.value,
                f.resource_uid,
                f.region,
                f.account,
                " ".join(f.controls),
                f.reason,
                "true" if f.suppressed else "false",
                f.suppression_reason or "",
                f.suppression_owner or "",
                f.suppression_expires.isoformat() if f.suppression_expires else "",
                f.id,
            )
            writer.writerow([_cell(v) for v in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():  # no findings: the header alone
        yield out.getvalue()
