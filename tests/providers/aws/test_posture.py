"""Access Analyzer, Security Hub, Macie and the support role: mappers and moto collectors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from moto import mock_aws

from providers.aws import PROVIDER
from providers.aws.posture import (
    collect_access_analysis,
    collect_data_discovery,
    collect_posture_management,
    collect_support_access,
    to_access_analysis,
    to_data_discovery,
)
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import DataDiscovery, PostureManagement, SupportAccess
from scanner.registry import load

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"


def test_only_active_external_access_analyzers_count():
    # IAM Access Analyzer API reference, AnalyzerSummary: type ACCOUNT | ORGANIZATION |
    # ACCOUNT_UNUSED_ACCESS | ORGANIZATION_UNUSED_ACCESS | ...; status ACTIVE | CREATING |
    # DISABLED | FAILED.
    def judge(*analyzers: dict[str, str]) -> bool | None:
        return to_access_analysis(
            analyzers, account=ACCOUNT, region=REGION, collected_at=NOW
        ).external_access_active

    assert judge({"name": "a", "type": "ACCOUNT", "status": "ACTIVE"}) is True
    assert judge({"name": "o", "type": "ORGANIZATION", "status": "ACTIVE"}) is True
    assert judge({"name": "u", "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"}) is False
    assert judge({"name": "i", "type": "ACCOUNT_INTERNAL_ACCESS", "status": "ACTIVE"}) is False
    assert judge({"name": "c", "type": "ACCOUNT", "status": "CREATING"}) is False
    assert judge({"name": "d", "type": "ACCOUNT", "status": "DISABLED"}) is False
    assert judge() is False


def test_access_analyzer_unimplemented_by_moto_is_unknown(aws_session: AwsSession):
    [error] = collect_access_analysis(aws_session, REGION)  # moto: 404 "Not yet implemented"
    assert isinstance(error, CollectionError)
    assert (error.cause, error.permission, error.resource) == (
        "NotImplemented", "access-analyzer:ListAnalyzers", "AccessAnalysis",
    )  # fmt: skip
    result = run_scan(PROVIDER, aws_session, load().select(ids=["IAM-501"]), [REGION])
    [finding] = result.findings
    assert finding.status is Status.UNKNOWN
    assert finding.reason.startswith("not evaluated: NotImplemented")


def test_security_hub_not_subscribed_is_disabled_then_enabled(aws_session: AwsSession):
    [off] = collect_posture_management(aws_session, REGION)
    assert isinstance(off, PostureManagement)
    assert off.enabled is False
    aws_session.boto.client("securityhub", region_name=REGION).enable_security_hub()
    [on] = collect_posture_management(aws_session, REGION)
    assert isinstance(on, PostureManagement)
    assert on.enabled is True


def test_macie_status():
    def judge(session: dict[str, str] | None) -> bool | None:
        return to_data_discovery(session, account=ACCOUNT, region=REGION, collected_at=NOW).enabled

    # Macie API reference, GetMacieSession: status PAUSED | ENABLED.
    assert judge({"status": "ENABLED"}) is True
    assert judge({"status": "PAUSED"}) is False
    assert judge(None) is False


def test_macie_on_moto(aws_session: AwsSession):
    macie = aws_session.boto.client("macie2", region_name=REGION)
    macie.enable_macie()
    [on] = collect_data_discovery(aws_session, REGION)
    assert isinstance(on, DataDiscovery)
    assert on.enabled is True
    macie.disable_macie()
    [off] = collect_data_discovery(aws_session, REGION)
    assert isinstance(off, DataDiscovery)
    assert off.enabled is False


@pytest.fixture
def managed_policies_session(aws_env, monkeypatch) -> Iterator[AwsSession]:
    # moto creates AWS managed policies (AWSSupportAccess among them) only when asked to
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    with mock_aws():
        session = AwsSession.from_config(region=REGION, concurrency=2)
        yield session
        session.close()


def test_support_role_on_moto(managed_policies_session: AwsSession):
    aws_session = managed_policies_session
    [none] = collect_support_access(aws_session, "global")
    assert isinstance(none, SupportAccess)
    assert (none.roles, none.users) == ((), ())
    iam = aws_session.boto.client("iam", region_name=REGION)
    iam.create_role(RoleName="support-desk", AssumeRolePolicyDocument="{}")
    iam.attach_role_policy(
        RoleName="support-desk", PolicyArn="arn:aws:iam::aws:policy/AWSSupportAccess"
    )
    [some] = collect_support_access(aws_session, "global")
    assert isinstance(some, SupportAccess)
    assert some.roles == ("support-desk",)
