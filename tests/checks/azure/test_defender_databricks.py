"""Near-miss twins for Defender for Cloud settings (CIS 8.1.x) and Databricks (CIS 2.1.x).

Defender: securityContacts 2023-12-01-preview reference (notificationsByRole,
notificationsSources Alert/AttackPath, emails, isEnabled) and settings WDATP.
Databricks: workspace REST parameters (customVirtualNetworkId, enableNoPublicIp,
publicNetworkAccess, privateEndpointConnections) and diagnostic settings.
"""

from __future__ import annotations

import pytest

from checks.logging import defender_settings as d
from checks.services import analytics_workspace as w
from scanner.findings import Status
from tests.checks.factories_azure import analytics_workspace, defender_settings

DEFENDER = [
    (d.defender_notifies_owners, {"notify_roles": ("Owner", "Contributor")}, "pass"),
    (d.defender_notifies_owners, {"notify_roles": ("Contributor", "AccountAdmin")}, "fail"),
    (d.defender_notifies_owners, {"notify_roles": ()}, "fail"),
    (d.defender_notifies_owners, {"notify_roles": None}, "unknown"),
    (d.defender_has_contact_email, {"contact_emails": ()}, "fail"),
    (d.defender_has_contact_email, {"contact_emails": None}, "unknown"),
    (d.defender_alert_notifications, {"alert_min_severity": "Low"}, "pass"),
    (d.defender_alert_notifications, {"alert_min_severity": ""}, "fail"),
    (d.defender_alert_notifications, {"alert_min_severity": None}, "unknown"),
    (d.defender_attack_path_notifications, {"attack_path_min_risk": "Low"}, "pass"),
    (d.defender_attack_path_notifications, {"attack_path_min_risk": ""}, "fail"),
    (d.defender_attack_path_notifications, {"attack_path_min_risk": None}, "unknown"),
    (d.defender_endpoint_protection, {"endpoint_protection": False}, "fail"),
    (d.defender_endpoint_protection, {"endpoint_protection": None}, "unknown"),
    (d.defender_checks_system_updates, {"update_unhealthy": ("/vm1",)}, "fail"),
    (d.defender_checks_system_updates, {"update_assessed": (), "update_unhealthy": ()}, "fail"),
    (
        d.defender_checks_system_updates,
        {"machines": 0, "update_assessed": (), "update_unhealthy": ()},
        "not_applicable",
    ),
    (d.defender_checks_system_updates, {"machines": None}, "unknown"),
    (d.defender_checks_system_updates, {"update_assessed": None}, "unknown"),
]


@pytest.mark.parametrize(("check", "overrides", "expected"), DEFENDER)
def test_defender(check, overrides, expected):
    assert check(defender_settings()).status is Status.PASS
    assert check(defender_settings(**overrides)).status is Status(expected)


DATABRICKS = [
    (w.workspace_in_customer_network, {"customer_network": False}, "fail"),
    (
        w.workspace_subnets_have_security_groups,
        {"subnets_have_security_group": False, "missing_security_group": ("private",)},
        "fail",
    ),
    (w.workspace_subnets_have_security_groups, {"subnets_have_security_group": None}, "unknown"),
    (
        w.workspace_subnets_have_security_groups,
        {"customer_network": False, "subnets_have_security_group": None},
        "not_applicable",
    ),
    (w.workspace_diagnostic_logs, {"diagnostic_logging": False}, "fail"),
    (w.workspace_diagnostic_logs, {"diagnostic_logging": None}, "unknown"),
    (w.workspace_no_public_ip, {"no_public_ip": False}, "fail"),
    (w.workspace_no_public_ip, {"no_public_ip": None}, "unknown"),
    (w.workspace_public_access_disabled, {"public_network_access": True}, "fail"),
    (w.workspace_private_endpoint, {"private_endpoint": False}, "fail"),
]


@pytest.mark.parametrize(("check", "overrides", "expected"), DATABRICKS)
def test_databricks(check, overrides, expected):
    assert check(analytics_workspace()).status is Status.PASS
    assert check(analytics_workspace(**overrides)).status is Status(expected)
