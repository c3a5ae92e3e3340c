# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree on snapshots and images (model Snapshot): an EBS snapshot of a
volume of the plan, an RDS instance snapshot and a cluster snapshot shared (or not) with
``all``, and an AMI with (or without) a public launch permission; each planned and seeded
in moto as the AWS provider would create it (CreateSnapshot; CreateDBSnapshot +
ModifyDBSnapshotAttribute ``restore``; CreateDBClusterSnapshot +
ModifyDBClusterSnapshotAttribute; RegisterImage + ModifyImageAttribute launchPermission).

moto's RegisterImage ignores ``BlockDeviceMappings`` (every image gets its own unencrypted
default device), so an AMI's encryption (STOR-009) is judged against the documented
DescribeImages shape instead (EC2 API reference, Image / EbsBlockDevice ``Encrypted``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import boto3
import pytest

from providers.aws.ami import to_image
from scanner.api import Status
from scanner.registry import load
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.test_parity_moto import REGION, _live_verdicts, _plan_verdicts

# fmt: off
CHECKS = ["STOR-009", "STOR-010"]


@pytest.mark.parametrize("encrypted", [True, False])
def test_ebs_snapshot_of_a_planned_volume(mocked_aws, tmp_path, encrypted):
    planned = _plan_verdicts(
        tmp_path, CHECKS,
        Res("aws_ebs_volume", "v", {"availability_zone": f"{REGION}a", "size": 8, "encrypted": encrypted}, unknown={"id": True, "kms_key_id": True}),
        Res("aws_ebs_snapshot", "s", {}, unknown={"volume_id": True, "encrypted": True, "kms_key_id": True, "id": True},
            expressions={"volume_id": ref("aws_ebs_volume.v.id")}),
        match="aws_ebs_snapshot.s",
    )
    ec2 = boto3.client("ec2", region_name=REGION)
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=encrypted)["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    live = _live_verdicts(CHECKS, snapshot)
    assert planned == live
    assert live == {"STOR-009": Status.PASS if encrypted else Status.FAIL, "STOR-010": Status.PASS}


@pytest.mark.parametrize("public", [True, False])
def test_db_snapshot_shared_with_all(mocked_aws, tmp_path, public):
    shared = ["all"] if public else ["210987654321"]
    planned = _plan_verdicts(
        tmp_path, CHECKS,
        Res("aws_db_instance", "db", {"identifier": "parity-db", "engine": "postgres", "instance_class": "db.t3.micro", "storage_encrypted": not public},
            unknown={"arn": True, "kms_key_id": True}),
        Res("aws_db_snapshot", "s", {"db_snapshot_identifier": "parity-snap", "shared_accounts": shared},
            unknown={"db_snapshot_arn": True, "encrypted": True, "kms_key_id": True},
            expressions={"db_instance_identifier": ref("aws_db_instance.db.identifier"), "db_snapshot_identifier": {"constant_value": "parity-snap"},
                         "shared_accounts": {"constant_value": shared}}),
        match="aws_db_snapshot.s",
    )
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_instance(DBInstanceIdentifier="parity-db", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="owner",
                           MasterUserPassword="not-a-secret-1", AllocatedStorage=20, StorageEncrypted=not public)
    rds.create_db_snapshot(DBInstanceIdentifier="parity-db", DBSnapshotIdentifier="parity-snap")
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="parity-snap", AttributeName="restore", ValuesToAdd=shared)
    live = _live_verdicts(CHECKS, "parity-snap")
    assert planned == live
    assert live == {"STOR-009": Status.FAIL if public else Status.PASS, "STOR-010": Status.FAIL if public else Status.PASS}


@pytest.mark.parametrize("public", [True, False])
def test_db_cluster_snapshot(mocked_aws, tmp_path, public):
    shared = ["all"] if public else []
    planned = _plan_verdicts(
        tmp_path, CHECKS,
        Res("aws_rds_cluster", "c", {"cluster_identifier": "parity-cluster", "engine": "aurora-postgresql", "master_username": "owner",
            "storage_encrypted": True}, unknown={"arn": True, "kms_key_id": True}),
        Res("aws_db_cluster_snapshot", "s", {"db_cluster_snapshot_identifier": "parity-csnap", "shared_accounts": shared},
            unknown={"storage_encrypted": True, "kms_key_id": True},
            expressions={"db_cluster_identifier": ref("aws_rds_cluster.c.id"), "db_cluster_snapshot_identifier": {"constant_value": "parity-csnap"},
                         "shared_accounts": {"constant_value": shared}}),
        match="aws_db_cluster_snapshot.s",
    )
    rds = boto3.client("rds", region_name=REGION)
    rds.create_db_cluster(DBClusterIdentifier="parity-cluster", Engine="aurora-postgresql", MasterUsername="owner",
                          MasterUserPassword="not-a-secret-1", StorageEncrypted=True)
    rds.create_db_cluster_snapshot(DBClusterIdentifier="parity-cluster", DBClusterSnapshotIdentifier="parity-csnap")
    if public:
        rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="parity-csnap", AttributeName="restore", ValuesToAdd=shared)
    live = _live_verdicts(CHECKS, "parity-csnap")
    assert planned == live
    assert live == {"STOR-009": Status.PASS, "STOR-010": Status.FAIL if public else Status.PASS}


@pytest.mark.parametrize("public", [True, False])
def test_ami_with_a_launch_permission(mocked_aws, tmp_path, public):
    ec2 = boto3.client("ec2", region_name=REGION)
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=True)["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    resources = [
        Res("aws_ami", "img", {"name": "parity-ami", "root_device_name": "/dev/xvda",
            "ebs_block_device": [{"device_name": "/dev/xvda", "snapshot_id": snapshot, "encrypted": True}]}, unknown={"id": True, "arn": True}),
        Res("aws_ami_launch_permission", "p", {"group": "all"} if public else {"account_id": "210987654321"}, unknown={"image_id": True},
            expressions={"image_id": ref("aws_ami.img.id")}),
    ]
    planned = _plan_verdicts(tmp_path, ["STOR-010"], *resources, match="aws_ami.img")
    image = ec2.register_image(Name="parity-ami", RootDeviceName="/dev/xvda",
                               BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot, "Encrypted": True}}])["ImageId"]
    permission = {"Group": "all"} if public else {"UserId": "210987654321"}
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [permission]})
    live = _live_verdicts(["STOR-010"], image)
    assert planned == live
    assert live == {"STOR-010": Status.FAIL if public else Status.PASS}


@pytest.mark.parametrize("encrypted", [True, False])
def test_ami_encryption_against_the_api_shape(tmp_path, encrypted):
    planned = _plan_verdicts(
        tmp_path, ["STOR-009"],
        Res("aws_ami", "img", {"name": "parity-ami", "ebs_block_device": [
            {"device_name": "/dev/xvda", "volume_size": 8, "encrypted": encrypted},
            {"device_name": "/dev/xvdb", "volume_size": 8, "encrypted": True}]}, unknown={"id": True}),
        match="aws_ami.img",
    )
    image = {"ImageId": "ami-0abc", "Name": "parity-ami", "Public": False, "BlockDeviceMappings": [
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": encrypted}},
        {"DeviceName": "/dev/xvdb", "Ebs": {"VolumeSize": 8, "Encrypted": True}}]}
    live = to_image(image, region=REGION, account="1", collected_at=datetime(2026, 12, 1, tzinfo=UTC))
    assert planned == {"STOR-009": load().get("STOR-009")(live).status}
    assert planned == {"STOR-009": Status.PASS if encrypted else Status.FAIL}
# fmt: on
