# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""RDS instances, CloudTrail trails and IAM roles/policies in plans (defaults cited in
providers/terraform/aws_more.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from scanner.api import ScanResult, Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan


def _verdicts(result: ScanResult, uid: str) -> dict[str, Status]:
    """Verdicts on one planned resource (its address is the uid, or the name where the ARN
    is known at plan time: S3 buckets)."""
    return {
        f.check_id: f.status for f in result.findings if uid in (f.resource_uid, f.resource_name)
    }


def _db(**values: Any) -> Res:
    base = {"identifier": "app", "engine": "postgres", "instance_class": "db.t3.micro"}
    return Res(
        "aws_db_instance",
        "app",
        {**base, **values},
        unknown={"id": True, "arn": True, "backup_retention_period": True},
    )


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        ({}, "DB-001", Status.FAIL),  # storage_encrypted defaults to false
        ({"storage_encrypted": True}, "DB-001", Status.PASS),
        ({}, "DB-003", Status.PASS),  # publicly_accessible defaults to false
        ({"publicly_accessible": True}, "DB-003", Status.FAIL),
        ({}, "DB-004", Status.FAIL),
        ({"multi_az": True}, "DB-004", Status.PASS),
        ({}, "DB-005", Status.FAIL),
        ({"deletion_protection": True}, "DB-005", Status.PASS),
        ({}, "DB-006", Status.PASS),  # auto_minor_version_upgrade defaults to true
        ({"auto_minor_version_upgrade": False}, "DB-006", Status.FAIL),
    ],
)
def test_db_instance_defaults_and_settings(tmp_path, values, check, expected):
    assert _verdicts(_scan(tmp_path, _db(**values)), "aws_db_instance.app")[check] is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"backup_retention_period": 0}, Status.FAIL),
        ({"backup_retention_period": 7}, Status.PASS),
        # CreateDBInstance default: 1 day, under the 7 of Security Hub RDS.11 (DB-002)
        ({}, Status.FAIL),
    ],
)
def test_db_backup_retention(tmp_path, values, expected):
    db = _db(**values)
    if values:
        db.unknown.pop("backup_retention_period")
    assert _verdicts(_scan(tmp_path, db), "aws_db_instance.app")["DB-002"] is expected


def test_db_encryption_from_a_variable_known_after_apply_is_unknown(tmp_path):
    db = Res("aws_db_instance", "app", {"engine": "postgres"}, unknown={"storage_encrypted": True},
             expressions={"storage_encrypted": ref("var.encrypt")})  # fmt: skip
    finding = next(f for f in _scan(tmp_path, db).findings if f.check_id == "DB-001")
    assert finding.status is Status.UNKNOWN
    assert "aws_db_instance.app.storage_encrypted" in finding.reason


def _trail(**values: Any) -> Res:
    return Res("aws_cloudtrail", "main", {"name": "main", "s3_bucket_name": "acme-trail", **values},
               unknown={"id": True, "arn": True, "home_region": True})  # fmt: skip


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        ({}, "LOG-001", Status.FAIL),  # single-region by default
        ({"is_multi_region_trail": True}, "LOG-001", Status.PASS),
        ({"is_multi_region_trail": True, "enable_logging": False}, "LOG-001", Status.FAIL),
        ({}, "LOG-002", Status.FAIL),
        ({"enable_log_file_validation": True}, "LOG-002", Status.PASS),
        ({}, "LOG-003", Status.FAIL),
        ({"kms_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k"}, "LOG-003", Status.PASS),
        ({}, "LOG-301", Status.PASS),  # management events by default
        (
            {"event_selector": [{"read_write_type": "All", "include_management_events": False}]},
            "LOG-301",
            Status.FAIL,
        ),
    ],
)
def test_cloudtrail(tmp_path, values, check, expected):
    assert _verdicts(_scan(tmp_path, _trail(**values)), "aws_cloudtrail.main")[check] is expected


ADMIN = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
READ = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
    }
)
TRUST_EC2 = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
TRUST_ANYONE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)


@pytest.mark.parametrize(("document", "expected"), [(ADMIN, Status.FAIL), (READ, Status.PASS)])
def test_iam_policy_document(tmp_path, document, expected):
    policy = Res(
        "aws_iam_policy", "p", {"name": "p", "policy": document}, unknown={"arn": True, "id": True}
    )
    assert _verdicts(_scan(tmp_path, policy), "aws_iam_policy.p")["IAM-007"] is expected


def test_iam_policy_built_from_unknown_values_is_unknown(tmp_path):
    policy = Res("aws_iam_policy", "p", {"name": "p"}, unknown={"policy": True},
                 expressions={"policy": ref("data.aws_iam_policy_document.p.json")})  # fmt: skip
    finding = next(f for f in _scan(tmp_path, policy).findings if f.check_id == "IAM-007")
    assert finding.status is Status.UNKNOWN
    assert "aws_iam_policy.p.policy" in finding.reason


def _role(trust: str = TRUST_EC2, **values: Any) -> Res:
    return Res("aws_iam_role", "r", {"name": "app", "assume_role_policy": trust, "path": "/", **values},
               unknown={"arn": True, "id": True, "unique_id": True})  # fmt: skip


@pytest.mark.parametrize(
    ("trust", "expected"), [(TRUST_ANYONE, Status.FAIL), (TRUST_EC2, Status.PASS)]
)
def test_role_trust_policy(tmp_path, trust, expected):
    assert _verdicts(_scan(tmp_path, _role(trust)), "aws_iam_role.r")["IAM-008"] is expected


def _attachment(name: str, policy_arn: dict[str, Any] | str) -> Res:
    literal = isinstance(policy_arn, str)
    return Res("aws_iam_role_policy_attachment", name, {"policy_arn": policy_arn} if literal else {},
               unknown={"role": True, **({} if literal else {"policy_arn": True})},
               expressions={"role": ref("aws_iam_role.r.name"),
                            "policy_arn": {"constant_value": policy_arn} if literal else policy_arn})  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([_attachment("a", "arn:aws:iam::aws:policy/AdministratorAccess")], Status.FAIL),
        ([_attachment("a", "arn:aws:iam::aws:policy/ReadOnlyAccess")], Status.PASS),
        ([Res("aws_iam_policy", "admin", {"name": "admin", "policy": ADMIN}, unknown={"arn": True}),
          _attachment("a", ref("aws_iam_policy.admin.arn"))], Status.FAIL),
        ([Res("aws_iam_policy", "read", {"name": "read", "policy": READ}, unknown={"arn": True}),
          _attachment("a", ref("aws_iam_policy.read.arn"))], Status.PASS),
        ([Res("aws_iam_role_policy", "inline", {"name": "inline", "policy": ADMIN}, unknown={"role": True},
              expressions={"role": ref("aws_iam_role.r.id")})], Status.FAIL),
        ([_attachment("a", ref("data.aws_iam_policy.x.arn"))], Status.UNKNOWN),
    ],
)  # fmt: skip
def test_role_policies_are_joined(tmp_path, resources, expected):
    assert _verdicts(_scan(tmp_path, _role(), *resources), "aws_iam_role.r")["IAM-006"] is expected


def test_inline_policy_block_on_the_role(tmp_path):
    role = _role(inline_policy=[{"name": "admin", "policy": ADMIN}])
    assert _verdicts(_scan(tmp_path, role), "aws_iam_role.r")["IAM-006"] is Status.FAIL
