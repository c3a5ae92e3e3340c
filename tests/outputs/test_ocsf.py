"""OCSF Compliance Finding events validate against the official 1.6.0 schema (cloud profile)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import orjson
import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.api import scan
from scanner.engine import run_scan
from scanner.findings import Severity, Status, Suppression
from scanner.findingset import Findings, Verdicts, parts_of
from scanner.model import KmsKey
from scanner.outputs.ocsf import (
    EVENTS,
    ocsf_encoded,
    ocsf_events,
    to_ocsf,
    to_ocsf_chunks,
    to_ocsf_events,
)
from scanner.outputs.pieces import CHUNK
from scanner.registry import Registry
from scanner.result import ScanResult
from scanner.suppress import apply_suppressions
from tests.fakes import FakeSession, spec
from tests.test_snapshot_equivalence import EXPORTS

SCHEMA = Path(__file__).parent / "ocsf-compliance_finding-1.6.0.cloud-datetime.schema.json"
ACME = Path(__file__).parents[1] / "providers" / "gcp" / "fixtures" / "acme-org.ndjson"


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )


def test_every_event_is_schema_valid(result):
    events = json.loads(to_ocsf(result))
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    assert events
    for event in events:
        validator.validate(event)


def test_events_carry_compliance_status_and_cloud(result):
    events = json.loads(to_ocsf(result))
    by_uid = {e["resources"][0]["uid"]: e for e in events}
    bad = by_uid["arn:aws:kms:us-east-1:123456789012:key/bad"]
    assert bad["class_uid"] == 2003
    assert bad["compliance"]["status_id"] == 3
    assert "soc2:CC6.1" in bad["compliance"]["requirements"]
    assert bad["cloud"] == {
        "provider": "AWS",
        "account": {"uid": "123456789012"},
        "region": "us-east-1",
    }
    unknown = by_uid["aws/123456789012/eu-west-1/KmsKey"]
    assert unknown["compliance"]["status_id"] == 2
    statuses = {f.status for f in result.findings}
    assert len(events) == sum(1 for f in result.findings if f.status is not Status.NOT_APPLICABLE)
    assert Status.PASS in statuses


@pytest.mark.parametrize("count", [0, 3, CHUNK + 1, 2 * CHUNK + 7])
def test_events_written_in_pieces_are_the_same_array(result, count):
    base = result.findings[0]
    statuses = [Status.FAIL, Status.PASS, Status.NOT_APPLICABLE, Status.UNKNOWN]
    findings = tuple(
        base.model_copy(
            update={
                "resource_uid": f"arn:k/{n:06d}",
                "status": statuses[n % 4],
                "reason": f'why "{n}"\n é',
            }
        )
        for n in range(count)
    )
    big = result.model_copy(update={"findings": findings})
    pieces = list(to_ocsf_chunks(big))
    expected = to_ocsf_events(big)
    assert json.loads(b"".join(pieces)) == expected
    assert len(expected) == count - count // 4 - (1 if count % 4 > 2 else 0)  # no N/A events
    assert len(pieces) >= count // EVENTS
    assert b"".join(pieces).count(b"\n") == (len(expected) + 2 if expected else 1)  # a line each


def test_events_from_columns_equal_events_from_findings():
    """A real scan's findings are columns; its events are the same as the findings'."""
    result = scan("gcp", snapshot=ACME)
    first_fail = next(f for f in result.findings if f.status is Status.FAIL)
    accept = Suppression(
        check=first_fail.check_id,
        resource=first_fail.resource_uid,
        reason="legacy",
        owner="o@example.com",
        expires=date(2099, 1, 1),
    )
    result = apply_suppressions(result, [accept], date(2026, 1, 1))
    assert any(isinstance(p, Verdicts) for p in parts_of(result.findings))
    plain = result.model_copy(update={"findings": Findings(list(result.findings))})
    events = to_ocsf_events(result)
    assert events == to_ocsf_events(plain)
    assert json.loads(to_ocsf(result)) == events
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    for event in events:
        validator.validate(event)
    assert [e["status"] for e in events].count("Suppressed") == 1
    ids = [e["metadata"]["uid"] for e in events]
    assert ids == [f.id for f in result.findings if f.status is not Status.NOT_APPLICABLE]


def test_hostile_strings_stay_data(result):
    evil = '"]}\n\u2028</script>\\'
    f = result.findings[0].model_copy(update={"reason": evil, "resource_name": evil})
    [event] = json.loads(to_ocsf(result.model_copy(update={"findings": (f,)})))
    assert event["compliance"]["status_details"] == [evil]
    assert event["resources"][0]["name"] == evil


@pytest.mark.parametrize("provider", ["gcp", "azure"])
def test_events_put_together_from_pieces_are_the_encoded_events(provider, tmp_path):
    """The writer assembles each event from pieces encoded once per check, cloud and
    verdict; every event must be byte for byte what encoding the event's dict gives, on
    the equivalence exports (hostile records among them) with one risk accepted."""
    export = EXPORTS[provider](tmp_path / f"{provider}-equivalence.ndjson")
    result = scan(provider, snapshot=export)
    first_fail = next(f for f in result.findings if f.status is Status.FAIL)
    accept = Suppression(check=first_fail.check_id, resource=first_fail.resource_uid,
                         reason="legacy", owner="o@x.org", expires=date(2099, 1, 1))  # fmt: skip
    result = apply_suppressions(result, [accept], date(2026, 1, 1))
    encoded = list(ocsf_encoded(result))
    expected = [orjson.dumps(e) for e in ocsf_events(result)]
    assert len(encoded) == len(expected) > 10_000
    assert encoded == expected
    regions = {json.loads(e)["cloud"].get("region") for e in encoded[:: len(encoded) // 500]}
    assert None in regions or len(regions) > 1


def test_hostile_strings_in_pieces_stay_data(result):
    evil = '"]}\n\u2028</script>\\'
    res = KmsKey(uid=f"arn:{evil}", provider="aws", account=evil, region=evil, service="kms",
                 name=evil, collected_at=result.meta.started_at, rotation_enabled=False,
                 managed_by="customer", spec="symmetric", state="enabled")  # fmt: skip
    part = Verdicts(check_id="CRYPTO-001", title=evil, severity=Severity.HIGH, kind="KmsKey",
                    controls=("soc2:CC6.1",), evaluated_at=result.meta.started_at,
                    resources=[res], paths=[res.location_path], statuses=[Status.FAIL],
                    reasons=[evil])  # fmt: skip
    hostile = result.model_copy(update={"findings": Findings.joined([part])})
    [encoded] = list(ocsf_encoded(hostile))
    assert encoded == orjson.dumps(next(ocsf_events(hostile)))
    event = json.loads(encoded)
    assert (event["message"], event["resources"][0]["name"]) == (f"{evil}: {evil}", evil)
