"""Key Vault and Key Vault secret checks on plain models."""

from __future__ import annotations

import pytest

from checks.vault import key_vault as kv
from checks.vault.secret import vault_secret_expires
from scanner.findings import Status
from tests.checks.factories import key_vault, vault_secret


@pytest.mark.parametrize(
    ("check", "field", "bad"),
    [
        (kv.key_vault_soft_delete_enabled, "soft_delete_enabled", False),
        (kv.key_vault_purge_protection_enabled, "purge_protection", False),
        (kv.key_vault_uses_rbac, "rbac_authorization", False),
        (kv.key_vault_public_network_disabled, "public_network_access", True),
        (kv.key_vault_logging_enabled, "logging_enabled", False),
        (kv.key_vault_private_endpoint, "private_endpoints", 0),
    ],
)
def test_vault_settings(check, field, bad):
    assert check(key_vault()).status is Status.PASS
    assert check(key_vault(**{field: bad})).status is Status.FAIL
    assert check(key_vault(**{field: None})).status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"has_expiry": False}, Status.FAIL),
        ({"has_expiry": None}, Status.UNKNOWN),
    ],
)
def test_secret_expiry(overrides, expected):
    assert vault_secret_expires(vault_secret(**overrides)).status is expected
