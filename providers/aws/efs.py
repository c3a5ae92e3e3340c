"""EFS file systems: DescribeFileSystems."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption, tag_map
from scanner.model import FileSystem
from scanner.provider import Collector, Item

_PERMISSION = "elasticfilesystem:DescribeFileSystems"


def to_file_system(
    fs: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> FileSystem:
    """Pure: a DescribeFileSystems item -> FileSystem."""
    fs_id = str(fs["FileSystemId"])
    owner = str(fs.get("OwnerId") or account)
    arn = (
        fs.get("FileSystemArn") or f"arn:aws:elasticfilesystem:{region}:{owner}:file-system/{fs_id}"
    )
    return FileSystem(
        uid=str(arn), provider="aws", account=account, region=region, service="efs",
        name=fs_id, tags=tag_map(fs.get("Tags")), collected_at=collected_at,
        encryption=kms_encryption(bool(fs.get("Encrypted")), fs.get("KmsKeyId")),
    )  # fmt: skip


def collect_file_systems(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every EFS file system in ``region`` (one DescribeFileSystems listing)."""
    try:
        systems = paginate(session.client("efs", region), "describe_file_systems", "FileSystems")
    except SDK_ERRORS as err:
        raise translate_error(
            err,
            scope=region,
            resource="FileSystem",
            permission="elasticfilesystem:DescribeFileSystems",
        ) from err
    now = session.now()
    for fs in systems:
        yield to_file_system(fs, region=region, account=session.account, collected_at=now)


COLLECTORS = (Collector(FileSystem, collect_file_systems, permissions=(_PERMISSION,)),)
