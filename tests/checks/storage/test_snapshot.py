import pytest

from checks.storage.snapshot import snapshot_not_public
from scanner.findings import Status
from tests.checks.factories import snapshot


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"public": True}, Status.FAIL),
        ({"public": True, "source": "database"}, Status.FAIL),
        ({"public": None}, Status.UNKNOWN),
    ],
)
def test_not_public(overrides, expected):
    assert snapshot_not_public(snapshot(**overrides)).status is expected


def test_reason():
    result = snapshot_not_public(snapshot(public=True, source="database"))
    assert result.reason == "database snapshot is restorable by anyone"
