"""Readable console summary: per check pass/fail counts, per framework failing controls."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from scanner.findings import Status
from scanner.findingset import tally
from scanner.outputs.status import incomplete_summary
from scanner.result import ScanError, ScanResult
from scanner.rollup import rollup

_STYLE = {"fail": "bold red", "unknown": "yellow", "pass": "green", "not_applicable": "dim"}


def render_summary(
    result: ScanResult, console: Console, frameworks: Iterable[str] | None = None
) -> None:
    """Print the per-check table, per-framework failing controls and collection errors."""
    meta = result.meta
    console.print(
        f"[bold]complyscan[/] {meta.tool_version}  {meta.provider} account "
        f"{', '.join(meta.accounts)}  as {meta.identity}\n"
        f"regions: {', '.join(meta.regions)}  resources: {meta.resources_collected}  "
        f"checks: {meta.checks_selected}  "
        f"duration: {(meta.finished_at - meta.started_at).total_seconds():.1f}s"
    )
    counts: dict[str, Counter[Status]] = {c.id: Counter() for c in result.checks}
    for key, many in tally(result.findings).items():
        counts.setdefault(key.check_id, Counter())[key.status] += many
    table = Table(title="Checks", show_lines=False)
    for col in ("check", "severity", "title", "pass", "fail", "unknown", "n/a"):
        table.add_column(
            col, justify="right" if col in {"pass", "fail", "unknown", "n/a"} else "left"
        )
    for c in result.checks:
        n = counts[c.id]
        fail = n[Status.FAIL]
        table.add_row(
            c.id,
            c.severity.value,
            c.title,
            str(n[Status.PASS]),
            f"[bold red]{fail}[/]" if fail else "0",
            str(n[Status.UNKNOWN] + n[Status.ERROR]),
            str(n[Status.NOT_APPLICABLE]),
        )
    console.print(table)
    _frameworks(result, console, frameworks)
    _expired(result, console)
    _errors(result, console)


def _frameworks(result: ScanResult, console: Console, frameworks: Iterable[str] | None) -> None:
    table = Table(title="Frameworks")
    for col in ("framework", "controls tested", "failing", "unknown", "failing controls"):
        table.add_column(col)
    for fw, controls in rollup(result, frameworks).items():
        failing = [c.control_id for c in controls if c.status == "fail"]
        unknown = sum(1 for c in controls if c.status == "unknown")
        shown = ", ".join(failing[:12]) + (f" (+{len(failing) - 12})" if len(failing) > 12 else "")
        table.add_row(
            fw,
            str(len(controls)),
            f"[{_STYLE['fail']}]{len(failing)}[/]" if failing else "0",
            str(unknown),
            shown,
        )
    console.print(table)


def _expired(result: ScanResult, console: Console) -> None:
    """Expired exceptions no longer apply: say so, with who owns them."""
    for s in result.expired_suppressions:
        console.print(
            f"[yellow]Expired exception:[/] {escape(s.check)} on {escape(s.resource)} "
            f"(owner {escape(s.owner)}) "
            f"expired {s.expires.isoformat()} and no longer applies; renew it in the config "
            "file or fix the findings.",
            highlight=False,
        )


def _errors(result: ScanResult, console: Console) -> None:
    warning = incomplete_summary(result)
    if warning is None:
        console.print("[green]Every scope was collected.[/]")
        return
    console.print(Text(warning, style="yellow"))
    lines = _grouped(list(result.errors))
    for line in lines[:_MAX_ERROR_LINES]:
        console.print(line, highlight=False)
    if len(lines) > _MAX_ERROR_LINES:
        console.print("  ... and more (every error is in the JSON report)")


_MAX_ERROR_LINES = 60
_MAX_UNREAD = 10


def _natural(text: str) -> list[str | int]:
    """``file:9`` before ``file:10``."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _grouped(errors: list[ScanError]) -> list[str]:
    """One block per cause and permission, kinds with the same scopes on one line, sorted.

    A denied permission usually fails the same call in every region and for several
    resource kinds; printing it once with its hint keeps every scope visible without
    a wall of repeated lines, and the order no longer depends on which worker failed first.
    """
    by_cause: dict[tuple[str, str, str, str], dict[str, set[str]]] = {}
    unread: dict[tuple[str, str, str, str], list[str]] = {}
    details: dict[tuple[str, str, str, str], set[str]] = {}
    for e in errors:
        key = (e.provider, e.cause, e.permission, e.hint)
        if e.resource_uid:  # one resource or one input record: name it (file:line)
            unread.setdefault(key, []).append(f"{e.resource_kind} at {e.resource_uid}")
        else:
            by_cause.setdefault(key, {}).setdefault(e.resource_kind, set()).add(e.scope)
        _, sep, detail = e.message.partition(" - ")
        if sep:
            details.setdefault(key, set()).add(detail)
    lines: list[str] = []
    for key in sorted(by_cause.keys() | unread.keys()):
        provider, cause, permission, hint = key
        calling = f" (calling {permission})" if permission else ""
        lines.append(f"  [yellow]-[/] {escape(provider)}: {escape(cause)}{escape(calling)}")
        kinds_by_scopes: dict[tuple[str, ...], list[str]] = {}
        for kind, scopes in by_cause.get(key, {}).items():
            kinds_by_scopes.setdefault(tuple(sorted(scopes)), []).append(kind)
        for scopes_key in sorted(kinds_by_scopes):
            kinds = ", ".join(sorted(kinds_by_scopes[scopes_key]))
            lines.append(f"      could not list {escape(kinds)} in {escape(', '.join(scopes_key))}")
        where = sorted(unread.get(key, ()), key=_natural)
        for item in where[:_MAX_UNREAD]:
            lines.append(f"      could not read {escape(item)}")
        if len(where) > _MAX_UNREAD:
            lines.append(f"      ... and {len(where) - _MAX_UNREAD} more")
        for detail in sorted(details.get(key, ()))[:2]:
            lines.append(f"      detail: {escape(detail)}")
        if hint:
            lines.append(f"      hint: {escape(hint)}")
    return lines
