"""CSV for spreadsheets: one row per finding (passes included), suppression kept visible."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator

from scanner.findings import Finding, finding_id
from scanner.findingset import Verdicts, parts_of
from scanner.result import ScanResult
from scanner.textsafe import printable

#: rows per piece of output
ROWS = 5000

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


def _safe(value: str) -> str:
    """``value`` as a cell: control characters shown as escapes, formulas neutralised."""
    if value.isascii() and value.isprintable():  # the usual case: nothing to escape
        return "'" + value if value.lstrip(" ").startswith(_FORMULA) else value
    return _cell(printable(value, keep="\n"))


def _row(f: Finding) -> tuple[str, ...]:
    return tuple(
        _safe(v)
        for v in (
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
    )


def _column_rows(part: Verdicts) -> Iterator[tuple[str, ...]]:
    """The rows of a check's columns: what the check gives is cleaned once, the reason once
    per distinct reason, the resource's cells per row; no ``Finding`` is built."""
    check_id, title = _safe(part.check_id), _safe(part.title)
    severity, controls = part.severity.value, _safe(" ".join(part.controls))
    scanned_at = part.evaluated_at.isoformat()
    reasons: dict[str, str] = {}
    replaced = part.replaced
    for i, (status, reason) in enumerate(zip(part.statuses, part.reasons, strict=True)):
        f = replaced.get(i) if replaced else None
        if f is not None:
            yield _row(f)
            continue
        cell = reasons.get(reason)
        if cell is None:
            cell = reasons[reason] = _safe(reason)
        res = part.resources[i]
        uid = res.uid
        yield (
            check_id,
            title,
            severity,
            status.value,
            _safe(uid),
            _safe(res.region),
            _safe(res.account),
            controls,
            cell,
            "false",
            "",
            "",
            "",
            finding_id(part.check_id, uid),
            scanned_at,
        )


def _rows(result: ScanResult) -> Iterator[tuple[str, ...]]:
    for part in parts_of(result.findings):
        if isinstance(part, Verdicts):
            yield from _column_rows(part)
        else:
            yield from (_row(f) for f in part)


def to_csv(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """Every finding as a CSV row (header first); controls are space-separated."""
    return "".join(to_csv_chunks(result, frameworks))


def to_csv_chunks(result: ScanResult, _frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The CSV in consecutive pieces of ``CHUNK`` rows, read from the scan's columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    rows = _rows(result)
    while True:
        batch = list(itertools.islice(rows, ROWS))
        writer.writerows(batch)
        if len(batch) < ROWS:
            break
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue()
