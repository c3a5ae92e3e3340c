"""Near-miss twins on both sides of every declared threshold, at its default and overridden.

Each case builds the resource whose measured value is ``v`` and says which value is the
compliant one closest to failing and the failing one closest to passing for a limit. The
same pair is then checked at the documented default and at an override set the way
``.complyscan.yaml`` sets it (``Check.configured``), so a flipped comparison, an off-by-one
or a constant that ignores the override is killed. Sources of the defaults are in the
decorators and docs/thresholds.md:

* IAM-002/003/010/015/016: CIS AWS Foundations Benchmark 2.8-2.12; Security Hub IAM.3,
  IAM.7, IAM.15, IAM.16, IAM.22 (https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html)
* CRYPTO-502/503: Security Hub ACM.1/ACM.2 (.../acm-controls.html)
* DB-002/DB-502: Security Hub RDS.11 (.../rds-controls.html); WH-005: Redshift.3;
  CACHE-004: ElastiCache.1; SEARCH-008/009: Opensearch.6/11; NET-510: ELB.13;
  LOG-007/303: CloudWatch.16; CRYPTO-001: AWS KMS rotation period (90-2560, default 365,
  https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html)
* BACKUP-004: AWS Backup Audit Manager controls
  (https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-controls.html)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from scanner.findings import Status
from scanner.model import BackupRule
from scanner.registry import load
from tests.checks.factories import (
    NOW,
    access_key,
    backup_plan,
    database_instance,
    kms_key,
    log_group,
    password_policy,
    restore_testing,
    trail,
    user,
)
from tests.checks.factories_breadth import certificate, database_cluster, load_balancer
from tests.checks.factories_workloads import cache_cluster, data_warehouse, search_domain

REGISTRY = load()


def _days_ago(n: int) -> Any:
    return NOW - timedelta(days=n)


def _rule(days: int | None) -> Any:
    return backup_plan(rules=(BackupRule(name="r", retention_days=days, copy_regions=()),))


@dataclass(frozen=True)
class Case:
    """``build(v)``; at limit L, ``ok(L)`` is the passing twin and ``bad(L)`` the failing one."""

    check_id: str
    name: str
    build: Callable[[int], Any]
    ok: Callable[[int], int]
    bad: Callable[[int], int]
    override: int

    def __str__(self) -> str:
        return f"{self.check_id}.{self.name}"


def _at_least(check_id: str, name: str, build: Callable[[int], Any], override: int) -> Case:
    """A minimum: the limit itself passes, one below fails."""
    return Case(check_id, name, build, lambda n: n, lambda n: n - 1, override)


def _at_most(check_id: str, name: str, build: Callable[[int], Any], override: int) -> Case:
    """A maximum: the limit itself passes, one above fails."""
    return Case(check_id, name, build, lambda n: n, lambda n: n + 1, override)


CASES = (
    _at_most(
        "IAM-002",
        "max_key_age_days",
        lambda v: user(access_keys=(access_key(created_at=_days_ago(v)),)),
        60,
    ),
    # CIS: "unused for 45 days or greater" fails, so 44 days passes
    Case(
        "IAM-003",
        "unused_days",
        lambda v: user(
            console_access=False,
            access_keys=(access_key(created_at=_days_ago(400), last_used_at=_days_ago(v)),),
        ),
        lambda n: n - 1,
        lambda n: n,
        30,
    ),
    _at_least("IAM-010", "min_length", lambda v: password_policy(min_length=v), 16),
    _at_least("IAM-015", "min_remembered", lambda v: password_policy(reuse_prevention=v), 12),
    _at_most("IAM-016", "max_age_days", lambda v: password_policy(max_age_days=v), 60),
    _at_least("BACKUP-004", "min_retention_days", _rule, 35),
    _at_most("BACKUP-004", "max_retention_days", _rule, 365),
    _at_most(
        "BACKUP-304",
        "max_days_since_restore",
        lambda v: restore_testing(completed_restores=(_days_ago(v),)),
        30,
    ),
    _at_least(
        "CACHE-004",
        "min_snapshot_retention_days",
        lambda v: cache_cluster(snapshot_retention_days=v),
        7,
    ),
    _at_most(
        "CRYPTO-001",
        "max_rotation_period_days",
        lambda v: kms_key(rotation_enabled=True, rotation_period_days=v),
        180,
    ),
    # fewer than N days left fails: exactly N days left passes
    _at_least(
        "CRYPTO-502",
        "expiry_window_days",
        lambda v: certificate(not_after=NOW + timedelta(days=v)),
        45,
    ),
    _at_least(
        "CRYPTO-503", "min_rsa_bits", lambda v: certificate(key_type="rsa", key_bits=v), 3072
    ),
    _at_least("CRYPTO-503", "min_ec_bits", lambda v: certificate(key_type="ec", key_bits=v), 384),
    _at_least(
        "DB-002",
        "min_retention_days",
        lambda v: database_instance(backup_retention_days=v),
        14,
    ),
    _at_least(
        "DB-502", "min_retention_days", lambda v: database_cluster(backup_retention_days=v), 14
    ),
    _at_least("LOG-007", "min_retention_days", lambda v: log_group(retention_days=v), 90),
    _at_least("LOG-303", "min_retention_days", lambda v: trail(log_group_retention_days=v), 400),
    _at_least("NET-510", "min_zones", lambda v: load_balancer(zones=v), 3),
    _at_least("SEARCH-008", "min_data_nodes", lambda v: search_domain(data_nodes=v), 5),
    _at_least(
        "SEARCH-009", "min_dedicated_masters", lambda v: search_domain(dedicated_masters=v), 5
    ),
    _at_least(
        "WH-005",
        "min_snapshot_retention_days",
        lambda v: data_warehouse(snapshot_retention_days=v),
        14,
    ),
)


def _default(case: Case) -> int:
    check = REGISTRY.get(case.check_id)
    return int(next(t.default for t in check.thresholds if t.name == case.name))


#: maxima whose default 0 sets no limit (see the *_off_by_default tests)
OFF_BY_DEFAULT = {"max_retention_days", "max_rotation_period_days"}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_default_twins(case: Case) -> None:
    """Both sides of the documented default (the check as loaded, no configuration)."""
    check = REGISTRY.get(case.check_id)
    limit = _default(case)
    if case.name in OFF_BY_DEFAULT:
        assert limit == 0
        limit = case.override  # default 0 means no maximum: see the *_off_by_default tests
        check = check.configured({case.name: limit})
    assert check(case.build(case.ok(limit))).status is Status.PASS
    assert check(case.build(case.bad(limit))).status is Status.FAIL


@pytest.mark.parametrize("case", CASES, ids=str)
def test_overridden_twins(case: Case) -> None:
    """Both sides of an overridden value; the default's twin flips where the override
    moves the line past it, so an override that is ignored fails this test."""
    check = REGISTRY.get(case.check_id).configured({case.name: case.override})
    assert check.limits[case.name] == case.override
    assert check(case.build(case.ok(case.override))).status is Status.PASS
    assert check(case.build(case.bad(case.override))).status is Status.FAIL
    if case.name in OFF_BY_DEFAULT:
        return
    # the default's passing twin, judged against the override, is on the side it should be
    value = case.ok(_default(case))
    minimum = case.bad(case.override) < case.ok(case.override)
    edge = case.ok(case.override)
    should_pass = value >= edge if minimum else value <= edge
    status = check(case.build(value)).status
    assert status is (Status.PASS if should_pass else Status.FAIL)


def test_every_threshold_has_twins() -> None:
    """A threshold declared on an AWS check without a case here is a missing twin."""
    declared = {(c.id, t.name) for c in REGISTRY if "aws" in c.providers for t in c.thresholds}
    assert declared == {(c.check_id, c.name) for c in CASES}


def test_backup_max_off_by_default() -> None:
    """max_retention_days 0 (the default) sets no maximum: a rule that never deletes passes;
    with a maximum set, it fails (AWS Backup: a rule without DeleteAfterDays keeps
    recovery points until deleted by hand)."""
    check = REGISTRY.get("BACKUP-004")
    assert check(_rule(None)).status is Status.PASS
    assert check(_rule(100_000)).status is Status.PASS
    limited = check.configured({"max_retention_days": 3650})
    result = limited(_rule(None))
    assert result.status is Status.FAIL
    assert "never deletes" in result.reason


def test_reason_names_the_effective_limit() -> None:
    """The finding says which limit judged it, so a report shows an override at work."""
    check = REGISTRY.get("IAM-002").configured({"max_key_age_days": 30})
    result = check(user(access_keys=(access_key(created_at=_days_ago(31)),)))
    assert result.status is Status.FAIL
    assert "older than 30 days" in result.reason


def test_rotation_period_off_by_default() -> None:
    """CIS AWS 4.6 and Security Hub KMS.4 ask only that rotation be on: by default any period
    passes (KMS accepts 90 to 2560 days; a GCP key may rotate even less often); a configured
    maximum fails a longer one (https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html)."""
    check = REGISTRY.get("CRYPTO-001")
    assert check(kms_key(rotation_enabled=True, rotation_period_days=2560)).status is Status.PASS
    assert check(kms_key(rotation_enabled=True, rotation_period_days=36500)).status is Status.PASS
    assert check(kms_key(rotation_enabled=False)).status is Status.FAIL
    limited = check.configured({"max_rotation_period_days": 365})
    assert limited(kms_key(rotation_enabled=True, rotation_period_days=366)).status is Status.FAIL
    assert limited(kms_key(rotation_enabled=True, rotation_period_days=365)).status is Status.PASS
