"""RDS instances and manual snapshots: mappers and moto-backed collectors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws import rds
from providers.aws.rds import (
    collect_database_instances,
    collect_db_snapshots,
    is_public_db_snapshot,
    to_database_instance,
    to_db_snapshot,
)
from scanner.errors import CollectionError
from scanner.model import DatabaseInstance, Encryption, Snapshot
from tests.providers.aws.faults import fail

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
WHERE = {"region": "eu-west-1", "account": ACCOUNT, "collected_at": NOW}
KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DB_ARN = f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:orders"


# ---- pure mappers


def test_database_instance_mapping():
    db = to_database_instance(
        {"DBInstanceArn": DB_ARN, "DBInstanceIdentifier": "orders", "Engine": "postgres",
         "StorageEncrypted": True, "KmsKeyId": KEY, "BackupRetentionPeriod": 7,
         "PubliclyAccessible": True, "MultiAZ": True, "DeletionProtection": True,
         "AutoMinorVersionUpgrade": False, "TagList": [{"Key": "tier", "Value": "db"}]},
        **WHERE,
    )  # fmt: skip
    assert (db.uid, db.name, db.engine) == (DB_ARN, "orders", "postgres")
    assert db.encryption == Encryption(enabled=True, key_id=KEY)
    assert db.backup_retention_days == 7
    assert db.publicly_accessible
    assert db.multi_az
    assert db.deletion_protection
    assert db.auto_minor_version_upgrade is False
    assert db.tags == {"tier": "db"}


def test_database_instance_missing_flags_are_false():
    db = to_database_instance({"DBInstanceArn": DB_ARN, "DBInstanceIdentifier": "orders",
                               "BackupRetentionPeriod": 0}, **WHERE)  # fmt: skip
    assert db.encryption == Encryption(enabled=False)
    assert db.backup_retention_days == 0
    assert (db.publicly_accessible, db.multi_az, db.deletion_protection) == (False, False, False)
    assert db.engine == ""


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ([{"AttributeName": "restore", "AttributeValues": ["all"]}], True),
        ([{"AttributeName": "restore", "AttributeValues": ["111122223333"]}], False),
        ([{"AttributeName": "restore", "AttributeValues": []}], False),
        ([], False),
    ],
)
def test_is_public_db_snapshot(attributes, expected):
    assert is_public_db_snapshot({"DBSnapshotAttributes": attributes}) is expected


def test_db_snapshot_mapping():
    arn = f"arn:aws:rds:eu-west-1:{ACCOUNT}:snapshot:nightly"
    snap = to_db_snapshot({"DBSnapshotArn": arn, "DBSnapshotIdentifier": "nightly",
                           "Encrypted": True, "KmsKeyId": KEY}, None, **WHERE)  # fmt: skip
    assert (snap.uid, snap.name, snap.source, snap.service) == (arn, "nightly", "database", "rds")
    assert snap.encryption == Encryption(enabled=True, key_id=KEY)
    assert snap.public is None


# ---- collectors against moto


def _db(client, ident: str, **kw) -> str:
    return client.create_db_instance(
        DBInstanceIdentifier=ident, DBInstanceClass="db.t3.micro", Engine="postgres",
        MasterUsername="admin1", MasterUserPassword="Passw0rd-long-1", AllocatedStorage=20, **kw,
    )["DBInstance"]["DBInstanceArn"]  # fmt: skip


def test_collect_database_instances(aws_session):
    client = aws_session.client("rds", "us-east-1")
    key = aws_session.client("kms", "us-east-1").create_key()["KeyMetadata"]["Arn"]
    fine = _db(
        client,
        "fine",
        StorageEncrypted=True,
        KmsKeyId=key,
        MultiAZ=True,
        BackupRetentionPeriod=7,
        PubliclyAccessible=False,
        DeletionProtection=True,
    )
    public = _db(client, "public", StorageEncrypted=False, BackupRetentionPeriod=0,
                 PubliclyAccessible=True, DeletionProtection=False)  # fmt: skip
    items = {i.uid: i for i in collect_database_instances(aws_session, "us-east-1")}
    assert set(items) == {fine, public}
    good, bad = items[fine], items[public]
    assert isinstance(good, DatabaseInstance)
    assert isinstance(bad, DatabaseInstance)
    assert good.encryption is not None
    assert good.encryption.enabled
    assert good.encryption.key_id is not None
    assert (good.multi_az, good.backup_retention_days, good.deletion_protection) == (True, 7, True)
    assert good.publicly_accessible is False
    assert bad.encryption == Encryption(enabled=False)
    assert (bad.backup_retention_days, bad.publicly_accessible) == (0, True)
    assert (bad.multi_az, bad.deletion_protection) == (False, False)
    assert bad.engine == "postgres"
    assert bad.name == "public"


def test_collect_db_snapshots(aws_session):
    client = aws_session.client("rds", "us-east-1")
    _db(client, "src")
    client.create_db_snapshot(DBInstanceIdentifier="src", DBSnapshotIdentifier="private")
    client.create_db_snapshot(DBInstanceIdentifier="src", DBSnapshotIdentifier="shared")
    client.modify_db_snapshot_attribute(DBSnapshotIdentifier="shared", AttributeName="restore",
                                        ValuesToAdd=["all"])  # fmt: skip
    items = {i.name: i for i in collect_db_snapshots(aws_session, "us-east-1")}
    assert set(items) == {"private", "shared"}
    assert all(isinstance(i, Snapshot) and i.source == "database" for i in items.values())
    assert items["shared"].public is True
    assert items["private"].public is False
    assert items["shared"].uid == f"arn:aws:rds:us-east-1:{ACCOUNT}:snapshot:shared"


def test_collect_db_snapshots_attributes_denied(aws_session):
    client = aws_session.client("rds", "us-east-1")
    _db(client, "src")
    client.create_db_snapshot(DBInstanceIdentifier="src", DBSnapshotIdentifier="one")
    fail(client, "DescribeDBSnapshotAttributes")
    snapshot, error = collect_db_snapshots(aws_session, "us-east-1")
    assert isinstance(snapshot, Snapshot)
    assert snapshot.public is None
    assert isinstance(error, CollectionError)
    assert error.uid == snapshot.uid
    assert error.permission == "rds:DescribeDBSnapshotAttributes"


@pytest.mark.parametrize(
    ("collect", "operation", "resource"),
    [
        (collect_database_instances, "DescribeDBInstances", "DatabaseInstance"),
        (collect_db_snapshots, "DescribeDBSnapshots", "Snapshot"),
    ],
)
def test_listing_denied_fails_the_scope(aws_session, collect, operation, resource):
    fail(aws_session.client("rds", "us-east-1"), operation)
    with pytest.raises(CollectionError) as caught:
        list(collect(aws_session, "us-east-1"))
    assert (caught.value.resource, caught.value.permission) == (resource, f"rds:{operation}")


def test_collectors_declare_their_calls():
    assert {c.resource: c.permissions for c in rds.COLLECTORS} == {
        DatabaseInstance: ("rds:DescribeDBInstances",),
        Snapshot: (
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBSnapshotAttributes",
        ),
    }  # cluster snapshots: providers/aws/rds_clusters.py declares and reads them


def test_cluster_snapshots_public_flag_from_moto(aws_session):
    """RDS User Guide, "Sharing a DB cluster snapshot": the restore attribute 'all' is public.

    Cluster snapshots come from one collector only (rds_clusters), once each, with their
    encryption read from ``StorageEncrypted`` (DBClusterSnapshot in the RDS API reference);
    a second reader here once yielded the same uid again, read as unencrypted.
    """
    from providers.aws.rds import collect_db_snapshots
    from providers.aws.rds_clusters import collect_cluster_snapshots

    rds = aws_session.boto.client("rds", region_name="us-east-1")
    rds.create_db_cluster(DBClusterIdentifier="c1", Engine="aurora-postgresql",
                          MasterUsername="u", MasterUserPassword="password123",
                          StorageEncrypted=True)  # fmt: skip
    for name, values in (("open", ["all"]), ("shared", ["210987654321"])):
        rds.create_db_cluster_snapshot(DBClusterIdentifier="c1", DBClusterSnapshotIdentifier=name)
        rds.modify_db_cluster_snapshot_attribute(
            DBClusterSnapshotIdentifier=name, AttributeName="restore", ValuesToAdd=values
        )
    found = {s.name: s.public for s in collect_cluster_snapshots(aws_session, "us-east-1")
             if isinstance(s, Snapshot)}  # fmt: skip
    assert found == {"open": True, "shared": False}
    snapshots = [s for s in collect_cluster_snapshots(aws_session, "us-east-1")
                 if isinstance(s, Snapshot)]  # fmt: skip
    assert all(s.encryption is not None and s.encryption.enabled for s in snapshots)
    assert not [s for s in collect_db_snapshots(aws_session, "us-east-1")
                if isinstance(s, Snapshot) and ":cluster-snapshot:" in s.uid]  # fmt: skip
