import pytest

from checks.database.database_instance import (
    database_auto_minor_upgrades,
    database_automated_backups_enabled,
    database_deletion_protected,
    database_encrypted,
    database_multi_az,
    database_not_public,
)
from scanner.findings import Status
from tests.checks.factories import database_instance, no_encryption, provider_encryption

BOOLEAN_SETTINGS = [
    (database_not_public, "publicly_accessible", True),
    (database_multi_az, "multi_az", False),
    (database_deletion_protected, "deletion_protection", False),
    (database_auto_minor_upgrades, "auto_minor_version_upgrade", False),
]


@pytest.mark.parametrize(("check", "field", "bad"), BOOLEAN_SETTINGS)
def test_setting(check, field, bad):
    assert check(database_instance()).status is Status.PASS
    assert check(database_instance(**{field: bad})).status is Status.FAIL
    assert check(database_instance(**{field: None})).status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (provider_encryption(), Status.PASS),
        (no_encryption(), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_encrypted(encryption, expected):
    assert database_encrypted(database_instance(encryption=encryption)).status is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (7, Status.PASS),
        # Security Hub RDS.11: at least 7 days (threshold min_retention_days; tests/checks/
        # test_thresholds_aws.py holds both sides of the default and of an override)
        (6, Status.FAIL),
        (1, Status.FAIL),
        (35, Status.PASS),
        (0, Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_automated_backups(days, expected):
    db = database_instance(backup_retention_days=days)
    assert database_automated_backups_enabled(db).status is expected


def test_backups_reason():
    result = database_automated_backups_enabled(database_instance(backup_retention_days=0))
    assert result.reason == "automated backups disabled (retention 0 days)"
