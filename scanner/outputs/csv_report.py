"""CSV for spreadsheets: one row per finding (passes included), suppression kept visible."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

from scanner.outputs.pieces import chunks
from scanner.result import ScanResult
from scanner.textsafe import printable

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
    "scanned_at",
)

#: A cell starting with one of these is a formula to Excel/Sheets/LibreOffice (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_LINE = re.compile(r"(\r\n|\r|\n)")


def _line(text: str) -> str:
    return "'" + text if text.lstrip(" ").startswith(_FORMULA) else text


def _cell(value: str) -> str:
    """Neutralise formula-looking text so opening the file cannot run anything.

    Every line inside the cell is guarded, not only the first: a reader that splits rows on
    a bare CR or LF (or a later copy-paste) would otherwise see a line starting with ``=``.
    Together with quoting every cell (``QUOTE_ALL``), a CR or LF in a value can never start
    a new row.
    """
    if not value:
        return value
    if "\r" not in value and "\n" not in value:
        return _line(value)
    # split() keeps the line breaks at odd positions: guard the text between them
    return "".join(piece if n % 2 else _line(piece) for n, piece in enumerate(_LINE.split(value)))


def to_csv(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """Every finding as a CSV row (header first); controls are space-separated."""
    return "".join(to_csv_chunks(result, frameworks))


def to_csv_chunks(result: ScanResult, _frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The CSV in consecutive pieces of ``CHUNK`` rows (findings built as they are written)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
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
                f.evaluated_at.isoformat(),
            )
            writer.writerow([_cell(printable(v, keep="\n")) for v in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():  # no findings: the header alone
        yield out.getvalue()
