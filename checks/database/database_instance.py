"""Checks over managed relational database instances (RDS, Cloud SQL, Azure SQL)."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.database._controls import BACKUPS, DELETION_GUARD
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DatabaseInstance
from scanner.registry import Threshold, check


@check(
    id="DB-001",
    title="Database instances are encrypted at rest",
    severity=Severity.MEDIUM,
    resource=DatabaseInstance,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-01",
        "nist-800-53-r5:SC-28",
        "cis-aws:3.2.1",
    ),
)
def database_encrypted(db: DatabaseInstance) -> Result:
    """Unencrypted database storage leaves records, and every backup, snapshot and read
    replica made from it, readable without any key policy standing in the way.

    Remediation: encryption is fixed at creation: restore an encrypted copy from a snapshot
    copied with encryption on, switch clients over and retire the plaintext instance.
    """
    return encryption_at_rest(db.encryption)


@check(
    id="DB-002",
    title="Database instances keep automated backups",
    severity=Severity.MEDIUM,
    resource=DatabaseInstance,
    controls=(*BACKUPS, "cis-gcp:6.8"),
    # Azure SQL Database backups are always on (retention is a separate policy)
    providers=("aws", "gcp"),
    thresholds=(
        Threshold(
            "min_retention_days",
            7,
            unit="days (Cloud SQL: retained daily backups)",
            minimum=1,
            maximum=35,
            description="automated backups must be kept at least this many days",
            source="AWS Security Hub RDS.11 and AWS Config db-instance-backup-enabled "
            "(backupRetentionMinimum 7); Cloud SQL keeps 7 daily backups by default",
        ),
    ),
)
def database_automated_backups_enabled(db: DatabaseInstance, *, min_retention_days: int) -> Result:
    """With automated backups off there is no point-in-time restore: corruption, a bad
    migration or ransomware leaves nothing to recover from.

    Remediation: set a backup retention period of at least 7 days (35 for critical data).
    """
    if db.cluster:
        return not_applicable(f"backups are managed by DB cluster {db.cluster} (DB-502)")
    days = db.backup_retention_days
    if days is None:
        return unknown("backup retention unreadable")
    if days == 0:
        return failed("automated backups disabled (retention 0 days)")
    if days < min_retention_days:
        return failed(f"automated backups kept {days} day(s); needs {min_retention_days}")
    return passed(f"automated backups kept {days} day(s)")


@check(
    id="DB-003",
    title="Database instances are not publicly accessible",
    severity=Severity.HIGH,
    resource=DatabaseInstance,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "cis-aws:3.2.3",
        "cis-gcp:6.7",
    ),
)
def database_not_public(db: DatabaseInstance) -> Result:
    """A publicly accessible instance gets an internet-resolvable address, so one permissive
    firewall rule is all that separates the database from every scanner on the internet.

    Remediation: turn off public accessibility and reach the database from inside the
    network (private subnets, VPN, bastion or private endpoints).
    """
    return setting(
        negated(db.publicly_accessible),
        on="not publicly accessible",
        off="instance has a public endpoint",
        unread="public accessibility unreadable",
    )


@check(
    id="DB-004",
    title="Database instances run across availability zones",
    severity=Severity.LOW,
    resource=DatabaseInstance,
    controls=(
        "soc2:A1.2",
        "iso27001-2022:A.8.14",
        "nist-csf-2.0:PR.IR-03",
        "nist-800-53-r5:CP-10",
        "cis-aws:3.2.4",
    ),
)
def database_multi_az(db: DatabaseInstance) -> Result:
    """A single-zone instance goes down with its zone or host and must be rebuilt from
    backups, losing recent writes and hours of availability.

    Remediation: enable a multi-zone (standby or high-availability) deployment.
    """
    return setting(
        db.multi_az,
        on="multi-zone deployment",
        off="single availability zone",
        unread="deployment topology unreadable",
    )


@check(
    id="DB-005",
    title="Database instances have deletion protection",
    severity=Severity.LOW,
    resource=DatabaseInstance,
    controls=(*DELETION_GUARD, "cis-gcp:6.9"),
    # Azure SQL has no deletion protection setting (only resource locks)
    providers=("aws", "gcp"),
)
def database_deletion_protected(db: DatabaseInstance) -> Result:
    """Without deletion protection one mistaken API call or tool run deletes the database,
    and the final snapshot is easily skipped.

    Remediation: enable deletion protection on the instance.
    """
    if db.cluster:
        return not_applicable(f"deletion protection is DB cluster {db.cluster}'s (DB-503)")
    return setting(
        db.deletion_protection,
        on="deletion protection on",
        off="deletion protection off",
        unread="deletion protection unreadable",
    )


@check(
    id="DB-006",
    title="Database instances apply minor engine upgrades automatically",
    severity=Severity.LOW,
    resource=DatabaseInstance,
    controls=(
        "soc2:CC7.1",
        "iso27001-2022:A.8.8",
        "nist-csf-2.0:PR.PS-02",
        "nist-800-53-r5:SI-2",
        "cis-aws:3.2.2",
    ),
    providers=("aws", "gcp"),
)
def database_auto_minor_upgrades(db: DatabaseInstance) -> Result:
    """Minor engine versions carry security fixes; instances that wait for manual upgrades
    run known-vulnerable versions for months.

    Remediation: enable automatic minor version upgrades and set a maintenance window.
    """
    return setting(
        db.auto_minor_version_upgrade,
        on="automatic minor upgrades on",
        off="automatic minor upgrades off",
        unread="minor upgrade setting unreadable",
    )
