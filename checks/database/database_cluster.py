"""Checks over database clusters (RDS Aurora and Multi-AZ DB clusters)."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.database._controls import BACKUPS, DELETION_GUARD
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DatabaseCluster
from scanner.registry import Threshold, check

#: Security Hub RDS.11 / AWS Config db-instance-backup-enabled: backupRetentionMinimum 7.
_RETENTION = Threshold(
    "min_retention_days",
    7,
    unit="days",
    minimum=1,
    maximum=35,
    description="automated backups must be kept at least this many days",
    source="AWS Security Hub RDS.11 (backupRetentionMinimum 7), DocumentDB.2 and Neptune.5 "
    "(7 days); RDS accepts 1 to 35",
)
_AT_REST = (
    "soc2:CC6.1",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-01",
    "nist-800-53-r5:SC-28",
    "cis-aws:3.2.1",
)


@check(
    id="DB-501",
    title="Database clusters are encrypted at rest",
    severity=Severity.HIGH,
    resource=DatabaseCluster,
    controls=_AT_REST,
    providers=("aws",),
)
def cluster_encrypted(cluster: DatabaseCluster) -> Result:
    """A cluster's shared storage, its automated backups and snapshots hold every row; left
    unencrypted, anyone who obtains a snapshot or the underlying storage reads them.

    Remediation: encryption is chosen at creation: snapshot the cluster, restore the
    snapshot into a new encrypted cluster, switch clients over and delete the old one.
    """
    return encryption_at_rest(cluster.encryption)


@check(
    id="DB-502",
    title="Database clusters keep automated backups for at least 7 days",
    severity=Severity.MEDIUM,
    resource=DatabaseCluster,
    controls=BACKUPS,
    providers=("aws",),
    thresholds=(_RETENTION,),
)
def cluster_backup_retention(cluster: DatabaseCluster, *, min_retention_days: int) -> Result:
    """Corruption or a bad migration is often noticed days later; with a shorter retention
    the last good point-in-time to restore to is already gone.

    Remediation: set the cluster's backup retention period to 7 days or more (up to 35).
    """
    days = cluster.backup_retention_days
    if days is None:
        return unknown("backup retention unreadable")
    if days < min_retention_days:
        return failed(f"automated backups kept {days} day(s) (< {min_retention_days})")
    return passed(f"automated backups kept {days} days")


@check(
    id="DB-503",
    title="Database clusters have deletion protection",
    severity=Severity.LOW,
    resource=DatabaseCluster,
    controls=DELETION_GUARD,
    providers=("aws",),
)
def cluster_deletion_protected(cluster: DatabaseCluster) -> Result:
    """Deleting a cluster deletes its automated backups too; one mistaken call or
    infrastructure-as-code run loses the data and its recent history.

    Remediation: enable deletion protection on the cluster (``aws rds modify-db-cluster
    --deletion-protection``).
    """
    return setting(
        cluster.deletion_protection,
        on="deletion protection on",
        off="deletion protection off",
        unread="deletion protection unreadable",
    )


@check(
    id="DB-504",
    title="Database clusters accept IAM database authentication",
    severity=Severity.MEDIUM,
    resource=DatabaseCluster,
    controls=("soc2:CC6.1", "iso27001-2022:A.5.17", "nist-csf-2.0:PR.AA-01", "nist-800-53-r5:IA-2"),
    providers=("aws",),
)
def cluster_iam_auth(cluster: DatabaseCluster) -> Result:
    """With passwords only, database credentials are long-lived secrets copied into apps
    and scripts; IAM authentication issues short-lived tokens tied to an identity that is
    logged and revoked centrally.

    Remediation: enable IAM database authentication on the cluster and move applications
    to tokens (``rds generate-db-auth-token``).
    """
    return setting(
        cluster.iam_auth,
        on="IAM database authentication enabled",
        off="IAM database authentication disabled",
        unread="authentication settings unreadable",
    )


@check(
    id="DB-505",
    title="Multi-AZ database clusters are not publicly accessible",
    severity=Severity.HIGH,
    resource=DatabaseCluster,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "cis-aws:3.2.3",
    ),
    providers=("aws",),
)
def cluster_not_public(cluster: DatabaseCluster) -> Result:
    """A publicly accessible cluster gets an internet-resolvable address; any security
    group slip then exposes the database port to password guessing and exploits.

    Remediation: modify the cluster with ``--no-publicly-accessible`` and reach it through
    private networking.
    """
    if cluster.shared_storage:
        return not_applicable("Aurora: public access is set per instance (DB-003)")
    return setting(
        negated(cluster.publicly_accessible),
        on="not publicly accessible",
        off="publicly accessible",
        unread="public access setting unreadable",
    )


@check(
    id="DB-506",
    title="Database clusters run an engine version that is still supported",
    severity=Severity.HIGH,
    resource=DatabaseCluster,
    controls=(
        "soc2:CC7.1",
        "iso27001-2022:A.8.8",
        "nist-csf-2.0:ID.AM-08",
        "nist-800-53-r5:SA-22",
        "nist-800-53-r5:SI-2",
    ),
    providers=("aws",),
)
def cluster_engine_supported(cluster: DatabaseCluster) -> Result:
    """A deprecated engine version gets no more security fixes and is upgraded by AWS on
    its own schedule, often at the worst moment.

    Remediation: upgrade the cluster to a supported major/minor version (blue/green
    deployments keep the switch short).
    """
    label = f"{cluster.engine} {cluster.engine_version}"
    if cluster.engine_supported is None:
        return unknown(f"support status of {label} unreadable")
    if cluster.engine_supported:
        return passed(f"{label} is offered by RDS")
    return failed(f"{label} is deprecated")


@check(
    id="DB-507",
    title="Multi-AZ database clusters apply minor engine upgrades automatically",
    severity=Severity.LOW,
    resource=DatabaseCluster,
    controls=(
        "soc2:CC7.1",
        "iso27001-2022:A.8.8",
        "nist-csf-2.0:PR.PS-02",
        "nist-800-53-r5:SI-2",
        "cis-aws:3.2.2",
    ),
    providers=("aws",),
)
def cluster_auto_minor_upgrades(cluster: DatabaseCluster) -> Result:
    """Minor versions carry security fixes; a cluster waiting for manual upgrades runs
    known-vulnerable versions for months.

    Remediation: enable automatic minor version upgrades on the cluster.
    """
    if cluster.shared_storage:
        return not_applicable("Aurora: minor upgrades are set per instance (DB-006)")
    if cluster.auto_minor_version_upgrade is None:
        return unknown("minor upgrade setting unreadable")
    if cluster.auto_minor_version_upgrade:
        return passed("automatic minor upgrades on")
    return failed("automatic minor upgrades off")


#: Log type each engine family must publish: Security Hub RDS.34 (Aurora MySQL: audit) and
#: RDS.37 (Aurora PostgreSQL: postgresql); the same types apply to Multi-AZ DB clusters.
REQUIRED_LOGS = {"mysql": "audit", "postgres": "postgresql"}


def _family(engine: str) -> str | None:
    name = engine.removeprefix("aurora-").removeprefix("aurora")
    if name in {"", "mysql"}:  # "aurora" is the original MySQL-compatible engine
        return "mysql"
    return "postgres" if name.startswith("postgres") else None


@check(
    id="DB-508",
    title="Database clusters publish their audit or engine logs to CloudWatch Logs",
    severity=Severity.MEDIUM,
    resource=DatabaseCluster,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:DE.CM-03",
        "nist-800-53-r5:AU-2",
        "nist-800-53-r5:AU-12",
    ),
    providers=("aws",),
)
def cluster_logs_exported(cluster: DatabaseCluster) -> Result:
    """Database logs kept only on the instances rotate away within days and vanish with the
    cluster; logins, privilege changes and failed queries then leave no trace.

    Remediation: enable log exports (Aurora MySQL: ``audit``, with the server_audit
    parameters; PostgreSQL: ``postgresql``) with ``--cloudwatch-logs-export-configuration``.
    """
    family = _family(cluster.engine)
    if family is None:
        return not_applicable(f"no log export requirement for {cluster.engine}")
    if cluster.log_exports is None:
        return unknown("log export settings unreadable")
    need = REQUIRED_LOGS[family]
    if need in cluster.log_exports:
        return passed(f"{need} logs published to CloudWatch Logs")
    exported = ", ".join(cluster.log_exports) or "none"
    return failed(f"{need} logs not published (exported: {exported})")


@check(
    id="DB-509",
    title="Database clusters span multiple availability zones",
    severity=Severity.MEDIUM,
    resource=DatabaseCluster,
    controls=(
        "soc2:A1.2",
        "iso27001-2022:A.8.14",
        "nist-csf-2.0:PR.IR-03",
        "nist-800-53-r5:CP-10",
        "cis-aws:3.2.4",
    ),
    providers=("aws",),
)
def cluster_multi_az(cluster: DatabaseCluster) -> Result:
    """A cluster whose members all sit in one availability zone goes down with that zone;
    failing over to another zone first needs a new instance and minutes of outage.

    Remediation: add a reader (Aurora replica) in another availability zone, or create the
    Multi-AZ DB cluster with standbys in separate zones.
    """
    return setting(
        cluster.multi_az,
        on="members in more than one availability zone",
        off="all members in one availability zone",
        unread="availability zones unreadable",
    )


#: The administrator name the RDS console proposes per engine family (AWS Config rule
#: rds-cluster-default-admin-check / Security Hub RDS.24: still the default fails).
DEFAULT_ADMINS = {"mysql": "admin", "postgres": "postgres"}


@check(
    id="DB-510",
    title="Database clusters use a custom administrator user name",
    severity=Severity.LOW,
    resource=DatabaseCluster,
    controls=("soc2:CC6.1", "iso27001-2022:A.8.2", "nist-csf-2.0:PR.AA-01", "nist-800-53-r5:AC-2"),
    providers=("aws",),
)
def cluster_custom_admin_name(cluster: DatabaseCluster) -> Result:
    """With the well-known default administrator name an attacker who reaches the endpoint
    only has to guess the password; a custom name adds a second unknown to every attempt.

    Remediation: create the cluster (or restore a snapshot) with a non-default master user
    name; it cannot be renamed in place.
    """
    family = _family(cluster.engine)
    if family is None:
        return not_applicable(f"no default administrator name known for {cluster.engine}")
    if cluster.admin_username is None:
        return unknown("administrator user name unreadable")
    if cluster.admin_username.lower() == DEFAULT_ADMINS[family]:
        return failed(f"default administrator name {cluster.admin_username!r}")
    return passed("custom administrator user name")
