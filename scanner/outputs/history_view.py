"""Console tables and JSON documents for ``history``, ``diff`` and ``report`` (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from scanner.diff import FindingChange, ScanDiff
from scanner.trend import RequirementTrend

if TYPE_CHECKING:
    from scanner.history import ScanRecord

_CHANGES = (
    ("new", "bold red"),
    ("fixed", "green"),
    ("not_evaluated", "yellow"),
    ("unchanged", ""),
)


def _when(r: ScanRecord) -> str:
    return r.started_at.strftime("%Y-%m-%d %H:%MZ")


def history_table(records: Sequence[ScanRecord], store: str) -> Table:
    """One row per recorded scan, oldest first."""
    table = Table(title=escape(f"{len(records)} scan(s) in {store}"))
    for col in ("id", "started (UTC)", "provider", "accounts", "complete"):
        table.add_column(col)
    for col in ("findings", "failed", "passed", "accepted"):
        table.add_column(col, justify="right")
    table.add_column("evidence")
    for r in records:
        table.add_row(
            str(r.id),
            _when(r),
            r.provider,
            escape(", ".join(r.accounts)),
            "yes" if r.complete else "NO",
            str(r.findings),
            str(r.failed),
            str(r.passed),
            str(r.suppressed),
            (r.evidence_sha256 or "")[:12],
        )
    return table


def history_json(records: Sequence[ScanRecord]) -> list[dict[str, Any]]:
    """The records as JSON values."""
    return [r.model_dump(mode="json") for r in records]


def diff_table(diff: ScanDiff, base: ScanRecord, head: ScanRecord) -> Table:
    """Every failure that changed (or did not), new ones first."""
    counts = ", ".join(
        f"{len(getattr(diff, name))} {name.replace('_', ' ')}" for name, _ in _CHANGES
    )
    table = Table(
        title=f"scan {base.id} ({_when(base)}) -> scan {head.id} ({_when(head)}): {counts}"
    )
    for col in ("change", "severity", "check", "resource", "region", "before", "after"):
        table.add_column(col, overflow="fold")
    for name, style in _CHANGES:
        for c in getattr(diff, name):
            table.add_row(
                f"[{style}]{name.replace('_', ' ')}[/]" if style else name,
                c.severity.value,
                escape(c.check_id),
                escape(c.resource_uid),
                escape(c.region),
                _status(c, before=True),
                _status(c, before=False),
            )
    return table


def _status(c: FindingChange, *, before: bool) -> str:
    value = c.before if before else c.after
    if value is None:
        return "absent"
    return value.value + (" (accepted)" if not before and c.suppressed else "")


def diff_json(diff: ScanDiff, base: ScanRecord, head: ScanRecord) -> dict[str, Any]:
    """The diff with both scans' identities."""
    return {
        "base": base.model_dump(mode="json"),
        "head": head.model_dump(mode="json"),
        **diff.model_dump(mode="json"),
    }


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.0f}%"


def trend_table(
    trends: Sequence[RequirementTrend], framework: str, records: Sequence[ScanRecord], since: str
) -> Table:
    """Per requirement: scans, scans fully passing, first/last/min pass rate, direction."""
    span = f"{_when(records[0])} .. {_when(records[-1])}" if records else "no scans"
    table = Table(
        title=f"{framework}: {len(trends)} requirement(s) tested over {len(records)} scan(s) "
        f"since {since} ({span})"
    )
    for col in ("requirement", "title"):
        table.add_column(col, overflow="fold")
    for col in ("scans", "passing", "first", "last", "min"):
        table.add_column(col, justify="right")
    table.add_column("trend")
    style = {"improving": "green", "worsening": "bold red"}
    for t in trends:
        trend = f"[{style[t.trend]}]{t.trend}[/]" if t.trend in style else t.trend
        table.add_row(
            escape(t.control_id),
            escape(t.title),
            str(t.scans),
            str(t.scans_passing),
            _pct(t.first),
            _pct(t.last),
            _pct(t.min),
            trend,
        )
    return table


def trend_json(
    trends: Sequence[RequirementTrend], framework: str, records: Sequence[ScanRecord], since: str
) -> dict[str, Any]:
    """The period, the scans in it, and every requirement's series."""
    return {
        "framework": framework,
        "since": since,
        "scans": [r.model_dump(mode="json") for r in records],
        "requirements": [t.model_dump(mode="json") for t in trends],
    }
