import pytest

from checks.database.table import table_deletion_protected, table_point_in_time_recovery
from scanner.findings import Status
from tests.checks.factories import table


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (table_point_in_time_recovery, "point_in_time_recovery"),
        (table_deletion_protected, "deletion_protection"),
    ],
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_table_settings(check, field, value, expected):
    assert check(table(**{field: value})).status is expected
