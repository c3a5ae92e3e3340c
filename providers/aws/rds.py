"""RDS: DB instances and manual DB snapshots (with their public restore attribute)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption, tag_map
from scanner.model import DatabaseInstance, Snapshot
from scanner.provider import Collector, Item


def to_database_instance(
    db: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> DatabaseInstance:
    """Pure: a DescribeDBInstances item -> DatabaseInstance.

    AWS always returns the flags read here; a missing one (moto omits ``PubliclyAccessible``
    when it was not set at creation) takes the API default, False.
    """
    retention = db.get("BackupRetentionPeriod")
    return DatabaseInstance(
        uid=str(db["DBInstanceArn"]), provider="aws", account=account, region=region,
        service="rds", name=str(db["DBInstanceIdentifier"]), tags=tag_map(db.get("TagList")),
        collected_at=collected_at, engine=str(db.get("Engine", "")),
        encryption=kms_encryption(bool(db.get("StorageEncrypted")), db.get("KmsKeyId")),
        backup_retention_days=None if retention is None else int(retention),
        publicly_accessible=bool(db.get("PubliclyAccessible", False)),
        multi_az=bool(db.get("MultiAZ", False)),
        deletion_protection=bool(db.get("DeletionProtection", False)),
        auto_minor_version_upgrade=bool(db.get("AutoMinorVersionUpgrade", False)),
        cluster=db.get("DBClusterIdentifier") or None,
    )  # fmt: skip


def is_public_db_snapshot(result: Mapping[str, Any]) -> bool:
    """Pure: a ``DBSnapshotAttributesResult`` whose ``restore`` attribute contains ``all``."""
    return any(
        a.get("AttributeName") == "restore" and "all" in a.get("AttributeValues", ())
        for a in result.get("DBSnapshotAttributes", ())
    )


def to_db_snapshot(
    snapshot: Mapping[str, Any], public: bool | None, *,
    region: str, account: str, collected_at: datetime,
) -> Snapshot:  # fmt: skip
    """Pure: a DescribeDBSnapshots item + whether it is public (None: unread) -> Snapshot.

    Cluster snapshots (whose encryption field is ``StorageEncrypted``) are mapped by
    ``providers.aws.rds_clusters.to_cluster_snapshot``.
    """
    return Snapshot(
        uid=str(snapshot["DBSnapshotArn"]), provider="aws", account=account, region=region,
        service="rds", name=str(snapshot["DBSnapshotIdentifier"]),
        tags=tag_map(snapshot.get("TagList")), collected_at=collected_at, source="database",
        encryption=kms_encryption(bool(snapshot.get("Encrypted")), snapshot.get("KmsKeyId")),
        public=public,
    )  # fmt: skip


def collect_database_instances(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every RDS DB instance in ``region`` (one DescribeDBInstances listing)."""
    try:
        dbs = paginate(session.client("rds", region), "describe_db_instances", "DBInstances")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="DatabaseInstance", permission="rds:DescribeDBInstances"
        ) from err
    now = session.now()
    for db in dbs:
        yield to_database_instance(db, region=region, account=session.account, collected_at=now)


def collect_db_snapshots(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every manual DB snapshot in ``region``; one attribute read per snapshot."""
    rds = session.client("rds", region)
    try:
        snapshots = paginate(rds, "describe_db_snapshots", "DBSnapshots", SnapshotType="manual")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Snapshot", permission="rds:DescribeDBSnapshots"
        ) from err

    def attributes(snapshot: Mapping[str, Any]) -> bool | Exception:
        try:
            answer = rds.describe_db_snapshot_attributes(
                DBSnapshotIdentifier=snapshot["DBSnapshotIdentifier"]
            )
        except SDK_ERRORS as err:
            return err
        return is_public_db_snapshot(answer.get("DBSnapshotAttributesResult", {}))

    now = session.now()
    for snapshot, public in zip(snapshots, session.map(attributes, snapshots), strict=True):
        known = None if isinstance(public, Exception) else public
        item = to_db_snapshot(snapshot, known, region=region, account=session.account,
                              collected_at=now)  # fmt: skip
        yield item
        if isinstance(public, Exception):
            yield translate_error(
                public, scope=region, resource="Snapshot",
                permission="rds:DescribeDBSnapshotAttributes", uid=item.uid,
            )  # fmt: skip


COLLECTORS = (
    Collector(
        DatabaseInstance, collect_database_instances, permissions=("rds:DescribeDBInstances",)
    ),
    Collector(
        Snapshot,
        collect_db_snapshots,
        permissions=(
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBSnapshotAttributes",
        ),
    ),
)
