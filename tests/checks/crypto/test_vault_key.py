"""Key Vault key checks: rotation policy and expiry, whatever the key type."""

from __future__ import annotations

import pytest

from checks.crypto.vault_key import vault_key_expires, vault_key_rotation_policy
from scanner.findings import Status
from tests.checks.factories import vault_key


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"spec": "asymmetric"}, Status.PASS),
        ({"rotation_enabled": False, "spec": "asymmetric"}, Status.FAIL),
        ({"rotation_enabled": None}, Status.UNKNOWN),
        ({"rotation_enabled": False, "state": "disabled"}, Status.NOT_APPLICABLE),
    ],
)
def test_rotation_policy(overrides, expected):
    assert vault_key_rotation_policy(vault_key(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"has_expiry": False}, Status.FAIL),
        ({"has_expiry": None}, Status.UNKNOWN),
        ({"has_expiry": False, "state": "disabled"}, Status.NOT_APPLICABLE),
    ],
)
def test_expiry(overrides, expected):
    assert vault_key_expires(vault_key(**overrides)).status is expected
