"""Checks over backup plans and their rules."""

from __future__ import annotations

from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import BackupPlan
from scanner.registry import Threshold, check

_MIN = Threshold(
    "min_retention_days",
    7,
    unit="days",
    minimum=1,
    description="every rule must keep recovery points at least this many days",
    source="complyscan default (one week); AWS Backup Audit Manager 'Backup plan has minimum "
    "frequency and minimum retention' and AWS Config backup-plan-min-frequency-and-min-"
    "retention-check default to 35 days (set 35 to follow them)",
)
_MAX = Threshold(
    "max_retention_days",
    0,
    unit="days (0: no maximum)",
    minimum=0,
    description="when above 0, every rule must delete recovery points within this many days "
    "(a rule that never deletes fails): for data-retention limits",
    source="off by default: AWS Backup Audit Manager 'Resources are protected by vault lock' "
    "bounds retention by maxRetentionDays (default 36500); retention limits come from the "
    "organisation's data retention policy (GDPR storage limitation)",
)


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
    thresholds=(_MIN, _MAX),
)
def backup_plan_retention_at_least_week(
    plan: BackupPlan, *, min_retention_days: int, max_retention_days: int
) -> Result:
    """Problems such as corruption or ransomware are often found days after they start;
    recovery points that expire sooner leave only already-damaged copies. Where a data
    retention limit applies (``max_retention_days``), recovery points kept longer, or never
    deleted, hold data the organisation has promised to erase.

    Remediation: set each rule's retention ("delete after") to 7 days or more, or longer as
    recovery objectives require (and no longer than the retention limit, when one is set).
    """
    if not plan.rules:
        return not_applicable("plan has no backup rules")
    problems = [
        f"rule {r.name} keeps {r.retention_days} day(s); needs at least {min_retention_days}"
        for r in plan.rules
        if r.retention_days is not None and r.retention_days < min_retention_days
    ]
    if max_retention_days:
        problems += [
            f"rule {r.name} "
            + ("never deletes" if r.retention_days is None else f"keeps {r.retention_days} days")
            + f"; the limit is {max_retention_days}"
            for r in plan.rules
            if r.retention_days is None or r.retention_days > max_retention_days
        ]
    if problems:
        return failed("; ".join(problems))
    return passed(f"every rule keeps recovery points {min_retention_days}+ days")


@check(
    id="BACKUP-302",
    title="Backup plans copy recovery points to another region",
    severity=Severity.MEDIUM,
    resource=BackupPlan,
    controls=(
        *BACKUP_POLICY,
        "iso27001-2022:A.8.14",
        "nist-800-53-r5:CP-6",
        "nist-800-53-r5:CP-6(1)",
    ),
    providers=("aws",),
)
def backup_plan_copies_to_another_region(plan: BackupPlan) -> Result:
    """Recovery points kept only in the region they protect are lost with it: a regional
    outage, or one compromised account region, takes the data and its backups together.

    Remediation: add a copy action to a backup rule that copies recovery points to a vault
    in another region (ideally in another account too).
    """
    if not plan.rules:
        return not_applicable("plan has no backup rules")
    if any(r.copy_regions is None for r in plan.rules):
        return unknown("copy actions of a rule unreadable")
    elsewhere = sorted(
        {region for r in plan.rules for region in r.copy_regions or ()} - {plan.region}
    )
    if not elsewhere:
        return failed(f"no rule copies recovery points out of {plan.region}")
    return passed(f"recovery points copied to {', '.join(elsewhere)}")
