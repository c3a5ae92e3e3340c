import pytest

from checks.storage.object_storage_defaults import object_storage_blocks_public_access
from scanner.findings import Status
from tests.checks.factories import object_storage_defaults


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"public_access_block": False}, Status.FAIL),
        ({"public_access_block": None}, Status.UNKNOWN),
    ],
)
def test_account_public_access_block(overrides, expected):
    assert (
        object_storage_blocks_public_access(object_storage_defaults(**overrides)).status is expected
    )
