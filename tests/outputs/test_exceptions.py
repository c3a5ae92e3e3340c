"""Exceptions (accepted risks): owner and expiry everywhere, never silently dropped; CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.config import load_file_config
from scanner.engine import run_scan
from scanner.errors import ConfigError
from scanner.findings import Status, Suppression
from scanner.outputs.console import render_summary
from scanner.outputs.csv_report import COLUMNS, to_csv
from scanner.outputs.json_report import Report, finding_dicts, report_schema, to_json
from scanner.outputs.ocsf import to_ocsf
from scanner.outputs.sarif import to_sarif
from scanner.registry import Registry
from scanner.result import ScanResult
from scanner.suppress import apply_suppressions, exit_code
from tests.fakes import FakeSession, spec

HERE = Path(__file__).parent
SARIF_SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text())
OCSF_SCHEMA = json.loads(
    (HERE / "ocsf-compliance_finding-1.6.0.cloud-datetime.schema.json").read_text()
)
TODAY = date(2025, 6, 1)
ACCEPTED = Suppression(
    check="crypto-001",
    resource="arn:aws:kms:us-east-1:*:key/bad",
    reason="Legacy HSM integration, see RISK-142",
    owner="secops@example.com",
    expires=date(2025, 6, 1),  # valid through its expiry day
)
LAPSED = Suppression(
    check="CRYPTO-001",
    resource="*key/bad",
    reason="Old acceptance",
    owner="alice@example.com",
    expires=date(2025, 5, 31),
)


@pytest.fixture(scope="module")
def raw() -> ScanResult:
    return run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )


@pytest.fixture(scope="module")
def accepted(raw) -> ScanResult:
    return apply_suppressions(raw, [ACCEPTED], TODAY)


@pytest.fixture(scope="module")
def lapsed(raw) -> ScanResult:
    return apply_suppressions(raw, [LAPSED], TODAY)


def bad(result: ScanResult):
    return next(f for f in result.findings if f.resource_uid.endswith("key/bad"))


def test_accepted_finding_keeps_status_reason_owner_and_expiry(accepted):
    f = bad(accepted)
    assert f.status is Status.FAIL
    assert f.suppressed is True
    assert (f.suppression_reason, f.suppression_owner, f.suppression_expires) == (
        ACCEPTED.reason,
        ACCEPTED.owner,
        ACCEPTED.expires,
    )
    assert accepted.expired_suppressions == ()
    assert exit_code(accepted.model_copy(update={"meta": _complete(accepted)}), "low") == 0


def test_expired_exception_stops_applying_and_is_reported(lapsed):
    f = bad(lapsed)
    assert f.suppressed is False
    assert lapsed.expired_suppressions == (LAPSED,)
    assert exit_code(lapsed.model_copy(update={"meta": _complete(lapsed)}), "low") == 1


def _complete(result: ScanResult):
    return result.meta.model_copy(update={"complete": True})


def test_sarif_suppressions_validate_and_carry_justification(accepted):
    sarif = to_sarif(accepted)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    [res] = sarif["runs"][0]["results"]
    assert res["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": ACCEPTED.reason,
            "properties": {"owner": ACCEPTED.owner, "expires": "2025-06-01"},
        }
    ]


def test_sarif_reports_expired_exceptions_as_notifications(lapsed):
    sarif = to_sarif(lapsed)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    [res] = sarif["runs"][0]["results"]
    assert "suppressions" not in res
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    expired = [n for n in notes if n["descriptor"]["id"] == "SuppressionExpired"]
    assert len(expired) == 1
    assert "alice@example.com" in expired[0]["message"]["text"]
    assert "2025-05-31" in expired[0]["message"]["text"]


def test_ocsf_suppressed_event_validates(accepted):
    validator = jsonschema.Draft202012Validator(OCSF_SCHEMA)
    events = json.loads(to_ocsf(accepted))
    for event in events:
        validator.validate(event)
    [event] = [e for e in events if e["resources"][0]["uid"].endswith("key/bad")]
    assert (event["status_id"], event["status"]) == (3, "Suppressed")
    assert event["compliance"]["status_id"] == 3  # still a failing control
    assert ACCEPTED.owner in event["status_detail"]
    assert "expires 2025-06-01" in event["status_detail"]


def test_json_report_keeps_suppressed_and_lists_expired(accepted, lapsed):
    data = to_json(accepted)
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    f = next(x for x in finding_dicts(data) if x["resource_uid"].endswith("key/bad"))
    assert (f["status"], f["suppressed"], f["suppression_owner"]) == (
        "fail",
        True,
        ACCEPTED.owner,
    )
    assert data["expired_suppressions"] == []
    data = to_json(lapsed)
    jsonschema.Draft202012Validator(report_schema()).validate(data)
    [entry] = data["expired_suppressions"]
    assert entry["owner"] == "alice@example.com"
    assert entry["expires"] == "2025-05-31"
    assert entry["findings"] == [bad(lapsed).id]
    assert Report.model_validate(data).schema_version == "2.0.0"


def test_console_names_expired_exceptions(lapsed):
    console = Console(record=True, width=200)
    render_summary(lapsed, console)
    text = console.export_text()
    assert "Expired exception: CRYPTO-001 on *key/bad (owner alice@example.com)" in text


def test_config_requires_owner_and_expiry(tmp_path):
    cfg = tmp_path / ".complyscan.yaml"
    cfg.write_text(
        "suppressions:\n  - check: NET-002\n    reason: bastion host\n    expires: 2030-01-01\n"
    )
    with pytest.raises(ConfigError, match=r"suppressions\.0\.owner: Field required"):
        load_file_config(cfg)
    cfg.write_text(
        "suppressions:\n  - check: NET-002\n    resource: 'arn:aws:ec2:*:sg/bastion-*'\n"
        "    reason: bastion host\n    owner: netops@example.com\n    expires: 2030-01-01\n"
    )
    [s] = load_file_config(cfg).suppressions
    assert (s.owner, s.expires) == ("netops@example.com", date(2030, 1, 1))


def test_csv_has_one_row_per_finding_with_suppression(accepted):
    rows = list(csv.DictReader(io.StringIO(to_csv(accepted))))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(accepted.findings)
    row = next(r for r in rows if r["resource_uid"].endswith("key/bad"))
    assert row["status"] == "fail"
    assert row["suppressed"] == "true"
    assert row["suppression_owner"] == ACCEPTED.owner
    assert row["controls"].split() == list(bad(accepted).controls)


def test_csv_neutralises_formulas(raw):
    evil = raw.findings[0].model_copy(update={"reason": '=HYPERLINK("http://x")'})
    text = to_csv(raw.model_copy(update={"findings": (evil,)}))
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["reason"] == '\'=HYPERLINK("http://x")'
