"""Azure SQL server checks on plain models."""

from __future__ import annotations

import pytest

from checks.database import database_server as ds
from scanner.findings import Status
from tests.checks.factories import database_server


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (ds.database_server_public_network_disabled, {"public_network_access": True}, Status.FAIL),
        (ds.database_server_firewall_not_open, {"firewall_allows_all": True}, Status.FAIL),
        (ds.database_server_firewall_not_open, {"firewall_allows_all": None}, Status.UNKNOWN),
        (ds.database_server_directory_admin, {"directory_admin": False}, Status.FAIL),
        (ds.database_server_auditing_enabled, {"auditing_enabled": False}, Status.FAIL),
        (ds.database_server_audit_retention, {"audit_retention_days": 30}, Status.FAIL),
        (ds.database_server_audit_retention, {"audit_retention_days": 0}, Status.PASS),
        (ds.database_server_audit_retention, {"auditing_enabled": False}, Status.NOT_APPLICABLE),
        (ds.database_server_audit_retention, {"audit_retention_days": None}, Status.UNKNOWN),
        (ds.database_server_min_tls, {"min_tls_version": ""}, Status.FAIL),
        (ds.database_server_min_tls, {"min_tls_version": "1.1"}, Status.FAIL),
    ],
)
def test_database_server_checks(check, overrides, expected):
    assert check(database_server()).status is Status.PASS
    assert check(database_server(**overrides)).status is expected
