"""SARIF (official schema + GitHub rules), JSON report (schema drift) and writers."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.outputs import write_outputs
from scanner.outputs.json_report import Report, report_schema, to_json
from scanner.outputs.sarif import to_sarif
from scanner.registry import Registry
from scanner.result import ScanResult
from tests.fakes import FakeSession, spec

ROOT = Path(__file__).resolve().parents[2]
SHARED_SCHEMAS = ROOT.parent / "shared" / "schemas"
SARIF_SCHEMA = ROOT / "tests" / "outputs" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )


def test_sarif_is_valid_against_official_schema(result):
    schema = json.loads(SARIF_SCHEMA.read_text())
    sarif = to_sarif(result)
    jsonschema.Draft4Validator(schema).validate(sarif)


def test_sarif_meets_github_rules(result):
    sarif = to_sarif(result)
    run = sarif["runs"][0]
    fails = [f for f in result.findings if f.status is Status.FAIL]
    assert len(run["results"]) == len(fails) == 1
    for res in run["results"]:
        loc = res["locations"][0]
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert uri
        assert not uri.startswith("/")
        assert "://" not in uri
        assert uri.startswith("aws/123456789012/us-east-1/test/")
        assert loc["physicalLocation"]["region"]["startLine"] == 1
        assert loc["logicalLocations"][0]["fullyQualifiedName"].startswith("arn:aws:kms:")
        assert res["message"]["text"]
        assert len(res["partialFingerprints"]["complyscanFindingId/v1"]) == 64
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
    rule = run["tool"]["driver"]["rules"][0]
    assert rule["properties"]["security-severity"] == "5.5"
    assert "soc2:CC6.1" in rule["properties"]["tags"]
    assert "Remediation" in rule["help"]["markdown"]
    assert run["automationDetails"]["id"].startswith("complyscan/aws/123456789012/")
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("eu-west-1" in n["message"]["text"] for n in notes)
    assert run["invocations"][0]["executionSuccessful"] is False


def test_fingerprints_are_stable_across_runs(result):
    again = run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )
    fp = lambda r: [x["partialFingerprints"] for x in to_sarif(r)["runs"][0]["results"]]  # noqa: E731
    assert fp(result) == fp(again)


def test_json_report_round_trips_and_rolls_up(result):
    data = to_json(result)
    report = Report.model_validate(data)
    assert report.schema_version == "1.2.0"
    assert report.summary.by_status[Status.PASS] == 1
    assert report.summary.by_status[Status.UNKNOWN] == 2
    soc2 = {c.control_id: c for c in report.controls["soc2"]}
    assert soc2["CC6.1"].status == "fail"
    assert soc2["CC6.1"].failed == 1
    assert soc2["CC6.1"].failing_resources == ("arn:aws:kms:us-east-1:123456789012:key/bad",)
    jsonschema.Draft202012Validator(report_schema()).validate(data)


def test_published_schema_has_not_drifted():
    published = json.loads((ROOT / "docs" / "report.schema.json").read_text())
    assert published == report_schema(), (
        "run: python -m scanner.outputs.schema > docs/report.schema.json"
    )


def test_writers_are_atomic_and_complete(result, tmp_path):
    written = write_outputs(result, tmp_path / "out", ["json", "sarif"])
    assert sorted(p.name for p in written.values()) == [
        "complyscan-report.json",
        "complyscan.sarif",
    ]
    assert json.loads(written["json"].read_text())["schema_version"] == "1.2.0"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
