"""EBS snapshots, RDS instance and cluster snapshots and AMIs in a plan (model Snapshot),
through the live ``to_snapshot`` / ``to_db_snapshot`` / ``to_cluster_snapshot`` /
``to_image`` functions.

Each mapper rebuilds the DescribeSnapshots / DescribeDBSnapshots /
DescribeDBClusterSnapshots / DescribeImages item and the public flag the live collector
reads (createVolumePermission group ``all``, the ``restore`` attribute holding ``all``,
an AMI launch permission for group ``all``). A snapshot's encryption is its source's: the
volume, DB instance or cluster of the plan it is taken from (registry.terraform.io/
providers/hashicorp/aws/latest/docs/resources/<type>, cited per mapper); a source outside
the plan whose encryption the plan does not show is UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from providers.aws.ami import to_image
from providers.aws.ebs import to_snapshot
from providers.aws.rds import to_db_snapshot
from providers.aws.rds_clusters import to_cluster_snapshot
from providers.terraform.common import collector, flag, planned_key, relabel
from providers.terraform.plan import Planned
from providers.terraform.refs import named
from providers.terraform.session import TerraformSession
from scanner.model import Encryption, Snapshot
from scanner.provider import Collector, Item

_EBS = ("aws_ebs_snapshot", "aws_ebs_snapshot_copy")
_DB = ("aws_db_snapshot", "aws_db_snapshot_copy")
_CLUSTER = ("aws_db_cluster_snapshot",)
_AMI = ("aws_ami", "aws_ami_copy", "aws_ami_from_instance")
_VOLUME_PERMISSIONS = ("aws_snapshot_create_volume_permission",)
_LAUNCH_PERMISSIONS = ("aws_ami_launch_permission",)

#: (encrypted, key expression owner, key attribute): None when unknown
_Key = tuple[bool | None, Planned | None, str]


def _source(resource: Planned, attribute: str, types: Sequence[str],
            session: TerraformSession) -> Planned | None:  # fmt: skip
    """The resource of the plan that ``attribute`` refers to (same module instance, same
    ``count``/``for_each`` key unless an index is written)."""
    return named(session, resource, resource.references(attribute), *types)


def _own(resource: Planned, flag: str) -> _Key:
    """The resource's own ``flag`` as planned (None: known only after apply / absent)."""
    value = resource.values.get(flag)
    if resource.is_unknown(flag) or value is None:
        return None, None, ""
    return bool(value), resource, "kms_key_id"


def _volume_key(volume: Planned) -> _Key:
    """``aws_ebs_volume``: ``encrypted`` omitted follows the account default (unknown)."""
    return _own(volume, "encrypted")


def _ebs_key(snapshot: Planned, session: TerraformSession) -> _Key:
    """``aws_ebs_snapshot``: as encrypted as the volume it is taken from (``volume_id``);
    ``aws_ebs_snapshot_copy``: ``encrypted`` true (with ``kms_key_id``) encrypts the copy,
    and a copy of an encrypted snapshot is always encrypted (registry: aws_ebs_snapshot,
    aws_ebs_snapshot_copy; EBS User Guide, "Copy an Amazon EBS snapshot")."""
    if snapshot.type == "aws_ebs_snapshot_copy":
        if snapshot.values.get("encrypted") is True:
            return True, snapshot, "kms_key_id"
        source = _source(snapshot, "source_snapshot_id", ("aws_ebs_snapshot",), session)
        if source is not None:
            return _ebs_key(source, session)
        return _own(snapshot, "encrypted") if not snapshot.created else (None, None, "")
    volume = _source(snapshot, "volume_id", ("aws_ebs_volume",), session)
    if volume is not None:
        return _volume_key(volume)
    return _own(snapshot, "encrypted")


def _db_key(snapshot: Planned, session: TerraformSession) -> _Key:
    """``aws_db_snapshot``: the instance's ``storage_encrypted`` (default false) and
    ``kms_key_id`` (registry: aws_db_instance, aws_db_snapshot: ``encrypted`` is an
    attribute of the snapshot); ``aws_db_snapshot_copy`` with ``kms_key_id`` is
    encrypted, else as its source."""
    if snapshot.type == "aws_db_snapshot_copy":
        if snapshot.configured("kms_key_id") or snapshot.values.get("kms_key_id"):
            return True, snapshot, "kms_key_id"
        source = _source(snapshot, "source_db_snapshot_identifier", ("aws_db_snapshot",), session)
        return _db_key(source, session) if source is not None else _own(snapshot, "encrypted")
    instance = _source(snapshot, "db_instance_identifier", ("aws_db_instance",), session)
    if instance is not None:
        if instance.configured("storage_encrypted") and instance.is_unknown("storage_encrypted"):
            return None, None, ""
        return flag(instance.values, "storage_encrypted", False), instance, "kms_key_id"
    return _own(snapshot, "encrypted")


def _cluster_key(snapshot: Planned, session: TerraformSession) -> _Key:
    """``aws_db_cluster_snapshot``: the cluster's ``storage_encrypted`` (false for
    provisioned, true for serverless ``engine_mode``) and ``kms_key_id`` (registry:
    aws_rds_cluster, aws_db_cluster_snapshot)."""
    cluster = _source(snapshot, "db_cluster_identifier", ("aws_rds_cluster",), session)
    if cluster is not None:
        if cluster.configured("storage_encrypted") and cluster.is_unknown("storage_encrypted"):
            return None, None, ""
        serverless = cluster.values.get("engine_mode") == "serverless"
        return flag(cluster.values, "storage_encrypted", serverless), cluster, "kms_key_id"
    return _own(snapshot, "storage_encrypted")


def _encryption(key: _Key, snapshot: Planned, session: TerraformSession) -> Encryption | None:
    encrypted, owner, attribute = key
    if encrypted is None:
        session.note_unknown(snapshot, [f"{snapshot.address} encryption (its source's)"])
        return None
    if not encrypted or owner is None:
        return Encryption(enabled=bool(encrypted), key_managed_by=None)
    value = owner.values.get(attribute)
    if planned_key(owner, attribute):
        return Encryption(enabled=True, key_managed_by="customer",
                          key_id=str(value or owner.references(attribute)[0]))  # fmt: skip
    if owner.configured(attribute) and owner.is_unknown(attribute):
        session.note_unknown(snapshot, [f"{owner.address}.{attribute}"])
        return Encryption(enabled=True, key_managed_by=None)
    if not value:
        # no key named: the service's AWS managed key (aws/ebs, aws/rds)
        return Encryption(enabled=True, key_managed_by="provider")
    return Encryption(enabled=True, key_managed_by=None, key_id=str(value))


def _shared_public(snapshot: Planned, session: TerraformSession) -> bool | None:
    """``shared_accounts`` containing ``all`` makes an RDS snapshot public (registry:
    aws_db_snapshot, aws_db_cluster_snapshot)."""
    if snapshot.is_unknown("shared_accounts"):
        session.note_unknown(snapshot, [f"{snapshot.address}.shared_accounts"])
        return None
    return "all" in (snapshot.values.get("shared_accounts") or ())


def _permission_public(snapshot: Planned, session: TerraformSession, types: tuple[str, ...],
                       attribute: str) -> bool | None:  # fmt: skip
    """A permission resource of the plan granting group ``all`` makes it public; an
    existing snapshot or image may hold permissions granted outside the plan."""
    granted = session.joined(snapshot, types, attribute)
    if any(p.values.get("group") == "all" for p in granted):
        return True
    if any(p.is_unknown("group") for p in granted):
        session.note_unknown(snapshot, [f"{p.address}.group" for p in granted])
        return None
    if not snapshot.created:
        session.note_unknown(snapshot, [f"{snapshot.address} (permissions outside the plan)"])
        return None
    return False


def plan_snapshot(snapshot: Planned, session: TerraformSession) -> Item:
    """One planned snapshot or image -> Snapshot (see the module docstring)."""
    values = snapshot.values
    region = session.region(snapshot)
    base: dict[str, Any] = {"region": region, "account": "", "collected_at": session.collected_at}
    if snapshot.type in _EBS:
        public = _permission_public(snapshot, session, _VOLUME_PERMISSIONS, "snapshot_id")
        model = to_snapshot({"SnapshotId": snapshot.address}, public, **base)
        encryption = _encryption(_ebs_key(snapshot, session), snapshot, session)
    elif snapshot.type in _DB:
        answer = {"DBSnapshotArn": snapshot.address,
                  "DBSnapshotIdentifier": values.get("db_snapshot_identifier")
                  or values.get("target_db_snapshot_identifier") or snapshot.address}  # fmt: skip
        model = to_db_snapshot(answer, _shared_public(snapshot, session), **base)
        encryption = _encryption(_db_key(snapshot, session), snapshot, session)
    elif snapshot.type in _CLUSTER:
        answer = {"DBClusterSnapshotArn": snapshot.address,
                  "DBClusterSnapshotIdentifier": values.get("db_cluster_snapshot_identifier")
                  or snapshot.address}  # fmt: skip
        model = to_cluster_snapshot(answer, _shared_public(snapshot, session), **base)
        encryption = _encryption(_cluster_key(snapshot, session), snapshot, session)
    else:
        public = _permission_public(snapshot, session, _LAUNCH_PERMISSIONS, "image_id")
        model = to_image({"ImageId": snapshot.address, "Name": values.get("name"),
                          "Public": bool(public)}, **base)  # fmt: skip
        model = model.model_copy(update={"public": public})
        encryption = _image_encryption(snapshot, session)
    return relabel(model.model_copy(update={"encryption": encryption}), snapshot)


def _image_encryption(image: Planned, session: TerraformSession) -> Encryption | None:
    """``aws_ami``: every ``ebs_block_device`` encrypted (a device from a snapshot of the
    plan is as encrypted as that snapshot); ``aws_ami_copy``: ``encrypted`` true (default
    false) encrypts the copy, and a copy of an encrypted AMI is encrypted; an AMI from an
    instance is as encrypted as the instance's volumes (registry: aws_ami, aws_ami_copy,
    aws_ami_from_instance; EC2 User Guide, "Use encryption with EBS-backed AMIs"). An
    image with no EBS device is not encrypted (as the live ``image_encryption``)."""
    if image.type == "aws_ami_copy" and image.values.get("encrypted") is True:
        return _encryption((True, image, "kms_key_id"), image, session)
    devices = image.values.get("ebs_block_device") or []
    if (image.type != "aws_ami" and (image.created or not devices)) or (
        image.is_unknown("ebs_block_device") and not devices
    ):
        # the source AMI's or instance's devices decide; in a state they are listed
        session.note_unknown(image, [f"{image.address} encryption (its source's devices)"])
        return None
    keys: list[_Key] = []
    for n, device in enumerate(devices):
        if device.get("encrypted") is True:
            keys.append((True, None, ""))
        elif device.get("snapshot_id") or any(
            image.is_unknown("ebs_block_device", n, a) for a in ("encrypted", "snapshot_id")
        ):
            keys.append(_device_snapshot(image, n, device, session))
        else:
            keys.append((bool(device.get("encrypted")), None, ""))
    if not keys:
        return Encryption(enabled=False)
    if any(k[0] is None for k in keys):
        session.note_unknown(image, [f"{image.address}.ebs_block_device encryption"])
        return None
    if not all(k[0] for k in keys):
        return Encryption(enabled=False)
    return Encryption(enabled=True, key_managed_by=None)


def _device_snapshot(image: Planned, n: int, device: Any, session: TerraformSession) -> _Key:
    """A block device made from a snapshot: the snapshot's encryption (of the plan), or
    the device's own ``encrypted`` once known."""
    expression = image.expressions.get("ebs_block_device")
    refs: list[str] = []
    if isinstance(expression, list) and n < len(expression):
        refs = list((expression[n].get("snapshot_id") or {}).get("references") or ())
    snapshot = named(session, image, refs, "aws_ebs_snapshot", "aws_ebs_snapshot_copy")
    if snapshot is not None:
        return _ebs_key(snapshot, session)
    if image.is_unknown("ebs_block_device", n, "encrypted") or device.get("encrypted") is None:
        return None, None, ""
    if image.created and not device.get("encrypted"):
        # registered from a snapshot outside the plan: the snapshot's encryption applies
        return None, None, ""
    return bool(device.get("encrypted")), None, ""


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", Snapshot, (*_EBS, *_DB, *_CLUSTER, *_AMI), plan_snapshot,
              name="plan_snapshots",
              joins=[(_VOLUME_PERMISSIONS, "snapshot_id"), (_LAUNCH_PERMISSIONS, "image_id")]),
)  # fmt: skip
