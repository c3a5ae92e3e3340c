import pytest

from checks.crypto.kms_key import kms_key_not_pending_deletion, kms_key_rotates_automatically
from scanner.findings import Status
from tests.checks.factories import kms_key


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"rotation_enabled": False}, Status.FAIL),
        ({"rotation_enabled": None}, Status.UNKNOWN),
        ({"managed_by": "provider"}, Status.NOT_APPLICABLE),
        ({"spec": "asymmetric", "rotation_enabled": False}, Status.NOT_APPLICABLE),
        ({"spec": "hmac", "rotation_enabled": False}, Status.NOT_APPLICABLE),
        ({"state": "disabled", "rotation_enabled": False}, Status.NOT_APPLICABLE),
        ({"state": "pending_deletion", "rotation_enabled": None}, Status.NOT_APPLICABLE),
    ],
)
def test_rotation(overrides, expected):
    assert kms_key_rotates_automatically(kms_key(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"state": "disabled"}, Status.PASS),
        ({"state": "pending_deletion"}, Status.FAIL),
        ({"state": "pending_deletion", "spec": "asymmetric"}, Status.FAIL),
        ({"state": "pending_deletion", "rotation_enabled": None}, Status.FAIL),
        ({"state": "pending_deletion", "managed_by": "provider"}, Status.NOT_APPLICABLE),
    ],
)
def test_not_pending_deletion(overrides, expected):
    assert kms_key_not_pending_deletion(kms_key(**overrides)).status is expected


def test_pending_deletion_reason():
    result = kms_key_not_pending_deletion(kms_key(state="pending_deletion", spec="asymmetric"))
    assert result.reason == "asymmetric key is scheduled for deletion"
