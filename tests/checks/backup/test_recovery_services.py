"""Recovery Services vault and protected item checks on plain models."""

from __future__ import annotations

import pytest

from checks.backup.protected_item import protected_item_backup_succeeded
from checks.backup.recovery_vault import recovery_vault_immutable, recovery_vault_soft_delete
from scanner.findings import Status
from tests.checks.factories import protected_item, recovery_vault


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (recovery_vault_soft_delete, {"soft_delete_enabled": False}, Status.FAIL),
        (recovery_vault_soft_delete, {"soft_delete_enabled": None}, Status.UNKNOWN),
        (recovery_vault_immutable, {"immutability": "disabled"}, Status.FAIL),
        (recovery_vault_immutable, {"immutability": "enabled"}, Status.PASS),
        (recovery_vault_immutable, {"immutability": None}, Status.UNKNOWN),
    ],
)
def test_vault_checks(check, overrides, expected):
    assert check(recovery_vault()).status is Status.PASS
    assert check(recovery_vault(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"last_backup_succeeded": False}, Status.FAIL),
        ({"protection_state": "ProtectionStopped"}, Status.FAIL),
        ({"last_backup_succeeded": None}, Status.UNKNOWN),
    ],
)
def test_protected_item(overrides, expected):
    assert protected_item_backup_succeeded(protected_item(**overrides)).status is expected
