"""Flow log retention (Azure) on plain models."""

from __future__ import annotations

import pytest

from checks.network.flow_log import network_flow_log_retention
from scanner.findings import Status
from tests.checks.factories import flow_logged_network


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"flow_log_retention_days": 0}, Status.PASS),
        ({"flow_log_retention_days": 30}, Status.FAIL),
        ({"flow_log_retention_days": None}, Status.UNKNOWN),
        ({"flow_logs_enabled": False}, Status.NOT_APPLICABLE),
    ],
)
def test_retention(overrides, expected):
    assert network_flow_log_retention(flow_logged_network(**overrides)).status is expected
