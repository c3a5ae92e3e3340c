"""Threshold plumbing: declaration lint, validated overrides, config file, CLI, reports."""

from __future__ import annotations

import json
from pathlib import Path

import boto3  # noqa: TID251 - seeds moto, as a user program would
import pytest
from typer.testing import CliRunner

from scanner import api
from scanner.cli import app
from scanner.config import load_file_config
from scanner.engine import check_info
from scanner.errors import ConfigError, RegistryError
from scanner.evidence import evidence_files
from scanner.findings import Result, Severity, Status, passed
from scanner.frameworks import control_index
from scanner.model import PasswordPolicy
from scanner.outputs.json_report import to_json
from scanner.registry import Threshold, check, load, validate

runner = CliRunner()
REGION = "us-east-1"
LIMIT = Threshold("max_things", 5, description="at most this many things", source="a test")


def _declared(func, thresholds=(LIMIT,)):
    return check(
        id="TEST-001",
        title="A test check",
        severity=Severity.LOW,
        resource=PasswordPolicy,
        controls=("soc2:CC6.1",),
        thresholds=thresholds,
    )(func)


def _ok(policy: PasswordPolicy, *, max_things: int) -> Result:
    """Risk.

    Remediation: none.
    """
    return passed(str(max_things))


def _no_param(policy: PasswordPolicy) -> Result:
    """Risk.

    Remediation: none.
    """
    return passed("")


def test_a_well_declared_threshold_validates():
    assert len(validate([_declared(_ok)], control_index())) == 1


@pytest.mark.parametrize(
    ("func", "thresholds", "problem"),
    [
        (_no_param, (LIMIT,), "keyword-only parameters"),
        (_ok, (), "keyword-only parameters"),
        (_ok, (Threshold("max_things", 5, description="", source=""),), "description"),
        (_ok, (Threshold("max_things", -1, description="d", source="s"),), "bounds"),
        (_ok, (Threshold("max_things", "5", description="d", source="s"),), "a number"),  # type: ignore[arg-type]
        (_ok, (LIMIT, LIMIT), "duplicate"),
    ],
)
def test_malformed_declarations_fail_the_registry(func, thresholds, problem):
    with pytest.raises(RegistryError, match=problem):
        validate([_declared(func, thresholds)], control_index())


def test_the_check_gets_its_effective_value_as_an_argument():
    c = _declared(_ok)
    assert c(None).reason == "5"  # type: ignore[arg-type]
    assert c.configured({"max_things": 9})(None).reason == "9"  # type: ignore[arg-type]
    assert c(None).reason == "5", "configuring returns a new check; the loaded one is unchanged"


def test_an_override_equal_to_the_default_is_not_reported_as_changed():
    c = _declared(_ok).configured({"max_things": 5})
    assert c.overridden() == {}
    assert check_info(c).thresholds == {}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"NOPE-999": {"x": 1}}, "unknown check id.*NOPE-999"),
        ({"IAM-002": {"max_age": 60}}, "unknown threshold.*max_age.*accepts: max_key_age_days"),
        ({"IAM-001": {"anything": 1}}, "accepts: none"),
        ({"IAM-002": {"max_key_age_days": "60"}}, "'60' is not a whole number"),
        ({"IAM-002": {"max_key_age_days": 60.5}}, "is not a whole number"),
        ({"IAM-002": {"max_key_age_days": True}}, "True is not a whole number"),
        ({"IAM-002": {"max_key_age_days": 0}}, "out of range"),
        ({"IAM-010": {"min_length": 129}}, "out of range.*6 to 128"),
    ],
)
def test_bad_overrides_are_config_errors(overrides, message):
    with pytest.raises(ConfigError, match=message):
        load().configured(overrides)


def test_check_ids_are_case_insensitive_and_values_reach_the_check():
    registry = load().configured({"iam-002": {"max_key_age_days": 30}})
    assert registry.get("IAM-002").limits == {"max_key_age_days": 30}
    assert registry.get("IAM-003").limits == {"unused_days": 45}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".complyscan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_config_file_carries_thresholds(tmp_path):
    path = _write(tmp_path, "thresholds:\n  IAM-002:\n    max_key_age_days: 60\n")
    assert load_file_config(path).thresholds == {"IAM-002": {"max_key_age_days": 60}}


def test_a_malformed_thresholds_section_names_file_and_line(tmp_path):
    path = _write(tmp_path, "suppressions: []\nthresholds:\n  IAM-002: 60\n")
    with pytest.raises(ConfigError, match=r"\.complyscan\.yaml:3: thresholds\.IAM-002"):
        load_file_config(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("thresholds:\n  IAM-002:\n    max_key_age: 60\n", "unknown threshold"),
        ("thresholds:\n  XYZ-001:\n    a: 1\n", "unknown check id"),
        ("thresholds:\n  IAM-002:\n    max_key_age_days: ninety\n", "not a whole number"),
    ],
)
def test_scan_with_a_bad_override_exits_2_before_any_cloud_call(tmp_path, text, message):
    path = _write(tmp_path, text)
    out = runner.invoke(
        app,
        ["scan", "--provider", "aws", "--config", str(path), "--output-dir", str(tmp_path)],
    )
    assert out.exit_code == 2, out.output
    assert message in " ".join(out.output.split())
    assert "Traceback" not in out.output


def test_checks_show_prints_thresholds_defaults_and_config_values(tmp_path):
    path = _write(tmp_path, "thresholds:\n  IAM-010:\n    min_length: 16\n")
    out = runner.invoke(app, ["checks", "show", "IAM-010", "--config", str(path)])
    assert out.exit_code == 0, out.output
    assert "min_length" in out.output
    assert "16 (set)" in out.output
    doc = json.loads(runner.invoke(app, ["checks", "show", "iam-010", "--format", "json"]).output)
    assert doc["thresholds"][0] | {"description": "", "source": ""} == {
        "name": "min_length", "default": 14, "value": 14, "unit": "characters",
        "minimum": 6, "maximum": 128, "description": "", "source": "",
    }  # fmt: skip
    assert "IAM-015" in doc["thresholds"][0]["source"] or "CIS" in doc["thresholds"][0]["source"]


def test_checks_show_unknown_id_exits_2():
    out = runner.invoke(app, ["checks", "show", "NOPE-001"])
    assert out.exit_code == 2
    assert "unknown check id" in out.output


def test_checks_list_json_lists_threshold_defaults():
    rows = json.loads(runner.invoke(app, ["checks", "list", "--format", "json"]).output)
    by_id = {r["id"]: r for r in rows}
    assert by_id["IAM-002"]["thresholds"] == {"max_key_age_days": 90}
    assert by_id["IAM-001"]["thresholds"] == {}


def _password_policy_of_14() -> None:
    boto3.client("iam", region_name=REGION).update_account_password_policy(MinimumPasswordLength=14)


def test_an_override_changes_the_verdict_and_is_recorded_in_report_and_evidence(mocked_aws):
    """CIS asks for 14 characters; an organisation asking for 16 fails a policy of 14, and
    the report and the evidence say which value judged it."""
    _password_policy_of_14()
    default = api.scan("aws", regions=[REGION], checks=["IAM-010"])
    assert [f.status for f in default.findings] == [Status.PASS]
    assert "thresholds" not in to_json(default)["checks"][0]

    strict = api.scan(
        "aws",
        regions=[REGION],
        checks=["IAM-010"],
        thresholds={"IAM-010": {"min_length": 16}},
    )
    assert [f.status for f in strict.findings] == [Status.FAIL]
    assert "needs at least 16" in strict.findings[0].reason
    assert to_json(strict)["checks"][0]["thresholds"] == {"min_length": 16}
    documents = [
        json.loads(body)
        for name, body in evidence_files(strict).items()
        if name.startswith("findings/")
    ]
    assert documents
    assert all(d["check"]["thresholds"] == {"min_length": 16} for d in documents)


def test_docs_table_lists_every_threshold():
    """docs/thresholds.md embeds the generated table; regenerate it with
    ``python -m scanner.outputs.check_detail`` when a threshold changes."""
    from scanner.outputs.check_detail import thresholds_markdown

    text = (Path(__file__).parents[1] / "docs" / "thresholds.md").read_text(encoding="utf-8")
    embedded = text.split("<!-- thresholds:begin -->\n", 1)[1].split("<!-- thresholds:end -->")[0]
    assert embedded == thresholds_markdown(load())
