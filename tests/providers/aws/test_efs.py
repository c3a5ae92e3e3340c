"""EFS file systems: mapper and the moto-backed collector."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws import efs
from providers.aws.efs import collect_file_systems, to_file_system
from scanner.errors import CollectionError
from scanner.model import Encryption, FileSystem
from tests.providers.aws.faults import fail

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
WHERE = {"region": "eu-west-1", "account": ACCOUNT, "collected_at": NOW}
KEY = f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_file_system_mapping():
    arn = f"arn:aws:elasticfilesystem:eu-west-1:{ACCOUNT}:file-system/fs-1"
    fs = to_file_system({"FileSystemId": "fs-1", "FileSystemArn": arn, "Encrypted": True,
                         "KmsKeyId": KEY, "Tags": [{"Key": "Name", "Value": "home"}]},
                        **WHERE)  # fmt: skip
    assert (fs.uid, fs.name, fs.service) == (arn, "fs-1", "efs")
    assert fs.encryption == Encryption(enabled=True, key_id=KEY)
    assert fs.tags == {"Name": "home"}


def test_file_system_without_arn_or_encryption():
    fs = to_file_system({"FileSystemId": "fs-2", "OwnerId": ACCOUNT}, **WHERE)
    assert fs.uid == f"arn:aws:elasticfilesystem:eu-west-1:{ACCOUNT}:file-system/fs-2"
    assert fs.encryption == Encryption(enabled=False)


def test_collect_file_systems(aws_session):
    client = aws_session.client("efs", "us-east-1")
    key = aws_session.client("kms", "us-east-1").create_key()["KeyMetadata"]["Arn"]
    enc = client.create_file_system(CreationToken="enc", Encrypted=True, KmsKeyId=key)
    plain = client.create_file_system(CreationToken="plain", Encrypted=False)
    items = {i.name: i for i in collect_file_systems(aws_session, "us-east-1")}
    assert set(items) == {enc["FileSystemId"], plain["FileSystemId"]}
    good, bad = items[enc["FileSystemId"]], items[plain["FileSystemId"]]
    assert isinstance(good, FileSystem)
    assert isinstance(bad, FileSystem)
    assert good.uid == enc["FileSystemArn"]
    assert good.encryption is not None
    assert good.encryption.enabled
    assert bad.encryption == Encryption(enabled=False)


def test_collect_file_systems_denied(aws_session):
    fail(aws_session.client("efs", "us-east-1"), "DescribeFileSystems", "AccessDeniedException")
    with pytest.raises(CollectionError) as caught:
        list(collect_file_systems(aws_session, "us-east-1"))
    assert caught.value.permission == "elasticfilesystem:DescribeFileSystems"
    assert caught.value.resource == "FileSystem"


def test_collector_declares_its_calls():
    (collector,) = efs.COLLECTORS
    assert collector.permissions == ("elasticfilesystem:DescribeFileSystems",)
