# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Edge cases of the AWS service mappers (aws_data, aws_backup_net, aws_users,
aws_databases, aws_compute): defaults, keys of the plan, joins by reference and by
count/for_each key, and values known only after apply (defaults cited in the mappers)."""

from __future__ import annotations

import json

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import verdict_of as _verdict

ADMIN = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


KEY = Res("aws_kms_key", "k", {"enable_key_rotation": True}, unknown={"arn": True, "key_id": True})


@pytest.mark.parametrize(
    ("resource", "check", "expected"),
    [
        # a key of the plan is customer managed before it exists (the live scan learns it
        # from its KmsKey inventory)
        (Res("aws_efs_file_system", "fs", {"encrypted": True}, unknown={"kms_key_id": True},
             expressions={"encrypted": {"constant_value": True}, "kms_key_id": ref("aws_kms_key.k.arn")}), "CRYPTO-604", Status.PASS),
        (Res("aws_efs_file_system", "fs", {"encrypted": True}, unknown={"kms_key_id": True}), "CRYPTO-604", Status.FAIL),
        (Res("aws_efs_file_system", "fs", {}, unknown={"kms_key_id": True}), "STOR-012", Status.FAIL),  # encrypted defaults to false
        (Res("aws_efs_file_system", "fs", {"encrypted": True}), "STOR-012", Status.PASS),
        # a key from outside the plan, known only after apply: its manager is unknown
        (Res("aws_efs_file_system", "fs", {"encrypted": True}, unknown={"kms_key_id": True},
             expressions={"encrypted": {"constant_value": True}, "kms_key_id": ref("data.aws_kms_key.shared.arn")}), "CRYPTO-604", Status.UNKNOWN),
        (Res("aws_cloudwatch_log_group", "g", {"name": "x"}), "LOG-007", Status.PASS),  # retention 0 = never expire
        (Res("aws_cloudwatch_log_group", "g", {"name": "x", "retention_in_days": 364}), "LOG-007", Status.FAIL),
        (Res("aws_cloudwatch_log_group", "g", {"name": "x", "retention_in_days": 365}), "LOG-007", Status.PASS),
        (Res("aws_cloudwatch_log_group", "g", {"name": "x"}, unknown={"retention_in_days": True},
             expressions={"retention_in_days": ref("var.days")}), "LOG-007", Status.UNKNOWN),
        # SSE-SQS on for new queues without encryption settings; unknown for existing ones
        (Res("aws_sqs_queue", "q", {"name": "x"}, unknown={"sqs_managed_sse_enabled": True}), "SVC-001", Status.PASS),
        (Res("aws_sqs_queue", "q", {"name": "x"}, actions=("no-op",)), "SVC-001", Status.UNKNOWN),
        (Res("aws_sqs_queue", "q", {"name": "x", "sqs_managed_sse_enabled": False}), "SVC-001", Status.FAIL),
        (Res("aws_dynamodb_table", "t", {"name": "t", "server_side_encryption": [{"enabled": True, "kms_key_arn": ""}]},
             unknown={"server_side_encryption": [{"kms_key_arn": True}]},
             expressions={"server_side_encryption": [{"enabled": {"constant_value": True}, "kms_key_arn": ref("aws_kms_key.k.arn")}]}), "CRYPTO-603", Status.PASS),
        (Res("aws_dynamodb_table", "t", {"name": "t", "server_side_encryption": [{"enabled": True}]}), "CRYPTO-603", Status.FAIL),
        (Res("aws_dynamodb_table", "t", {"name": "t"}), "CRYPTO-603", Status.FAIL),  # AWS owned key by default
        (Res("aws_backup_vault", "v", {"name": "v"}), "BACKUP-002", Status.FAIL),  # aws/backup by default
        (Res("aws_backup_vault", "v", {"name": "v"}, unknown={"kms_key_arn": True},
             expressions={"kms_key_arn": ref("aws_kms_key.k.arn")}), "BACKUP-002", Status.PASS),
        (Res("aws_backup_plan", "p", {"name": "p", "rule": [{"rule_name": "r", "lifecycle": [{"delete_after": 6}]}]}), "BACKUP-004", Status.FAIL),
        (Res("aws_backup_plan", "p", {"name": "p", "rule": [{"rule_name": "r", "lifecycle": [{"delete_after": 7}]}]}), "BACKUP-004", Status.PASS),
        # Redshift changed these defaults in provider v6: absent is unknown
        (Res("aws_redshift_cluster", "w", {"cluster_identifier": "w"}), "WH-001", Status.UNKNOWN),
        (Res("aws_redshift_cluster", "w", {"cluster_identifier": "w", "encrypted": False}), "WH-001", Status.FAIL),
        (Res("aws_rds_cluster", "c", {"cluster_identifier": "c", "engine": "aurora-mysql"}), "DB-503", Status.FAIL),
        (Res("aws_lb", "lb", {"name": "lb"}), "NET-504", Status.FAIL),  # access_logs off by default
        (Res("aws_lb", "lb", {"name": "lb", "access_logs": [{"bucket": "logs", "enabled": True}]}), "NET-504", Status.PASS),
        (Res("aws_lb", "lb", {"name": "lb", "access_logs": [{"bucket": "logs", "enabled": False}]}), "NET-504", Status.FAIL),
        (Res("aws_lb", "lb", {"name": "lb", "access_logs": [{"bucket": "logs"}]}), "NET-504", Status.FAIL),  # enabled defaults to false
        # Aurora spans zones through its instances
        (Res("aws_rds_cluster", "c", {"cluster_identifier": "c", "engine": "aurora-mysql"}), "DB-509", Status.FAIL),
        (Res("aws_rds_cluster", "c", {"cluster_identifier": "c", "engine": "mysql", "db_cluster_instance_class": "db.m6gd.large"}), "DB-509", Status.PASS),
        (Res("aws_rds_cluster", "c", {"cluster_identifier": "c", "engine": "aurora-mysql"}, actions=("no-op",)), "DB-509", Status.UNKNOWN),
    ],
)  # fmt: skip
def test_defaults_keys_and_unknowns(tmp_path, resource, check, expected):
    status, reason = _verdict(_scan(tmp_path, KEY, resource), resource.address, check)
    assert status is expected, reason


@pytest.mark.parametrize(
    ("zones", "expected"),
    [(("a", "b"), Status.PASS), (("a", "a"), Status.FAIL), (("a", None), Status.UNKNOWN)],
)
def test_aurora_members_in_zones(tmp_path, zones, expected):
    members = [
        Res("aws_rds_cluster_instance", f"m{n}", {"instance_class": "db.r6g.large", "availability_zone": zone and f"eu-west-1{zone}"},
            unknown={"cluster_identifier": True}, expressions={"cluster_identifier": ref("aws_rds_cluster.c.id")})
        for n, zone in enumerate(zones)
    ]  # fmt: skip
    cluster = Res(
        "aws_rds_cluster", "c", {"cluster_identifier": "c", "engine": "aurora-postgresql"}
    )
    assert (
        _verdict(_scan(tmp_path, cluster, *members), "aws_rds_cluster.c", "DB-509")[0] is expected
    )


def test_an_unknown_attribute_is_named_in_the_finding(tmp_path):
    group = Res("aws_cloudwatch_log_group", "g", {"name": "x"}, unknown={"retention_in_days": True},
                expressions={"retention_in_days": ref("var.days")})  # fmt: skip
    status, reason = _verdict(_scan(tmp_path, group), group.address, "LOG-007")
    assert status is Status.UNKNOWN
    assert "known after apply: aws_cloudwatch_log_group.g.retention_in_days" in reason


@pytest.mark.parametrize(("actions", "flow_log", "expected"), [
    (("create",), False, Status.FAIL),
    (("no-op",), False, Status.UNKNOWN),  # a flow log may exist outside this configuration
    (("no-op",), True, Status.PASS),
])  # fmt: skip
def test_vpc_flow_logs(tmp_path, actions, flow_log, expected):
    resources = [Res("aws_vpc", "v", {"cidr_block": "10.0.0.0/16"}, actions=actions)]
    if flow_log:
        resources.append(Res("aws_flow_log", "f", {"traffic_type": "ALL"}, unknown={"vpc_id": True},
                             expressions={"vpc_id": ref("aws_vpc.v.id")}))  # fmt: skip
    assert _verdict(_scan(tmp_path, *resources), "aws_vpc.v", "NET-001")[0] is expected


def test_flow_logs_join_by_count_index(tmp_path):
    vpcs = [Res("aws_vpc", "v", {"cidr_block": f"10.{i}.0.0/16"}, index=i) for i in (0, 1)]
    # ``vpc_id = aws_vpc.v[count.index].id``: Terraform lists the resource and count.index
    log = Res("aws_flow_log", "f", {"traffic_type": "ALL"}, index=1, unknown={"vpc_id": True},
              expressions={"vpc_id": {"references": ["aws_vpc.v", "count.index"]}})  # fmt: skip
    result = _scan(tmp_path, *vpcs, log)
    assert _verdict(result, "aws_vpc.v[0]", "NET-001")[0] is Status.FAIL
    assert _verdict(result, "aws_vpc.v[1]", "NET-001")[0] is Status.PASS


def test_user_with_a_policy_known_after_apply_is_not_judged(tmp_path):
    result = _scan(
        tmp_path,
        Res("aws_iam_user", "u", {"name": "u"}),
        Res("aws_iam_user_policy", "p", {"name": "p"}, unknown={"policy": True, "user": True},
            expressions={"user": ref("aws_iam_user.u.name"), "policy": ref("data.aws_iam_policy_document.d.json")}),
    )  # fmt: skip
    status, reason = _verdict(result, "aws_iam_user.u", "IAM-004")
    assert status is Status.UNKNOWN
    assert "aws_iam_user_policy.p.policy" in reason


@pytest.mark.parametrize(("actions", "login", "expected"), [
    (("create",), True, Status.FAIL),  # console password; Terraform cannot enable MFA
    (("create",), False, Status.NOT_APPLICABLE),
    (("no-op",), False, Status.UNKNOWN),  # credentials may exist outside the plan
])  # fmt: skip
def test_user_console_password(tmp_path, actions, login, expected):
    resources = [Res("aws_iam_user", "u", {"name": "u"}, actions=actions)]
    if login:
        resources.append(Res("aws_iam_user_login_profile", "l", {}, unknown={"user": True},
                             expressions={"user": ref("aws_iam_user.u.name")}))  # fmt: skip
    assert _verdict(_scan(tmp_path, *resources), "aws_iam_user.u", "IAM-001")[0] is expected


def test_group_membership_by_group_resource_brings_admin(tmp_path):
    result = _scan(
        tmp_path,
        Res("aws_iam_user", "u", {"name": "u"}),
        Res("aws_iam_group", "g", {"name": "g"}),
        Res("aws_iam_group_policy_attachment", "a", {"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
            unknown={"group": True}, expressions={"group": ref("aws_iam_group.g.name"), "policy_arn": {"constant_value": "arn:aws:iam::aws:policy/AdministratorAccess"}}),
        Res("aws_iam_group_membership", "m", {"name": "m"}, unknown={"group": True, "users": True},
            expressions={"group": ref("aws_iam_group.g.name"), "users": ref("aws_iam_user.u.name")}),
    )  # fmt: skip
    assert _verdict(result, "aws_iam_user.u", "IAM-009")[0] is Status.PASS  # only through groups
    assert (
        _verdict(result, "aws_iam_user.u", "IAM-019")[0] is Status.NOT_APPLICABLE
    )  # already admin


@pytest.mark.parametrize(
    ("principal", "expected"), [("*", Status.FAIL), ("s3.amazonaws.com", Status.PASS)]
)
def test_lambda_permission_is_the_resource_policy(tmp_path, principal, expected):
    result = _scan(
        tmp_path,
        Res("aws_lambda_function", "f", {"function_name": "f", "runtime": "python3.12"}),
        Res("aws_lambda_permission", "p", {"principal": principal, "action": "lambda:InvokeFunction"},
            unknown={"function_name": True}, expressions={"function_name": ref("aws_lambda_function.f.function_name")}),
    )  # fmt: skip
    assert _verdict(result, "aws_lambda_function.f", "FN-002")[0] is expected


@pytest.mark.parametrize(("extra", "actions", "expected"), [
    (None, ("create",), Status.FAIL),
    (Res("aws_eks_addon", "pia", {"addon_name": "eks-pod-identity-agent"}, unknown={"cluster_name": True},
         expressions={"cluster_name": ref("aws_eks_cluster.k.name")}), ("create",), Status.PASS),
    (Res("aws_iam_openid_connect_provider", "irsa", {"client_id_list": ["sts.amazonaws.com"]}, unknown={"url": True},
         expressions={"url": {"references": ["aws_eks_cluster.k.identity[0].oidc[0].issuer", "aws_eks_cluster.k.identity[0].oidc[0]", "aws_eks_cluster.k.identity", "aws_eks_cluster.k"]}}), ("create",), Status.PASS),
    (None, ("no-op",), Status.UNKNOWN),
])  # fmt: skip
def test_eks_workload_identity(tmp_path, extra, actions, expected):
    cluster = Res(
        "aws_eks_cluster",
        "k",
        {"name": "k", "version": "1.31", "vpc_config": [{"subnet_ids": ["s"]}]},
        actions=actions,
    )
    result = _scan(tmp_path, cluster, *([extra] if extra else []))
    assert _verdict(result, "aws_eks_cluster.k", "KUBE-103")[0] is expected


def test_acm_certificate_expiry_is_known_after_issuance(tmp_path):
    cert = Res(
        "aws_acm_certificate",
        "c",
        {"domain_name": "a.example", "validation_method": "DNS"},
        unknown={"not_after": True},
    )
    assert (
        _verdict(_scan(tmp_path, cert), "aws_acm_certificate.c", "CRYPTO-501")[0] is Status.UNKNOWN
    )


def test_ecs_container_definitions_known_after_apply(tmp_path):
    task = Res("aws_ecs_task_definition", "t", {"family": "t"}, unknown={"container_definitions": True},
               expressions={"container_definitions": ref("local.containers")})  # fmt: skip
    status, reason = _verdict(_scan(tmp_path, task), "aws_ecs_task_definition.t", "CTR-001")
    assert status is Status.UNKNOWN
    assert "container_definitions" in reason


@pytest.mark.parametrize(
    ("subnet_public", "expected"),
    [(True, Status.FAIL), (False, Status.PASS), (None, Status.UNKNOWN)],
)
def test_instance_public_ip_follows_the_subnet_of_the_plan(tmp_path, subnet_public, expected):
    resources = [Res("aws_instance", "vm", {"ami": "ami-1", "instance_type": "t3.micro"},
                     unknown={"associate_public_ip_address": True, "subnet_id": True},
                     expressions={"subnet_id": ref("aws_subnet.s.id")})]  # fmt: skip
    if subnet_public is not None:
        resources.append(
            Res(
                "aws_subnet",
                "s",
                {"cidr_block": "10.0.1.0/24", "map_public_ip_on_launch": subnet_public},
            )
        )
    assert _verdict(_scan(tmp_path, *resources), "aws_instance.vm", "VM-108")[0] is expected


def test_instance_metadata_tokens_left_to_defaults_are_unknown(tmp_path):
    vm = Res(
        "aws_instance",
        "vm",
        {"ami": "ami-1", "instance_type": "t3.micro"},
        unknown={"metadata_options": True},
    )
    status, reason = _verdict(_scan(tmp_path, vm), "aws_instance.vm", "VM-501")
    assert status is Status.UNKNOWN
    assert "http_tokens" in reason
