"""Issue 17 item 1: an UNKNOWN caused by something not read makes the scan incomplete.

One rule for every output and the exit code: the demo's restore-testing checks cannot be
read on the simulator (moto does not implement them), so asking for them by id must exit 3,
and the console, HTML, markdown, JSON and SARIF must all say "Scan incomplete" the same way.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from scanner.cli import app
from scanner.outputs.json_report import finding_dicts

runner = CliRunner()
SENTENCE = "Scan incomplete: 1 resource detail(s) could not be read."


def test_unreadable_detail_exits_3_and_every_format_says_incomplete(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "demo",
            "--checks",
            "BACKUP-303,BACKUP-304",
            "--fail-on",
            "low",
            "--format",
            "json,sarif,html,markdown,csv",
            "--output-dir",
            str(out),
        ],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 3, result.output
    assert SENTENCE in result.stdout
    report = json.loads((out / "complyscan-report.json").read_text())
    assert report["scan"]["complete"] is False
    assert {f["status"] for f in finding_dicts(report)} >= {"unknown"}
    sarif = json.loads((out / "complyscan.sarif").read_text())
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert SENTENCE in (out / "complyscan-report.html").read_text()
    assert SENTENCE in (out / "complyscan-summary.md").read_text()


def test_the_default_demo_is_complete_and_names_what_it_leaves_out(tmp_path):
    result = runner.invoke(
        app, ["demo", "--output-dir", str(tmp_path / "out")], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert "Every scope was collected." in result.stdout
    assert "Scan incomplete" not in result.output
    assert "Not simulated, left out of the demo: BACKUP-301" in result.stderr
