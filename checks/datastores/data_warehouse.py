"""Checks over managed data warehouses (Redshift first)."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.workloads._controls import (
    AT_REST,
    AUTHENTICATION,
    BACKUPS,
    BOUNDARY,
    HARDENING,
    IN_TRANSIT,
    LOGGING,
    PATCHING,
)
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import DataWarehouse
from scanner.registry import Threshold, check

_SNAPSHOTS = Threshold(
    "min_snapshot_retention_days",
    7,
    unit="days",
    minimum=1,
    maximum=35,
    description="automated snapshots must be kept at least this many days",
    source="AWS Security Hub Redshift.3 (MinRetentionPeriod, default 7); Redshift accepts 1 to 35",
)


@check(
    id="WH-001",
    title="Warehouses encrypt data at rest",
    severity=Severity.HIGH,
    resource=DataWarehouse,
    controls=AT_REST,
    providers=("aws",),
)
def warehouse_encrypted(wh: DataWarehouse) -> Result:
    """A warehouse gathers an organisation's analytical data; unencrypted, its blocks and
    snapshots are exposed outside any key policy (Security Hub Redshift.10).

    Remediation: enable encryption on the cluster (Redshift migrates it in place) with a
    KMS key.
    """
    return encryption_at_rest(wh.encryption)


@check(
    id="WH-002",
    title="Warehouses are not publicly accessible",
    severity=Severity.CRITICAL,
    resource=DataWarehouse,
    controls=BOUNDARY,
    providers=("aws",),
)
def warehouse_not_public(wh: DataWarehouse) -> Result:
    """A publicly accessible cluster gets a public IP and DNS name reachable from the
    internet; only the security group and the database password protect it (Security Hub
    Redshift.1).

    Remediation: turn off the publicly accessible setting and reach the cluster through the
    VPC, a VPN or Redshift-managed VPC endpoints.
    """
    return setting(
        negated(wh.publicly_accessible),
        on="not publicly accessible",
        off="publicly accessible",
        unread="public accessibility unreadable",
    )


@check(
    id="WH-003",
    title="Warehouses refuse connections without TLS",
    severity=Severity.MEDIUM,
    resource=DataWarehouse,
    controls=IN_TRANSIT,
    providers=("aws",),
)
def warehouse_tls_required(wh: DataWarehouse) -> Result:
    """Unless require_ssl is on, clients may connect in clear and send credentials and query
    results unencrypted (Security Hub Redshift.2).

    Remediation: set require_ssl to true in a custom parameter group attached to the
    cluster.
    """
    return setting(
        wh.tls_required,
        on="require_ssl true",
        off="require_ssl false: unencrypted connections accepted",
        unread="parameter group unreadable",
    )


@check(
    id="WH-004",
    title="Warehouses log connections and user activity",
    severity=Severity.MEDIUM,
    resource=DataWarehouse,
    controls=(*LOGGING, "nist-800-53-r5:AU-2"),
    providers=("aws",),
)
def warehouse_audit_logging(wh: DataWarehouse) -> Result:
    """Audit logs record who connected and what they ran; without them data exfiltration
    by a valid user leaves no trace (Security Hub Redshift.4).

    Remediation: enable audit logging to S3 or CloudWatch Logs.
    """
    return setting(
        wh.audit_logging,
        on="audit logging on",
        off="audit logging off",
        unread="logging status unreadable",
    )


@check(
    id="WH-005",
    title="Warehouses keep automated snapshots for at least 7 days",
    severity=Severity.MEDIUM,
    resource=DataWarehouse,
    controls=BACKUPS,
    providers=("aws",),
    thresholds=(_SNAPSHOTS,),
)
def warehouse_snapshot_retention(wh: DataWarehouse, *, min_snapshot_retention_days: int) -> Result:
    """Automated snapshots are the restore point after corruption or a destructive
    mistake; kept under a week, a problem noticed late has nothing to restore from
    (Security Hub Redshift.3).

    Remediation: set the automated snapshot retention period to 7 days or more.
    """
    if wh.snapshot_retention_days is None:
        return unknown("snapshot retention unreadable")
    if wh.snapshot_retention_days == 0:
        return failed("automated snapshots off")
    if wh.snapshot_retention_days < min_snapshot_retention_days:
        days, wanted = wh.snapshot_retention_days, min_snapshot_retention_days
        return failed(f"automated snapshots kept {days} day(s) (< {wanted})")
    return passed(f"automated snapshots kept {wh.snapshot_retention_days} days")


@check(
    id="WH-006",
    title="Warehouses receive major version upgrades automatically",
    severity=Severity.LOW,
    resource=DataWarehouse,
    controls=PATCHING,
    providers=("aws",),
)
def warehouse_version_upgrades(wh: DataWarehouse) -> Result:
    """With version upgrades off the cluster stays on an engine version that stops receiving
    fixes (Security Hub Redshift.6).

    Remediation: set AllowVersionUpgrade to true and keep a maintenance window.
    """
    return setting(
        wh.version_upgrades,
        on="major version upgrades allowed",
        off="major version upgrades disabled",
        unread="upgrade setting unreadable",
    )


@check(
    id="WH-007",
    title="Warehouses route COPY and UNLOAD traffic through the VPC",
    severity=Severity.LOW,
    resource=DataWarehouse,
    controls=BOUNDARY,
    providers=("aws",),
)
def warehouse_enhanced_vpc_routing(wh: DataWarehouse) -> Result:
    """Without enhanced VPC routing, COPY and UNLOAD traffic to S3 bypasses the VPC's
    security groups, endpoint policies and flow logs (Security Hub Redshift.7).

    Remediation: enable enhanced VPC routing and give the VPC an S3 gateway endpoint.
    """
    return setting(
        wh.enhanced_vpc_routing,
        on="enhanced VPC routing on",
        off="enhanced VPC routing off",
        unread="routing setting unreadable",
    )


@check(
    id="WH-008",
    title="Warehouses do not use the default admin user name",
    severity=Severity.LOW,
    resource=DataWarehouse,
    controls=AUTHENTICATION,
    providers=("aws",),
)
def warehouse_custom_admin(wh: DataWarehouse) -> Result:
    """The default admin name awsuser is the first one attackers try; a unique name removes
    half of what a password guess needs (Security Hub Redshift.8).

    Remediation: create the cluster (or restore a snapshot) with a unique admin user name.
    """
    if not wh.admin_user:
        return unknown("admin user name unreadable")
    if wh.admin_user == "awsuser":
        return failed("admin user is the default awsuser")
    return passed("admin user name is not the default")


@check(
    id="WH-009",
    title="Warehouses do not use the default database name",
    severity=Severity.LOW,
    resource=DataWarehouse,
    controls=HARDENING,
    providers=("aws",),
)
def warehouse_custom_database_name(wh: DataWarehouse) -> Result:
    """The default database name dev is well known; with the default admin name it leaves
    only the password to guess (Security Hub Redshift.9).

    Remediation: create the cluster with a unique initial database name.
    """
    if not wh.database_name:
        return unknown("database name unreadable")
    if wh.database_name == "dev":
        return failed("default database name dev")
    return passed("database name is not the default")
