"""RDS instances and snapshots, DynamoDB tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from providers.aws.demo.estate import DEMO_PASSWORD, Estate
from scanner.model import DatabaseInstance, Snapshot, Table

if TYPE_CHECKING:
    from mypy_boto3_rds import RDSClient
    from mypy_boto3_rds.type_defs import TagTypeDef

_DEMO_TAGS: list[TagTypeDef] = [{"Key": "Environment", "Value": "demo"}]


def seed_databases(estate: Estate, region: str, key_arn: str) -> None:
    """A well-run RDS instance, a neglected one and a public snapshot of the latter."""
    rds = estate.boto.client("rds", region_name=region)
    good = _instance(
        rds, "demo-db-orders", "postgres", StorageEncrypted=True, KmsKeyId=key_arn,
        MultiAZ=True, BackupRetentionPeriod=14, DeletionProtection=True,
        PubliclyAccessible=False,
    )  # fmt: skip
    estate.ledger.add(DatabaseInstance, good, region)
    bad = _instance(
        rds, "demo-db-legacy", "mysql", StorageEncrypted=False, MultiAZ=False,
        BackupRetentionPeriod=0, DeletionProtection=False, PubliclyAccessible=True,
    )  # fmt: skip
    estate.ledger.add(
        DatabaseInstance, bad, region,
        "storage not encrypted", "publicly accessible", "single-AZ",
        "automated backups off (retention 0)", "deletion protection off",
    )  # fmt: skip
    snapshot = rds.create_db_snapshot(
        DBInstanceIdentifier="demo-db-legacy",
        DBSnapshotIdentifier="demo-db-legacy-export",
        Tags=_DEMO_TAGS,
    )["DBSnapshot"]
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="demo-db-legacy-export", AttributeName="restore", ValuesToAdd=["all"]
    )
    estate.ledger.add(
        Snapshot, snapshot["DBSnapshotArn"], region,
        "not encrypted", "shared publicly (restore attribute all)",
    )  # fmt: skip


def _instance(rds: RDSClient, identifier: str, engine: str, **settings: Any) -> str:
    """Create a small DB instance with a fake master password; return its ARN."""
    made = rds.create_db_instance(
        DBInstanceIdentifier=identifier,
        Engine=engine,
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="demo",
        MasterUserPassword=DEMO_PASSWORD,
        Tags=_DEMO_TAGS,
        **settings,
    )
    return made["DBInstance"]["DBInstanceArn"]


def seed_tables(estate: Estate, region: str, key_arn: str) -> None:
    """A protected table (PITR, deletion protection, CMK) and an unprotected one.

    The unprotected table passes no ``SSESpecification`` (AWS-owned key, the default): moto
    answers ``{"Enabled": False}`` by creating a *customer*-managed, unrotated default key.
    """
    dynamodb = estate.boto.client("dynamodb", region_name=region)
    schema: dict[str, Any] = {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "Tags": [{"Key": "Environment", "Value": "demo"}],
    }
    orders = dynamodb.create_table(
        TableName="demo-orders",
        DeletionProtectionEnabled=True,
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key_arn},
        **schema,
    )["TableDescription"]
    dynamodb.update_continuous_backups(
        TableName="demo-orders",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )
    estate.ledger.add(Table, orders["TableArn"], region)
    sessions = dynamodb.create_table(
        TableName="demo-sessions", DeletionProtectionEnabled=False, **schema
    )["TableDescription"]
    estate.ledger.add(
        Table, sessions["TableArn"], region, "point-in-time recovery off", "deletion protection off"
    )
