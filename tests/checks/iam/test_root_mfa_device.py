"""IAM-301 (root MFA is hardware) and the device kind in IAM-017's evidence."""

import pytest

from checks.iam.root_user import root_user_has_mfa, root_user_mfa_is_hardware
from scanner.findings import Status
from tests.checks.factories import root_user


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"mfa_device": "virtual"}, Status.FAIL),
        ({"mfa_device": "none", "mfa_enabled": False}, Status.FAIL),
        ({"mfa_device": None}, Status.UNKNOWN),
    ],
)
def test_root_mfa_is_hardware(overrides, expected):
    assert root_user_mfa_is_hardware(root_user(**overrides)).status is expected


@pytest.mark.parametrize(
    ("device", "reason"),
    [("hardware", "MFA enabled (hardware device)"), ("virtual", "MFA enabled (virtual device)"),
     (None, "MFA enabled")],
)  # fmt: skip
def test_root_mfa_passes_with_either_device_and_says_which(device, reason):
    result = root_user_has_mfa(root_user(mfa_device=device))
    assert (result.status, result.reason) == (Status.PASS, reason)
