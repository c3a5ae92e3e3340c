import pytest

from checks.backup.backup_plan import backup_plan_has_rules, backup_plan_retention_at_least_week
from scanner.findings import Status
from scanner.model import BackupRule
from tests.checks.factories import backup_plan


def rules(*days: int | None) -> tuple[BackupRule, ...]:
    return tuple(BackupRule(name=f"r{n}", retention_days=d) for n, d in enumerate(days))


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, Status.PASS), ({"rules": ()}, Status.FAIL)],
)
def test_has_rules(overrides, expected):
    assert backup_plan_has_rules(backup_plan(**overrides)).status is expected


@pytest.mark.parametrize(
    ("plan_rules", "expected"),
    [
        (rules(35), Status.PASS),
        (rules(7), Status.PASS),
        (rules(None), Status.PASS),
        (rules(35, 1), Status.FAIL),
        (rules(6), Status.FAIL),
        ((), Status.NOT_APPLICABLE),
    ],
)
def test_retention(plan_rules, expected):
    assert backup_plan_retention_at_least_week(backup_plan(rules=plan_rules)).status is expected


def test_retention_reason():
    result = backup_plan_retention_at_least_week(backup_plan(rules=rules(30, 1)))
    assert result.reason == "rule r1 keeps 1 day(s); needs at least 7"
