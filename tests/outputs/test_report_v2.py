"""JSON report version 2: every finding kept, each check and resource stated once; readers
of our reports (merge, ``load_report``, ``controls --report``, bench/pairs.py) read version 1
reports too (``fixtures/report-v1.2.0.json`` was written by the version-1 writer, main
at 2031c52, from the fake KMS scan with one accepted risk)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest

from bench.pairs import to_pairs
from scanner.api import scan
from scanner.errors import ConfigError
from scanner.findings import Severity, Status, Suppression
from scanner.findingset import Findings, Verdicts, parts_of
from scanner.merge import merge_results, read_report
from scanner.outputs import write_outputs
from scanner.outputs.json_report import (
    ROWS,
    SCHEMA_VERSION,
    finding_dicts,
    report_schema,
    to_json,
    to_json_chunks,
)
from scanner.suppress import apply_suppressions

HERE = Path(__file__).parent
V1 = HERE / "fixtures" / "report-v1.2.0.json"
ACME = HERE.parent / "providers" / "gcp" / "fixtures" / "acme-org.ndjson"
VALIDATOR = jsonschema.Draft202012Validator(report_schema())


def _dumped(findings) -> list[dict]:
    return [f.model_dump(mode="json") for f in findings]


@pytest.fixture(scope="module")
def acme():
    """A real scan (columnar findings) with one accepted risk (a replaced finding)."""
    result = scan("gcp", snapshot=ACME)
    assert any(isinstance(p, Verdicts) for p in parts_of(result.findings))
    first_fail = next(f for f in result.findings if f.status is Status.FAIL)
    accept = Suppression(
        check=first_fail.check_id,
        resource=first_fail.resource_uid,
        reason='accepted <b>&</b> "quoted"\n',
        owner="owner@example.com",
        expires=date(2099, 1, 1),
    )
    return apply_suppressions(result, [accept], date(2026, 1, 1))


def test_every_finding_comes_back_exactly(acme):
    data = to_json(acme)
    VALIDATOR.validate(data)
    assert data["schema_version"] == SCHEMA_VERSION == "2.0.0"
    assert list(finding_dicts(data)) == _dumped(acme.findings)
    assert sum(len(g["results"]) for g in data["findings"]) == len(acme.findings)
    accepted = [f for f in finding_dicts(data) if f["suppressed"]]
    assert [f["suppression_owner"] for f in accepted] == ["owner@example.com"]


def test_each_resource_and_check_is_stated_once(acme):
    data = to_json(acme)
    keys = [(r["kind"], r["uid"]) for r in data["resources"]]
    assert len(keys) == len(set(keys))
    assert set(keys) == {(f.resource_kind, f.resource_uid) for f in acme.findings}
    groups = Counter(g["check_id"] for g in data["findings"])
    assert max(groups.values()) == 1  # one group per check in a scan's own findings
    text = b"".join(to_json_chunks(acme)).decode()
    some = acme.findings[len(acme.findings) // 2]
    assert text.count(json.dumps(some.title)) == 2  # in ``checks`` and in its group
    assert some.id not in text  # derived, not written


def test_findings_held_one_by_one_keep_what_differs():
    """Reports read back or merged hold plain findings, which may differ from their group:
    another title, severity, time or id, or one uid with two names; all of it survives."""
    base = scan("gcp", snapshot=ACME)
    plain = list(base.findings[:40])
    later = datetime(2030, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    plain[1] = plain[1].model_copy(update={"title": "renamed", "severity": Severity.CRITICAL})
    plain[2] = plain[2].model_copy(update={"evaluated_at": later, "controls": ()})
    plain[3] = plain[3].model_copy(update={"id": "0" * 64})
    plain[4] = plain[4].model_copy(update={"resource_name": "other name", "location": ""})
    plain[5] = plain[5].model_copy(
        update={"suppressed": True, "suppression_expires": date(2031, 1, 1)}
    )
    result = base.model_copy(update={"findings": Findings(plain)})
    data = to_json(result)
    VALIDATOR.validate(data)
    assert list(finding_dicts(data)) == _dumped(plain)


@pytest.mark.parametrize("count", [ROWS - 1, ROWS, ROWS + 1])
def test_large_groups_are_written_in_pieces(acme, count):
    part = next(p for p in parts_of(acme.findings) if isinstance(p, Verdicts))
    n = len(part)
    wide = Verdicts(
        check_id=part.check_id,
        title=part.title,
        severity=part.severity,
        kind=part.kind,
        controls=part.controls,
        evaluated_at=part.evaluated_at,
        resources=[part.resources[i % n] for i in range(count)],
        paths=[part.paths[i % n] for i in range(count)],
        statuses=[part.statuses[i % n] for i in range(count)],
        reasons=[f"{part.reasons[i % n]} {i % 3}" for i in range(count)],
    )
    result = acme.model_copy(update={"findings": Findings.joined([wide])})
    pieces = list(to_json_chunks(result))
    data = json.loads(b"".join(pieces))
    VALIDATOR.validate(data)
    assert len(data["findings"][0]["results"]) == count
    assert len(data["findings"][0]["reasons"]) == len(set(wide.reasons))
    assert list(finding_dicts(data)) == _dumped(wide)


def test_hostile_strings_stay_data(acme):
    evil = '"],"x":1}\n\u2028</script><img src=x onerror=alert(1)>\\'
    f = acme.findings[0].model_copy(update={"reason": evil, "resource_name": evil})
    result = acme.model_copy(update={"findings": Findings([f])})
    data = json.loads(b"".join(to_json_chunks(result)))
    VALIDATOR.validate(data)
    [back] = finding_dicts(data)
    assert (back["reason"], back["resource_name"]) == (evil, evil)


def test_v1_reports_are_still_read():
    data = json.loads(V1.read_text())
    assert data["schema_version"] == "1.2.0"
    old = read_report(V1)
    assert [(f.check_id, f.status, f.suppressed) for f in old.findings] == [
        ("CRYPTO-001", Status.FAIL, True),
        ("CRYPTO-001", Status.PASS, False),
        ("CRYPTO-001", Status.UNKNOWN, False),
        ("CRYPTO-001", Status.UNKNOWN, False),
    ]
    assert list(finding_dicts(data)) == data["findings"]
    # bench/pairs.py counts failures as detections, accepted or not (as before)
    assert [p["native_id"] for p in to_pairs(data)] == ["CRYPTO-001"]


def test_v1_and_v2_reports_merge_into_the_same_result(tmp_path):
    old = read_report(V1)
    write_outputs(old, tmp_path / "v2", ["json"])
    new = read_report(tmp_path / "v2" / "complyscan-report.json")
    assert _dumped(new.findings) == _dumped(old.findings)
    assert (new.meta, new.checks, new.errors) == (old.meta, old.checks, old.errors)
    merged = merge_results([old, new])
    assert _dumped(merged.findings) == _dumped(old.findings)
    v1 = json.loads(V1.read_text())
    v2 = json.loads((tmp_path / "v2" / "complyscan-report.json").read_text())
    assert to_pairs(v1) == to_pairs(v2)


def test_pairs_reads_both_versions(acme, tmp_path):
    fake_v1 = {"schema_version": "1.2.0", "findings": _dumped(acme.findings)}
    v2 = to_json(acme)
    assert to_pairs(fake_v1) == to_pairs(v2)


def test_a_newer_or_unknown_report_is_refused_clearly(tmp_path):
    data = json.loads(V1.read_text())
    for version, message in (("3.0.0", "upgrade complyscan"), (None, "no schema_version")):
        data["schema_version"] = version
        path = tmp_path / "r.json"
        path.write_text(json.dumps(data))
        with pytest.raises(ConfigError, match=message):
            read_report(path)
    path.write_text('{"schema_version": "2.0.0", "scan": {}}')
    with pytest.raises(ConfigError, match="not a complyscan JSON report"):
        read_report(path)
