"""``complyscan checks list`` as a table that fits an 80-column terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table


def checks_table(rows: Sequence[dict[str, Any]], *, wide: bool = False) -> Table:
    """Id, severity, providers and title; ids never break mid-word. ``wide`` adds the
    resource kind and the mapped controls (for a wide terminal, or use ``--format json``)."""
    table = Table(title=f"{len(rows)} checks")
    table.add_column("id", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("providers", no_wrap=True)
    if wide:
        table.add_column("resource", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    if wide:
        table.add_column("controls", overflow="fold", ratio=1)
    for r in rows:
        cells = [r["id"], r["severity"], ",".join(r["providers"])]
        if wide:
            cells.append(r["resource"])
        cells.append(r["title"])
        if wide:
            cells.append(" ".join(r["controls"]))
        table.add_row(*cells)
    return table
