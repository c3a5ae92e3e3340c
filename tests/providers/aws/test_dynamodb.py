"""DynamoDB tables: mappers and the moto-backed collector."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws import dynamodb
from providers.aws.dynamodb import collect_tables, to_table, to_table_encryption
from scanner.errors import CollectionError
from scanner.model import Encryption, Table
from tests.providers.aws.faults import fail

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
WHERE = {"region": "eu-west-1", "account": ACCOUNT, "collected_at": NOW}
KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ARN = f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/orders"
PITR_ON = {"ContinuousBackupsDescription": {
    "ContinuousBackupsStatus": "ENABLED",
    "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED"},
}}  # fmt: skip


# ---- pure mappers


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ({}, Encryption(enabled=True, key_managed_by="provider")),
        ({"SSEDescription": {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": KEY}},
         Encryption(enabled=True, key_id=KEY)),
        ({"SSEDescription": {"Status": "DISABLED", "SSEType": "KMS", "KMSMasterKeyArn": KEY}},
         Encryption(enabled=True, key_managed_by="provider")),
        ({"SSEDescription": {"Status": "ENABLED", "SSEType": "AES256"}},
         Encryption(enabled=True, key_managed_by="provider")),
    ],
)  # fmt: skip
def test_table_encryption(table, expected):
    assert to_table_encryption(table) == expected


def test_table_mapping():
    table = to_table("orders", {"TableArn": ARN, "DeletionProtectionEnabled": True}, PITR_ON,
                     **WHERE)  # fmt: skip
    assert (table.uid, table.name, table.service) == (ARN, "orders", "dynamodb")
    assert table.encryption == Encryption(enabled=True, key_managed_by="provider")
    assert table.point_in_time_recovery is True
    assert table.deletion_protection is True


def test_table_missing_settings_are_false():
    backups = {"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "DISABLED"}}
    table = to_table("orders", {"TableArn": ARN}, backups, **WHERE)
    assert table.point_in_time_recovery is False
    assert table.deletion_protection is False


def test_table_unread_details_are_none():
    table = to_table("orders", None, None, **WHERE)
    assert table.uid == ARN
    assert table.encryption is None
    assert table.point_in_time_recovery is None
    assert table.deletion_protection is None


# ---- collector against moto


def _table(client, name: str, **kw) -> str:
    return client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], **kw,
    )["TableDescription"]["TableArn"]  # fmt: skip


def test_collect_tables(aws_session):
    client = aws_session.client("dynamodb", "us-east-1")
    good = _table(
        client,
        "good",
        DeletionProtectionEnabled=True,
        SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": KEY},
    )
    client.update_continuous_backups(
        TableName="good", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
    )
    plain = _table(client, "plain")
    items = {i.uid: i for i in collect_tables(aws_session, "us-east-1")}
    assert set(items) == {good, plain}
    ok, bad = items[good], items[plain]
    assert isinstance(ok, Table)
    assert isinstance(bad, Table)
    assert ok.point_in_time_recovery is True
    assert ok.deletion_protection is True
    assert ok.encryption is not None
    assert ok.encryption.key_id == KEY
    assert bad.point_in_time_recovery is False
    assert bad.deletion_protection is False
    assert bad.encryption == Encryption(enabled=True, key_managed_by="provider")


def test_collect_tables_backups_denied(aws_session):
    client = aws_session.client("dynamodb", "us-east-1")
    arn = _table(client, "guarded", DeletionProtectionEnabled=True)
    fail(client, "DescribeContinuousBackups", "AccessDeniedException", 400)
    table, error = collect_tables(aws_session, "us-east-1")
    assert isinstance(table, Table)
    assert table.uid == arn
    assert table.point_in_time_recovery is None
    assert table.deletion_protection is True
    assert isinstance(error, CollectionError)
    assert error.uid == arn
    assert error.permission == "dynamodb:DescribeContinuousBackups"


def test_collect_tables_describe_denied_keeps_the_table(aws_session):
    client = aws_session.client("dynamodb", "us-east-1")
    arn = _table(client, "guarded")
    fail(client, "DescribeTable", "AccessDeniedException", 400)
    table, error = collect_tables(aws_session, "us-east-1")
    assert isinstance(table, Table)
    assert table.uid == arn
    assert table.encryption is None
    assert table.deletion_protection is None
    assert table.point_in_time_recovery is False
    assert isinstance(error, CollectionError)
    assert error.permission == "dynamodb:DescribeTable"


def test_collect_tables_drops_a_table_deleted_meanwhile(aws_session):
    client = aws_session.client("dynamodb", "us-east-1")
    _table(client, "ephemeral")
    fail(client, "DescribeTable", "ResourceNotFoundException", 400)
    assert list(collect_tables(aws_session, "us-east-1")) == []


def test_collect_tables_listing_denied(aws_session):
    fail(aws_session.client("dynamodb", "us-east-1"), "ListTables", "AccessDeniedException", 400)
    with pytest.raises(CollectionError) as caught:
        list(collect_tables(aws_session, "us-east-1"))
    assert caught.value.permission == "dynamodb:ListTables"
    assert caught.value.cause == "AccessDeniedException"


def test_collector_declares_its_calls():
    (collector,) = dynamodb.COLLECTORS
    assert collector.permissions == (
        "dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups",
    )  # fmt: skip
