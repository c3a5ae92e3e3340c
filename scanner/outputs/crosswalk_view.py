"""Render the crosswalk (``complyscan controls --crosswalk``) as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from scanner.crosswalk import CrosswalkRow

#: Column headings compliance teams use; other frameworks show their id.
LABELS = {
    "soc2": "SOC 2",
    "iso27001-2022": "ISO 27001 (2022)",
    "iso27001-2013": "ISO 27001 (2013)",
    "nist-csf-2.0": "NIST CSF (2.0)",
    "nist-csf-1.1": "NIST CSF (1.1)",
    "nist-800-53-r5": "NIST 800-53 r5",
    "cis-aws": "CIS AWS",
    "cis-gcp": "CIS GCP",
    "cis-azure": "CIS Azure",
}


def label(framework: str) -> str:
    """The column heading of ``framework``."""
    return LABELS.get(framework, framework)


def _why(row: CrosswalkRow) -> str:
    parts = []
    if row.failing_checks:
        parts.append(f"failing: {', '.join(row.failing_checks)}")
    if row.unknown_checks:
        parts.append(f"unknown: {', '.join(row.unknown_checks)}")
    return "; ".join(parts)


def crosswalk_table(rows: Sequence[CrosswalkRow], frameworks: Sequence[str], source: str) -> Table:
    """The matrix as a rich table: control, ids per framework, verdict and why."""
    table = Table(title=f"Crosswalk: {len(rows)} controls; verdicts: {source}")
    table.add_column("control", overflow="fold")
    for fw in frameworks:
        table.add_column(label(fw), overflow="fold")
    table.add_column("verdict")
    table.add_column("failing / unknown checks", overflow="fold")
    for row in rows:
        ids = [", ".join(row.controls.get(fw, ())) or "-" for fw in frameworks]
        table.add_row(row.family, *ids, row.verdict or "-", _why(row))
    return table


def crosswalk_csv(rows: Sequence[CrosswalkRow], frameworks: Sequence[str]) -> str:
    """The matrix as CSV: ids space-separated, one column per framework."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["control", *(label(fw) for fw in frameworks), "verdict", "failing_checks",
         "unknown_checks", "checks"]
    )  # fmt: skip
    for row in rows:
        writer.writerow(
            [
                row.family,
                *(" ".join(row.controls.get(fw, ())) for fw in frameworks),
                row.verdict or "",
                " ".join(row.failing_checks),
                " ".join(row.unknown_checks),
                " ".join(row.checks),
            ]
        )
    return out.getvalue()


def crosswalk_json(
    rows: Sequence[CrosswalkRow], frameworks: Sequence[str], source: str
) -> dict[str, Any]:
    """The matrix as a JSON document."""
    return {
        "frameworks": list(frameworks),
        "verdicts_from": source,
        "controls": [row.model_dump(mode="json") for row in rows],
    }
