"""Checks over backup plans and their rules."""

from __future__ import annotations

from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
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
