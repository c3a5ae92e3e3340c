import pytest

from checks.network.network import network_records_flow_logs
from scanner.findings import Status
from tests.checks.factories import network


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"flow_logs_enabled": False}, Status.FAIL),
        ({"flow_logs_enabled": None}, Status.UNKNOWN),
    ],
)
def test_flow_logs(overrides, expected):
    assert network_records_flow_logs(network(**overrides)).status is expected
