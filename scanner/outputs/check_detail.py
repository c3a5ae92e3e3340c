"""``complyscan checks show ID``: one check's metadata and thresholds, as text or JSON."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from scanner.model.base import Resource
from scanner.registry import Check


def check_document(check: Check[Resource]) -> dict[str, Any]:
    """Everything ``checks show`` prints, as plain data (the JSON form)."""
    return {
        "id": check.id,
        "title": check.title,
        "severity": check.severity.value,
        "resource": check.resource.__name__,
        "providers": list(check.providers),
        "controls": list(check.controls),
        "rationale": check.rationale,
        "remediation": check.remediation,
        "thresholds": [
            {
                "name": t.name,
                "default": t.default,
                "value": check.limits[t.name],
                "unit": t.unit,
                "minimum": t.minimum,
                "maximum": t.maximum,
                "description": t.description,
                "source": t.source,
            }
            for t in check.thresholds
        ],
    }


def check_view(check: Check[Resource]) -> RenderableType:
    """The check as a terminal page: header, text, then a thresholds table if it has any."""
    doc = check_document(check)
    head = Text.assemble(
        (doc["id"], "bold"), "  ", doc["title"], "\n",
        f"severity {doc['severity']} · {doc['resource']} · {', '.join(doc['providers'])}",
    )  # fmt: skip
    parts: list[RenderableType] = [
        head,
        Text(f"\n{doc['rationale']}\n\nRemediation: {doc['remediation']}\n"),
        Text(f"Controls: {' '.join(doc['controls'])}\n"),
    ]
    if not doc["thresholds"]:
        parts.append(Text("Thresholds: none (nothing to configure)"))
        return Group(*parts)
    table = Table(title="Thresholds (override under `thresholds:` in .complyscan.yaml)")
    for name in ("name", "default", "value", "unit", "meaning", "source"):
        table.add_column(name, overflow="fold", no_wrap=name in {"name", "default", "value"})
    for t in doc["thresholds"]:
        value = str(t["value"]) + ("" if t["value"] == t["default"] else " (set)")
        table.add_row(
            *(escape(str(x)) for x in (t["name"], t["default"], value, t["unit"])),
            escape(t["description"]),
            escape(t["source"]),
        )
    parts.append(table)
    return Group(*parts)


def thresholds_markdown(checks: Iterable[Check[Resource]]) -> str:
    """The table of every declared threshold (docs/thresholds.md embeds it verbatim)."""
    lines = [
        "| check | threshold | default | unit | accepted | meaning | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in checks:
        for t in c.thresholds:
            top = "" if t.maximum is None else str(t.maximum)
            cells = (
                f"{c.id} ({', '.join(c.providers)})",
                f"`{t.name}`",
                str(t.default),
                t.unit,
                f"{t.minimum}..{top}",
                t.description,
                t.source,
            )
            lines.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    from scanner.registry import load

    sys.stdout.write(thresholds_markdown(load()))
