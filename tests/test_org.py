"""Organisation mode through moto Organizations: several accounts, sharding, merge."""

from __future__ import annotations

import json
from pathlib import Path

import boto3  # noqa: TID251 - seeds moto member accounts
import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.outputs.json_report import finding_dicts
from tests.moto_helpers import open_ssh_group

runner = CliRunner()
ROLE = "OrganizationAccountAccessRole"
ARGS = ["--region", "us-east-1", "--checks", "NET-002,NET-008", "--fail-on", "none", "--quiet"]


def _member_session(account: str) -> boto3.Session:
    creds = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="seed"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )


@pytest.fixture
def organisation(mocked_aws):
    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    members = []
    for i in range(4):
        status = org.create_account(AccountName=f"m{i}", Email=f"m{i}@example.com")
        members.append(status["CreateAccountStatus"]["AccountId"])
    for i, account in enumerate(members):
        ec2 = _member_session(account).client("ec2")
        open_ssh_group(ec2, f"open-{i}")
    return members


def _scan(tmp: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["scan", "--org", "--output-dir", str(tmp), *ARGS, *extra])
    assert result.exit_code == 0, result.output
    return json.loads((tmp / "complyscan-report.json").read_text())


def _failures(report: dict) -> set[tuple[str, str, str]]:
    return {
        (f["check_id"], f["account"], f["resource_uid"])
        for f in finding_dicts(report)
        if f["status"] == "fail"
    }


def test_org_scan_covers_every_member(organisation, tmp_path):
    report = _scan(tmp_path)
    assert set(organisation) <= set(report["scan"]["accounts"])
    failing_accounts = {account for _, account, _ in _failures(report)}
    assert set(organisation) <= failing_accounts


def test_shards_merged_equal_one_unsharded_scan(organisation, tmp_path):
    whole = _scan(tmp_path / "whole")
    parts = [tmp_path / f"s{k}" for k in (1, 2, 3)]
    for k, out in enumerate(parts, start=1):
        result = runner.invoke(
            app, ["scan", "--org", "--shard", f"{k}/3", "--output-dir", str(out), *ARGS]
        )
        assert result.exit_code in (0, 2), result.output  # 2: an empty shard
    reports = [
        str(p / "complyscan-report.json") for p in parts if (p / "complyscan-report.json").exists()
    ]
    merged_out = tmp_path / "merged"
    merged = runner.invoke(
        app, ["merge", *reports, "--output-dir", str(merged_out), "--fail-on", "none", "--quiet"]
    )
    assert merged.exit_code == 0, merged.output
    combined = json.loads((merged_out / "complyscan-report.json").read_text())
    assert _failures(combined) == _failures(whole)
    assert sorted(combined["scan"]["accounts"]) == sorted(whole["scan"]["accounts"])
    assert {(f["check_id"], f["resource_uid"], f["status"]) for f in finding_dicts(combined)} == {
        (f["check_id"], f["resource_uid"], f["status"]) for f in finding_dicts(whole)
    }


def test_member_that_cannot_be_entered_is_reported_and_others_kept():
    from dataclasses import replace

    from checks.crypto.kms_key import kms_key_rotates_automatically
    from scanner.config import ScanConfig
    from scanner.errors import AuthenticationError
    from scanner.orchestrate import scan_members
    from scanner.registry import Registry
    from tests.fakes import FakeSession, spec

    def enter(_root: FakeSession, member: str, _cfg: ScanConfig) -> FakeSession:
        if member == "222222222222":
            raise AuthenticationError(
                "aws", "could not assume the member role", hint="check the role's trust policy"
            )
        return FakeSession(account=member)

    org_spec = replace(
        spec(),
        members=lambda _s, _c: ["111111111111", "222222222222"],
        connect_member=enter,
        scopes=lambda _s, _c: ["us-east-1"],
    )
    result = scan_members(
        org_spec,
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["111111111111", "222222222222"],
        ScanConfig(),
    )
    assert not result.meta.complete
    assert set(result.meta.accounts) == {"111111111111", "222222222222"}
    failed = [e for e in result.errors if e.scope == "222222222222"]
    assert failed[0].resource_kind == "Account"
    assert "trust policy" in failed[0].hint
    assert any(f.status.value == "fail" for f in result.findings)


def test_shard_without_org_and_bad_shard_are_usage_errors(tmp_path):
    assert runner.invoke(app, ["scan", "--shard", "1/2", *ARGS]).exit_code == 2
    bad = runner.invoke(app, ["scan", "--org", "--shard", "5/2", *ARGS])
    assert bad.exit_code == 2
    assert "between 1 and N" in bad.output


def test_shard_auto_reads_the_job_index(monkeypatch):
    from scanner.config import resolve_shard

    monkeypatch.setenv("JOB_COMPLETION_INDEX", "2")
    assert resolve_shard("auto/4") == (3, 4)
