"""RDS DB clusters and cluster snapshots: mappers on API JSON, collectors on moto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws import PROVIDER
from providers.aws.rds_clusters import (
    collect_cluster_snapshots,
    collect_database_clusters,
    is_rds_engine,
    to_database_cluster,
    version_supported,
)
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import DatabaseCluster, Snapshot
from scanner.registry import load

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"


# RDS API reference, DBEngineVersion.Status: "available" or "deprecated".
@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        ([{"Status": "available"}], True),
        ([{"Status": "deprecated"}], False),
        ([{}], True),
        ([], None),  # not listed even with IncludeAll: nothing to judge by
        (None, None),
    ],
)
def test_version_supported(versions, expected):
    assert version_supported(versions) is expected


def test_aurora_and_multi_az_mapping():
    base = {"DBClusterArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:c", "DBClusterIdentifier": "c",
            "StorageEncrypted": True, "BackupRetentionPeriod": 7, "DeletionProtection": True,
            "IAMDatabaseAuthenticationEnabled": True, "EngineVersion": "16.4"}  # fmt: skip
    aurora = to_database_cluster(
        {**base, "Engine": "aurora-postgresql", "PubliclyAccessible": False}, True,
        region=REGION, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert (aurora.shared_storage, aurora.publicly_accessible) == (True, None)
    assert aurora.admin_username is None  # not returned: unknown, never "custom"
    named = to_database_cluster(
        {**base, "Engine": "aurora-mysql", "MasterUsername": "admin"}, True,
        region=REGION, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert named.admin_username == "admin"
    multi = to_database_cluster(
        {**base, "Engine": "postgres", "PubliclyAccessible": True,
         "AutoMinorVersionUpgrade": False},
        True, region=REGION, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert (multi.shared_storage, multi.publicly_accessible, multi.auto_minor_version_upgrade) == (
        False, True, False,
    )  # fmt: skip


def _cluster(session: AwsSession, name: str, *, encrypted: bool) -> None:
    session.boto.client("rds", region_name=REGION).create_db_cluster(
        DBClusterIdentifier=name, Engine="aurora-postgresql", EngineVersion="16.4",
        MasterUsername="admin", MasterUserPassword="not-a-real-password",
        StorageEncrypted=encrypted, BackupRetentionPeriod=7,
    )  # fmt: skip


def test_clusters_on_moto_engine_versions_unimplemented(aws_session: AwsSession):
    _cluster(aws_session, "orders", encrypted=True)
    items = list(collect_database_clusters(aws_session, REGION))
    [cluster] = [i for i in items if isinstance(i, DatabaseCluster)]
    [error] = [i for i in items if isinstance(i, CollectionError)]
    assert cluster.encryption is not None
    assert (cluster.encryption.enabled, cluster.backup_retention_days) == (True, 7)
    assert cluster.engine_supported is None
    # moto lacks DescribeDBEngineVersions: that one check is UNKNOWN, never PASS
    assert (error.cause, error.permission, error.uid) == (
        "NotImplemented", "rds:DescribeDBEngineVersions", cluster.uid,
    )  # fmt: skip
    result = run_scan(PROVIDER, aws_session, load().select(ids=["DB-506", "DB-501"]), [REGION])
    by_check = {f.check_id: f for f in result.findings}
    assert by_check["DB-506"].status is Status.UNKNOWN
    assert by_check["DB-501"].status is Status.PASS


def test_cluster_snapshots_on_moto(aws_session: AwsSession):
    _cluster(aws_session, "plain", encrypted=False)
    rds = aws_session.boto.client("rds", region_name=REGION)
    rds.create_db_cluster_snapshot(DBClusterIdentifier="plain", DBClusterSnapshotIdentifier="s1")
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="s1", AttributeName="restore", ValuesToAdd=["all"]
    )
    [snapshot] = collect_cluster_snapshots(aws_session, REGION)
    assert isinstance(snapshot, Snapshot)
    assert snapshot.encryption is not None
    assert (snapshot.encryption.enabled, snapshot.public, snapshot.source) == (
        False,
        True,
        "database",
    )


@pytest.mark.parametrize(
    ("engine", "rds"),
    [("aurora-mysql", True), ("aurora-postgresql", True), ("aurora", True), ("mysql", True),
     ("postgres", True), ("neptune", False), ("docdb", False)],
)  # fmt: skip
def test_only_rds_engines(engine: str, rds: bool):
    assert is_rds_engine(engine) is rds
