import pytest

from checks.storage.block_storage_defaults import block_storage_encrypted_by_default
from scanner.findings import Status
from tests.checks.factories import block_storage_defaults


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"encryption_by_default": False}, Status.FAIL),
        ({"encryption_by_default": None}, Status.UNKNOWN),
    ],
)
def test_encryption_by_default(overrides, expected):
    assert (
        block_storage_encrypted_by_default(block_storage_defaults(**overrides)).status is expected
    )
