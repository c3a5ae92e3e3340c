# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""The same check gives the same verdict on a planned resource and on the live resource
that plan creates (seeded in moto as AWS and the AWS provider would create it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from scanner.api import ScanResult, Status, scan
from tests.providers.terraform.plans import Res, plan, ref, write

REGION = "eu-west-1"
DENY_HTTP = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    "Resource": ["arn:aws:s3:::acme-parity", "arn:aws:s3:::acme-parity/*"],
    "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})  # fmt: skip
PAB = {"block_public_acls": True, "ignore_public_acls": True, "block_public_policy": True,
       "restrict_public_buckets": False}  # fmt: skip


def _by_check(result: ScanResult, match: str) -> dict[str, Status]:
    return {
        f.check_id: f.status
        for f in result.findings
        if match in f.resource_uid or match in f.resource_name
    }


def _plan_verdicts(
    tmp_path: Path, checks: list[str], *resources: Res, match: str
) -> dict[str, Status]:
    path = write(tmp_path / "plan.json", plan(*resources, region=REGION))
    return _by_check(scan("terraform", snapshot=path, checks=checks), match)


def _live_verdicts(checks: list[str], match: str) -> dict[str, Status]:
    return _by_check(scan("aws", regions=[REGION], checks=checks), match)


BUCKET_CHECKS = ["STOR-001", "STOR-002", "STOR-003", "STOR-004", "STOR-005", "STOR-006"]


def test_bucket_with_split_resources(mocked_aws, tmp_path):
    split = {"bucket": ref("aws_s3_bucket.b.id")}
    planned = _plan_verdicts(
        tmp_path, BUCKET_CHECKS,
        Res("aws_s3_bucket", "b", {"bucket": "acme-parity"}, unknown={"id": True, "versioning": True, "server_side_encryption_configuration": True}),
        Res("aws_s3_bucket_versioning", "b", {"versioning_configuration": [{"status": "Enabled"}]}, unknown={"bucket": True}, expressions={**split}),
        Res("aws_s3_bucket_public_access_block", "b", PAB, unknown={"bucket": True}, expressions={**split}),
        Res("aws_s3_bucket_policy", "b", {"policy": DENY_HTTP}, unknown={"bucket": True}, expressions={**split}),
        # moto's account has no account-level block: the plan says so explicitly
        Res("aws_s3_account_public_access_block", "this", dict.fromkeys(("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"), False)),
        match="aws_s3_bucket.b",
    )  # fmt: skip
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="acme-parity", CreateBucketConfiguration={"LocationConstraint": REGION})
    # what S3 applies to every new bucket (default SSE-S3), as the plan mapper assumes
    s3.put_bucket_encryption(Bucket="acme-parity", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})  # fmt: skip
    s3.put_bucket_versioning(Bucket="acme-parity", VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket="acme-parity", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
        "RestrictPublicBuckets": False})  # fmt: skip
    s3.put_bucket_policy(Bucket="acme-parity", Policy=DENY_HTTP)
    live = _live_verdicts(BUCKET_CHECKS, "acme-parity")
    assert planned == live
    assert live["STOR-002"] is Status.FAIL
    assert live["STOR-004"] is Status.PASS


SG_CHECKS = ["NET-002", "NET-003", "NET-004", "NET-008", "NET-009"]


@pytest.mark.parametrize(
    ("port", "cidr"), [(22, "0.0.0.0/0"), (3389, "::/0"), (5432, "10.0.0.0/8")]
)
def test_security_group_with_a_rule_resource(mocked_aws, tmp_path, port, cidr):
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    v6 = ":" in cidr
    planned = _plan_verdicts(
        tmp_path, SG_CHECKS,
        Res("aws_security_group", "web", {"name": "parity-web", "vpc_id": vpc, "ingress": [], "egress": []}, unknown={"id": True}),
        Res("aws_vpc_security_group_ingress_rule", "r", {"from_port": port, "to_port": port, "ip_protocol": "tcp", **({"cidr_ipv6": cidr} if v6 else {"cidr_ipv4": cidr})},
            unknown={"security_group_id": True}, expressions={"security_group_id": ref("aws_security_group.web.id")}),
        match="aws_security_group.web",
    )  # fmt: skip
    group = ec2.create_security_group(GroupName="parity-web", Description="d", VpcId=vpc)["GroupId"]
    # Terraform removes the allow-all egress rule AWS adds to a new group
    ec2.revoke_security_group_egress(GroupId=group, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])  # fmt: skip
    ranges: dict[str, Any] = (
        {"Ipv6Ranges": [{"CidrIpv6": cidr}]} if v6 else {"IpRanges": [{"CidrIp": cidr}]}
    )
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **ranges}])  # fmt: skip
    live = _live_verdicts(SG_CHECKS, group)
    assert planned == live
    assert len(live) == len(SG_CHECKS)


@pytest.mark.parametrize("rotation", [True, False])
def test_kms_key(mocked_aws, tmp_path, rotation):
    checks = ["CRYPTO-001", "CRYPTO-002"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_kms_key", "k", {"enable_key_rotation": rotation, "is_enabled": True}, unknown={"arn": True, "key_id": True}),
        match="aws_kms_key.k",
    )  # fmt: skip
    kms = boto3.client("kms", region_name=REGION)
    key = kms.create_key(Description="parity")["KeyMetadata"]["KeyId"]
    if rotation:
        kms.enable_key_rotation(KeyId=key)
    assert planned == _live_verdicts(checks, key)


@pytest.mark.parametrize("encrypted", [True, False])
def test_ebs_volume(mocked_aws, tmp_path, encrypted):
    planned = _plan_verdicts(
        tmp_path, ["STOR-008"],
        Res("aws_ebs_volume", "v", {"availability_zone": f"{REGION}a", "size": 8, "encrypted": encrypted}, unknown={"id": True}),
        match="aws_ebs_volume.v",
    )  # fmt: skip
    ec2 = boto3.client("ec2", region_name=REGION)
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=encrypted)[
        "VolumeId"
    ]
    assert planned == _live_verdicts(["STOR-008"], volume)


@pytest.mark.parametrize("hardened", [True, False])
def test_db_instance(mocked_aws, tmp_path, hardened):
    checks = ["DB-001", "DB-002", "DB-003", "DB-004", "DB-005", "DB-006"]
    settings = {"storage_encrypted": hardened, "multi_az": hardened, "deletion_protection": hardened,
                "publicly_accessible": not hardened, "backup_retention_period": 7 if hardened else 0,
                "auto_minor_version_upgrade": hardened}  # fmt: skip
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_db_instance", "app", {"identifier": "parity-db", "engine": "postgres", "instance_class": "db.t3.micro", **settings}, unknown={"id": True, "arn": True}),
        match="aws_db_instance.app",
    )  # fmt: skip
    boto3.client("rds", region_name=REGION).create_db_instance(
        DBInstanceIdentifier="parity-db", Engine="postgres", DBInstanceClass="db.t3.micro",
        MasterUsername="admin", MasterUserPassword="not-a-secret-1",
        AllocatedStorage=20, StorageEncrypted=hardened, MultiAZ=hardened,
        DeletionProtection=hardened, PubliclyAccessible=not hardened,
        BackupRetentionPeriod=7 if hardened else 0, AutoMinorVersionUpgrade=hardened,
    )  # fmt: skip
    assert planned == _live_verdicts(checks, "parity-db")


def test_cloudtrail_trail(mocked_aws, tmp_path):
    checks = ["LOG-001", "LOG-002", "LOG-003", "LOG-004"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_cloudtrail", "main", {"name": "parity-trail", "s3_bucket_name": "acme-trail-logs", "is_multi_region_trail": True, "enable_log_file_validation": True}, unknown={"arn": True}),
        match="aws_cloudtrail.main",
    )  # fmt: skip
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(
        Bucket="acme-trail-logs", CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    trail = boto3.client("cloudtrail", region_name=REGION)
    trail.create_trail(Name="parity-trail", S3BucketName="acme-trail-logs", IsMultiRegionTrail=True,
                       EnableLogFileValidation=True)  # fmt: skip
    trail.start_logging(Name="parity-trail")  # Terraform's enable_logging (default true) does this
    assert planned == _live_verdicts(checks, "parity-trail")


ADMIN = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)


def test_iam_role_with_a_customer_policy_attached(mocked_aws, tmp_path):
    checks = ["IAM-006", "IAM-007", "IAM-008"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_iam_role", "r", {"name": "parity-role", "path": "/", "assume_role_policy": TRUST}, unknown={"arn": True}),
        Res("aws_iam_policy", "p", {"name": "parity-policy", "policy": ADMIN}, unknown={"arn": True}),
        Res("aws_iam_role_policy_attachment", "a", {}, unknown={"role": True, "policy_arn": True},
            expressions={"role": ref("aws_iam_role.r.name"), "policy_arn": ref("aws_iam_policy.p.arn")}),
        match="aws_iam_",
    )  # fmt: skip
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(RoleName="parity-role", AssumeRolePolicyDocument=TRUST)
    arn = iam.create_policy(PolicyName="parity-policy", PolicyDocument=ADMIN)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="parity-role", PolicyArn=arn)
    live = _live_verdicts(checks, "parity")
    assert planned == live
    assert live == {"IAM-006": Status.FAIL, "IAM-007": Status.FAIL, "IAM-008": Status.FAIL}
