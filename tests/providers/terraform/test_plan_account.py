# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Account- and region-level AWS settings in plans (providers/terraform/aws_account.py):
near-miss twins on both sides of every attribute the checks read, each citing the AWS
provider page (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<r>),
the region taken from the provider configuration that manages the resource, and what a
plan does not claim (nothing is yielded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanner.api import ScanResult, Status, scan
from tests.providers.terraform.plans import Res, plan, ref, write


def _scan(tmp_path: Path, *resources: Res, document: dict[str, Any] | None = None) -> ScanResult:
    return scan("terraform", snapshot=write(tmp_path / "plan.json", document or plan(*resources)))


def _findings(result: ScanResult, check: str) -> list[tuple[str, Status, str, str]]:
    return [
        (f.resource_uid, f.status, f.region, f.reason)
        for f in result.findings
        if f.check_id == check
    ]


def _verdict(result: ScanResult, address: str, check: str) -> Status:
    found = [s for uid, s, _, _ in _findings(result, check) if uid == address]
    assert len(found) == 1, _findings(result, check)
    return found[0]


# One row per twin: the resource(s), the check, the address judged, the verdict.
TWINS = [
    # aws_guardduty_detector: `enable` "Defaults to true"; false "is equivalent to suspending"
    ([Res("aws_guardduty_detector", "d", {})], "LOG-010", Status.PASS),
    ([Res("aws_guardduty_detector", "d", {"enable": True})], "LOG-010", Status.PASS),
    ([Res("aws_guardduty_detector", "d", {"enable": False})], "LOG-010", Status.FAIL),
    # features do not switch the detector off (registry: aws_guardduty_detector_feature)
    ([Res("aws_guardduty_detector", "d", {"enable": True, "datasources": [{"s3_logs": [{"enable": False}]}]}),
      Res("aws_guardduty_detector_feature", "f", {"name": "S3_DATA_EVENTS", "status": "DISABLED"}, expressions={"detector_id": ref("aws_guardduty_detector.d.id")})],
     "LOG-010", Status.PASS),
    ([Res("aws_guardduty_detector", "d", {}, unknown={"enable": True}, expressions={"enable": ref("var.on")})], "LOG-010", Status.UNKNOWN),
    # aws_securityhub_account enables the hub; standards are not what LOG-501 judges
    ([Res("aws_securityhub_account", "h", {})], "LOG-501", Status.PASS),
    ([Res("aws_securityhub_account", "h", {"enable_default_standards": False})], "LOG-501", Status.PASS),
    # aws_macie2_account: `status` ENABLED or PAUSED (EnableMacie's default: ENABLED)
    ([Res("aws_macie2_account", "m", {})], "STOR-501", Status.PASS),
    ([Res("aws_macie2_account", "m", {"status": "ENABLED"})], "STOR-501", Status.PASS),
    ([Res("aws_macie2_account", "m", {"status": "PAUSED"})], "STOR-501", Status.FAIL),
    ([Res("aws_macie2_account", "m", {}, unknown={"status": True}, expressions={"status": ref("var.s")})], "STOR-501", Status.UNKNOWN),
    # aws_ebs_encryption_by_default: `enabled` "Defaults to true"
    ([Res("aws_ebs_encryption_by_default", "e", {})], "STOR-011", Status.PASS),
    ([Res("aws_ebs_encryption_by_default", "e", {"enabled": False})], "STOR-011", Status.FAIL),
    ([Res("aws_ebs_encryption_by_default", "e", {}, unknown={"enabled": True}, expressions={"enabled": ref("var.e")})], "STOR-011", Status.UNKNOWN),
    # the default key and the snapshot block do not turn encryption by default on
    ([Res("aws_ebs_encryption_by_default", "e", {"enabled": False}), Res("aws_ebs_default_kms_key", "k", {"key_arn": "arn:aws:kms:eu-west-1:111122223333:key/k"}),
      Res("aws_ebs_snapshot_block_public_access", "s", {"state": "block-all-sharing"})], "STOR-011", Status.FAIL),
    # aws_ec2_instance_metadata_defaults: http_tokens / http_endpoint default "no-preference"
    ([Res("aws_ec2_instance_metadata_defaults", "i", {"http_tokens": "required"})], "VM-503", Status.PASS),
    ([Res("aws_ec2_instance_metadata_defaults", "i", {"http_tokens": "optional"})], "VM-503", Status.FAIL),
    ([Res("aws_ec2_instance_metadata_defaults", "i", {})], "VM-503", Status.FAIL),
    ([Res("aws_ec2_instance_metadata_defaults", "i", {"http_tokens": "no-preference", "http_endpoint": "disabled"})], "VM-503", Status.PASS),
    ([Res("aws_ec2_instance_metadata_defaults", "i", {"http_tokens": "optional", "http_endpoint": "enabled"})], "VM-503", Status.FAIL),
    ([Res("aws_ec2_instance_metadata_defaults", "i", {"http_endpoint": "no-preference"}, unknown={"http_tokens": True}, expressions={"http_tokens": ref("var.t")})], "VM-503", Status.UNKNOWN),
    # aws_s3_account_public_access_block: every flag defaults to false; all four needed
    ([Res("aws_s3_account_public_access_block", "a", dict.fromkeys(("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"), True))], "STOR-007", Status.PASS),
    *[([Res("aws_s3_account_public_access_block", "a", {**dict.fromkeys(("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"), True), off: False})], "STOR-007", Status.FAIL)
      for off in ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")],
    ([Res("aws_s3_account_public_access_block", "a", dict.fromkeys(("block_public_acls", "ignore_public_acls", "block_public_policy"), True))], "STOR-007", Status.FAIL),
    ([Res("aws_s3_account_public_access_block", "a", dict.fromkeys(("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"), True), unknown={"restrict_public_buckets": True},
          expressions={"restrict_public_buckets": ref("var.r")})], "STOR-007", Status.UNKNOWN),
]  # fmt: skip


@pytest.mark.parametrize(("resources", "check", "expected"), TWINS)
def test_region_setting_twins(tmp_path, resources, check, expected):
    result = _scan(tmp_path, *resources)
    assert _verdict(result, resources[0].address, check) is expected


def test_unknown_names_the_attribute(tmp_path):
    result = _scan(
        tmp_path,
        Res(
            "aws_guardduty_detector",
            "d",
            {},
            unknown={"enable": True},
            expressions={"enable": ref("var.on")},
        ),
    )
    [(_, status, _, reason)] = _findings(result, "LOG-010")
    assert status is Status.UNKNOWN
    assert "known after apply: aws_guardduty_detector.d.enable" in reason


# -- the region: of the provider configuration that manages the resource ----------------------


def _aliased(document: dict[str, Any], key: str, region: str | None) -> dict[str, Any]:
    """Every resource managed by provider configuration ``key`` (an alias, say), whose
    region is ``region`` (None: not written in the configuration, e.g. AWS_REGION)."""
    name, _, alias = key.partition(".")
    config: dict[str, Any] = {
        "name": name,
        "full_name": "registry.terraform.io/hashicorp/aws",
        "expressions": {},
    }
    if alias:
        config["alias"] = alias
    if region is not None:
        config["expressions"]["region"] = {"constant_value": region}
    document["configuration"]["provider_config"][key] = config
    for resource in document["configuration"]["root_module"]["resources"]:
        resource["provider_config_key"] = key
    return document


def test_region_of_the_aliased_provider(tmp_path):
    document = _aliased(
        plan(Res("aws_guardduty_detector", "d", {"enable": False})), "aws.tokyo", "ap-northeast-1"
    )
    [(_, status, region, _)] = _findings(_scan(tmp_path, document=document), "LOG-010")
    assert (status, region) == (Status.FAIL, "ap-northeast-1")


def test_region_of_the_default_provider(tmp_path):
    [(_, _, region, _)] = _findings(_scan(tmp_path, Res("aws_macie2_account", "m", {})), "STOR-501")
    assert region == "eu-west-1"


def test_region_from_the_environment_is_unknown_not_guessed(tmp_path):
    # the default provider's region is written; the alias managing the hub has none (the
    # environment or a profile decides it at apply time): never the default's region
    document = _aliased(plan(Res("aws_securityhub_account", "h", {})), "aws.other", None)
    [(_, status, region, _)] = _findings(_scan(tmp_path, document=document), "LOG-501")
    assert (status, region) == (Status.PASS, "unknown")


def test_region_argument_of_provider_v6(tmp_path):
    # AWS provider v6: every resource has `region`, defaulting to the provider's
    result = _scan(
        tmp_path,
        Res(
            "aws_ec2_instance_metadata_defaults",
            "i",
            {"http_tokens": "required", "region": "us-east-2"},
        ),
    )
    [(_, status, region, _)] = _findings(result, "VM-503")
    assert (status, region) == (Status.PASS, "us-east-2")


def test_region_argument_known_after_apply_falls_back_to_the_provider(tmp_path):
    result = _scan(
        tmp_path,
        Res("aws_ebs_encryption_by_default", "e", {"enabled": True}, unknown={"region": True}),
    )
    [(_, status, region, _)] = _findings(result, "STOR-011")
    assert (status, region) == (Status.PASS, "eu-west-1")


def test_regions_are_judged_apart(tmp_path):
    document = plan(
        Res("aws_guardduty_detector", "east", {"enable": True}),
        Res("aws_guardduty_detector", "west", {"enable": False}),
    )
    document["configuration"]["provider_config"]["aws.west"] = {
        "name": "aws", "alias": "west", "expressions": {"region": {"constant_value": "us-west-2"}}}  # fmt: skip
    document["configuration"]["root_module"]["resources"][1]["provider_config_key"] = "aws.west"
    found = {
        uid: (status, region)
        for uid, status, region, _ in _findings(_scan(tmp_path, document=document), "LOG-010")
    }
    assert found == {"aws_guardduty_detector.east": (Status.PASS, "eu-west-1"),
                     "aws_guardduty_detector.west": (Status.FAIL, "us-west-2")}  # fmt: skip


def test_nothing_managed_nothing_claimed(tmp_path):
    result = _scan(tmp_path, Res("aws_s3_bucket", "b", {"bucket": "acme-unrelated"}))
    for check in (
        "LOG-009",
        "LOG-010",
        "LOG-501",
        "STOR-501",
        "STOR-011",
        "VM-503",
        "STOR-007",
        "IAM-501",
        "IAM-502",
    ):
        assert _findings(result, check) == [], check


# -- AWS Config: recorder + recorder status + delivery channel -----------------------------------

RECORDER = Res(
    "aws_config_configuration_recorder",
    "r",
    {"name": "main", "role_arn": "arn:aws:iam::111122223333:role/config"},
)
CHANNEL = Res(
    "aws_config_delivery_channel",
    "c",
    {"name": "main", "s3_bucket_name": "acme-config"},
    expressions={"s3_bucket_name": {"constant_value": "acme-config"}},
)


def _status(enabled: Any, *, unknown: bool = False) -> Res:
    expressions: dict[str, Any] = {"name": ref("aws_config_configuration_recorder.r.name")}
    expressions["is_enabled"] = ref("var.on") if unknown else {"constant_value": enabled}
    return Res("aws_config_configuration_recorder_status", "s", {"name": "main", "is_enabled": enabled},
               unknown={"is_enabled": True} if unknown else {}, expressions=expressions)  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "expected", "reason"),
    [
        # registry: aws_config_configuration_recorder_status, `is_enabled`; starting
        # "requires a Delivery Channel to be present"
        ([RECORDER, _status(True), CHANNEL], Status.PASS, "records every supported"),
        ([RECORDER, _status(False), CHANNEL], Status.FAIL, "no configuration recorder is recording"),
        # registry: aws_config_configuration_recorder "does not start the created recorder"
        ([RECORDER, CHANNEL], Status.FAIL, "no configuration recorder is recording"),
        ([RECORDER, _status(None, unknown=True), CHANNEL], Status.UNKNOWN, "aws_config_configuration_recorder_status.s.is_enabled"),
        # enabled, but nothing in the plan gives the recorder a delivery channel to start with
        ([RECORDER, _status(True)], Status.UNKNOWN, "no aws_config_delivery_channel in the plan"),
        # an existing recorder whose status Terraform does not manage
        ([Res("aws_config_configuration_recorder", "r", {"name": "main"}, actions=("no-op",))], Status.UNKNOWN, "no aws_config_configuration_recorder_status"),
        # recording_group.all_supported "Defaults to true"; false + resource_types: some types
        ([Res("aws_config_configuration_recorder", "r", {"name": "main", "recording_group": [{"all_supported": True, "include_global_resource_types": True}]}), _status(True), CHANNEL],
         Status.PASS, "records every supported"),
        ([Res("aws_config_configuration_recorder", "r", {"name": "main", "recording_group": [{"all_supported": False, "resource_types": ["AWS::S3::Bucket"]}]}), _status(True), CHANNEL],
         Status.FAIL, "records every supported resource type"),
        ([Res("aws_config_configuration_recorder", "r", {"name": "main", "recording_group": [{"all_supported": False, "exclusion_by_resource_types": [{"resource_types": ["AWS::S3::Bucket"]}],
               "recording_strategy": [{"use_only": "EXCLUSION_BY_RESOURCE_TYPES"}]}]}), _status(True), CHANNEL], Status.FAIL, "records every supported resource type"),
        ([Res("aws_config_configuration_recorder", "r", {"name": "main", "recording_group": [{"all_supported": False, "recording_strategy": [{"use_only": "ALL_SUPPORTED_RESOURCE_TYPES"}]}]}), _status(True), CHANNEL],
         Status.PASS, "records every supported"),
        ([Res("aws_config_configuration_recorder", "r", {"name": "main"}, unknown={"recording_group": True}, expressions={"name": {"constant_value": "main"}, "recording_group": [{"all_supported": ref("var.all")}]}), _status(True), CHANNEL],
         Status.UNKNOWN, "aws_config_configuration_recorder.r.recording_group"),
    ],
)  # fmt: skip
def test_config_recording_twins(tmp_path, resources, expected, reason):
    result = _scan(tmp_path, *resources)
    [(uid, status, _, why)] = _findings(result, "LOG-009")
    assert (uid, status) == ("aws_config_configuration_recorder.r", expected)
    assert reason in why


def test_config_status_joined_by_literal_name(tmp_path):
    # `name = "main"` written as a literal joins the status to the recorder named main
    status = Res(
        "aws_config_configuration_recorder_status", "s", {"name": "main", "is_enabled": False}
    )
    [(_, verdict, _, _)] = _findings(_scan(tmp_path, RECORDER, status, CHANNEL), "LOG-009")
    assert verdict is Status.FAIL


def test_config_recorder_name_defaults_to_default(tmp_path):
    # the schema default is in the planned values, not in the configuration's expressions
    recorder = Res(
        "aws_config_configuration_recorder",
        "r",
        {"name": "default", "role_arn": "arn:aws:iam::111122223333:role/config"},
        expressions={"role_arn": {"constant_value": "arn:aws:iam::111122223333:role/config"}},
    )
    status = Res(
        "aws_config_configuration_recorder_status", "s", {"name": "default", "is_enabled": True}
    )
    [(_, verdict, _, _)] = _findings(_scan(tmp_path, recorder, status, CHANNEL), "LOG-009")
    assert verdict is Status.PASS


# -- IAM Access Analyzer: ACCOUNT / ORGANIZATION pass; unused-access analyzers claim nothing ----


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # registry: aws_accessanalyzer_analyzer, `type` "Defaults to ACCOUNT"
        ({"analyzer_name": "a"}, [Status.PASS]),
        ({"analyzer_name": "a", "type": "ACCOUNT"}, [Status.PASS]),
        ({"analyzer_name": "a", "type": "ORGANIZATION"}, [Status.PASS]),
        # unused-access analyzers do not find external access; other analyzers outside the
        # plan may still cover the region: no claim
        ({"analyzer_name": "a", "type": "ACCOUNT_UNUSED_ACCESS"}, []),
        ({"analyzer_name": "a", "type": "ORGANIZATION_UNUSED_ACCESS"}, []),
    ],
)  # fmt: skip
def test_access_analyzer_twins(tmp_path, values, expected):
    result = _scan(tmp_path, Res("aws_accessanalyzer_analyzer", "a", values))
    assert [s for _, s, _, _ in _findings(result, "IAM-501")] == expected


def test_access_analyzers_one_finding_per_region(tmp_path):
    result = _scan(tmp_path, Res("aws_accessanalyzer_analyzer", "a", {"analyzer_name": "a"}),
                   Res("aws_accessanalyzer_analyzer", "b", {"analyzer_name": "b", "type": "ACCOUNT_UNUSED_ACCESS"}))  # fmt: skip
    [(uid, status, region, reason)] = _findings(result, "IAM-501")
    assert (uid, status, region) == ("aws_accessanalyzer_analyzer.a", Status.PASS, "eu-west-1")
    assert reason.endswith(": a")


# -- the AWS Support role ---------------------------------------------------------------------

SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"
ROLE = Res("aws_iam_role", "support", {"name": "support-desk", "assume_role_policy": "{}"})


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        # a role attachment proves a support role exists after apply
        ([ROLE, Res("aws_iam_role_policy_attachment", "s", {"role": "support-desk", "policy_arn": SUPPORT},
                    expressions={"role": ref("aws_iam_role.support.name"), "policy_arn": {"constant_value": SUPPORT}})], [Status.PASS]),
        ([Res("aws_iam_role_policy_attachment", "s", {"policy_arn": "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"}, unknown={"role": True},
              expressions={"role": ref("aws_iam_role.support.name"), "policy_arn": {"constant_value": "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"}})], [Status.PASS]),
        # another managed policy, or a customer policy of the same name: no claim
        ([ROLE, Res("aws_iam_role_policy_attachment", "s", {"role": "support-desk", "policy_arn": "arn:aws:iam::aws:policy/AWSSupportServiceRolePolicy"})], []),
        ([ROLE, Res("aws_iam_role_policy_attachment", "s", {"role": "support-desk", "policy_arn": "arn:aws:iam::111122223333:policy/AWSSupportAccess"})], []),
        # a user attachment (non-exclusive): a role outside the plan may hold it: no claim
        ([Res("aws_iam_user_policy_attachment", "s", {"user": "alice", "policy_arn": SUPPORT})], []),
        # registry: aws_iam_role `managed_policy_arns` (exclusive for the role)
        ([Res("aws_iam_role", "support", {"name": "support-desk", "assume_role_policy": "{}", "managed_policy_arns": [SUPPORT]})], [Status.PASS]),
        # registry: aws_iam_policy_attachment "creates exclusive attachments ... Across the
        # entire AWS account": its lists are the whole answer, failing too
        ([Res("aws_iam_policy_attachment", "x", {"name": "support", "policy_arn": SUPPORT, "roles": ["support-desk"], "users": [], "groups": []})], [Status.PASS]),
        ([Res("aws_iam_policy_attachment", "x", {"name": "support", "policy_arn": SUPPORT, "roles": [], "users": ["alice"], "groups": ["ops"]})], [Status.FAIL]),
        ([Res("aws_iam_policy_attachment", "x", {"name": "support", "policy_arn": SUPPORT, "users": ["alice"]})], [Status.FAIL]),
        ([Res("aws_iam_policy_attachment", "x", {"name": "support", "policy_arn": SUPPORT, "users": ["alice"]}, unknown={"roles": True},
              expressions={"policy_arn": {"constant_value": SUPPORT}, "roles": ref("aws_iam_role.r.name")})], [Status.UNKNOWN]),
        ([Res("aws_iam_policy_attachment", "x", {"name": "other", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "users": ["alice"]})], []),
    ],
)  # fmt: skip
def test_support_access_twins(tmp_path, resources, expected):
    result = _scan(tmp_path, *resources)
    assert [s for _, s, _, _ in _findings(result, "IAM-502")] == expected


def test_support_access_changed_only(tmp_path):
    attachment = Res(
        "aws_iam_role_policy_attachment",
        "s",
        {"role": "support-desk", "policy_arn": SUPPORT},
        actions=("no-op",),
    )
    path = write(tmp_path / "plan.json", plan(attachment))
    assert [
        f
        for f in scan("terraform", snapshot=path, changed_only=True).findings
        if f.check_id == "IAM-502"
    ] == []
    assert [
        f.status for f in scan("terraform", snapshot=path).findings if f.check_id == "IAM-502"
    ] == [Status.PASS]


def test_region_of_a_module_provider_configuration(tmp_path):
    # a child module with its own provider block: provider_config_key "module.m:aws"
    document = plan(Res("aws_guardduty_detector", "d", {"enable": True}, module="module.m"))
    document["configuration"]["provider_config"]["module.m:aws"] = {
        "name": "aws", "module_address": "module.m", "expressions": {"region": {"constant_value": "sa-east-1"}}}  # fmt: skip
    document["configuration"]["root_module"]["module_calls"]["m"]["module"]["resources"][0][
        "provider_config_key"
    ] = "module.m:aws"
    [(uid, status, region, _)] = _findings(_scan(tmp_path, document=document), "LOG-010")
    assert (uid, status, region) == ("module.m.aws_guardduty_detector.d", Status.PASS, "sa-east-1")


def test_region_from_a_variable_is_unknown(tmp_path):
    document = plan(Res("aws_macie2_account", "m", {"status": "PAUSED"}))
    document["configuration"]["provider_config"]["aws"]["expressions"]["region"] = {
        "references": ["var.region"]
    }
    [(_, status, region, _)] = _findings(_scan(tmp_path, document=document), "STOR-501")
    assert (status, region) == (Status.FAIL, "unknown")


def test_standards_subscription_alone_claims_nothing(tmp_path):
    # registry: aws_securityhub_standards_subscription needs the hub; the plan does not enable it
    subscription = Res(
        "aws_securityhub_standards_subscription",
        "cis",
        {
            "standards_arn": "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0"
        },
    )
    assert _findings(_scan(tmp_path, subscription), "LOG-501") == []


def test_analyzer_type_known_after_apply_claims_nothing(tmp_path):
    analyzer = Res(
        "aws_accessanalyzer_analyzer",
        "a",
        {"analyzer_name": "a"},
        unknown={"type": True},
        expressions={"analyzer_name": {"constant_value": "a"}, "type": ref("var.kind")},
    )
    assert _findings(_scan(tmp_path, analyzer), "IAM-501") == []
