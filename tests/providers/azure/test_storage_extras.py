"""The pure mapper of CIS 9.x storage settings, on the REST shapes and their defaults.

Shapes: azure-rest-api-specs storage examples (StorageAccountGetProperties.json,
BlobServicesGet.json); defaults from StorageAccountProperties in the Storage RP reference.
"""

from __future__ import annotations

from datetime import UTC, datetime

from providers.azure.storage_extras import account_extras


def _row(**p):
    return {
        "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a",
        "sku": {"name": "Standard_RAGRS", "tier": "Standard"},
        "properties": p,
    }


def test_defaults_when_unset():
    x = account_extras(_row(creationTime="2024-03-01T00:00:00Z"), None)
    assert x["container_soft_delete_days"] is None  # blob service unread
    assert x["key_reminder_days"] == 0
    assert x["access_keys_created"] is None
    assert x["private_endpoint"] is False
    assert x["portal_entra_auth"] is False
    assert x["trusted_services_bypass"] is True  # bypass defaults to AzureServices
    assert x["cross_tenant_replication"] is False  # created after Dec 2023
    assert x["redundancy"] == "Standard_RAGRS"


def test_old_account_without_setting_allows_cross_tenant():
    assert (
        account_extras(_row(creationTime="2021-03-01T00:00:00Z"), None)["cross_tenant_replication"]
        is True
    )
    assert account_extras(_row(), None)["cross_tenant_replication"] is None
    assert (
        account_extras(_row(allowCrossTenantReplication=False, creationTime="2020-01-01"), None)[
            "cross_tenant_replication"
        ]
        is False
    )


def test_explicit_settings():
    x = account_extras(
        _row(
            keyPolicy={"keyExpirationPeriodInDays": 60},
            keyCreationTime={"key1": "2026-01-01T00:00:00Z", "key2": "2026-02-01T00:00:00Z"},
            privateEndpointConnections=[
                {"properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}},
                {"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}},
            ],
            defaultToOAuthAuthentication=True,
            networkAcls={"bypass": "Logging, Metrics", "defaultAction": "Deny"},
            allowCrossTenantReplication=True,
        ),
        {"properties": {"containerDeleteRetentionPolicy": {"enabled": True, "days": 9}}},
    )
    assert x["key_reminder_days"] == 60
    assert x["access_keys_created"] == (
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert x["private_endpoint"] is True
    assert x["portal_entra_auth"] is True
    assert x["trusted_services_bypass"] is False
    assert x["cross_tenant_replication"] is True
    assert x["container_soft_delete_days"] == 9


def test_only_pending_endpoint_and_disabled_container_policy():
    x = account_extras(
        _row(
            privateEndpointConnections=[
                {"properties": {"privateLinkServiceConnectionState": {"status": "Rejected"}}}
            ],
            networkAcls={"bypass": "Logging, Metrics, AzureServices"},
            keyCreationTime={"key1": "2026-01-01T00:00:00Z", "key2": None},
        ),
        {"properties": {"containerDeleteRetentionPolicy": {"enabled": False, "days": 30}}},
    )
    assert x["private_endpoint"] is False
    assert x["trusted_services_bypass"] is True
    assert x["container_soft_delete_days"] == 0
    assert x["access_keys_created"] is None
