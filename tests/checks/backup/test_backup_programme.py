"""BACKUP-301..305: selection coverage, cross-region copies, restore testing, vault lock."""

from datetime import timedelta

import pytest

from checks.backup.backup_coverage import stateful_resources_selected_for_backup
from checks.backup.backup_plan import backup_plan_copies_to_another_region
from checks.backup.backup_vault import backup_vault_locked
from checks.backup.restore_testing import restore_completed_recently, restore_testing_plan_exists
from scanner.findings import Status
from scanner.model import BackupRule
from tests.checks.factories import (
    NOW,
    backup_coverage,
    backup_plan,
    backup_vault,
    restore_testing,
)

VOLUME = "arn:aws:ec2:us-east-1:123456789012:volume/vol-1"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"unprotected": (VOLUME,)}, Status.FAIL),
        ({"stateful_resources": 0, "backup_plans": 0}, Status.NOT_APPLICABLE),
        ({"backup_plans": 0, "unprotected": (VOLUME,)}, Status.FAIL),
    ],
)
def test_stateful_resources_selected(overrides, expected):
    assert stateful_resources_selected_for_backup(backup_coverage(**overrides)).status is expected


def test_unprotected_reason_names_resources():
    uids = tuple(f"arn:aws:ec2:us-east-1:1:volume/vol-{n}" for n in range(7))
    result = stateful_resources_selected_for_backup(
        backup_coverage(stateful_resources=9, unprotected=uids)
    )
    assert result.reason == (
        "7 of 9 stateful resource(s) in no backup plan: "
        "vol-0, vol-1, vol-2, vol-3, vol-4 and 2 more"
    )


def rule(copies: tuple[str, ...] | None) -> BackupRule:
    return BackupRule(name="daily", retention_days=35, copy_regions=copies)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ((rule(("eu-west-1",)),), Status.PASS),
        ((rule(()), rule(("eu-west-1",))), Status.PASS),
        ((rule(()),), Status.FAIL),
        ((rule(("us-east-1",)),), Status.FAIL),  # a copy in the same region is no DR copy
        ((rule(None),), Status.UNKNOWN),
        ((), Status.NOT_APPLICABLE),
    ],
)
def test_copies_to_another_region(rules, expected):
    plan = backup_plan(rules=rules, region="us-east-1")
    assert backup_plan_copies_to_another_region(plan).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"locked": False}, Status.FAIL),
        ({"locked": None}, Status.UNKNOWN),
        ({"locked": False, "recovery_points": 0}, Status.NOT_APPLICABLE),
        ({"locked": False, "recovery_points": None}, Status.FAIL),
    ],
)
def test_vault_locked(overrides, expected):
    assert backup_vault_locked(backup_vault(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"testing_plans": ()}, Status.FAIL),
        ({"testing_plans": (), "backup_plans": 0}, Status.NOT_APPLICABLE),
    ],
)
def test_restore_testing_plan(overrides, expected):
    assert restore_testing_plan_exists(restore_testing(**overrides)).status is expected


@pytest.mark.parametrize(
    ("restores", "expected"),
    [
        ((NOW - timedelta(days=3),), Status.PASS),
        ((NOW - timedelta(days=200), NOW - timedelta(days=90)), Status.PASS),
        ((NOW - timedelta(days=91),), Status.FAIL),
        ((), Status.FAIL),  # never tested is a failure, not a pass
    ],
)
def test_restore_completed_recently(restores, expected):
    testing = restore_testing(completed_restores=restores)
    assert restore_completed_recently(testing).status is expected


def test_no_backup_plans_no_restore_needed():
    testing = restore_testing(backup_plans=0, completed_restores=())
    assert restore_completed_recently(testing).status is Status.NOT_APPLICABLE
