# ruff: noqa: E501, S104 - plan fixtures are written inline; 0.0.0.0 is a firewall rule, not a bind
"""Google disks, Cloud KMS keys and Cloud SQL instances; Azure managed disks, Key Vaults
and SQL servers/databases in plans (defaults cited in gcp_more.py and azure_more.py)."""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import status_of as _verdict

CMEK = {"kms_key_self_link": ""}
PG = {"name": "pg", "database_version": "POSTGRES_15", "region": "europe-west1"}


@pytest.mark.parametrize(
    ("resource", "check", "expected"),
    [
        (Res("google_compute_disk", "d", {"name": "d", "zone": "europe-west1-b"}), "STOR-103", Status.FAIL),
        (Res("google_compute_disk", "d", {"name": "d", "zone": "europe-west1-b", "disk_encryption_key": [CMEK]},
             unknown={"disk_encryption_key": [{"kms_key_self_link": True}]}), "STOR-103", Status.PASS),
        (Res("google_compute_disk", "d", {"name": "d", "zone": "europe-west1-b"}), "STOR-008", Status.PASS),
        (Res("google_kms_crypto_key", "k", {"name": "k"}), "CRYPTO-001", Status.FAIL),  # no rotation_period
        (Res("google_kms_crypto_key", "k", {"name": "k", "rotation_period": "7776000s"}), "CRYPTO-101", Status.PASS),  # 90 days
        (Res("google_kms_crypto_key", "k", {"name": "k", "rotation_period": "7862400s"}), "CRYPTO-101", Status.FAIL),  # 91 days
        (Res("google_kms_crypto_key", "k", {"name": "k"}), "CRYPTO-102", Status.PASS),
        (Res("google_kms_crypto_key", "k", {"name": "k"}, actions=("no-op",)), "CRYPTO-102", Status.UNKNOWN),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"tier": "db-f1-micro"}]}), "DB-003", Status.FAIL),  # ipv4_enabled true
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"ip_configuration": [{"ipv4_enabled": False}]}]}), "DB-003", Status.PASS),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{}]}), "DB-002", Status.FAIL),  # backups off
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"backup_configuration": [{"enabled": True}]}]}), "DB-002", Status.PASS),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"database_flags": [{"name": "log_connections", "value": "on"}]}]}), "DB-104", Status.PASS),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"database_flags": [{"name": "log_connections", "value": "off"}]}]}), "DB-104", Status.FAIL),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"ip_configuration": [{"ssl_mode": "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}]}]}), "DB-101", Status.PASS),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"ip_configuration": [{"ssl_mode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED"}]}]}), "DB-101", Status.FAIL),
        (Res("google_sql_database_instance", "db", {**PG, "settings": [{"ip_configuration": [{"authorized_networks": [{"value": "0.0.0.0/0"}]}]}]}), "DB-102", Status.FAIL),
        (Res("google_sql_database_instance", "db", PG, unknown={"settings": True}), "DB-003", Status.UNKNOWN),
    ],
)  # fmt: skip
def test_google(tmp_path, resource, check, expected):
    assert _verdict(_scan(tmp_path, resource), resource.address, check) is expected


def test_google_kms_key_public_member(tmp_path):
    result = _scan(
        tmp_path,
        Res("google_kms_crypto_key", "k", {"name": "k"}),
        Res("google_kms_crypto_key_iam_member", "m", {"role": "roles/cloudkms.cryptoKeyEncrypter", "member": "allUsers"},
            unknown={"crypto_key_id": True}, expressions={"crypto_key_id": ref("google_kms_crypto_key.k.id")}),
    )  # fmt: skip
    assert _verdict(result, "google_kms_crypto_key.k", "CRYPTO-102") is Status.FAIL


AZ = {"location": "westeurope", "resource_group_name": "rg"}


@pytest.mark.parametrize(
    ("resources", "address", "check", "expected"),
    [
        ([Res("azurerm_managed_disk", "d", {"name": "d", **AZ})], "azurerm_managed_disk.d", "STOR-211", Status.FAIL),  # AllowAll by default
        ([Res("azurerm_managed_disk", "d", {"name": "d", **AZ, "public_network_access_enabled": False})], "azurerm_managed_disk.d", "STOR-211", Status.PASS),
        ([Res("azurerm_managed_disk", "d", {"name": "d", **AZ}, unknown={"disk_encryption_set_id": True},
              expressions={"disk_encryption_set_id": ref("azurerm_disk_encryption_set.s.id")})], "azurerm_managed_disk.d", "STOR-210", Status.PASS),
        ([Res("azurerm_managed_disk", "d", {"name": "d", **AZ})], "azurerm_managed_disk.d", "STOR-210", Status.FAIL),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ})], "azurerm_key_vault.v", "VAULT-201", Status.PASS),  # soft delete always on
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ})], "azurerm_key_vault.v", "VAULT-202", Status.FAIL),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ, "purge_protection_enabled": True})], "azurerm_key_vault.v", "VAULT-202", Status.PASS),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ, "rbac_authorization_enabled": True})], "azurerm_key_vault.v", "VAULT-203", Status.PASS),  # azurerm 4.x
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ, "enable_rbac_authorization": True})], "azurerm_key_vault.v", "VAULT-203", Status.PASS),  # azurerm 3.x
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ})], "azurerm_key_vault.v", "VAULT-204", Status.FAIL),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ, "network_acls": [{"default_action": "Deny", "bypass": "AzureServices"}]})], "azurerm_key_vault.v", "VAULT-204", Status.PASS),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ})], "azurerm_key_vault.v", "VAULT-206", Status.FAIL),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ}),
          Res("azurerm_monitor_diagnostic_setting", "s", {"name": "s", "enabled_log": [{"category": "AuditEvent"}]},
              unknown={"target_resource_id": True, "log_analytics_workspace_id": True},
              expressions={"target_resource_id": ref("azurerm_key_vault.v.id"), "log_analytics_workspace_id": ref("azurerm_log_analytics_workspace.w.id")})],
         "azurerm_key_vault.v", "VAULT-206", Status.PASS),
        ([Res("azurerm_key_vault", "v", {"name": "v", **AZ}),
          Res("azurerm_private_endpoint", "pe", {"name": "pe", **AZ, "private_service_connection": [{"name": "c", "is_manual_connection": False}]},
              expressions={"private_service_connection": [{"private_connection_resource_id": ref("azurerm_key_vault.v.id"), "is_manual_connection": {"constant_value": False}}]})],
         "azurerm_key_vault.v", "VAULT-205", Status.PASS),
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ})], "azurerm_mssql_server.s", "DB-201", Status.FAIL),
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ})], "azurerm_mssql_server.s", "DB-204", Status.FAIL),  # no auditing policy
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ}, actions=("no-op",))], "azurerm_mssql_server.s", "DB-204", Status.UNKNOWN),
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ}),
          Res("azurerm_mssql_server_extended_auditing_policy", "a", {"retention_in_days": 89}, unknown={"server_id": True},
              expressions={"server_id": ref("azurerm_mssql_server.s.id"), "retention_in_days": {"constant_value": 89}})],
         "azurerm_mssql_server.s", "DB-205", Status.FAIL),
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ}),
          Res("azurerm_mssql_server_extended_auditing_policy", "a", {"retention_in_days": 90}, unknown={"server_id": True},
              expressions={"server_id": ref("azurerm_mssql_server.s.id"), "retention_in_days": {"constant_value": 90}})],
         "azurerm_mssql_server.s", "DB-205", Status.PASS),
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ}),
          Res("azurerm_mssql_firewall_rule", "all", {"name": "all", "start_ip_address": "0.0.0.0", "end_ip_address": "255.255.255.255"},
              unknown={"server_id": True}, expressions={"server_id": ref("azurerm_mssql_server.s.id")})],
         "azurerm_mssql_server.s", "DB-202", Status.FAIL),
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ})], "azurerm_mssql_server.s", "DB-206", Status.PASS),  # minimum TLS 1.2 by default
        ([Res("azurerm_mssql_server", "s", {"name": "s", **AZ, "minimum_tls_version": "1.1"})], "azurerm_mssql_server.s", "DB-206", Status.FAIL),
        ([Res("azurerm_mssql_database", "db", {"name": "db"})], "azurerm_mssql_database.db", "DB-001", Status.PASS),  # TDE on by default
        ([Res("azurerm_mssql_database", "db", {"name": "db", "transparent_data_encryption_enabled": False})], "azurerm_mssql_database.db", "DB-001", Status.FAIL),
    ],
)  # fmt: skip
def test_azure(tmp_path, resources, address, check, expected):
    assert _verdict(_scan(tmp_path, *resources), address, check) is expected


SA = {"name": "acct", **AZ, "account_tier": "Standard", "account_replication_type": "LRS"}


@pytest.mark.parametrize(("joined", "check", "expected"), [
    (None, "STOR-207", Status.FAIL),  # network rules default Allow
    (Res("azurerm_storage_account_network_rules", "n", {"default_action": "Deny", "bypass": ["AzureServices"]},
         unknown={"storage_account_id": True}, expressions={"storage_account_id": ref("azurerm_storage_account.a.id")}), "STOR-207", Status.PASS),
    (Res("azurerm_storage_account_network_rules", "n", {"default_action": "Allow"},
         unknown={"storage_account_id": True}, expressions={"storage_account_id": ref("azurerm_storage_account.a.id")}), "STOR-207", Status.FAIL),
    (Res("azurerm_storage_account_network_rules", "n", {"default_action": "Deny", "bypass": ["AzureServices"]},
         unknown={"storage_account_id": True}, expressions={"storage_account_id": ref("azurerm_storage_account.a.id")}), "STOR-255", Status.PASS),
    (None, "STOR-206", Status.FAIL),
    (Res("azurerm_storage_account_customer_managed_key", "k", {"key_name": "cmk"},
         unknown={"storage_account_id": True, "key_vault_id": True},
         expressions={"storage_account_id": ref("azurerm_storage_account.a.id"), "key_vault_id": ref("azurerm_key_vault.v.id")}), "STOR-206", Status.PASS),
])  # fmt: skip
def test_storage_account_separate_network_rules_and_key(tmp_path, joined, check, expected):
    resources = [Res("azurerm_storage_account", "a", SA), *([joined] if joined else [])]
    assert _verdict(_scan(tmp_path, *resources), "azurerm_storage_account.a", check) is expected
