"""CSV for spreadsheets: one row per finding (passes included), suppression kept visible."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scanner.findings import Finding, Status, finding_id
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


def _q(value: str) -> str:
    """``value`` cleaned and quoted as ``csv.QUOTE_ALL`` quotes it."""
    return '"' + _safe(value).replace('"', '""') + '"'


def _row(f: Finding) -> str:
    return (
        ",".join(
            _q(v)
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
        + "\n"
    )


_STATUS = {s: f'"{s.value}"' for s in Status}


def _column_rows(part: Verdicts) -> Iterator[str]:
    """The lines of a check's columns: what the check gives is cleaned and quoted once, the
    reason once per distinct reason, the resource's cells per row; no ``Finding`` is built.
    """
    lead = ",".join(_q(v) for v in (part.check_id, part.title, part.severity.value)) + ","
    controls = _q(" ".join(part.controls))
    tail = ',"false","","","",'
    scanned_at = f'"{part.evaluated_at.isoformat()}"\n'
    reasons: dict[str, str] = {}
    # region and account cells repeat across resources: quoted once per distinct pair
    places: dict[tuple[str, str], str] = {}
    replaced = part.replaced
    check_id = part.check_id
    for i, (status, reason) in enumerate(zip(part.statuses, part.reasons, strict=True)):
        f = replaced.get(i) if replaced else None
        if f is not None:
            yield _row(f)
            continue
        cell = reasons.get(reason)
        if cell is None:
            cell = reasons[reason] = _q(reason)
        res = part.resources[i]
        uid = res.uid
        place = places.get((res.region, res.account))
        if place is None:
            place = f"{_q(res.region)},{_q(res.account)}"
            if len(places) < 4096:
                places[res.region, res.account] = place
        yield (
            f"{lead}{_STATUS[status]},{_q(uid)},{place},"
            f'{controls},{cell}{tail}"{finding_id(check_id, uid)}",{scanned_at}'
        )


def _lines(result: ScanResult) -> Iterator[str]:
    for part in parts_of(result.findings):
        if isinstance(part, Verdicts):
            yield from _column_rows(part)
        else:
            yield from (_row(f) for f in part)


def to_csv(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """Every finding as a CSV row (header first); controls are space-separated."""
    return "".join(to_csv_chunks(result, frameworks))


def to_csv_chunks(result: ScanResult, _frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The CSV in consecutive pieces of ``ROWS`` rows, read from the scan's columns.

    Every cell is quoted (as ``csv.QUOTE_ALL`` does: a CR or LF inside a value never starts
    a row) and cleaned (``_safe``); the lines are joined here rather than by ``csv.writer``,
    which cost more than building them at a million assets.
    """
    piece = [",".join(f'"{c}"' for c in COLUMNS) + "\n"]
    for line in _lines(result):
        piece.append(line)
        if len(piece) >= ROWS:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)
