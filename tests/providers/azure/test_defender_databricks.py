"""Defender settings and Databricks mappers on REST shapes, and their collectors on the fake."""

from __future__ import annotations

from typing import Any

from providers.azure.databricks import collect_analytics_workspaces, to_analytics_workspace
from providers.azure.defender import collect_defender_settings, to_defender_settings
from tests.checks.factories import NOW
from tests.providers.azure.tenant import SUB_A, SUB_B

VM = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm"


def _contact(**p: Any) -> dict[str, Any]:
    return {"name": "default", "properties": p}


def _assessment(vm: str, code: str) -> dict[str, Any]:
    return {
        "id": f"{vm}/providers/Microsoft.Security/assessments/x",
        "type": "microsoft.security/assessments",
        "properties": {
            "resourceDetails": {"Source": "Azure", "Id": vm},
            "displayName": "Machines should be configured to periodically "
            "check for missing system updates",
            "status": {"code": code},
        },
    }


def test_contacts_merge_and_levels():
    contacts = [
        _contact(
            emails="a@x.com;b@x.com",
            isEnabled=True,
            notificationsByRole={"state": "On", "roles": ["Owner", "Contributor"]},
            notificationsSources=[
                {"sourceType": "Alert", "minimalSeverity": "Medium"},
                {"sourceType": "AttackPath", "minimalRiskLevel": "High"},
            ],
        )
    ]
    s = to_defender_settings(contacts, [], [], subscription="s", collected_at=NOW)
    assert s.contact_emails == ("a@x.com", "b@x.com")
    assert s.notify_roles == ("Owner", "Contributor")
    assert (s.alert_min_severity, s.attack_path_min_risk) == ("Medium", "High")
    assert s.endpoint_protection is None  # WDATP not listed
    assert s.machines == 0


def test_disabled_contact_and_role_state_off_notify_nobody():
    off = [
        _contact(
            emails="a@x.com",
            isEnabled=False,
            notificationsSources=[{"sourceType": "Alert", "minimalSeverity": "Low"}],
        ),
        _contact(emails="", notificationsByRole={"state": "Off", "roles": ["Owner"]}),
    ]
    s = to_defender_settings(off, None, [], subscription="s", collected_at=NOW)
    assert s.contact_emails == ()
    assert s.notify_roles == ()
    assert s.alert_min_severity == ""
    assert s.attack_path_min_risk == ""
    unread = to_defender_settings(None, None, [], subscription="s", collected_at=NOW)
    assert unread.contact_emails is None
    assert unread.notify_roles is None


def test_legacy_alert_notifications_shape():
    legacy = [
        _contact(emails="a@x.com", alertNotifications={"state": "On", "minimalSeverity": "High"})
    ]
    s = to_defender_settings(legacy, None, [], subscription="s", collected_at=NOW)
    assert s.alert_min_severity == "High"


def test_update_assessments_and_wdatp():
    rows = [
        {"id": VM, "type": "microsoft.compute/virtualmachines"},
        _assessment(VM, "Healthy"),
        _assessment(VM + "2", "Unhealthy"),
        _assessment(VM + "3", "NotApplicable"),
    ]
    settings = [{"name": "WDATP", "kind": "DataExportSettings", "properties": {"enabled": False}}]
    s = to_defender_settings([], settings, rows, subscription="s", collected_at=NOW)
    assert s.endpoint_protection is False
    assert s.machines == 1
    assert len(s.update_assessed or ()) == 2
    assert s.update_unhealthy == ((VM + "2").lower(),)


VNET = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/dbx"


def _ws(**params: Any) -> dict[str, Any]:
    return {
        "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Databricks/workspaces/w",
        "name": "w",
        "location": "westeurope",
        "properties": {
            "parameters": {k: {"type": "String", "value": v} for k, v in params.items()}
        },
    }


def test_databricks_vnet_injection_and_subnet_nsgs():
    vnet = {
        "id": VNET,
        "properties": {
            "subnets": [
                {"name": "public", "properties": {"networkSecurityGroup": {"id": "nsg"}}},
                {"name": "private", "properties": {}},
            ]
        },
    }
    ws = _ws(
        customVirtualNetworkId=VNET,
        customPublicSubnetName="public",
        customPrivateSubnetName="private",
        enableNoPublicIp=True,
    )
    m = to_analytics_workspace(ws, {VNET.lower(): vnet}, [], subscription="s", collected_at=NOW)
    assert m.customer_network is True
    assert m.subnets_have_security_group is False
    assert m.missing_security_group == ("private",)
    assert m.no_public_ip is True
    assert m.public_network_access is True  # default Enabled
    assert m.private_endpoint is False
    assert m.diagnostic_logging is False
    unread = to_analytics_workspace(ws, {}, None, subscription="s", collected_at=NOW)
    assert unread.subnets_have_security_group is None
    assert unread.diagnostic_logging is None
    managed = to_analytics_workspace(
        _ws(enableNoPublicIp=False), {}, [], subscription="s", collected_at=NOW
    )
    assert managed.customer_network is False
    assert managed.no_public_ip is False


def test_collectors_on_the_fake(make_session, fake):
    session = make_session(SUB_A, SUB_B)
    (a,) = list(collect_defender_settings(session, SUB_A))
    assert a.notify_roles == ("Owner",)
    assert a.endpoint_protection is True
    assert a.alert_min_severity == "Low"
    (b,) = list(collect_defender_settings(session, SUB_B))
    assert b.contact_emails == ()
    assert b.endpoint_protection is False
    workspaces = {w.name: w for w in collect_analytics_workspaces(session, SUB_A)}
    assert workspaces["dbx-injected"].diagnostic_logging is True
    assert workspaces["dbx-injected"].subnets_have_security_group is True
    assert workspaces["dbx-managed"].diagnostic_logging is False
    assert workspaces["dbx-managed"].customer_network is False
