"""Pure to_* mappers on the copied azure-rest-api-specs examples and hand-written rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checks.network.security_group import (
    security_group_blocks_public_all_traffic,
    security_group_blocks_public_rdp,
    security_group_blocks_public_ssh,
)
from providers.azure.compute import to_volume
from providers.azure.keyvault import to_key_vault, to_vault_key
from providers.azure.monitor import to_audit_log_config
from providers.azure.network import to_network, to_nsg_rules, to_security_group
from providers.azure.recovery import to_backup_plan, to_backup_vault, to_protected_item
from providers.azure.rows import duration_days, resource_type
from providers.azure.storage import to_bucket
from scanner.findings import Status
from tests.providers.azure.tenant import SUB_A, body, graph_row, items, own_nsgs

NOW = datetime(2026, 11, 23, tzinfo=UTC)
KW = {"subscription": SUB_A, "collected_at": NOW}


def test_nsg_fixture_open_port_80_only():
    group = to_security_group(
        graph_row(items("network/NetworkSecurityGroupGet.json")[0], SUB_A), **KW
    )
    assert group.location_path.startswith(
        f"azure/{SUB_A}/rg1/Microsoft.Network%2FnetworkSecurityGroups/"
    )
    assert group.group == "rg1"
    assert group.uid.endswith("/networkSecurityGroups/testnsg")
    assert group.open_to_internet(80) is not None
    assert security_group_blocks_public_ssh(group).status is Status.PASS
    assert security_group_blocks_public_all_traffic(group).status is Status.PASS
    deny_all = [r for r in group.rules if r.priority == 65500 and r.direction == "ingress"]
    assert deny_all[0].action == "deny"


def test_own_nsg_priorities_ranges_and_families():
    ssh_open, all_open = (to_security_group(graph_row(n, SUB_A), **KW) for n in own_nsgs())
    assert "Internet" in security_group_blocks_public_ssh(ssh_open).reason
    assert security_group_blocks_public_rdp(ssh_open).status is Status.PASS  # denied first
    v6 = ssh_open.exposures(5100)
    assert [(source, rule.priority) for source, rule in v6] == [("::/0", 130)]
    assert security_group_blocks_public_all_traffic(all_open).status is Status.FAIL


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"destinationPortRange": "1000-2000"}, [(1000, 2000)]),
        ({"destinationPortRange": "*"}, [(None, None)]),
        ({"destinationPortRanges": ["22", "3389"]}, [(22, 22), (3389, 3389)]),
    ],
)
def test_port_ranges(props, expected):
    rule = {"protocol": "*", "access": "Allow", "direction": "Inbound", "priority": 100,
            "sourceAddressPrefixes": ["10.0.0.0/8", "Internet"], **props}  # fmt: skip
    found = to_nsg_rules({"properties": rule})
    assert [(r.from_port, r.to_port) for r in found] == expected
    assert all(r.sources == ("10.0.0.0/8", "Internet") for r in found)
    assert found[0].all_traffic is (expected == [(None, None)])


def test_vnet_flow_logs_and_retention():
    vnet1, vnet2 = (graph_row(v, SUB_A) for v in items("network/VirtualNetworkListAll.json"))
    log = {"properties": {"targetResourceId": vnet1["id"], "enabled": True,
                          "retentionPolicy": {"enabled": True, "days": 30}}}  # fmt: skip
    logged = to_network(vnet1, [log], **KW)
    assert (logged.flow_logs_enabled, logged.flow_log_retention_days) == (True, 30)
    assert to_network(vnet2, [log], **KW).flow_logs_enabled is False
    forever = {"properties": {**log["properties"], "retentionPolicy": {"enabled": False}}}
    assert to_network(vnet1, [forever], **KW).flow_log_retention_days == 0
    # a subnet's flow log covers its VNet; a VNet whose id merely starts the same does not
    subnet = {"properties": {**log["properties"], "targetResourceId": vnet1["id"] + "/subnets/a"}}
    assert to_network(vnet1, [subnet], **KW).flow_logs_enabled is True
    longer = {"properties": {**log["properties"], "targetResourceId": vnet1["id"] + "0"}}
    assert to_network(vnet1, [longer], **KW).flow_logs_enabled is False
    disabled = {"properties": {**log["properties"], "enabled": False}}
    assert to_network(vnet1, [disabled], **KW).flow_logs_enabled is False


def test_key_vault_fixture_defaults():
    vault = to_key_vault(graph_row(items("keyvault/getVault.json")[0], SUB_A), logging=None, **KW)
    assert (vault.soft_delete_enabled, vault.purge_protection, vault.rbac_authorization) == (
        False, False, False)  # fmt: skip
    assert vault.public_network_access is True
    assert vault.logging_enabled is None


def test_key_rotation_policy_and_expiry():
    policy = body("keyvault/GetKeyRotationPolicy-example.json")
    key = {
        "id": "/subscriptions/x/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v/keys/k",
        "name": "k",
        "properties": {
            "kty": "RSA-HSM",
            "rotationPolicy": policy,
            "attributes": {"enabled": True, "exp": 1900000000},
        },
    }
    mapped = to_vault_key(key, vault={"location": "westus"}, **KW)
    assert (mapped.rotation_enabled, mapped.rotation_period_days) == (True, 90)
    assert (mapped.spec, mapped.has_expiry, mapped.region) == ("asymmetric", True, "westus")
    bare = to_vault_key(items("keyvault/listKeys.json")[0], vault={}, **KW)
    assert (bare.rotation_enabled, bare.has_expiry) == (False, False)


def test_storage_accounts_from_fixtures():
    accounts = {a["name"]: a for a in items("storage/StorageAccountList.json")}
    cmk = to_bucket(graph_row(accounts["sto8596"], SUB_A), None, **KW)
    assert cmk.encryption is not None
    assert cmk.encryption.key_managed_by == "customer"
    assert (cmk.https_only, cmk.min_tls_version, cmk.anonymous_access) == (False, "1.0", True)
    assert (cmk.network_default_deny, cmk.versioning, cmk.soft_delete_days) == (False, None, None)
    good = to_bucket(graph_row(items("storage/StorageAccountCreate.json")[0], SUB_A),
                     {"properties": {"isVersioningEnabled": True,
                                     "deleteRetentionPolicy": {"enabled": True, "days": 7}}},
                     **KW)  # fmt: skip
    assert (good.https_only, good.min_tls_version, good.anonymous_access) == (True, "1.2", False)
    assert (good.versioning, good.soft_delete_days) == (True, 7)
    assert good.policy_requires_tls is None  # AWS-policy semantics do not apply


def test_disks_platform_and_customer_keys():
    platform = to_volume(graph_row(items("compute/Disk_ListBySubscription.json")[0], SUB_A), **KW)
    assert platform.encryption is not None
    assert platform.encryption.key_managed_by == "provider"
    assert platform.public_network_access is True
    cmk = to_volume(graph_row(body("compute/Disk_Create_WithDiskEncryptionSet.json"), SUB_A), **KW)
    assert cmk.encryption is not None
    assert cmk.encryption.key_managed_by == "customer"


def test_recovery_services_fixtures():
    vault = to_backup_vault(graph_row(items("recoveryservices/GETVault.json")[0], SUB_A), **KW)
    assert (vault.soft_delete_enabled, vault.immutability, vault.locked) == (
        True,
        "disabled",
        False,
    )
    plans = [
        to_backup_plan(p, **KW) for p in items("recoveryservicesbackup/BackupPolicies_List.json")
    ]
    retention = {p.name: [r.retention_days for r in p.rules] for p in plans}
    assert retention["testPolicy1"] == [1]
    item = to_protected_item(
        items("recoveryservicesbackup/BackupProtectedItems_List.json")[0], **KW
    )
    assert (item.name, item.last_backup_succeeded, item.policy) == ("iaasvm-1", True, "testPolicy1")


def test_subscription_activity_log_export():
    config = to_audit_log_config(items("monitor/listSubscriptionDiagnosticSettings.json"), **KW)
    assert config.account_wide_trail is True
    assert {"Administrative", "Security", "Policy", "Alert"} <= set(config.categories or ())
    assert to_audit_log_config([], **KW).account_wide_trail is False


@pytest.mark.parametrize(
    ("value", "days"), [("P90D", 90), ("P2Y", 730), ("P1M", 30), ("P2W", 14), ("", None)]
)
def test_durations(value, days):
    assert duration_days(value) == days


def test_resource_type_from_id():
    rid = "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v/keys/k"
    assert resource_type(rid) == "Microsoft.KeyVault/vaults/keys"
