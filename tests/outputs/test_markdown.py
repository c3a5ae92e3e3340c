"""Markdown summary: headline, failing checks by severity, frameworks, errors; text writer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.findings import Severity, Status
from scanner.outputs import WRITERS, write_outputs
from scanner.outputs.markdown import TOP_RESOURCES, to_markdown
from scanner.registry import Registry
from scanner.result import ScanResult
from tests.fakes import FakeSession, spec


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )


def _with_many_failures(result: ScanResult, n: int) -> ScanResult:
    base = next(f for f in result.findings if f.status is Status.FAIL)
    extra = tuple(
        base.model_copy(
            update={
                "id": f"x{i}",
                "resource_uid": f"arn:aws:kms:us-east-1:123456789012:key/k{i:02d}|pipe",
            }
        )
        for i in range(n)
    )
    return result.model_copy(update={"findings": result.findings + extra})


def test_headline_counts_and_incomplete_warning(result):
    md = to_markdown(result)
    assert md.startswith("## complyscan: aws 123456789012\n")
    assert "> [!WARNING]" in md
    assert (
        "Scan incomplete: 1 scope(s) could not be collected; "
        "1 resource detail(s) could not be read" in md
    )
    # failed | passed | unknown | error | n/a | suppressed
    assert "| **1** | 1 | 2 | 0 | 0 | 0 |" in md
    assert md.endswith("\n")


def test_failing_checks_grouped_by_severity_with_resources(result):
    md = to_markdown(result)
    assert "### Failing checks by severity" in md
    sev = kms_key_rotates_automatically.severity.value
    assert f"| {sev} | 1 | 1 |" in md
    assert f"#### {sev.capitalize()}" in md
    assert "`arn:aws:kms:us-east-1:123456789012:key/bad`" in md
    assert "key/good" not in md  # passes are evidence in JSON, not clutter in the summary


def test_top_resources_are_capped_and_cells_escaped(result):
    md = to_markdown(_with_many_failures(result, 8))
    check_id = kms_key_rotates_automatically.id
    row = next(line for line in md.splitlines() if line.startswith(f"| {check_id} |"))
    assert "| 9 |" in row
    assert row.count("`arn:") == TOP_RESOURCES
    assert f"(+{9 - TOP_RESOURCES} more)" in row
    assert "\\|pipe" in row  # a pipe in a uid must not split the table cell


def test_frameworks_and_errors_with_hints(result):
    md = to_markdown(result, ["soc2"])
    assert "### Frameworks" in md
    fw_rows = [line for line in md.splitlines() if line.startswith("| soc2 |")]
    assert len(fw_rows) == 1
    assert "CC6.1" in fw_rows[0]
    assert "| iso27001-2022 |" not in md
    assert "### Collection errors (2)" in md
    assert "missing permission `kms:ListKeys`" in md
    assert "hint: grant kms:ListKeys" in md


def test_clean_complete_scan(result):
    clean = result.model_copy(
        update={
            "findings": tuple(f for f in result.findings if f.status is Status.PASS),
            "errors": (),
            "meta": result.meta.model_copy(update={"complete": True}),
        }
    )
    md = to_markdown(clean)
    assert "No failing checks." in md
    assert "Every scope was collected." in md
    assert "[!WARNING]" not in md


def test_suppressed_failures_are_not_counted_as_failing(result):
    suppressed = result.model_copy(
        update={
            "findings": tuple(
                f.model_copy(update={"suppressed": True, "suppression_reason": "accepted"})
                if f.status is Status.FAIL
                else f
                for f in result.findings
            )
        }
    )
    md = to_markdown(suppressed)
    assert "No failing checks." in md
    assert "| **0** | 1 | 2 | 0 | 0 | 1 |" in md


def test_is_deterministic(result):
    assert to_markdown(result) == to_markdown(result)


def test_markdown_writer_writes_text_atomically(result, tmp_path):
    assert WRITERS["markdown"][0] == "complyscan-summary.md"
    written = write_outputs(result, tmp_path / "out", ["json", "markdown"])
    text = written["markdown"].read_text(encoding="utf-8")
    assert text == to_markdown(result)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_severity_order_is_most_severe_first(result):
    crit = _with_many_failures(result, 1)
    crit = crit.model_copy(
        update={
            "findings": (
                *crit.findings,
                crit.findings[-1].model_copy(
                    update={
                        "id": "crit",
                        "check_id": "ZZZ-001",
                        "title": "A critical one",
                        "severity": Severity.CRITICAL,
                        "evaluated_at": datetime(2026, 1, 1, tzinfo=UTC),
                    }
                ),
            )
        }
    )
    md = to_markdown(crit)
    assert md.index("#### Critical") < md.index(
        f"#### {crit.findings[0].severity.value.capitalize()}"
    )
    assert "| ZZZ-001 | A critical one | 1 |" in md
