import pytest

from checks.iam.root_user import root_user_has_mfa, root_user_has_no_access_keys
from scanner.findings import Status
from tests.checks.factories import root_user


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"mfa_enabled": False}, Status.FAIL),
        ({"mfa_enabled": None}, Status.UNKNOWN),
    ],
)
def test_root_mfa(overrides, expected):
    assert root_user_has_mfa(root_user(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"access_keys_present": True}, Status.FAIL),
        ({"access_keys_present": None}, Status.UNKNOWN),
    ],
)
def test_root_access_keys(overrides, expected):
    assert root_user_has_no_access_keys(root_user(**overrides)).status is expected
