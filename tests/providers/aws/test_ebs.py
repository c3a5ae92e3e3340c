"""EBS volumes, snapshots and encryption by default: mappers and moto-backed collectors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws import ebs
from providers.aws.ebs import (
    collect_block_storage_defaults,
    collect_snapshots,
    collect_volumes,
    is_public_snapshot,
    to_block_storage_defaults,
    to_snapshot,
    to_volume,
)
from providers.aws.shapes import kms_encryption, tag_map
from scanner.errors import CollectionError
from scanner.model import BlockStorageDefaults, Encryption, Snapshot, Volume
from tests.providers.aws.faults import fail

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
WHERE = {"region": "eu-west-1", "account": ACCOUNT, "collected_at": NOW}
KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture(autouse=True)
def _no_default_amis(monkeypatch):
    """moto otherwise seeds ~1,300 AMI snapshots per region and ignores OwnerIds=self."""
    monkeypatch.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")


# ---- pure mappers


def test_tag_map():
    assert tag_map(None) == {}
    assert tag_map([{"Key": "a", "Value": "1"}, {"Key": "b"}]) == {"a": "1", "b": ""}


@pytest.mark.parametrize(
    ("encrypted", "key", "expected"),
    [
        (False, None, Encryption(enabled=False)),
        (False, KEY, Encryption(enabled=False)),
        (True, KEY, Encryption(enabled=True, key_id=KEY)),  # manager unknown from an ARN
        (True, None, Encryption(enabled=True)),
        (True, "alias/aws/ebs", Encryption(enabled=True, key_managed_by="provider",
                                          key_id="alias/aws/ebs")),
    ],
)  # fmt: skip
def test_kms_encryption(encrypted, key, expected):
    assert kms_encryption(encrypted, key) == expected


def test_volume_mapping():
    volume = to_volume(
        {"VolumeId": "vol-1", "Encrypted": True, "KmsKeyId": KEY,
         "Attachments": [{"InstanceId": "i-1"}], "Tags": [{"Key": "env", "Value": "prod"}]},
        **WHERE,
    )  # fmt: skip
    assert volume.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:volume/vol-1"
    assert volume.encryption == Encryption(enabled=True, key_id=KEY)
    assert volume.attached is True
    assert volume.tags == {"env": "prod"}


def test_volume_missing_fields_are_explicit_false():
    volume = to_volume({"VolumeId": "vol-2"}, **WHERE)
    assert volume.encryption == Encryption(enabled=False)
    assert volume.attached is False


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        ({"CreateVolumePermissions": [{"Group": "all"}]}, True),
        ({"CreateVolumePermissions": [{"UserId": "111122223333"}]}, False),
        ({"CreateVolumePermissions": []}, False),
        ({}, False),
    ],
)
def test_is_public_snapshot(attribute, expected):
    assert is_public_snapshot(attribute) is expected


@pytest.mark.parametrize("public", [True, False, None])
def test_snapshot_mapping(public):
    snapshot = to_snapshot({"SnapshotId": "snap-1", "Encrypted": False}, public, **WHERE)
    assert snapshot.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:snapshot/snap-1"
    assert snapshot.source == "volume"
    assert snapshot.encryption == Encryption(enabled=False)
    assert snapshot.public is public


def test_block_storage_defaults_mapping():
    on = to_block_storage_defaults({"EbsEncryptionByDefault": True}, **WHERE)
    assert on.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:ebs-encryption-by-default"
    assert on.encryption_by_default is True
    assert to_block_storage_defaults({}, **WHERE).encryption_by_default is False


# ---- collectors against moto


def _volumes(aws_session):
    client = aws_session.client("ec2", "us-east-1")
    key = aws_session.client("kms", "us-east-1").create_key()["KeyMetadata"]["Arn"]
    enc = client.create_volume(AvailabilityZone="us-east-1a", Size=8, Encrypted=True,
                               KmsKeyId=key)["VolumeId"]  # fmt: skip
    plain = client.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    return client, key, enc, plain


def test_collect_volumes(aws_session):
    _, key, enc, plain = _volumes(aws_session)
    items = {i.name: i for i in collect_volumes(aws_session, "us-east-1")}
    assert all(isinstance(i, Volume) for i in items.values())
    assert items[enc].encryption == Encryption(enabled=True, key_id=key)
    assert items[plain].encryption == Encryption(enabled=False)
    assert items[plain].attached is False
    assert items[plain].uid == f"arn:aws:ec2:us-east-1:{ACCOUNT}:volume/{plain}"


def test_collect_snapshots_public_flag(aws_session):
    client, _, enc, plain = _volumes(aws_session)
    private = client.create_snapshot(VolumeId=enc)["SnapshotId"]
    unencrypted = client.create_snapshot(VolumeId=plain)["SnapshotId"]
    public = client.create_snapshot(VolumeId=enc)["SnapshotId"]
    client.modify_snapshot_attribute(SnapshotId=public, Attribute="createVolumePermission",
                                     OperationType="add", GroupNames=["all"])  # fmt: skip
    items = list(collect_snapshots(aws_session, "us-east-1"))
    assert all(isinstance(i, Snapshot) for i in items)
    by_id = {i.name: i for i in items}
    assert by_id[public].public is True
    assert by_id[private].public is False
    assert by_id[unencrypted].encryption == Encryption(enabled=False)
    assert by_id[private].encryption is not None
    assert by_id[private].encryption.enabled
    assert by_id[public].uid == f"arn:aws:ec2:us-east-1:{ACCOUNT}:snapshot/{public}"


def test_collect_snapshots_none_is_empty(aws_session):
    assert list(collect_snapshots(aws_session, "us-east-1")) == []


@pytest.mark.parametrize(
    ("operation", "marker"),
    [("DescribeSnapshotAttribute", ""), ("DescribeSnapshots", "RestorableBy")],
)
def test_collect_snapshots_public_unreadable(aws_session, operation, marker):
    client, _, enc, _ = _volumes(aws_session)
    snap = client.create_snapshot(VolumeId=enc)["SnapshotId"]
    fail(client, operation, "UnauthorizedOperation", when=lambda body: marker in body)
    items = list(collect_snapshots(aws_session, "us-east-1"))
    snapshot, error = items
    assert isinstance(snapshot, Snapshot)
    assert snapshot.public is None
    assert snapshot.name == snap
    assert isinstance(error, CollectionError)
    assert error.uid == snapshot.uid
    assert error.permission == f"ec2:{operation}"


def test_collect_block_storage_defaults(aws_session):
    client = aws_session.client("ec2", "eu-west-1")
    client.enable_ebs_encryption_by_default()
    (on,) = collect_block_storage_defaults(aws_session, "eu-west-1")
    (off,) = collect_block_storage_defaults(aws_session, "us-east-1")
    assert isinstance(on, BlockStorageDefaults)
    assert isinstance(off, BlockStorageDefaults)
    assert on.encryption_by_default is True
    assert on.region == "eu-west-1"
    assert off.encryption_by_default is False
    assert off.uid == f"arn:aws:ec2:us-east-1:{ACCOUNT}:ebs-encryption-by-default"


@pytest.mark.parametrize(
    ("collect", "operation", "resource"),
    [
        (collect_volumes, "DescribeVolumes", "Volume"),
        (collect_snapshots, "DescribeSnapshots", "Snapshot"),
        (collect_block_storage_defaults, "GetEbsEncryptionByDefault", "BlockStorageDefaults"),
    ],
)
def test_listing_denied_fails_the_scope(aws_session, collect, operation, resource):
    fail(aws_session.client("ec2", "us-east-1"), operation, "UnauthorizedOperation")
    with pytest.raises(CollectionError) as caught:
        list(collect(aws_session, "us-east-1"))
    assert (caught.value.resource, caught.value.permission) == (resource, f"ec2:{operation}")


def test_collectors_declare_their_calls():
    assert {c.resource: c.permissions for c in ebs.COLLECTORS} == {
        Volume: ("ec2:DescribeVolumes",),
        Snapshot: ("ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute"),
        BlockStorageDefaults: ("ec2:GetEbsEncryptionByDefault",),
    }
