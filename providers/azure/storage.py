"""Storage accounts (Resource Graph) with blob service settings (one ARM call each)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

from azure.mgmt.storage import StorageManagementClient

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.network import GRAPH_READ
from providers.azure.rows import base_fields, of_type, props, resource_group, rest_dict
from providers.azure.session import AzureSession
from providers.azure.storage_extras import account_extras
from scanner.model import Bucket, Encryption
from scanner.provider import Collector, Item

ACCOUNT = "microsoft.storage/storageaccounts"
BLOB_SERVICE_READ = "Microsoft.Storage/storageAccounts/blobServices/read"
_TLS = {"tls1_0": "1.0", "tls1_1": "1.1", "tls1_2": "1.2", "tls1_3": "1.3"}


def _encryption(p: Mapping[str, Any]) -> Encryption:
    """Storage is always encrypted; a Key Vault key source means a customer-managed key."""
    enc = p.get("encryption") or {}
    if str(enc.get("keySource", "")).lower() == "microsoft.keyvault":
        kv = enc.get("keyvaultproperties") or {}
        key = f"{kv.get('keyvaulturi', '')}keys/{kv.get('keyname', '')}" if kv else None
        return Encryption(enabled=True, key_managed_by="customer", key_id=key)
    return Encryption(enabled=True, key_managed_by="provider")


def _blob_settings(blob: Mapping[str, Any] | None) -> tuple[bool | None, int | None]:
    """(versioning, blob soft delete days; 0 = off) from blob service properties."""
    if blob is None:
        return None, None
    p = props(blob)
    retention = p.get("deleteRetentionPolicy") or {}
    days = int(retention.get("days") or 0) if retention.get("enabled") else 0
    return bool(p.get("isVersioningEnabled", False)), days


def to_bucket(
    row: Mapping[str, Any],
    blob: Mapping[str, Any] | None,
    *,
    subscription: str,
    collected_at: datetime,
) -> Bucket:
    """Pure: a storage account (+ its blob service properties, None if unread) -> Bucket.

    Unset settings take Azure's documented defaults: HTTPS only, TLS 1.0, Shared Key
    allowed, public network access enabled; anonymous blob access passes only when
    ``allowBlobPublicAccess`` is explicitly false. AWS-policy fields stay None.
    """
    p = props(row)
    acls = p.get("networkAcls") or {}
    versioning, soft_delete = _blob_settings(blob)
    return Bucket(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        encryption=_encryption(p),
        public_access_block=None,
        policy_allows_public=None,
        policy_requires_tls=None,
        versioning=versioning,
        access_logging=None,
        https_only=bool(p.get("supportsHttpsTrafficOnly", True)),
        min_tls_version=_TLS.get(str(p.get("minimumTlsVersion", "TLS1_0")).lower(), ""),
        anonymous_access=p.get("allowBlobPublicAccess") is not False,
        shared_key_access=p.get("allowSharedKeyAccess") is not False,
        infrastructure_encryption=bool(
            (p.get("encryption") or {}).get("requireInfrastructureEncryption", False)
        ),
        network_default_deny=str(acls.get("defaultAction", "Allow")).lower() == "deny",
        public_network_access=str(p.get("publicNetworkAccess", "Enabled")).lower() == "enabled",
        soft_delete_days=soft_delete,
        **account_extras(row, blob),
    )


def service_properties(
    session: AzureSession,
    subscription: str,
    row: Mapping[str, Any],
    service: Literal["blob", "file"],
    *,
    resource: str,
    permission: str,
) -> tuple[dict[str, Any] | None, list[Item]]:
    """One storage account's blob or file service properties, or the error reading them."""
    client = session.client(StorageManagementClient, subscription)
    operations = client.blob_services if service == "blob" else client.file_services
    try:
        return rest_dict(
            operations.get_service_properties(
                resource_group(str(row["id"])) or "", str(row["name"])
            )
        ), []
    except SDK_ERRORS as err:
        error = translate_error(
            err, scope=subscription, resource=resource, permission=permission, uid=str(row["id"])
        )
        return None, [error]


def collect_buckets(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every storage account; versioning and soft delete from its blob service."""
    accounts = of_type(session.graph_rows(subscription, "Bucket"), ACCOUNT)

    def detail(row: dict[str, Any]) -> list[Item]:
        blob: dict[str, Any] | None = None
        out: list[Item] = []
        if not session.offline:
            blob, out = service_properties(
                session, subscription, row, "blob", resource="Bucket", permission=BLOB_SERVICE_READ
            )
        now = session.now()
        return [to_bucket(row, blob, subscription=subscription, collected_at=now), *out]

    for items in session.map(detail, accounts):
        yield from items


COLLECTORS = (
    Collector(
        Bucket,
        collect_buckets,
        permissions=(*GRAPH_READ, "Microsoft.Storage/storageAccounts/read", BLOB_SERVICE_READ),
    ),
)
