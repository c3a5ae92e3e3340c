"""Checks over backup plans and their rules."""

from __future__ import annotations

from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, failed, not_applicable, passed
from scanner.model import BackupPlan
from scanner.registry import check

MIN_RETENTION_DAYS = 7


@check(
    id="BACKUP-003",
    title="Backup plans have at least one backup rule",
    severity=Severity.MEDIUM,
    resource=BackupPlan,
    controls=BACKUP_POLICY,
)
def backup_plan_has_rules(plan: BackupPlan) -> Result:
    """A plan without rules schedules nothing: resources assigned to it look protected
    while no recovery point is ever taken.

    Remediation: add a backup rule with a schedule, a target vault and a retention period.
    """
    if not plan.rules:
        return failed("plan has no backup rules")
    return passed(f"{len(plan.rules)} backup rule(s)")


@check(
    id="BACKUP-004",
    title="Backup rules keep recovery points for at least 7 days",
    severity=Severity.LOW,
    resource=BackupPlan,
    controls=BACKUP_POLICY,
)
def backup_plan_retention_at_least_week(plan: BackupPlan) -> Result:
    """Problems such as corruption or ransomware are often found days after they start;
    recovery points that expire sooner leave only already-damaged copies.

    Remediation: set each rule's retention ("delete after") to 7 days or more, or longer as
    recovery objectives require.
    """
    if not plan.rules:
        return not_applicable("plan has no backup rules")
    short = [
        f"rule {r.name} keeps {r.retention_days} day(s)"
        for r in plan.rules
        if r.retention_days is not None and r.retention_days < MIN_RETENTION_DAYS
    ]
    if short:
        return failed(f"{'; '.join(short)}; needs at least {MIN_RETENTION_DAYS}")
    return passed(f"every rule keeps recovery points {MIN_RETENTION_DAYS}+ days")
