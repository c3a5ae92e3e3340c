"""Block and file storage: EBS volumes, snapshots, EBS default encryption and EFS."""

from __future__ import annotations

from typing import TYPE_CHECKING

from providers.aws.demo.estate import Estate, Tier, ec2_tags
from scanner.model import BlockStorageDefaults, FileSystem, Snapshot, Volume

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client


def seed_block_storage(estate: Estate, region: str, tier: Tier, key_arn: str | None) -> None:
    """Volumes (encrypted with the region's key where it has one, and unencrypted); in the
    primary region only, three snapshots (encrypted, unencrypted, public) and EBS encryption
    by default.

    Default encryption is switched on after the volumes exist, as in an account that
    turned it on late, so the unencrypted volume stays unencrypted.
    """
    ec2 = estate.boto.client("ec2", region_name=region)
    legacy = _volume(ec2, estate, region, "demo-vol-legacy", None)
    data = None if key_arn is None else _volume(ec2, estate, region, "demo-vol-data", key_arn)
    uid = estate.arn("ec2", region, "ebs-encryption-by-default")
    if tier != "primary" or key_arn is None or data is None:
        estate.ledger.add(BlockStorageDefaults, uid, region, "EBS encryption by default disabled")
        return
    _snapshot(ec2, estate, region, data, "demo-snap-data")
    _snapshot(ec2, estate, region, legacy, "demo-snap-legacy", "not encrypted")
    public = "shared publicly (createVolumePermission group all)"
    shared = _snapshot(ec2, estate, region, legacy, "demo-snap-shared", "not encrypted", public)
    ec2.modify_snapshot_attribute(
        SnapshotId=shared,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    ec2.enable_ebs_encryption_by_default()
    ec2.modify_ebs_default_kms_key_id(KmsKeyId=key_arn)
    estate.ledger.add(BlockStorageDefaults, uid, region)


def _volume(ec2: EC2Client, estate: Estate, region: str, name: str, key: str | None) -> str:
    """An 8 GiB gp3 volume, KMS-encrypted with ``key`` or unencrypted; return its id."""
    tags = ec2_tags("volume", name)
    if key is None:
        volume = ec2.create_volume(
            AvailabilityZone=f"{region}a",
            Size=8,
            VolumeType="gp3",
            Encrypted=False,
            TagSpecifications=tags,
        )
    else:
        volume = ec2.create_volume(
            AvailabilityZone=f"{region}a",
            Size=8,
            VolumeType="gp3",
            Encrypted=True,
            KmsKeyId=key,
            TagSpecifications=tags,
        )
    uid = estate.arn("ec2", region, f"volume/{volume['VolumeId']}")
    estate.ledger.add(Volume, uid, region, *(() if key else ("not encrypted",)))
    return volume["VolumeId"]


def _snapshot(
    ec2: EC2Client, estate: Estate, region: str, volume_id: str, name: str, *problems: str
) -> str:
    """Snapshot ``volume_id`` (inheriting its encryption); return the snapshot id."""
    snapshot_id = ec2.create_snapshot(
        VolumeId=volume_id,
        Description=f"complyscan demo {name}",
        TagSpecifications=ec2_tags("snapshot", name),
    )["SnapshotId"]
    estate.ledger.add(
        Snapshot, estate.arn("ec2", region, f"snapshot/{snapshot_id}"), region, *problems
    )
    return snapshot_id


def seed_file_systems(estate: Estate, region: str, key_arn: str) -> None:
    """An EFS file system encrypted with ``key_arn`` and an unencrypted one."""
    efs = estate.boto.client("efs", region_name=region)
    shared = efs.create_file_system(
        CreationToken="demo-efs-shared",
        Encrypted=True,
        KmsKeyId=key_arn,
        Tags=[{"Key": "Name", "Value": "demo-efs-shared"}],
    )
    estate.ledger.add(FileSystem, shared["FileSystemArn"], region)
    scratch = efs.create_file_system(
        CreationToken="demo-efs-scratch",
        Encrypted=False,
        Tags=[{"Key": "Name", "Value": "demo-efs-scratch"}],
    )
    estate.ledger.add(FileSystem, scratch["FileSystemArn"], region, "not encrypted at rest")
