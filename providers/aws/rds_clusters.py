"""RDS DB clusters (Aurora and Multi-AZ DB clusters) and manual DB cluster snapshots.

* ``DescribeDBClusters``: storage encryption, backup retention, deletion protection, IAM
  database authentication; ``PubliclyAccessible`` and ``AutoMinorVersionUpgrade`` exist only
  for Multi-AZ DB clusters (RDS API reference, DBCluster), Aurora members carry their own.
* ``DescribeDBEngineVersions(Engine, EngineVersion, IncludeAll=True)`` once per distinct
  version: ``Status`` "deprecated" means RDS no longer offers it (out of support); the
  default listing leaves deprecated versions out, hence IncludeAll.
* Manual cluster snapshots become ``Snapshot`` (source "database") with their encryption and
  the ``restore`` attribute of ``DescribeDBClusterSnapshotAttributes`` ("all" = public).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.backup_selection import Unread, guarded
from providers.aws.rds import is_public_db_snapshot
from providers.aws.resilience import unread_error
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption, tag_map
from scanner.errors import CollectionError
from scanner.model import DatabaseCluster, Snapshot
from scanner.provider import Collector, Item

DESCRIBE_CLUSTERS = "rds:DescribeDBClusters"
DESCRIBE_VERSIONS = "rds:DescribeDBEngineVersions"
DESCRIBE_SNAPSHOTS = "rds:DescribeDBClusterSnapshots"
DESCRIBE_SNAPSHOT_ATTRIBUTES = "rds:DescribeDBClusterSnapshotAttributes"


def is_rds_engine(engine: str) -> bool:
    """Pure: an RDS (Aurora or Multi-AZ DB cluster) engine, not Neptune or DocumentDB."""
    return engine.startswith(("aurora", "mysql", "postgres"))


def version_supported(versions: list[Mapping[str, Any]] | None) -> bool | None:
    """Pure: DescribeDBEngineVersions items for one engine version -> still offered?

    None when unread or not listed at all (nothing documented to judge by).
    """
    if not versions:
        return None
    return all(str(v.get("Status", "available")).lower() != "deprecated" for v in versions)


def to_database_cluster(
    cluster: Mapping[str, Any],
    supported: bool | None,
    *,
    region: str,
    account: str,
    collected_at: datetime,
) -> DatabaseCluster:
    """Pure: a DescribeDBClusters item + engine version support -> DatabaseCluster."""
    engine = str(cluster.get("Engine", ""))
    aurora = engine.startswith("aurora")
    retention = cluster.get("BackupRetentionPeriod")
    public = cluster.get("PubliclyAccessible")
    minor = cluster.get("AutoMinorVersionUpgrade")
    return DatabaseCluster(
        uid=str(cluster["DBClusterArn"]), provider="aws", account=account, region=region,
        service="rds", name=str(cluster["DBClusterIdentifier"]),
        tags=tag_map(cluster.get("TagList")), collected_at=collected_at, engine=engine,
        engine_version=str(cluster.get("EngineVersion", "")), engine_supported=supported,
        shared_storage=aurora,
        encryption=kms_encryption(bool(cluster.get("StorageEncrypted")), cluster.get("KmsKeyId")),
        backup_retention_days=None if retention is None else int(retention),
        deletion_protection=bool(cluster.get("DeletionProtection", False)),
        iam_auth=bool(cluster.get("IAMDatabaseAuthenticationEnabled", False)),
        publicly_accessible=None if aurora or public is None else bool(public),
        auto_minor_version_upgrade=None if aurora or minor is None else bool(minor),
        multi_az=bool(cluster.get("MultiAZ", False)),
        log_exports=tuple(str(x) for x in cluster.get("EnabledCloudwatchLogsExports") or ()),
        admin_username=str(cluster["MasterUsername"]) if cluster.get("MasterUsername") else None,
    )  # fmt: skip


def collect_database_clusters(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every DB cluster in ``region``; one engine-version lookup per distinct version."""
    rds = session.client("rds", region)
    try:
        clusters = paginate(rds, "describe_db_clusters", "DBClusters")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="DatabaseCluster", permission=DESCRIBE_CLUSTERS
        ) from err
    # DescribeDBClusters also returns Neptune and DocumentDB clusters (RDS API reference);
    # their settings mean other things, so only RDS engines are judged here
    clusters = [c for c in clusters if is_rds_engine(str(c.get("Engine", "")))]
    keys = sorted({(str(c.get("Engine", "")), str(c.get("EngineVersion", ""))) for c in clusters})

    def lookup(key: tuple[str, str]) -> list[Any] | Unread:
        try:
            return guarded(
                DESCRIBE_VERSIONS, paginate, rds, "describe_db_engine_versions",
                "DBEngineVersions", Engine=key[0], EngineVersion=key[1], IncludeAll=True,
            )  # fmt: skip
        except Unread as failure:
            return failure

    versions = dict(zip(keys, session.map(lookup, keys), strict=True))
    now = session.now()
    for cluster in clusters:
        found = versions[(str(cluster.get("Engine", "")), str(cluster.get("EngineVersion", "")))]
        supported = None if isinstance(found, Unread) else version_supported(found)
        model = to_database_cluster(
            cluster, supported, region=region, account=session.account, collected_at=now
        )
        yield model
        if isinstance(found, Unread):
            yield unread_error(found, scope=region, resource="DatabaseCluster", uid=model.uid)


def to_cluster_snapshot(
    snapshot: Mapping[str, Any], public: bool | None, *,
    region: str, account: str, collected_at: datetime,
) -> Snapshot:  # fmt: skip
    """Pure: a DescribeDBClusterSnapshots item + whether it is public (None: unread)."""
    return Snapshot(
        uid=str(snapshot["DBClusterSnapshotArn"]), provider="aws", account=account,
        region=region, service="rds", name=str(snapshot["DBClusterSnapshotIdentifier"]),
        tags=tag_map(snapshot.get("TagList")), collected_at=collected_at, source="database",
        encryption=kms_encryption(bool(snapshot.get("StorageEncrypted")), snapshot.get("KmsKeyId")),
        public=public,
    )  # fmt: skip


def collect_cluster_snapshots(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every manual DB cluster snapshot in ``region``; one attribute read each."""
    rds = session.client("rds", region)
    try:
        snapshots = paginate(
            rds, "describe_db_cluster_snapshots", "DBClusterSnapshots", SnapshotType="manual"
        )
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Snapshot", permission=DESCRIBE_SNAPSHOTS
        ) from err

    def attributes(snapshot: Mapping[str, Any]) -> bool | CollectionError:
        ident = snapshot["DBClusterSnapshotIdentifier"]
        try:
            answer = rds.describe_db_cluster_snapshot_attributes(DBClusterSnapshotIdentifier=ident)
        except SDK_ERRORS as err:
            return translate_error(
                err, scope=region, resource="Snapshot", permission=DESCRIBE_SNAPSHOT_ATTRIBUTES,
                uid=str(snapshot["DBClusterSnapshotArn"]),
            )  # fmt: skip
        result = answer.get("DBClusterSnapshotAttributesResult", {})
        return is_public_db_snapshot(
            {"DBSnapshotAttributes": result.get("DBClusterSnapshotAttributes", ())}
        )

    now = session.now()
    for snapshot, public in zip(snapshots, session.map(attributes, snapshots), strict=True):
        known = None if isinstance(public, CollectionError) else public
        yield to_cluster_snapshot(snapshot, known, region=region, account=session.account,
                                  collected_at=now)  # fmt: skip
        if isinstance(public, CollectionError):
            yield public


COLLECTORS = (
    Collector(
        DatabaseCluster,
        collect_database_clusters,
        permissions=(DESCRIBE_CLUSTERS, DESCRIBE_VERSIONS),
    ),
    Collector(
        Snapshot,
        collect_cluster_snapshots,
        permissions=(DESCRIBE_SNAPSHOTS, DESCRIBE_SNAPSHOT_ATTRIBUTES),
        name="collect_cluster_snapshots",
    ),
)
