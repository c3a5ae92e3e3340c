"""SARIF (official schema + GitHub rules), JSON report (schema drift) and writers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.findings import Severity, Status
from scanner.outputs import write_outputs
from scanner.outputs.csv_report import to_csv_chunks
from scanner.outputs.json_report import (
    Report,
    finding_dicts,
    report_schema,
    to_json,
    to_json_chunks,
)
from scanner.outputs.pieces import CHUNK
from scanner.outputs.sarif import MAX_RESULTS, MAX_TAGS, to_sarif
from scanner.registry import Registry
from scanner.result import ScanResult
from scanner.rollup import rollup
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
    assert report.schema_version == "2.0.0"
    assert report.summary.by_status[Status.PASS] == 1
    assert report.summary.by_status[Status.UNKNOWN] == 2
    soc2 = {c.control_id: c for c in report.controls["soc2"]}
    assert soc2["CC6.1"].status == "fail"
    assert soc2["CC6.1"].failed == 1
    assert soc2["CC6.1"].failing_resource_count == 1
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    assert list(finding_dicts(data)) == [f.model_dump(mode="json") for f in result.findings]


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
    assert json.loads(written["json"].read_text())["schema_version"] == "2.0.0"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_sarif_stays_within_githubs_hard_limits(result):
    # GitHub rejects the whole upload past 25,000 results in a run or 20 tags on a rule:
    # the most severe failures are kept, and the run says how many were left out
    base = next(f for f in result.findings if f.status is Status.FAIL)
    extra = 7
    severities = [Severity.CRITICAL] * 5 + [Severity.LOW] * (MAX_RESULTS + extra - 5)
    failures = [
        base.model_copy(update={"resource_uid": f"arn:k/{n:06d}", "severity": sev})
        for n, sev in enumerate(reversed(severities))  # the critical ones sort last
    ]
    many_controls = tuple(f"nist-800-53-r5:SI-{n}" for n in range(40))
    checks = tuple(c.model_copy(update={"controls": many_controls}) for c in result.checks)
    big = result.model_copy(update={"findings": tuple(failures), "checks": checks})
    run = to_sarif(big)["runs"][0]
    uids = [r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] for r in run["results"]]
    assert len(uids) == MAX_RESULTS
    assert uids == sorted(uids)  # still in the report's order
    assert {f"arn:k/{n:06d}" for n in range(MAX_RESULTS + extra - 5, MAX_RESULTS + extra)} <= set(
        uids
    )  # every critical failure is kept
    notes = run["invocations"][0]["toolExecutionNotifications"]
    cut = [n for n in notes if n["descriptor"]["id"] == "ResultsTruncated"]
    assert len(cut) == 1
    assert f"{extra} of {MAX_RESULTS + extra} failures" in cut[0]["message"]["text"]
    assert all(
        len(rule["properties"]["tags"]) == MAX_TAGS for rule in run["tool"]["driver"]["rules"]
    )
    # under the limits nothing is cut and nothing is said
    small = to_sarif(result)["runs"][0]
    assert not [n for n in small["invocations"][0]["toolExecutionNotifications"]
                if n["descriptor"]["id"] == "ResultsTruncated"]  # fmt: skip


def _many(result, count: int, reason: str):
    """``result`` with ``count`` copies of its first finding (distinct uids, odd reasons)."""
    base = result.findings[0]
    findings = tuple(
        base.model_copy(update={"resource_uid": f"arn:k/{n:06d}", "reason": f"{reason}{n}"})
        for n in range(count)
    )
    return findings, result.model_copy(update={"findings": findings})


@pytest.mark.parametrize("count", [0, 1, CHUNK, 2 * CHUNK + 5])
def test_json_report_written_in_pieces_is_the_same_document(result, count):
    findings, big = _many(result, count, 'r\n"é ')
    pieces = list(to_json_chunks(big))
    data = json.loads(b"".join(pieces))
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    assert list(finding_dicts(data)) == [json.loads(f.model_dump_json()) for f in findings]
    assert max(len(p) for p in pieces) < 4_000_000  # never the whole findings list at once
    assert data["summary"]["total"] == count


def test_rollup_counts_every_finding_under_each_of_its_controls(result):
    base = result.findings[0]
    statuses = [Status.PASS, Status.FAIL, Status.UNKNOWN, Status.ERROR, Status.NOT_APPLICABLE]
    other = ("soc2:CC7.2", "nist-800-53-r5:AU-6")
    findings = tuple(
        base.model_copy(
            update={
                "resource_uid": f"arn:k/{n % 7}",
                "status": statuses[n % len(statuses)],
                "suppressed": n % 11 == 0,
                "controls": base.controls if n % 3 else (*base.controls[:2], *other),
            }
        )
        for n in range(200)
    )
    checks = tuple(c.model_copy(update={"controls": (*c.controls, *other)}) for c in result.checks)
    rolled = rollup(result.model_copy(update={"findings": findings, "checks": checks}))
    for fw, entries in rolled.items():
        for entry in entries:
            mine = [f for f in findings if not f.suppressed
                    and f"{fw}:{entry.control_id}" in f.controls]  # fmt: skip
            assert entry.passed == sum(f.status is Status.PASS for f in mine)
            assert entry.failed == sum(f.status is Status.FAIL for f in mine)
            assert entry.unknown == sum(f.status is Status.UNKNOWN for f in mine)
            assert entry.failing_resources == tuple(
                sorted({f.resource_uid for f in mine if f.status is Status.FAIL})
            )


def test_json_report_in_pieces_without_any_control_mapping(result):
    bare = result.model_copy(
        update={
            "checks": tuple(c.model_copy(update={"controls": ()}) for c in result.checks),
            "findings": tuple(f.model_copy(update={"controls": ()}) for f in result.findings),
        }
    )
    data = json.loads(b"".join(to_json_chunks(bare)))
    assert data["controls"] == {}
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    assert list(finding_dicts(data)) == [f.model_dump(mode="json") for f in bare.findings]


@pytest.mark.parametrize("count", [0, 1, CHUNK, 2 * CHUNK + 5])
def test_csv_written_in_pieces_has_every_finding_once_in_order(result, count):
    findings, big = _many(result, count, '=r,\n"')
    pieces = list(to_csv_chunks(big))
    text = "".join(pieces)
    assert pieces[-1].endswith("\n")  # so the file writer adds no blank line
    assert text.count("\n") == 1 + 2 * len(findings)  # header; each reason holds a newline
    assert len(pieces) <= len(findings) // CHUNK + 2  # bounded pieces, never one per row
    rows = list(csv.DictReader(io.StringIO("".join(pieces))))
    assert [r["resource_uid"] for r in rows] == [f.resource_uid for f in findings]
    assert [r["reason"] for r in rows] == ["'" + f.reason for f in findings]  # formula-safe
    assert [r["finding_id"] for r in rows] == [f.id for f in findings]
