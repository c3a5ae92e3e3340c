"""EBS: volumes, volume snapshots and the region's encryption-by-default setting."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption, tag_map
from scanner.model import BlockStorageDefaults, Snapshot, Volume
from scanner.provider import Collector, Item

#: Public flag of one snapshot: True/False, or None plus the error that hid it.
_Public = tuple[bool | None, Exception | None, str]


def to_volume(
    volume: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> Volume:
    """Pure: a DescribeVolumes item -> Volume (key manager unknown: see ``kms_encryption``)."""
    volume_id = str(volume["VolumeId"])
    return Volume(
        uid=f"arn:aws:ec2:{region}:{account}:volume/{volume_id}",
        provider="aws", account=account, region=region, service="ec2", name=volume_id,
        tags=tag_map(volume.get("Tags")), collected_at=collected_at,
        encryption=kms_encryption(bool(volume.get("Encrypted")), volume.get("KmsKeyId")),
        attached=bool(volume.get("Attachments")),
    )  # fmt: skip


def is_public_snapshot(attribute: Mapping[str, Any]) -> bool:
    """Pure: a DescribeSnapshotAttribute(createVolumePermission) answer grants group ``all``."""
    return any(p.get("Group") == "all" for p in attribute.get("CreateVolumePermissions", ()))


def to_snapshot(
    snapshot: Mapping[str, Any], public: bool | None, *,
    region: str, account: str, collected_at: datetime,
) -> Snapshot:  # fmt: skip
    """Pure: a DescribeSnapshots item + whether it is public (None: unread) -> Snapshot."""
    snapshot_id = str(snapshot["SnapshotId"])
    return Snapshot(
        uid=f"arn:aws:ec2:{region}:{account}:snapshot/{snapshot_id}",
        provider="aws", account=account, region=region, service="ec2", name=snapshot_id,
        tags=tag_map(snapshot.get("Tags")), collected_at=collected_at, source="volume",
        encryption=kms_encryption(bool(snapshot.get("Encrypted")), snapshot.get("KmsKeyId")),
        public=public,
    )  # fmt: skip


def to_block_storage_defaults(
    answer: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> BlockStorageDefaults:
    """Pure: a GetEbsEncryptionByDefault answer -> the region's BlockStorageDefaults."""
    return BlockStorageDefaults(
        uid=f"arn:aws:ec2:{region}:{account}:ebs-encryption-by-default",
        provider="aws", account=account, region=region, service="ec2",
        name="ebs-encryption-by-default", collected_at=collected_at,
        encryption_by_default=bool(answer.get("EbsEncryptionByDefault")),
    )  # fmt: skip


def collect_volumes(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every EBS volume in ``region`` (one DescribeVolumes listing)."""
    try:
        volumes = paginate(session.client("ec2", region), "describe_volumes", "Volumes")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Volume", permission="ec2:DescribeVolumes"
        ) from err
    now = session.now()
    for volume in volumes:
        yield to_volume(volume, region=region, account=session.account, collected_at=now)


def _public_flags(session: AwsSession, region: str, ids: Sequence[str]) -> list[_Public]:
    """Whether each snapshot is public, in order.

    One listing of the snapshots restorable by ``all`` narrows the candidates, and only those
    are confirmed with DescribeSnapshotAttribute. On AWS that is one call per region plus one
    per public snapshot; endpoints that ignore the filter (moto) cost one call per snapshot.
    """
    ec2 = session.client("ec2", region)
    try:
        listed = paginate(
            ec2, "describe_snapshots", "Snapshots", OwnerIds=["self"], RestorableByUserIds=["all"]
        )
    except SDK_ERRORS as err:
        return [(None, err, "ec2:DescribeSnapshots") for _ in ids]
    candidates = {str(s["SnapshotId"]) for s in listed}

    def confirm(snapshot_id: str) -> _Public:
        if snapshot_id not in candidates:
            return False, None, ""
        try:
            attribute = ec2.describe_snapshot_attribute(
                SnapshotId=snapshot_id, Attribute="createVolumePermission"
            )
        except SDK_ERRORS as err:
            return None, err, "ec2:DescribeSnapshotAttribute"
        return is_public_snapshot(attribute), None, ""

    return session.map(confirm, ids)


def collect_snapshots(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every EBS snapshot owned by the account in ``region``, with its public flag."""
    try:
        snapshots = paginate(
            session.client("ec2", region), "describe_snapshots", "Snapshots", OwnerIds=["self"]
        )
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Snapshot", permission="ec2:DescribeSnapshots"
        ) from err
    if not snapshots:
        return
    flags = _public_flags(session, region, [str(s["SnapshotId"]) for s in snapshots])
    now = session.now()
    for snapshot, (public, error, permission) in zip(snapshots, flags, strict=True):
        item = to_snapshot(snapshot, public, region=region, account=session.account,
                           collected_at=now)  # fmt: skip
        yield item
        if error is not None:
            yield translate_error(error, scope=region, resource="Snapshot",
                                  permission=permission, uid=item.uid)  # fmt: skip


def collect_block_storage_defaults(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the region's EBS encryption-by-default setting (one GetEbsEncryptionByDefault)."""
    try:
        answer = session.client("ec2", region).get_ebs_encryption_by_default()
    except SDK_ERRORS as err:
        raise translate_error(
            err,
            scope=region,
            resource="BlockStorageDefaults",
            permission="ec2:GetEbsEncryptionByDefault",
        ) from err
    yield to_block_storage_defaults(
        answer, region=region, account=session.account, collected_at=session.now()
    )


COLLECTORS = (
    Collector(Volume, collect_volumes, permissions=("ec2:DescribeVolumes",)),
    Collector(
        Snapshot,
        collect_snapshots,
        permissions=("ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute"),
    ),
    Collector(
        BlockStorageDefaults,
        collect_block_storage_defaults,
        permissions=("ec2:GetEbsEncryptionByDefault",),
    ),
)
