"""Azure Files: the file service of each storage account (one ARM call per account).

``FileServiceProperties`` (Storage RP 2023-05-01): ``shareDeleteRetentionPolicy{enabled,
days}`` and ``protocolSettings.smb{versions, channelEncryption}``, each a ';'-separated
list; when unset every supported value is accepted (SMB2.1;SMB3.0;SMB3.1.1 and
AES-128-CCM;AES-128-GCM;AES-256-GCM). BlobStorage and BlockBlobStorage accounts have no
file service.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.azure.network import GRAPH_READ
from providers.azure.rows import base_fields, of_type, props
from providers.azure.session import AzureSession
from providers.azure.storage import ACCOUNT, _encryption, service_properties
from scanner.errors import CollectionError
from scanner.model import FileSystem
from scanner.provider import Collector, Item

FILE_SERVICE_READ = "Microsoft.Storage/storageAccounts/fileServices/read"
ALL_SMB_VERSIONS = ("SMB2.1", "SMB3.0", "SMB3.1.1")
ALL_CHANNEL_CIPHERS = ("AES-128-CCM", "AES-128-GCM", "AES-256-GCM")
NO_FILES = frozenset({"blobstorage", "blockblobstorage"})


def _listed(value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    items = tuple(v.strip() for v in str(value or "").split(";") if v.strip())
    return items or default


def to_file_service(
    account: Mapping[str, Any],
    service: Mapping[str, Any] | None,
    *,
    subscription: str,
    collected_at: datetime,
) -> FileSystem:
    """Pure: a storage account row plus its file service properties (None: unread)."""
    fields = base_fields(account, subscription=subscription, collected_at=collected_at)
    fields["uid"] = f"{fields['uid']}/fileServices/default"
    encryption = _encryption(props(account))
    if service is None:
        return FileSystem(**fields, encryption=encryption)
    p = props(service)
    retention = p.get("shareDeleteRetentionPolicy") or {}
    smb = (p.get("protocolSettings") or {}).get("smb") or {}
    return FileSystem(
        **fields,
        encryption=encryption,
        share_soft_delete_days=int(retention.get("days") or 0) if retention.get("enabled") else 0,
        smb_versions=_listed(smb.get("versions"), ALL_SMB_VERSIONS),
        smb_channel_encryption=_listed(smb.get("channelEncryption"), ALL_CHANNEL_CIPHERS),
    )


def collect_file_services(session: AzureSession, subscription: str) -> Iterator[Item]:
    """The file service of every storage account that has one."""
    accounts = [
        a
        for a in of_type(session.graph_rows(subscription, "FileSystem"), ACCOUNT)
        if str(a.get("kind") or "").lower() not in NO_FILES
    ]

    def detail(row: dict[str, Any]) -> list[Item]:
        service: dict[str, Any] | None = None
        out: list[Item] = []
        if session.offline:
            out.append(_offline(subscription, str(row["id"])))
        else:
            service, out = service_properties(
                session, subscription, row, "file", resource="FileSystem",
                permission=FILE_SERVICE_READ,
            )  # fmt: skip
        model = to_file_service(row, service, subscription=subscription, collected_at=session.now())
        return [model, *out]

    for items in session.map(detail, accounts):
        yield from items


def _offline(subscription: str, uid: str) -> Item:
    return CollectionError(
        "azure",
        subscription,
        "FileSystem",
        "NotInSnapshot",
        hint="A Resource Graph export has no file service properties; run a live scan",
        uid=uid,
    )


COLLECTORS = (
    Collector(
        FileSystem,
        collect_file_services,
        permissions=(*GRAPH_READ, "Microsoft.Storage/storageAccounts/read", FILE_SERVICE_READ),
    ),
)
