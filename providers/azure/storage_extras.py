"""Storage account settings CIS Azure 9.x judges beyond transport and encryption (pure).

Field meanings and defaults follow the Storage Resource Provider REST reference
(``StorageAccountProperties``, api-version 2023-05-01) and the blob service reference
(``BlobServiceProperties.containerDeleteRetentionPolicy``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from providers.azure.rows import props, timestamp

#: Accounts created from this date default ``allowCrossTenantReplication`` to false
#: ("the default interpretation is false for new accounts"); older ones to true.
CROSS_TENANT_DEFAULT_FALSE = datetime(2023, 12, 15, tzinfo=UTC)


def _container_days(blob: Mapping[str, Any] | None) -> int | None:
    if blob is None:
        return None
    policy = props(blob).get("containerDeleteRetentionPolicy") or {}
    return int(policy.get("days") or 0) if policy.get("enabled") else 0


def _keys_created(p: Mapping[str, Any]) -> tuple[datetime, ...] | None:
    """``keyCreationTime.key1/key2``; None when the service has not recorded them."""
    created = p.get("keyCreationTime") or {}
    stamps = [timestamp(created.get(k)) for k in ("key1", "key2")]
    if any(s is None for s in stamps):
        return None
    return tuple(s for s in stamps if s is not None)


def approved_private_endpoint(p: Mapping[str, Any]) -> bool:
    """An approved private endpoint connection exists (pending or rejected ones don't count)."""
    for conn in p.get("privateEndpointConnections") or ():
        state = props(conn).get("privateLinkServiceConnectionState") or {}
        if str(state.get("status", "")).lower() == "approved":
            return True
    return False


def _cross_tenant(p: Mapping[str, Any]) -> bool | None:
    value = p.get("allowCrossTenantReplication")
    if isinstance(value, bool):
        return value
    created = timestamp(p.get("creationTime"))
    if created is None:
        return None
    return created < CROSS_TENANT_DEFAULT_FALSE


def _bypass(p: Mapping[str, Any]) -> bool:
    """``networkAcls.bypass`` is a comma list ('Logging, Metrics, AzureServices'); default
    'AzureServices' when unset."""
    acls = p.get("networkAcls") or {}
    bypass = acls.get("bypass")
    text = "AzureServices" if bypass is None else str(bypass)
    return "azureservices" in {t.strip().lower() for t in text.split(",")}


def account_extras(row: Mapping[str, Any], blob: Mapping[str, Any] | None) -> dict[str, Any]:
    """Bucket fields for CIS Azure 9.2.2, 9.3.1.x, 9.3.2.1, 9.3.3.1, 9.3.5, 9.3.7, 9.3.11."""
    p = props(row)
    policy = p.get("keyPolicy") or {}
    sku = row.get("sku")
    return {
        "container_soft_delete_days": _container_days(blob),
        "key_reminder_days": int(policy.get("keyExpirationPeriodInDays") or 0),
        "access_keys_created": _keys_created(p),
        "private_endpoint": approved_private_endpoint(p),
        "portal_entra_auth": p.get("defaultToOAuthAuthentication") is True,
        "trusted_services_bypass": _bypass(p),
        "cross_tenant_replication": _cross_tenant(p),
        "redundancy": str(sku.get("name"))
        if isinstance(sku, Mapping) and sku.get("name")
        else None,
    }
