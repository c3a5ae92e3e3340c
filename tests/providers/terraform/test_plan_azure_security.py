# ruff: noqa: E501 - plan fixtures are written inline
"""Azure subscription-wide settings in plans: Defender plans, security contacts and the
WDATP setting, activity log alerts, the subscription's activity log export.

Attributes and defaults, registry.terraform.io/providers/hashicorp/azurerm/latest/docs/
resources/: security_center_subscription_pricing (``tier`` Free/Standard required,
``resource_type`` defaults to VirtualMachines), security_center_contact (``email``,
``alert_notifications``, ``alerts_to_admins`` required), security_center_setting
(``setting_name`` WDATP, ``enabled`` required), monitor_activity_log_alert (``scopes``,
``criteria.category`` required, ``criteria.operation_name``, ``enabled`` default true),
monitor_diagnostic_setting (``target_resource_id``, ``enabled_log`` / 3.x ``log``,
a destination). Parts of a subscription-wide union PASS or stay UNKNOWN, never FAIL.
"""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import status_of as _verdict

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001"


def _pricing(resource_type: str | None, tier: str) -> Res:
    values = {"tier": tier, **({"resource_type": resource_type} if resource_type else {})}
    return Res("azurerm_security_center_subscription_pricing", "p", values)


PLANS = [
    ("LOG-208", "VirtualMachines"), ("LOG-209", "AppServices"), ("LOG-210", "SqlServers"),
    ("LOG-211", "SqlServerVirtualMachines"), ("LOG-212", "StorageAccounts"), ("LOG-213", "Containers"),
    ("LOG-214", "KeyVaults"), ("LOG-215", "Arm"), ("LOG-216", "CosmosDbs"),
    ("LOG-217", "OpenSourceRelationalDatabases"), ("LOG-218", "CloudPosture"), ("LOG-219", "Api"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "resource_type"), PLANS)
@pytest.mark.parametrize(("tier", "expected"), [("Standard", Status.PASS), ("Free", Status.FAIL)])
def test_defender_plan_tier_decides_its_own_check(tmp_path, check, resource_type, tier, expected):
    result = _scan(tmp_path, _pricing(resource_type, tier))
    address = "azurerm_security_center_subscription_pricing.p"
    assert _verdict(result, address, check) is expected
    # the other plans of the subscription are not in this resource: unknown, not failed
    other = next(c for c, t in PLANS if t != resource_type)
    assert _verdict(result, address, other) is Status.UNKNOWN


def test_defender_plan_resource_type_defaults_to_virtual_machines(tmp_path):
    result = _scan(tmp_path, _pricing(None, "Free"))
    assert (
        _verdict(result, "azurerm_security_center_subscription_pricing.p", "LOG-208") is Status.FAIL
    )
    assert (
        _verdict(result, "azurerm_security_center_subscription_pricing.p", "LOG-212")
        is Status.UNKNOWN
    )


def test_defender_plan_tier_known_after_apply(tmp_path):
    res = Res("azurerm_security_center_subscription_pricing", "p",
              {"resource_type": "KeyVaults"}, unknown={"tier": True})  # fmt: skip
    result = _scan(tmp_path, res)
    found = [f for f in result.findings if f.check_id == "LOG-214"]
    assert [f.status for f in found] == [Status.UNKNOWN]
    assert "azurerm_security_center_subscription_pricing.p.tier" in found[0].reason


def test_no_defender_resources_no_subscription_models(tmp_path):
    result = _scan(tmp_path, Res("azurerm_key_vault", "v", {"name": "v", "location": "westeurope"}))
    assert not [f for f in result.findings if f.check_id.startswith("LOG-2")]


CONTACT = "azurerm_security_center_contact.c"


def _contact(**values: object) -> Res:
    base = {
        "name": "contact",
        "email": "sec@example.org",
        "alert_notifications": True,
        "alerts_to_admins": True,
    }
    return Res("azurerm_security_center_contact", "c", {**base, **values})


@pytest.mark.parametrize(
    ("contact", "check", "expected"),
    [
        (_contact(), "LOG-251", Status.PASS),  # alerts_to_admins: owners mailed
        (_contact(alerts_to_admins=False), "LOG-251", Status.UNKNOWN),  # another contact may
        (_contact(), "LOG-252", Status.PASS),
        (_contact(email=""), "LOG-252", Status.UNKNOWN),
        (_contact(), "LOG-253", Status.PASS),  # High severity alerts mailed
        (_contact(alert_notifications=False), "LOG-253", Status.UNKNOWN),
        (_contact(), "LOG-254", Status.UNKNOWN),  # this API has no attack path mail
        (_contact(), "LOG-255", Status.UNKNOWN),  # not the WDATP setting
        (_contact(), "LOG-256", Status.UNKNOWN),  # machines are not in a plan
    ],
)  # fmt: skip
def test_security_contact(tmp_path, contact, check, expected):
    assert _verdict(_scan(tmp_path, contact), CONTACT, check) is expected


def test_security_contact_email_known_after_apply(tmp_path):
    res = Res("azurerm_security_center_contact", "c",
              {"name": "contact", "alert_notifications": True, "alerts_to_admins": False},
              unknown={"email": True})  # fmt: skip
    result = _scan(tmp_path, res)
    assert _verdict(result, CONTACT, "LOG-252") is Status.UNKNOWN
    assert _verdict(result, CONTACT, "LOG-253") is Status.PASS


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"setting_name": "WDATP", "enabled": True}, Status.PASS),
        ({"setting_name": "WDATP", "enabled": False}, Status.FAIL),
    ],
)
def test_wdatp_setting_decides_endpoint_protection(tmp_path, values, expected):
    result = _scan(tmp_path, Res("azurerm_security_center_setting", "s", values))
    assert _verdict(result, "azurerm_security_center_setting.s", "LOG-255") is expected
    assert _verdict(result, "azurerm_security_center_setting.s", "LOG-252") is Status.UNKNOWN


def test_other_security_settings_are_not_defender_settings(tmp_path):
    result = _scan(
        tmp_path,
        Res("azurerm_security_center_setting", "s", {"setting_name": "MCAS", "enabled": False}),
    )
    assert not [f for f in result.findings if f.resource_uid == "azurerm_security_center_setting.s"]


def _alert(
    name: str,
    operation: str | None,
    *,
    category: str = "Administrative",
    scope: str = SUB,
    enabled: bool | None = None,
) -> Res:
    criteria = {"category": category, **({"operation_name": operation} if operation else {})}
    values: dict[str, object] = {
        "name": name,
        "location": "global",
        "scopes": [scope],
        "criteria": [criteria],
    }
    if enabled is not None:
        values["enabled"] = enabled
    return Res("azurerm_monitor_activity_log_alert", name, values)


WATCHED = [
    f"{t}/{v}"
    for t in ("Microsoft.Authorization/policyAssignments", "Microsoft.Network/networkSecurityGroups",
              "Microsoft.Security/securitySolutions", "Microsoft.Sql/servers/firewallRules",
              "Microsoft.Network/publicIPAddresses")
    for v in ("write", "delete")
]  # fmt: skip
ALERT_CHECKS = ["LOG-202", "LOG-203", "LOG-204", "LOG-205", "LOG-206"]


def test_alerts_covering_every_watched_operation_pass(tmp_path):
    alerts = [_alert(f"a{i}", op) for i, op in enumerate(WATCHED)]
    result = _scan(tmp_path, *alerts)
    for check in ALERT_CHECKS:
        assert _verdict(result, "azurerm_monitor_activity_log_alert.a0", check) is Status.PASS


@pytest.mark.parametrize("dropped", range(len(WATCHED)))
def test_alerts_missing_one_operation_are_unknown_not_failed(tmp_path, dropped):
    """Another alert outside the plan may watch the missing operation."""
    alerts = [_alert(f"a{i}", op) for i, op in enumerate(WATCHED) if i != dropped]
    result = _scan(tmp_path, *alerts)
    address = alerts[0].address
    assert {_verdict(result, address, c) for c in ALERT_CHECKS} == {Status.UNKNOWN}


def test_disabled_or_resource_group_alert_does_not_cover(tmp_path):
    off = [_alert(f"a{i}", op, enabled=(i != 3)) for i, op in enumerate(WATCHED)]
    assert (
        _verdict(_scan(tmp_path, *off), "azurerm_monitor_activity_log_alert.a0", "LOG-203")
        is Status.UNKNOWN
    )
    rg = [
        _alert(f"a{i}", op, scope=(f"{SUB}/resourceGroups/rg" if i == 0 else SUB))
        for i, op in enumerate(WATCHED)
    ]
    assert (
        _verdict(_scan(tmp_path, *rg), "azurerm_monitor_activity_log_alert.a1", "LOG-202")
        is Status.UNKNOWN
    )


@pytest.mark.parametrize(
    ("alert", "expected"),
    [
        (_alert("h", None, category="ServiceHealth"), Status.PASS),
        (_alert("h", None, category="ServiceHealth", enabled=False), Status.UNKNOWN),
        (_alert("h", None, category="ResourceHealth"), Status.UNKNOWN),
        (
            _alert("h", None, category="ServiceHealth", scope=f"{SUB}/resourceGroups/rg"),
            Status.UNKNOWN,
        ),
    ],
)
def test_service_health_alert(tmp_path, alert, expected):
    assert _verdict(_scan(tmp_path, alert), alert.address, "LOG-207") is expected


def test_alert_on_subscription_known_after_apply(tmp_path):
    alert = Res("azurerm_monitor_activity_log_alert", "h",
                {"name": "h", "location": "global", "criteria": [{"category": "ServiceHealth"}]},
                unknown={"scopes": True},
                expressions={"scopes": ref("data.azurerm_subscription.current.id"),
                             "criteria": [{"category": {"constant_value": "ServiceHealth"}}]})  # fmt: skip
    assert _verdict(_scan(tmp_path, alert), alert.address, "LOG-207") is Status.PASS


def _export(
    *logs: dict[str, object], legacy: bool = False, target: str = SUB, **values: object
) -> Res:
    base: dict[str, object] = {
        "name": "activity",
        "target_resource_id": target,
        "log" if legacy else "enabled_log": list(logs),
        **values,
    }
    return Res("azurerm_monitor_diagnostic_setting", "x", base,
               unknown={"log_analytics_workspace_id": True},
               expressions={"target_resource_id": {"constant_value": target},
                            "log_analytics_workspace_id": ref("azurerm_log_analytics_workspace.w.id")})  # fmt: skip


REQUIRED = ["Administrative", "Security", "Alert", "Policy"]
EXPORT = "azurerm_monitor_diagnostic_setting.x"


@pytest.mark.parametrize(
    ("setting", "check", "expected"),
    [
        (_export(*({"category": c} for c in REQUIRED)), "LOG-006", Status.PASS),
        (_export(*({"category": c} for c in REQUIRED)), "LOG-201", Status.PASS),
        (_export({"category_group": "allLogs"}), "LOG-201", Status.PASS),  # allLogs covers all
        (_export({"category_group": "audit"}), "LOG-201", Status.UNKNOWN),
        *[(_export(*({"category": c} for c in REQUIRED if c != gone)), "LOG-201", Status.UNKNOWN) for gone in REQUIRED],
        (_export(*({"category": c, "enabled": True} for c in REQUIRED), legacy=True), "LOG-201", Status.PASS),  # azurerm 3.x
        (_export(*({"category": c, "enabled": c != "Policy"} for c in REQUIRED), legacy=True), "LOG-201", Status.UNKNOWN),
        (_export(), "LOG-006", Status.UNKNOWN),  # metrics only: other settings may export
    ],
)  # fmt: skip
def test_subscription_activity_log_export(tmp_path, setting, check, expected):
    assert _verdict(_scan(tmp_path, setting), EXPORT, check) is expected


def test_resource_diagnostic_setting_is_not_the_activity_log_export(tmp_path):
    vault = Res("azurerm_key_vault", "v", {"name": "v", "location": "westeurope"})
    setting = Res("azurerm_monitor_diagnostic_setting", "x", {"name": "kv", "enabled_log": [{"category": "AuditEvent"}]},
                  unknown={"target_resource_id": True, "log_analytics_workspace_id": True},
                  expressions={"target_resource_id": ref("azurerm_key_vault.v.id"),
                               "log_analytics_workspace_id": ref("azurerm_log_analytics_workspace.w.id")})  # fmt: skip
    result = _scan(tmp_path, vault, setting)
    assert not [f for f in result.findings if f.resource_uid == EXPORT]
    assert _verdict(result, "azurerm_key_vault.v", "VAULT-206") is Status.PASS


def test_subscription_export_through_data_source(tmp_path):
    setting = Res("azurerm_monitor_diagnostic_setting", "x", {"name": "a", "enabled_log": [{"category_group": "allLogs"}]},
                  unknown={"target_resource_id": True, "storage_account_id": True},
                  expressions={"target_resource_id": ref("data.azurerm_subscription.current.id"),
                               "storage_account_id": ref("azurerm_storage_account.s.id")})  # fmt: skip
    assert _verdict(_scan(tmp_path, setting), EXPORT, "LOG-006") is Status.PASS


@pytest.mark.parametrize(
    ("resource", "check"),
    [
        (Res("azurerm_bastion_host", "b", {"name": "b", "location": "westeurope", "resource_group_name": "rg"}), "NET-261"),
        (Res("azurerm_application_insights", "b", {"name": "b", "location": "westeurope", "resource_group_name": "rg", "application_type": "web"}), "LOG-250"),
    ],
)  # fmt: skip
def test_footprint_services_exist(tmp_path, resource, check):
    """registry: azurerm_bastion_host, azurerm_application_insights. Existence passes;
    the other footprint checks need the whole subscription (unknown)."""
    result = _scan(tmp_path, resource)
    assert _verdict(result, resource.address, check) is Status.PASS
    other = "LOG-250" if check == "NET-261" else "NET-261"
    assert _verdict(result, resource.address, other) is Status.UNKNOWN
    assert _verdict(result, resource.address, "NET-260") is Status.UNKNOWN


def test_no_footprint_without_those_resources(tmp_path):
    result = _scan(
        tmp_path,
        Res(
            "azurerm_network_watcher",
            "w",
            {"name": "w", "location": "westeurope", "resource_group_name": "rg"},
        ),
    )
    assert not [f for f in result.findings if f.check_id in {"NET-260", "NET-261", "LOG-250"}]


def _assignment(role: dict[str, str], scope: str = SUB) -> Res:
    return Res(
        "azurerm_role_assignment",
        "a",
        {"scope": scope, "principal_id": "11111111-2222-3333-4444-555555555555", **role},
    )


UAA_ID = (
    f"{SUB}/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c4a72d9d"
)


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        (_assignment({"role_definition_name": "User Access Administrator"}), Status.FAIL),
        (_assignment({"role_definition_id": UAA_ID}), Status.FAIL),
        (_assignment({"role_definition_name": "User Access Administrator"}, scope=f"{SUB}/resourceGroups/rg"), None),  # not the subscription
        (_assignment({"role_definition_name": "Owner"}), None),  # owners are counted live only
        (_assignment({"role_definition_name": "Reader"}), None),
    ],
)  # fmt: skip
def test_user_access_administrator_assignment(tmp_path, assignment, expected):
    """registry: azurerm_role_assignment (scope, role_definition_name / role_definition_id)."""
    result = _scan(tmp_path, assignment)
    if expected is None:
        assert not [f for f in result.findings if f.check_id in {"IAM-202", "IAM-203"}]
        return
    assert _verdict(result, assignment.address, "IAM-203") is expected
    assert _verdict(result, assignment.address, "IAM-202") is Status.UNKNOWN
