"""Near-miss twins for the CIS Azure 9.x storage account checks.

Semantics: Storage Resource Provider REST reference, StorageAccountProperties
(https://learn.microsoft.com/rest/api/storagerp/storage-accounts/get-properties):
keyPolicy.keyExpirationPeriodInDays, keyCreationTime.key1/key2, privateEndpointConnections
[].properties.privateLinkServiceConnectionState.status, defaultToOAuthAuthentication,
networkAcls.bypass (default AzureServices), allowCrossTenantReplication ("default
interpretation is false for new accounts"), sku.name; blob service
containerDeleteRetentionPolicy (https://learn.microsoft.com/azure/storage/blobs/soft-delete-container-overview).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from checks.storage import storage_account_cis as cis
from scanner.findings import Status
from tests.checks.factories import NOW, storage_account

OLD = NOW - timedelta(days=91)
EDGE = NOW - timedelta(days=90)


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (cis.storage_account_container_soft_delete, {"container_soft_delete_days": 7}, "pass"),
        (cis.storage_account_container_soft_delete, {"container_soft_delete_days": 6}, "fail"),
        (cis.storage_account_container_soft_delete, {"container_soft_delete_days": 0}, "fail"),
        (
            cis.storage_account_container_soft_delete,
            {"container_soft_delete_days": None},
            "unknown",
        ),
        (cis.storage_account_key_rotation_reminder, {"key_reminder_days": 90}, "pass"),
        (cis.storage_account_key_rotation_reminder, {"key_reminder_days": 1}, "pass"),
        (cis.storage_account_key_rotation_reminder, {"key_reminder_days": 91}, "fail"),
        (cis.storage_account_key_rotation_reminder, {"key_reminder_days": 0}, "fail"),
        (cis.storage_account_key_rotation_reminder, {"key_reminder_days": None}, "unknown"),
        (cis.storage_account_keys_rotated, {"access_keys_created": (EDGE, EDGE)}, "pass"),
        (cis.storage_account_keys_rotated, {"access_keys_created": (EDGE, OLD)}, "fail"),
        (cis.storage_account_keys_rotated, {"access_keys_created": (OLD, EDGE)}, "fail"),
        (cis.storage_account_keys_rotated, {"access_keys_created": None}, "unknown"),
        (cis.storage_account_private_endpoint, {"private_endpoint": False}, "fail"),
        (cis.storage_account_private_endpoint, {"private_endpoint": None}, "unknown"),
        (cis.storage_account_portal_entra_auth, {"portal_entra_auth": False}, "fail"),
        (cis.storage_account_trusted_services, {"trusted_services_bypass": False}, "fail"),
        (
            cis.storage_account_no_cross_tenant_replication,
            {"cross_tenant_replication": True},
            "fail",
        ),
        (
            cis.storage_account_no_cross_tenant_replication,
            {"cross_tenant_replication": None},
            "unknown",
        ),
        (cis.storage_account_geo_redundant, {"redundancy": "Standard_RAGRS"}, "pass"),
        (cis.storage_account_geo_redundant, {"redundancy": "Standard_GRS"}, "pass"),
        (cis.storage_account_geo_redundant, {"redundancy": "Standard_RAGZRS"}, "pass"),
        (cis.storage_account_geo_redundant, {"redundancy": "Standard_ZRS"}, "fail"),
        (cis.storage_account_geo_redundant, {"redundancy": "Standard_LRS"}, "fail"),
        (cis.storage_account_geo_redundant, {"redundancy": "Premium_ZRS"}, "fail"),
        (cis.storage_account_geo_redundant, {"redundancy": None}, "unknown"),
    ],
)
def test_storage_account_cis_twins(check, overrides, expected):
    assert check(storage_account()).status is Status.PASS
    assert check(storage_account(**overrides)).status is Status(expected)
