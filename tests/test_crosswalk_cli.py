"""Derived frameworks and the crosswalk through the CLI, on the demo estate."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scanner.cli import app

runner = CliRunner()
CROSSWALK = [
    "controls", "--framework", "soc2", "--framework", "iso27001-2013",
    "--framework", "nist-csf-1.1", "--crosswalk",
]  # fmt: skip


@pytest.fixture(scope="module")
def derived_demo(tmp_path_factory) -> Path:
    """The demo scanned for ISO 27001:2013 and NIST CSF 1.1 only."""
    out = tmp_path_factory.mktemp("derived")
    result = runner.invoke(
        app,
        [
            "demo", "--output-dir", str(out), "--format", "json,sarif,ocsf", "--quiet",
            "--framework", "iso27001-2013", "--framework", "nist-csf-1.1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def _report(out: Path) -> dict[str, Any]:
    return json.loads((out / "complyscan-report.json").read_text())


def test_scan_for_derived_frameworks_rolls_up_their_ids(derived_demo):
    report = _report(derived_demo)
    assert set(report["controls"]) == {"iso27001-2013", "nist-csf-1.1"}
    iso = {c["control_id"]: c for c in report["controls"]["iso27001-2013"]}
    assert iso["A.9.4.2"]["derived_from"] == ["iso27001-2022:A.8.5"]
    assert iso["A.9.4.2"]["status"] == "fail"  # demo-bob and the root user lack MFA
    assert {"IAM-001", "IAM-017"} <= set(iso["A.9.4.2"]["checks"])
    assert iso["A.12.4.1"]["mapping"] == "many-to-one"
    assert "A.8.15 also covers A.12.4.2, A.12.4.3" in iso["A.12.4.1"]["note"]
    csf = {c["control_id"]: c for c in report["controls"]["nist-csf-1.1"]}
    assert csf["PR.IP-4"]["derived_from"] == ["nist-csf-2.0:PR.DS-11"]
    assert csf["DE.AE-3"]["mapping"] == "one-to-many"
    assert csf["PR.AC-7"]["mapping"] == "many-to-one"
    selected = {c["id"] for c in report["checks"]}
    assert all(
        any(ref.startswith(("iso27001-2013:", "nist-csf-1.1:")) for ref in c["controls"])
        for c in report["checks"]
    )
    assert {"IAM-001", "LOG-302", "BACKUP-304"} <= selected


def test_sarif_and_ocsf_carry_derived_ids(derived_demo):
    sarif = json.loads((derived_demo / "complyscan.sarif").read_text())
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert {"iso27001-2013:A.9.4.2", "nist-csf-1.1:PR.AC-7", "iso27001-2022:A.8.5"} <= set(
        rules["IAM-001"]["properties"]["tags"]
    )
    events = json.loads((derived_demo / "complyscan-ocsf.json").read_text())
    requirements = {r for e in events for r in e["compliance"]["requirements"]}
    assert {"iso27001-2013:A.12.3.1", "nist-csf-1.1:PR.IP-4"} <= requirements


def _rows(output: str) -> dict[str, dict[str, Any]]:
    return {r["family"]: r for r in json.loads(output)["controls"]}


def _assert_issue_rows(rows: dict[str, dict[str, Any]]) -> None:
    mfa, logging, backups = (
        rows["MFA required"], rows["Centralized logging"], rows["Backups tested regularly"]
    )  # fmt: skip
    assert mfa["controls"]["soc2"] == ["CC6.1"]
    assert mfa["controls"]["iso27001-2013"] == ["A.9.4.2"]
    assert "PR.AC-7" in mfa["controls"]["nist-csf-1.1"]
    assert (mfa["verdict"], mfa["failing_checks"]) == ("fail", ["IAM-001", "IAM-017"])
    assert logging["controls"]["soc2"][0] == "CC7.2"
    assert logging["controls"]["iso27001-2013"][0] == "A.12.4.1"
    assert "DE.AE-3" in logging["controls"]["nist-csf-1.1"]
    assert logging["verdict"] == "fail"  # the neglected eu-west-1 trail
    assert backups["controls"]["soc2"][0] == "A1.2"
    assert backups["controls"]["iso27001-2013"][0] == "A.12.3.1"
    assert backups["controls"]["nist-csf-1.1"] == ["PR.IP-4"]
    assert backups["verdict"] == "fail"
    # moto does not implement restore testing: unknown, never pass
    assert {"BACKUP-303", "BACKUP-304"} <= set(backups["unknown_checks"])


def test_crosswalk_json_from_a_report(derived_demo):
    report = derived_demo / "complyscan-report.json"
    result = runner.invoke(app, [*CROSSWALK, "--report", str(report), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["frameworks"] == ["soc2", "iso27001-2013", "nist-csf-1.1"]
    assert doc["verdicts_from"] == str(report)
    _assert_issue_rows(_rows(result.output))


def test_crosswalk_csv_and_table(derived_demo):
    report = str(derived_demo / "complyscan-report.json")
    result = runner.invoke(app, [*CROSSWALK, "--report", report, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == [
        "control", "SOC 2", "ISO 27001 (2013)", "NIST CSF (1.1)", "verdict", "failing_checks",
        "unknown_checks", "checks",
    ]  # fmt: skip
    mfa = next(r for r in rows if r[0] == "MFA required")
    assert mfa[1:5] == ["CC6.1", "A.9.4.2", "PR.AC-3 PR.AC-7", "fail"]
    table = runner.invoke(app, [*CROSSWALK, "--report", report], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert "MFA required" in table.output
    assert "A.12.3.1" in table.output
    assert "ISO 27001 (2013)" in table.output


def test_crosswalk_verdicts_from_the_demo():
    result = runner.invoke(app, [*CROSSWALK, "--demo", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert json.loads(out)["verdicts_from"].startswith("complyscan demo")
    _assert_issue_rows(_rows(out))


def test_crosswalk_without_a_scan_lists_ids_only():
    result = runner.invoke(app, [*CROSSWALK, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = _rows(result.output)
    assert rows["MFA required"]["verdict"] is None
    # ids only: every family lists its control ids per framework, and no verdict
    threat = rows["Threat detection and alerting"]
    assert threat["verdict"] is None
    assert all(isinstance(i, str) for ids in threat["controls"].values() for i in ids)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["controls", "--framework", "soc2", "--framework", "nist-csf-1.1"], "--crosswalk"),
        (["controls", "--framework", "soc2", "--demo"], "--crosswalk"),
        ([*CROSSWALK, "--demo", "--report", "r.json"], "alternatives"),
        (["controls", "--framework", "iso27001-2005", "--crosswalk"], "unknown framework"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_single_framework_controls_of_a_derived_framework():
    result = runner.invoke(app, ["controls", "--framework", "nist-csf-1.1", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["control_id"]: r for r in json.loads(result.output)}
    assert len(rows) == 108
    assert rows["PR.AC-7"]["derived_from"] == ["nist-csf-2.0:PR.AA-03"]
    assert "IAM-017" in rows["PR.AC-7"]["checks"]
    listed = runner.invoke(app, ["checks", "list", "--framework", "iso27001-2013",
                                 "--format", "json"])  # fmt: skip
    iam_017 = next(r for r in json.loads(listed.output) if r["id"] == "IAM-017")
    assert iam_017["controls"] == ["A.9.4.2"]
