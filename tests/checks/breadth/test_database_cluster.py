"""Near-miss twins for the database cluster checks (RDS API reference, DBCluster; RDS user
guide, "Deleting Aurora DB clusters" and "Backup retention period")."""

from __future__ import annotations

from typing import Any

import pytest

from checks.database.database_cluster import (
    cluster_auto_minor_upgrades,
    cluster_backup_retention,
    cluster_custom_admin_name,
    cluster_deletion_protected,
    cluster_encrypted,
    cluster_engine_supported,
    cluster_iam_auth,
    cluster_logs_exported,
    cluster_multi_az,
    cluster_not_public,
)
from checks.database.database_instance import (
    database_automated_backups_enabled,
    database_deletion_protected,
)
from scanner.findings import Status
from scanner.model import Encryption
from tests.checks.factories import database_instance
from tests.checks.factories_breadth import database_cluster

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
MULTI_AZ = {"engine": "postgres", "shared_storage": False}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"encryption": Encryption(enabled=False)}, FAIL),
        ({"encryption": None}, UNKNOWN),
    ],
)
def test_encryption(overrides: dict[str, Any], expected: Status):
    assert cluster_encrypted(database_cluster(**overrides)).status is expected


@pytest.mark.parametrize(
    ("days", "expected"), [(7, PASS), (35, PASS), (6, FAIL), (1, FAIL), (None, UNKNOWN)]
)
def test_backup_retention(days: int | None, expected: Status):
    model = database_cluster(backup_retention_days=days)
    assert cluster_backup_retention(model).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, PASS), ({"deletion_protection": False}, FAIL), ({"deletion_protection": None}, UNKNOWN)],
)
def test_deletion_protection(overrides: dict[str, Any], expected: Status):
    assert cluster_deletion_protected(database_cluster(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, PASS), ({"iam_auth": False}, FAIL), ({"iam_auth": None}, UNKNOWN)],
)
def test_iam_auth(overrides: dict[str, Any], expected: Status):
    assert cluster_iam_auth(database_cluster(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, NA),  # Aurora: each instance has its own PubliclyAccessible (DB-003)
        ({**MULTI_AZ, "publicly_accessible": False}, PASS),
        ({**MULTI_AZ, "publicly_accessible": True}, FAIL),
        ({**MULTI_AZ, "publicly_accessible": None}, UNKNOWN),
    ],
)
def test_public_access(overrides: dict[str, Any], expected: Status):
    assert cluster_not_public(database_cluster(**overrides)).status is expected


@pytest.mark.parametrize(("supported", "expected"), [(True, PASS), (False, FAIL), (None, UNKNOWN)])
def test_engine_support(supported: bool | None, expected: Status):
    model = database_cluster(engine_supported=supported)
    assert cluster_engine_supported(model).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, NA),
        ({**MULTI_AZ, "auto_minor_version_upgrade": True}, PASS),
        ({**MULTI_AZ, "auto_minor_version_upgrade": False}, FAIL),
        ({**MULTI_AZ, "auto_minor_version_upgrade": None}, UNKNOWN),
    ],
)
def test_auto_minor(overrides: dict[str, Any], expected: Status):
    assert cluster_auto_minor_upgrades(database_cluster(**overrides)).status is expected


def test_cluster_members_leave_backups_and_deletion_protection_to_the_cluster():
    # RDS API reference, DBInstance.DeletionProtection / BackupRetentionPeriod: for Aurora
    # "not applicable", managed by the DB cluster; the instance checks must not contradict.
    member = database_instance(cluster="orders", deletion_protection=False)
    assert database_deletion_protected(member).status is NA
    assert database_automated_backups_enabled(member).status is NA
    alone = database_instance(deletion_protection=False)
    assert database_deletion_protected(alone).status is FAIL


# Security Hub RDS.34 (Aurora MySQL: audit) and RDS.37 (Aurora PostgreSQL: postgresql).
@pytest.mark.parametrize(
    ("engine", "exports", "expected"),
    [
        ("aurora-postgresql", ("postgresql",), PASS),
        ("aurora-postgresql", ("instance",), FAIL),  # near miss: another log type
        ("aurora-postgresql", (), FAIL),
        ("aurora-mysql", ("audit", "error"), PASS),
        ("aurora-mysql", ("error", "general", "slowquery"), FAIL),  # every log but audit
        ("aurora", ("audit",), PASS),
        ("mysql", ("audit",), PASS),
        ("postgres", ("postgresql",), PASS),
        ("postgres", ("upgrade",), FAIL),
        ("aurora-postgresql", None, UNKNOWN),
        ("neptune", (), NA),
    ],
)
def test_log_exports(engine: str, exports: tuple[str, ...] | None, expected: Status):
    model = database_cluster(engine=engine, log_exports=exports)
    assert cluster_logs_exported(model).status is expected


@pytest.mark.parametrize(("multi", "expected"), [(True, PASS), (False, FAIL), (None, UNKNOWN)])
def test_multi_az(multi: bool | None, expected: Status):
    assert cluster_multi_az(database_cluster(multi_az=multi)).status is expected


@pytest.mark.parametrize(
    ("engine", "name", "expected"),
    [
        ("aurora-postgresql", "orders_owner", PASS),
        ("aurora-postgresql", "postgres", FAIL),
        ("aurora-postgresql", "Postgres", FAIL),
        ("aurora-postgresql", "admin", PASS),  # near miss: MySQL's default, not PostgreSQL's
        ("aurora-mysql", "admin", FAIL),
        ("aurora-mysql", "admin1", PASS),
        ("mysql", "admin", FAIL),
        ("aurora-mysql", None, UNKNOWN),
        ("neptune", "admin", NA),
    ],
)
def test_custom_admin_name(engine: str, name: str | None, expected: Status):
    model = database_cluster(engine=engine, admin_username=name)
    assert cluster_custom_admin_name(model).status is expected
