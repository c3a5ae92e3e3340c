"""Activity log export, activity log alerts and Defender plan checks on plain models."""

from __future__ import annotations

import pytest

from checks.logging import alert_coverage as ac
from checks.logging import defender_plan as dp
from checks.logging.activity_log import activity_log_captures_categories
from scanner.findings import Status
from tests.checks.factories import DEFENDER_PLANS, activity_log_export, alert_coverage, defender

ALERT_CHECKS = [
    ac.alert_on_policy_assignments,
    ac.alert_on_network_security_groups,
    ac.alert_on_security_solutions,
    ac.alert_on_sql_firewall_rules,
    ac.alert_on_public_ip_addresses,
]
PLAN_CHECKS = [v for v in vars(dp).values() if getattr(v, "id", "").startswith("LOG-2")]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"categories": ("Administrative",)}, Status.FAIL),
        ({"categories": None}, Status.UNKNOWN),
        ({"account_wide_trail": False}, Status.NOT_APPLICABLE),
    ],
)
def test_activity_log_categories(overrides, expected):
    result = activity_log_captures_categories(activity_log_export(**overrides))
    assert result.status is expected


@pytest.mark.parametrize("check", ALERT_CHECKS, ids=lambda c: c.id)
def test_operation_alerts(check):
    assert check(alert_coverage()).status is Status.PASS
    failed = check(alert_coverage(operations=()))
    assert failed.status is Status.FAIL
    assert "/write" in failed.reason
    assert check(alert_coverage(operations=None)).status is Status.UNKNOWN


def test_service_health_alert():
    assert ac.alert_on_service_health(alert_coverage()).status is Status.PASS
    assert ac.alert_on_service_health(alert_coverage(service_health=False)).status is Status.FAIL


def test_one_check_per_defender_plan():
    assert len(PLAN_CHECKS) == len(DEFENDER_PLANS) == 12


@pytest.mark.parametrize("check", PLAN_CHECKS, ids=lambda c: c.id)
def test_defender_plans(check):
    assert check(defender()).status is Status.PASS
    assert check(defender(plans=dict.fromkeys(DEFENDER_PLANS, False))).status is Status.FAIL
    assert check(defender(plans={})).status is Status.UNKNOWN
    assert check(defender(plans=None)).status is Status.UNKNOWN
