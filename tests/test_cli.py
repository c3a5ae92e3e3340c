"""The CLI end to end: demo through the real pipeline, listing, permissions, exit codes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from scanner.cli import app
from scanner.outputs.json_report import finding_dicts

SARIF_SCHEMA = Path(__file__).parent / "outputs" / "sarif-schema-2.1.0.json"
runner = CliRunner()


EXCEPTIONS = """\
suppressions:
  - check: NET-002
    resource: "arn:aws:ec2:eu-west-1:*"
    reason: "Bastion reachable over SSH, approved in RISK-142"
    owner: netops@example.com
    expires: 2099-12-31
  - check: IAM-010
    reason: "Password policy accepted until the SSO rollout"
    owner: alice@example.com
    expires: 2020-01-01
"""
ALL_FORMATS = "json,sarif,ocsf,html,markdown,csv"


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory) -> tuple[Path, str, int]:
    """One demo run with every option: all formats, exceptions, history and evidence."""
    out = tmp_path_factory.mktemp("demo")
    (out / "exceptions.yaml").write_text(EXCEPTIONS)
    result = runner.invoke(
        app,
        [
            "demo",
            "--output-dir",
            str(out),
            "--format",
            ALL_FORMATS,
            "--config",
            str(out / "exceptions.yaml"),
            "--history",
            str(out / "history.sqlite"),
            "--evidence",
            str(out / "evidence"),
        ],
    )
    return out, result.output, result.exit_code


def test_demo_writes_valid_reports_and_a_summary(demo_out):
    out, output, code = demo_out
    assert code == 0, output
    report = json.loads((out / "complyscan-report.json").read_text())
    assert report["schema_version"] == "2.0.0"
    assert report["scan"]["complete"] is True
    assert set(report["scan"]["regions"]) == {"us-east-1", "eu-west-1", "ap-southeast-2"}
    statuses = report["summary"]["by_status"]
    assert statuses["pass"] > 50
    assert statuses["fail"] > 50
    sarif = json.loads((out / "complyscan.sarif").read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    assert "Checks" in output
    assert "Frameworks" in output


def test_demo_detects_planted_problems(demo_out):
    out, _, _ = demo_out
    report = json.loads((out / "complyscan-report.json").read_text())
    failing = {(f["check_id"], f["region"]) for f in finding_dicts(report) if f["status"] == "fail"}
    # planted: SSH open in eu-west-1, all traffic in ap-southeast-2, weak password policy,
    # no Config recorder outside us-east-1, unrotated key in us-east-1
    assert ("NET-002", "eu-west-1") in failing
    assert ("NET-008", "ap-southeast-2") in failing
    assert ("IAM-010", "global") in failing
    assert ("LOG-009", "eu-west-1") in failing
    assert ("LOG-009", "us-east-1") not in failing
    assert ("CRYPTO-001", "us-east-1") in failing
    soc2 = {c["control_id"]: c for c in report["controls"]["soc2"]}
    assert soc2["CC6.1"]["status"] == "fail"


def test_demo_fail_on_high_exits_1(tmp_path):
    result = runner.invoke(
        app,
        ["demo", "--output-dir", str(tmp_path), "--fail-on", "high", "--quiet", "--format", "json"],
    )
    assert result.exit_code == 1, result.output
    assert not (tmp_path / "complyscan.sarif").exists()


def test_checks_list_json():
    result = runner.invoke(app, ["checks", "list", "--format", "json", "--framework", "cis-aws"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) >= 20
    assert all(r["controls"] for r in rows)
    assert {"id", "title", "severity", "resource", "providers", "controls"} <= rows[0].keys()


def test_permissions_are_read_only():
    result = runner.invoke(app, ["permissions", "aws"])
    assert result.exit_code == 0
    actions = json.loads(result.output)["Statement"][0]["Action"]
    verbs = ("Describe", "List", "Get", "GenerateCredentialReport", "GET")
    verbs += ("BatchGet",)  # aoss:BatchGetCollection reads collection details
    assert all(a.split(":", 1)[1].startswith(verbs) for a in actions), actions


ORG_ACTIONS = {"organizations:ListAccounts", "sts:AssumeRole"}
PUSH_ACTIONS = {"securityhub:BatchImportFindings", "s3:PutObject"}


def _statements(*flags: str) -> dict[str, dict]:
    result = runner.invoke(app, ["permissions", "aws", *flags])
    assert result.exit_code == 0, result.output
    return {s["Sid"]: s for s in json.loads(result.output)["Statement"]}


def _actions(statements: dict[str, dict]) -> set[str]:
    return {a for s in statements.values() for a in s["Action"]}


def test_permissions_default_has_no_org_or_push_actions():
    statements = _statements()
    assert list(statements) == ["ComplyscanReadOnly"]
    assert not _actions(statements) & (ORG_ACTIONS | PUSH_ACTIONS)


def test_permissions_org_adds_labelled_statements():
    statements = _statements("--org")
    assert list(statements) == [
        "ComplyscanReadOnly",
        "ComplyscanOrgListAccounts",
        "ComplyscanOrgAssumeMemberRole",
    ]
    assert statements["ComplyscanReadOnly"] == _statements()["ComplyscanReadOnly"]
    assert _actions(statements) - _actions(_statements()) == ORG_ACTIONS
    assume = statements["ComplyscanOrgAssumeMemberRole"]
    assert assume["Resource"] == "arn:aws:iam::*:role/OrganizationAccountAccessRole"
    custom = _statements("--org", "--member-role", "Auditor")["ComplyscanOrgAssumeMemberRole"]
    assert custom["Resource"] == "arn:aws:iam::*:role/Auditor"


@pytest.mark.parametrize(
    "args",
    [
        ["permissions", "aws", "--member-role", "Auditor"],
        ["scan", "--provider", "aws", "--member-role", "Auditor"],
    ],
)
def test_member_role_without_org_is_a_usage_error_not_ignored(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "--member-role applies only with --org" in result.output


@pytest.mark.parametrize(
    ("flags", "sids", "added"),
    [
        (
            ["--push", "securityhub"],
            ["ComplyscanPushSecurityHub"],
            {"securityhub:BatchImportFindings"},
        ),
        (["--push", "s3://lake/cs/"], ["ComplyscanPushS3"], {"s3:PutObject"}),
        (
            ["--push", "securityhub,s3://lake/cs", "--push", "s3://other", "--push", "securityhub"],
            ["ComplyscanPushSecurityHub", "ComplyscanPushS3"],
            PUSH_ACTIONS,
        ),
        (
            ["--org", "--push", "securityhub"],
            [
                "ComplyscanOrgListAccounts",
                "ComplyscanOrgAssumeMemberRole",
                "ComplyscanPushSecurityHub",
            ],
            ORG_ACTIONS | {"securityhub:BatchImportFindings"},
        ),
    ],
)
def test_permissions_push_adds_labelled_statements(flags, sids, added):
    statements = _statements(*flags)
    assert list(statements) == ["ComplyscanReadOnly", *sids]
    assert statements["ComplyscanReadOnly"] == _statements()["ComplyscanReadOnly"]
    assert _actions(statements) - _actions(_statements()) == added


def test_permissions_push_s3_is_limited_to_the_targets_prefixes():
    s3 = _statements("--push", "s3://lake/cs/", "--push", "s3://other")["ComplyscanPushS3"]
    assert s3["Resource"] == ["arn:aws:s3:::lake/cs/*", "arn:aws:s3:::other/*"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["permissions", "aws", "--push", "splunk"], "use securityhub or s3://"),
        (["permissions", "gcp", "--org"], "permissions aws"),
        (["permissions", "azure", "--push", "securityhub"], "permissions aws"),
    ],
)
def test_permissions_feature_flags_usage_errors(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--framework", "pci"],
        ["scan", "--severity", "urgent"],
        ["scan", "--checks", "NOPE-999"],
        ["scan", "--format", "xml"],
        ["scan", "--region", "mars-north-1x"],
        ["scan", "--provider", "oracle"],
        ["scan", "--region", "us-east-1", "--all-regions"],
        ["scan", "--config", "/nonexistent/.complyscan.yaml"],
    ],
)
def test_usage_errors_exit_2_with_a_message(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "error" in result.output.lower()


def test_bad_profile_exits_2(monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    result = runner.invoke(app, ["scan", "--profile", "does-not-exist", "--region", "us-east-1"])
    assert result.exit_code == 2
    assert "does-not-exist" in result.output


def test_malformed_config_file_exits_2(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("suppressions:\n  - check: NET-002\n    reason: x\n")
    result = runner.invoke(app, ["scan", "--config", str(cfg)])
    assert result.exit_code == 2
    assert "expires" in result.output


def test_controls_lists_every_requirement_with_coverage():
    result = runner.invoke(app, ["controls", "--framework", "soc2", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 61  # every SOC 2 criterion, mapped or not
    by_id = {r["control_id"]: r for r in rows}
    assert by_id["CC1.1"]["coverage"] == "manual-only"
    assert by_id["CC6.1"]["coverage"] == "partial"
    assert by_id["CC6.1"]["checks"]
    cis = json.loads(
        runner.invoke(app, ["controls", "--framework", "cis-aws", "--format", "json"]).output
    )
    assert {r["coverage"] for r in cis} == {"automated", "partial", "manual-only"}


def test_demo_writes_every_format_exceptions_evidence_and_history(demo_out):
    out, output, code = demo_out
    assert code == 0, output
    names = {p.name for p in out.iterdir()}
    assert {
        "complyscan-report.json",
        "complyscan.sarif",
        "complyscan-ocsf.json",
        "complyscan-report.html",
        "complyscan-summary.md",
        "complyscan-findings.csv",
    } <= names
    report = json.loads((out / "complyscan-report.json").read_text())
    accepted = [f for f in finding_dicts(report) if f["suppressed"]]
    assert accepted
    assert {(f["check_id"], f["region"], f["suppression_owner"]) for f in accepted} == {
        ("NET-002", "eu-west-1", "netops@example.com")
    }
    [expired] = report["expired_suppressions"]
    assert (expired["check"], expired["owner"]) == ("IAM-010", "alice@example.com")
    assert expired["findings"]
    # the console wraps at its width: long temp paths can put a line break inside the text
    flat = " ".join(output.split())
    assert "Expired exception: IAM-010" in flat
    digest = flat.split("manifest sha256 ", 1)[1].split(")")[0]
    assert re.fullmatch(r"[0-9a-f]{64}", digest), digest
    # the history record carries the evidence digest printed on the console
    listed = runner.invoke(
        app, ["history", "--history", str(out / "history.sqlite"), "--format", "json"]
    )
    [scan] = json.loads(listed.output)
    assert scan["evidence_sha256"] == digest
    assert scan["suppressed"] == len(accepted)
    verified = runner.invoke(
        app, ["evidence", "verify", str(out / "evidence"), "--manifest-sha256", digest]
    )
    assert verified.exit_code == 0, verified.output
    assert f"{len(list(finding_dicts(report))) + 1} files match" in verified.output


def test_evidence_verify_fails_on_a_tampered_bundle(demo_out, tmp_path):
    out, _, _ = demo_out
    bundle = tmp_path / "copy"
    shutil.copytree(out / "evidence", bundle)
    victim = next(
        p
        for p in (bundle / "findings" / "NET-002").iterdir()
        if '"status": "fail"' in p.read_text()
    )
    victim.write_text(victim.read_text().replace('"status": "fail"', '"status": "pass"'))
    result = runner.invoke(app, ["evidence", "verify", str(bundle)])
    assert result.exit_code == 1
    assert "modified" in result.output
    assert victim.name in " ".join(result.output.split()).replace(" ", "")


def test_report_over_time_from_the_demo_history(demo_out):
    out, _, _ = demo_out
    result = runner.invoke(
        app,
        [
            "report",
            "--framework",
            "soc2",
            "--history",
            str(out / "history.sqlite"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["scans"]) == 1
    cc61 = next(r for r in data["requirements"] if r["control_id"] == "CC6.1")
    assert cc61["trend"] == "single scan"
    assert 0 < cc61["last"] < 1


def test_scan_and_demo_share_every_reporting_option():
    commands = get_command(app).commands
    opts = {name: {o for p in commands[name].params for o in p.opts} for name in ("scan", "demo")}
    shared = {
        "--output-dir",
        "--format",
        "--fail-on",
        "--checks",
        "--severity",
        "--framework",
        "--config",
        "--history",
        "--record",
        "--evidence",
        "--quiet",
    }
    assert shared <= opts["scan"]
    assert shared <= opts["demo"]
    reading = {
        name: {o for p in commands[name].params for o in p.opts}
        for name in ("history", "diff", "report")
    }
    assert all("--history" in o for o in reading.values())


def test_evidence_directory_must_be_new(tmp_path):
    (tmp_path / "ev").mkdir()
    (tmp_path / "ev" / "old.json").write_text("{}")
    result = runner.invoke(app, ["demo", "--evidence", str(tmp_path / "ev"), "--quiet"])
    assert result.exit_code == 2
    assert "not empty" in result.output


def test_record_uses_the_default_store_in_the_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(
        app,
        [
            "demo",
            "--record",
            "--quiet",
            "--checks",
            "CRYPTO-001",
            "--output-dir",
            str(tmp_path / "out"),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "complyscan" / "history.sqlite").exists()
    listed = runner.invoke(app, ["history", "--format", "json"])
    rows = (tmp_path / "out" / "complyscan-findings.csv").read_text().splitlines()
    assert [s["findings"] for s in json.loads(listed.output)] == [len(rows) - 1]


def test_error_messages_with_brackets_are_printed_verbatim(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("suppressions: [1, [2]]\n")
    result = runner.invoke(app, ["scan", "--config", str(cfg)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "error:" in result.output
