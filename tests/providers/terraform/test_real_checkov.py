"""Real `terraform show -json` outputs from checkov's and regula's test data (fixtures/checkov/
PROVENANCE.md): each is parsed as Terraform wrote it and judged by the mappers."""

from __future__ import annotations

from pathlib import Path

import pytest

from providers.terraform.plan import load_plan
from scanner.api import ScanResult, Status, scan

FIXTURES = Path(__file__).parent / "fixtures" / "checkov"


def _scan(name: str) -> ScanResult:
    return scan("terraform", snapshot=FIXTURES / name)


def _verdicts(result: ScanResult) -> dict[tuple[str, str], Status]:
    return {(f.resource_uid, f.check_id): f.status for f in result.findings}


def test_iam_users_groups_and_policies():
    """aws_iam_user with an aws_iam_user_policy from an aws_iam_policy_document (iam:*)."""
    verdicts = _verdicts(_scan("plan_with_iam_policies__tfplan.json"))
    user = "aws_iam_user.fail_3"
    assert verdicts[(user, "IAM-009")] is Status.FAIL  # an inline policy on the user
    assert verdicts[(user, "IAM-019")] is Status.FAIL  # iam:* lets it escalate
    assert verdicts[(user, "IAM-004")] is Status.PASS  # iam:* is not *:*
    assert verdicts[(user, "IAM-001")] is Status.NOT_APPLICABLE  # no login profile
    assert verdicts[("aws_iam_role.example", "IAM-020")] is Status.FAIL
    assert verdicts[("aws_iam_policy.policy_pass", "IAM-007")] is Status.PASS


def test_ecs_task_definition_container_definitions():
    verdicts = _verdicts(_scan("aws__ecs_tfplan.json"))
    task = "aws_ecs_task_definition.service"
    assert {c for (uid, c) in verdicts if uid == task} >= {"CTR-001", "CTR-002", "CTR-006"}
    assert verdicts[(task, "CTR-002")] is Status.FAIL  # no readonlyRootFilesystem


def test_log_group_without_retention_or_key():
    verdicts = _verdicts(_scan("plan_root_module_resources_no_values__tfplan_route53.json"))
    group = "aws_cloudwatch_log_group.aws_route53_example_com"
    assert verdicts[(group, "LOG-008")] is Status.FAIL  # no customer key


def test_a_replaced_secret_is_judged_as_new():
    """``actions: ["create", "delete"]`` (create_before_destroy): what will exist is new."""
    plan = load_plan(FIXTURES / "plan_with_deleted_resources__tfplan.json")
    (secret,) = plan.resources
    assert secret.actions == ("create", "delete")
    assert secret.created
    verdicts = _verdicts(_scan("plan_with_deleted_resources__tfplan.json"))
    assert verdicts[("aws_secretsmanager_secret.default", "SVC-005")] is Status.FAIL


def test_for_each_module_instances():
    verdicts = _verdicts(_scan("plan_with_for_each_for_enrichment__tf_plan.json"))
    groups = {uid for (uid, _) in verdicts if "aws_security_group" in uid}
    assert groups == {
        f'module.sg["{key}"].aws_security_group.bad'
        for key in ("awful_example", "bad_example", "terrible_example")
    }


def test_nested_child_modules_join_their_bucket_resources():
    plan = load_plan(FIXTURES / "plan_nested_child_modules_with_connections__tfplan.json")
    assert any(r.module.count("module.") >= 2 for r in plan.resources)
    verdicts = _verdicts(_scan("plan_nested_child_modules_with_connections__tfplan.json"))
    assert {uid for (uid, _) in verdicts} == {"arn:aws:s3:::my-s3-bucket", "arn:aws:s3:::testing"}


def test_cloudfront_without_its_required_blocks_is_not_judged():
    """checkov's fragment plan has only ``logging_config``: the distribution is UNKNOWN."""
    result = _scan("plan_after_unknown__tfplan.json")
    assert {f.status for f in result.findings} == {Status.UNKNOWN}
    assert result.errors
    assert "default_cache_behavior" in result.errors[0].message


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.glob("*.json")), ids=lambda n: n.split("__")[0]
)
def test_every_real_plan_scans_without_error(name):
    result = _scan(name)
    assert not [f for f in result.findings if f.status is Status.ERROR]


def test_regula_cloudtrail_with_a_separate_bucket_logging_resource():
    """regula's issue355 plan (fixtures/regula/PROVENANCE.md): the trail's bucket logs
    through a separate ``aws_s3_bucket_logging``; the log bucket itself does not."""
    result = scan("terraform", snapshot=FIXTURES.parent / "regula" / "issue355_infra.json")
    by_name = {(f.resource_name, f.check_id): f.status for f in result.findings}
    assert by_name[("aws_s3_bucket.cloudtrail", "STOR-006")] is Status.PASS
    assert by_name[("aws_s3_bucket.logging", "STOR-006")] is Status.FAIL
    assert by_name[("aws_cloudtrail.cloudtrail", "LOG-002")] is Status.FAIL
    assert by_name[("aws_cloudtrail.cloudtrail", "LOG-301")] is Status.PASS
