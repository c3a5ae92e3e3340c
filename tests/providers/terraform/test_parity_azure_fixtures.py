# ruff: noqa: E501 - plan fixtures are written inline
"""The same verdicts on a live ARM body (the fixtures tests/providers/azure maps, from the
azure-rest-api-specs examples) and on the plan that declares the same resource.

Each pair: the live ``to_*`` on the fixture, judged by the registry's checks; the plan of
the same settings, scanned as a plan. Where they differ by design (a subscription-wide
union that a plan only sees in part), the test says so.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from providers.azure.governance import to_alert_coverage
from providers.azure.keyvault import to_vault_key
from providers.azure.monitor import to_audit_log_config
from providers.azure.network import to_network
from providers.azure.recovery import to_backup_plan, to_backup_vault
from scanner.api import Status, scan
from scanner.model.base import Resource
from scanner.registry import load
from tests.providers.azure.tenant import SUB_A, body, graph_row, items
from tests.providers.terraform.plans import Res, plan, ref, write

NOW = datetime(2026, 12, 1, tzinfo=UTC)
KW: dict[str, Any] = {"subscription": SUB_A, "collected_at": NOW}
REGISTRY = load()


def _live(model: Resource, checks: list[str]) -> dict[str, Status]:
    return {c: REGISTRY.get(c)(model).status for c in checks}


def _planned(tmp_path: Path, address: str, checks: list[str], *resources: Res) -> dict[str, Status]:
    result = scan(
        "terraform", snapshot=write(tmp_path / "plan.json", plan(*resources)), checks=checks
    )
    return {f.check_id: f.status for f in result.findings if f.resource_uid == address}


def test_recovery_vault(tmp_path):
    """GETVault: soft delete Enabled, immutability Disabled, platform key."""
    checks = ["BACKUP-001", "BACKUP-002", "BACKUP-201", "BACKUP-202"]
    live = _live(
        to_backup_vault(graph_row(items("recoveryservices/GETVault.json")[0], SUB_A), **KW), checks
    )
    vault = Res("azurerm_recovery_services_vault", "v", {"name": "swaggerExample", "location": "westus", "resource_group_name": "rg",
                                                          "sku": "Standard", "soft_delete_enabled": True, "immutability": "Disabled"})  # fmt: skip
    assert _planned(tmp_path, vault.address, checks, vault) == live
    assert live["BACKUP-202"] is Status.FAIL


def _retention(policy: dict[str, Any]) -> dict[str, Any]:
    """A fixture's retention schedules as the azurerm_backup_policy_vm blocks."""
    blocks = {"dailySchedule": "retention_daily", "weeklySchedule": "retention_weekly",
              "monthlySchedule": "retention_monthly", "yearlySchedule": "retention_yearly"}  # fmt: skip
    out = {}
    for arm, tf in blocks.items():
        schedule = (policy["properties"].get("retentionPolicy") or {}).get(arm)
        if schedule:
            out[tf] = [{"count": schedule["retentionDuration"]["count"]}]
    return out


@pytest.mark.parametrize("index", [0, 1])  # DefaultPolicy (30 days), testPolicy1 (1 day)
def test_backup_policies(tmp_path, index):
    checks = ["BACKUP-003", "BACKUP-004"]
    fixture = items("recoveryservicesbackup/BackupPolicies_List.json")[index]
    live = _live(to_backup_plan(fixture, **KW), checks)
    frequency = fixture["properties"]["schedulePolicy"]["scheduleRunFrequency"]
    policy = Res("azurerm_backup_policy_vm", "p", {"name": fixture["name"], "resource_group_name": "rg", "recovery_vault_name": "v",
                                                   "backup": [{"frequency": frequency, "time": "19:00"}], **_retention(fixture)})  # fmt: skip
    assert _planned(tmp_path, policy.address, checks, policy) == live


def test_vault_key_with_rotation_policy(tmp_path):
    """listKeys' first key (no exp) with GetKeyRotationPolicy-example (Rotate P90D after
    creation, Notify P30D before expiry, expiryTime P2Y on rotated versions)."""
    checks = ["CRYPTO-002", "CRYPTO-201", "CRYPTO-202"]
    key = items("keyvault/listKeys.json")[0]
    key = {
        **key,
        "properties": {
            **key["properties"],
            "kty": "RSA",
            "rotationPolicy": body("keyvault/GetKeyRotationPolicy-example.json"),
        },
    }
    live = _live(to_vault_key(key, vault={"location": "westus"}, **KW), checks)
    planned = Res("azurerm_key_vault_key", "k", {"name": key["name"], "key_type": "RSA", "key_size": 2048, "key_opts": ["wrapKey"],
                  "rotation_policy": [{"expire_after": "P2Y", "notify_before_expiry": "P30D", "automatic": [{"time_after_creation": "P90D"}]}]},
                  unknown={"key_vault_id": True}, expressions=None)  # fmt: skip
    assert _planned(tmp_path, planned.address, checks, planned) == live
    assert live["CRYPTO-201"] is Status.PASS
    assert live["CRYPTO-202"] is Status.FAIL


def test_virtual_network(tmp_path):
    """VirtualNetworkGet: no DDoS plan, no flow log on the VNet (the flow log example
    targets an NSG that no subnet of it carries)."""
    checks = ["NET-001", "NET-253"]
    flow_log = body("network/NetworkWatcherFlowLogGet.json")
    live = _live(
        to_network(graph_row(body("network/VirtualNetworkGet.json"), SUB_A), [flow_log], **KW),
        checks,
    )
    vnet = Res("azurerm_virtual_network", "n", {"name": "test-vnet", "location": "westus", "resource_group_name": "rg1",
                                                 "address_space": ["10.0.0.0/16"],
                                                 "subnet": [{"name": "subnet1", "address_prefixes": ["10.0.1.0/24"]}]})  # fmt: skip
    assert _planned(tmp_path, vnet.address, checks, vnet) == live


def test_subscription_activity_log_export(tmp_path):
    """listSubscriptionDiagnosticSettings: every category exported; the plan's setting with
    the same categories passes the same checks."""
    checks = ["LOG-006", "LOG-201"]
    settings = items("monitor/listSubscriptionDiagnosticSettings.json")
    live = _live(to_audit_log_config(settings, **KW), checks)
    logs = [
        {"category": log.get("category"), "category_group": log.get("categoryGroup")}
        for log in settings[0]["properties"]["logs"]
        if log.get("enabled")
    ]
    setting = Res("azurerm_monitor_diagnostic_setting", "x", {"name": settings[0]["name"], "target_resource_id": f"/subscriptions/{SUB_A}",
                                                              "enabled_log": logs}, unknown={"log_analytics_workspace_id": True},
                  expressions={"target_resource_id": {"constant_value": f"/subscriptions/{SUB_A}"},
                               "log_analytics_workspace_id": ref("azurerm_log_analytics_workspace.w.id")})  # fmt: skip
    assert (
        _planned(tmp_path, setting.address, checks, setting)
        == live
        == dict.fromkeys(checks, Status.PASS)
    )


def test_activity_log_alerts_differ_by_design(tmp_path):
    """ActivityLogAlertRule_ListBySubscriptionId: no alert names an operation, so the live
    subscription fails LOG-203; the plan holding the same alert sees only part of the
    subscription and says UNKNOWN (another alert may watch the operations), never FAIL."""
    alerts = items("monitor/ActivityLogAlertRule_ListBySubscriptionId.json")
    sub = alerts[0]["properties"]["scopes"][0].split("/")[-1]
    live = REGISTRY.get("LOG-203")(
        to_alert_coverage(alerts, subscription=sub, collected_at=NOW)
    ).status
    alert = Res("azurerm_monitor_activity_log_alert", "a", {"name": alerts[0]["name"], "location": "global", "resource_group_name": "rg",
                                                             "scopes": [f"/subscriptions/{sub}"],
                                                             "criteria": [{"category": "Administrative", "level": "Error"}]})  # fmt: skip
    assert live is Status.FAIL
    assert _planned(tmp_path, alert.address, ["LOG-203"], alert) == {"LOG-203": Status.UNKNOWN}
