# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree on account- and region-level settings: GuardDuty, AWS Config
recording, Security Hub, Macie, EBS encryption by default, the S3 account block and the AWS
Support role, each planned and seeded in moto as the AWS provider would apply it.

Not here: IAM Access Analyzer (AccessAnalysis) and EC2 instance metadata defaults
(InstanceDefaults): moto implements neither ListAnalyzers nor
GetInstanceMetadataDefaults (providers/aws/simulated.py SIMULATOR_GAPS), so the live side
cannot be seeded; their plan verdicts are pinned by tests/providers/terraform/test_plan_account.py.
Security Hub has only a compliant pair: a plan cannot represent a disabled hub (deleting
``aws_securityhub_account`` disables it, and deletions are not judged; without the
resource the plan makes no claim).
"""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from scanner.api import Status, scan
from tests.providers.terraform.plans import Res, plan, ref, write
from tests.providers.terraform.test_parity_moto import REGION

PAB_KEYS = (
    "block_public_acls",
    "ignore_public_acls",
    "block_public_policy",
    "restrict_public_buckets",
)
SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"


@pytest.fixture
def managed_policies(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto with AWS managed policies (AWSSupportAccess among them), created only on request."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    with mock_aws():
        yield


def _verdicts(result, match: str) -> dict[str, Status]:
    return {
        f.check_id: f.status
        for f in result.findings
        if match in f.resource_uid or match in f.resource_name
    }


def _live(checks: list[str], match: str) -> dict[str, Status]:
    return _verdicts(scan("aws", regions=[REGION], checks=checks), match)


def _planned(tmp_path, checks: list[str], *resources: Res, match: str) -> dict[str, Status]:
    path = write(tmp_path / "plan.json", plan(*resources, region=REGION))
    return _verdicts(scan("terraform", snapshot=path, checks=checks), match)


@pytest.mark.parametrize("enable", [True, False])
def test_guardduty_detector(mocked_aws, tmp_path, enable):
    planned = _planned(
        tmp_path,
        ["LOG-010"],
        Res("aws_guardduty_detector", "d", {"enable": enable}, unknown={"id": True, "arn": True}),
        match="aws_guardduty_detector.d",
    )
    boto3.client("guardduty", region_name=REGION).create_detector(Enable=enable)
    live = _live(["LOG-010"], f"arn:aws:guardduty:{REGION}:")
    assert planned == live == {"LOG-010": Status.PASS if enable else Status.FAIL}


@pytest.mark.parametrize("start", [True, False])
def test_config_recorder_with_status_and_channel(mocked_aws, tmp_path, start):
    role = "arn:aws:iam::123456789012:role/config-recorder"
    planned = _planned(
        tmp_path, ["LOG-009"],
        Res("aws_config_configuration_recorder", "r", {"name": "main", "role_arn": role, "recording_group": [{"all_supported": True, "include_global_resource_types": True}]}),
        Res("aws_config_delivery_channel", "c", {"name": "main", "s3_bucket_name": "acme-config-parity"}, expressions={"s3_bucket_name": ref("aws_s3_bucket.c.bucket")}),
        Res("aws_config_configuration_recorder_status", "s", {"name": "main", "is_enabled": start},
            expressions={"name": ref("aws_config_configuration_recorder.r.name"), "is_enabled": {"constant_value": start}}),
        match="aws_config_configuration_recorder.r",
    )  # fmt: skip
    boto3.client("s3", region_name=REGION).create_bucket(
        Bucket="acme-config-parity", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    config = boto3.client("config", region_name=REGION)
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "main", "roleARN": role,
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})  # fmt: skip
    config.put_delivery_channel(
        DeliveryChannel={"name": "main", "s3BucketName": "acme-config-parity"}
    )
    if start:  # what aws_config_configuration_recorder_status is_enabled = true calls
        config.start_configuration_recorder(ConfigurationRecorderName="main")
    live = _live(["LOG-009"], f"arn:aws:config:{REGION}:")
    assert planned == live == {"LOG-009": Status.PASS if start else Status.FAIL}


def test_config_recorder_of_some_types(mocked_aws, tmp_path):
    role = "arn:aws:iam::123456789012:role/config-recorder"
    group = {
        "all_supported": False,
        "include_global_resource_types": False,
        "resource_types": ["AWS::S3::Bucket"],
    }
    planned = _planned(
        tmp_path, ["LOG-009"],
        Res("aws_config_configuration_recorder", "r", {"name": "main", "role_arn": role, "recording_group": [group]}),
        Res("aws_config_delivery_channel", "c", {"name": "main", "s3_bucket_name": "acme-config-parity"}),
        Res("aws_config_configuration_recorder_status", "s", {"name": "main", "is_enabled": True}, expressions={"name": ref("aws_config_configuration_recorder.r.name"), "is_enabled": {"constant_value": True}}),
        match="aws_config_configuration_recorder.r",
    )  # fmt: skip
    boto3.client("s3", region_name=REGION).create_bucket(
        Bucket="acme-config-parity", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    config = boto3.client("config", region_name=REGION)
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "main", "roleARN": role,
        "recordingGroup": {"allSupported": False, "includeGlobalResourceTypes": False, "resourceTypes": ["AWS::S3::Bucket"]}})  # fmt: skip
    config.put_delivery_channel(
        DeliveryChannel={"name": "main", "s3BucketName": "acme-config-parity"}
    )
    config.start_configuration_recorder(ConfigurationRecorderName="main")
    live = _live(["LOG-009"], f"arn:aws:config:{REGION}:")
    assert planned == live == {"LOG-009": Status.FAIL}


def test_security_hub_account(mocked_aws, tmp_path):
    planned = _planned(
        tmp_path,
        ["LOG-501"],
        Res(
            "aws_securityhub_account",
            "h",
            {"enable_default_standards": False},
            unknown={"arn": True, "id": True},
        ),
        match="aws_securityhub_account.h",
    )
    boto3.client("securityhub", region_name=REGION).enable_security_hub(
        EnableDefaultStandards=False
    )
    live = _live(["LOG-501"], f"arn:aws:securityhub:{REGION}:")
    assert planned == live == {"LOG-501": Status.PASS}


@pytest.mark.parametrize("status", ["ENABLED", "PAUSED"])
def test_macie_account(mocked_aws, tmp_path, status):
    planned = _planned(
        tmp_path,
        ["STOR-501"],
        Res(
            "aws_macie2_account",
            "m",
            {"status": status},
            unknown={"id": True, "service_role": True},
        ),
        match="aws_macie2_account.m",
    )
    boto3.client("macie2", region_name=REGION).enable_macie(status=status)
    live = _live(["STOR-501"], f"arn:aws:macie2:{REGION}:")
    assert planned == live == {"STOR-501": Status.PASS if status == "ENABLED" else Status.FAIL}


@pytest.mark.parametrize("enabled", [True, False])
def test_ebs_encryption_by_default(mocked_aws, tmp_path, enabled):
    planned = _planned(
        tmp_path,
        ["STOR-011"],
        Res("aws_ebs_encryption_by_default", "e", {"enabled": enabled}),
        match="aws_ebs_encryption_by_default.e",
    )
    ec2 = boto3.client("ec2", region_name=REGION)
    if enabled:
        ec2.enable_ebs_encryption_by_default()
    else:  # what the provider calls for enabled = false
        ec2.disable_ebs_encryption_by_default()
    live = _live(["STOR-011"], "ebs-encryption-by-default")
    assert planned == live == {"STOR-011": Status.PASS if enabled else Status.FAIL}


@pytest.mark.parametrize("restrict", [True, False])
def test_s3_account_public_access_block(mocked_aws, tmp_path, restrict):
    flags = {**dict.fromkeys(PAB_KEYS, True), "restrict_public_buckets": restrict}
    planned = _planned(
        tmp_path,
        ["STOR-007"],
        Res("aws_s3_account_public_access_block", "a", flags, unknown={"account_id": True}),
        match="aws_s3_account_public_access_block.a",
    )
    boto3.client("s3control", region_name=REGION).put_public_access_block(
        AccountId="123456789012",
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True,
                                        "BlockPublicPolicy": True, "RestrictPublicBuckets": restrict},
    )  # fmt: skip
    live = _live(["STOR-007"], "arn:aws:s3:::account/")
    assert planned == live == {"STOR-007": Status.PASS if restrict else Status.FAIL}


@pytest.mark.parametrize("to_role", [True, False])
def test_support_access_exclusive_attachment(managed_policies, tmp_path, to_role):
    entities = (
        {"roles": ["support-desk"], "users": []} if to_role else {"roles": [], "users": ["alice"]}
    )
    planned = _planned(
        tmp_path, ["IAM-502"],
        Res("aws_iam_policy_attachment", "support", {"name": "support", "policy_arn": SUPPORT, "groups": [], **entities}),
        match="aws_iam_policy_attachment.support",
    )  # fmt: skip
    iam = boto3.client("iam", region_name=REGION)
    if to_role:
        iam.create_role(RoleName="support-desk", AssumeRolePolicyDocument="{}")
        iam.attach_role_policy(RoleName="support-desk", PolicyArn=SUPPORT)
    else:
        iam.create_user(UserName="alice")
        iam.attach_user_policy(UserName="alice", PolicyArn=SUPPORT)
    live = _live(["IAM-502"], "support-access")
    assert planned == live == {"IAM-502": Status.PASS if to_role else Status.FAIL}


def test_support_access_role_attachment(managed_policies, tmp_path):
    planned = _planned(
        tmp_path, ["IAM-502"],
        Res("aws_iam_role", "support", {"name": "support-desk", "assume_role_policy": "{}"}, unknown={"arn": True}),
        Res("aws_iam_role_policy_attachment", "support", {"role": "support-desk", "policy_arn": SUPPORT},
            expressions={"role": ref("aws_iam_role.support.name"), "policy_arn": {"constant_value": SUPPORT}}),
        match="aws_iam_role_policy_attachment.support",
    )  # fmt: skip
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(RoleName="support-desk", AssumeRolePolicyDocument="{}")
    iam.attach_role_policy(RoleName="support-desk", PolicyArn=SUPPORT)
    live = _live(["IAM-502"], "support-access")
    assert planned == live == {"IAM-502": Status.PASS}


# -- CloudTrail: the account-wide trail, region coverage, S3 data events ----------------------
# The plan can only prove these covered (a trail outside the plan may cover what the plan's
# trails do not), so each pair is a compliant one; where the live scan fails a setting the
# plan's trails do not cover, the plan makes no claim (LOG-005/006) or says UNKNOWN for the
# event kind no planned trail records (LOG-503), never PASS.


def _seed_trail(multi: bool, selectors: list[dict] | None = None) -> None:
    boto3.client("s3", region_name=REGION).create_bucket(
        Bucket="acme-trail-logs", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    cloudtrail = boto3.client("cloudtrail", region_name=REGION)
    cloudtrail.create_trail(Name="audit", S3BucketName="acme-trail-logs", IsMultiRegionTrail=multi)
    if selectors is not None:
        cloudtrail.put_event_selectors(TrailName="audit", EventSelectors=selectors)
    cloudtrail.start_logging(Name="audit")  # what enable_logging = true (default) calls


@pytest.mark.parametrize("multi", [True, False])
def test_trail_account_wide_and_region_coverage(mocked_aws, tmp_path, multi):
    checks = ["LOG-005", "LOG-006"]
    planned = _planned(
        tmp_path, checks,
        Res("aws_cloudtrail", "audit", {"name": "audit", "s3_bucket_name": "acme-trail-logs", "is_multi_region_trail": multi},
            unknown={"arn": True, "home_region": True}),
        match="aws_cloudtrail.audit",
    )  # fmt: skip
    _seed_trail(multi)
    live = _live(checks, "arn:aws:cloudtrail:")
    assert live == {"LOG-005": Status.PASS, "LOG-006": Status.PASS if multi else Status.FAIL}
    # a single-region trail proves its region covered, and nothing about the account
    assert planned == (
        {"LOG-005": Status.PASS, "LOG-006": Status.PASS} if multi else {"LOG-005": Status.PASS}
    )


def test_trail_write_only_management_events(mocked_aws, tmp_path):
    checks = ["LOG-005", "LOG-006", "LOG-301"]
    selector = {
        "read_write_type": "WriteOnly",
        "include_management_events": True,
        "data_resource": [],
    }
    planned = _planned(
        tmp_path, checks,
        Res("aws_cloudtrail", "audit", {"name": "audit", "s3_bucket_name": "acme-trail-logs", "is_multi_region_trail": True,
                                        "event_selector": [selector]}, unknown={"arn": True}),
        match="aws_cloudtrail.audit",
    )  # fmt: skip
    _seed_trail(True, [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}])
    live = _live(checks, "arn:aws:cloudtrail:")
    assert live == {"LOG-005": Status.FAIL, "LOG-006": Status.FAIL, "LOG-301": Status.FAIL}
    assert planned == {"LOG-301": Status.FAIL}  # the trail fails; the account is not judged


@pytest.mark.parametrize("kind", ["All", "WriteOnly"])
def test_trail_s3_data_events(mocked_aws, tmp_path, kind):
    checks = ["LOG-502", "LOG-503"]
    selector = {"read_write_type": kind, "include_management_events": True,
                "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3:::acme-data/"]}]}  # fmt: skip
    planned = _planned(
        tmp_path, checks,
        Res("aws_s3_bucket", "data", {"bucket": "acme-data"}, unknown={"arn": True, "id": True}),
        Res("aws_cloudtrail", "audit", {"name": "audit", "s3_bucket_name": "acme-trail-logs", "event_selector": [selector]}, unknown={"arn": True}),
        match="acme-data",
    )  # fmt: skip
    boto3.client("s3", region_name=REGION).create_bucket(
        Bucket="acme-data", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    _seed_trail(False, [{"ReadWriteType": kind, "IncludeManagementEvents": True,
                         "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::acme-data/"]}]}])  # fmt: skip
    live = _live(checks, "arn:aws:s3:::acme-data")
    assert live["LOG-502"] is planned["LOG-502"] is Status.PASS
    if kind == "All":
        assert live["LOG-503"] is planned["LOG-503"] is Status.PASS
    else:  # live sees every trail and fails; the plan sees only its own: unknown, not pass
        assert (live["LOG-503"], planned["LOG-503"]) == (Status.FAIL, Status.UNKNOWN)
