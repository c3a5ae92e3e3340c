"""The CSV read from a scan's columns is the CSV of its findings, row for row."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from scanner.api import scan
from scanner.findings import Status, Suppression
from scanner.findingset import Findings, Verdicts, parts_of
from scanner.outputs.csv_report import COLUMNS, ROWS, to_csv, to_csv_chunks
from scanner.suppress import apply_suppressions

ACME = Path(__file__).parents[1] / "providers" / "gcp" / "fixtures" / "acme-org.ndjson"


def test_rows_from_columns_equal_rows_from_findings():
    result = scan("gcp", snapshot=ACME)
    first_fail = next(f for f in result.findings if f.status is Status.FAIL)
    accept = Suppression(
        check=first_fail.check_id,
        resource=first_fail.resource_uid,
        reason="=cmd|' /C calc'!A0",
        owner="o@example.com",
        expires=date(2099, 1, 1),
    )
    result = apply_suppressions(result, [accept], date(2026, 1, 1))
    assert any(isinstance(p, Verdicts) for p in parts_of(result.findings))
    plain = result.model_copy(update={"findings": Findings(list(result.findings))})
    text = to_csv(result)
    assert text == to_csv(plain)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(result.findings)
    assert [r["finding_id"] for r in rows] == [f.id for f in result.findings]
    [accepted] = [r for r in rows if r["suppressed"] == "true"]
    assert accepted["suppression_reason"] == "'=cmd|' /C calc'!A0"


def test_hostile_resource_values_are_neutralised_in_column_rows():
    result = scan("gcp", snapshot=ACME)
    part = next(p for p in parts_of(result.findings) if isinstance(p, Verdicts))
    evil = part.resources[0].model_copy(
        update={"uid": "=HYPERLINK(1)", "account": "+1\r\n=2", "region": "\u202eevil\x1b[31m"}
    )
    n = ROWS + 3  # across two pieces
    wide = Verdicts(
        check_id=part.check_id,
        title=part.title,
        severity=part.severity,
        kind=part.kind,
        controls=part.controls,
        evaluated_at=part.evaluated_at,
        resources=[evil] * n,
        paths=[part.paths[0]] * n,
        statuses=[part.statuses[0]] * n,
        reasons=["-2+3"] * n,
    )
    pieces = list(to_csv_chunks(result.model_copy(update={"findings": Findings.joined([wide])})))
    assert len(pieces) == 2
    rows = list(csv.reader(io.StringIO("".join(pieces))))
    assert tuple(rows[0]) == COLUMNS
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["resource_uid"] == "'=HYPERLINK(1)"
    assert row["account"] == "'+1\\x0d\n'=2"  # CR shown, each line guarded
    assert row["region"] == "\\u202eevil\\x1b[31m"
    assert row["reason"] == "'-2+3"
    assert len(rows) == n + 1


def test_lines_are_what_the_csv_module_writes_with_every_cell_quoted():
    result = scan("gcp", snapshot=ACME)
    f = result.findings[0].model_copy(
        update={"reason": 'a "quoted", multi\nline\r\nreason', "resource_uid": 'x"y,z'}
    )
    for findings in (result.findings, Findings([f])):
        text = to_csv(result.model_copy(update={"findings": findings}))
        rows = list(csv.reader(io.StringIO(text)))
        again = io.StringIO()
        csv.writer(again, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
        assert text == again.getvalue()
