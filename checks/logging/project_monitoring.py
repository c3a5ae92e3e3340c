"""Checks over project-level monitoring (GCP): log export, log-based alerts, asset inventory."""

from __future__ import annotations

from checks._common import named
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ProjectMonitoring
from scanner.registry import Check, check

_ALERTING = (
    "soc2:CC7.2",
    "soc2:CC7.3",
    "iso27001-2022:A.8.16",
    "nist-csf-2.0:DE.CM-01",
    "nist-800-53-r5:SI-4",
    "nist-800-53-r5:AU-6",
)


def _unknown(project: ProjectMonitoring, what: str) -> Result:
    return unknown(f"{what} unreadable" + (f": {project.hint}" if project.hint else ""))


@check(
    id="LOG-103",
    title="Every log entry of the project is exported by a sink",
    severity=Severity.MEDIUM,
    resource=ProjectMonitoring,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-9",
        "nist-800-53-r5:AU-11",
        "cis-gcp:2.3",
    ),
    providers=("gcp",),
)
def project_exports_all_logs(project: ProjectMonitoring) -> Result:
    """Log buckets keep entries for a limited time; without a sink that copies every entry
    elsewhere, older audit and access logs are gone when an investigation needs them.

    Remediation: create a sink with an empty filter (no exclusions) at the organisation
    (with includeChildren) or in the project, routed to a bucket, BigQuery or Pub/Sub.
    """
    if project.export_all is None:
        return _unknown(project, "log sinks")
    if project.export_all:
        return passed(f"exported by {', '.join(project.export_sinks)}")
    return failed("no enabled sink routes every log entry (empty filter, no exclusions)")


def change_alert_check(
    *, id: str, kind: str, subject: str, cis: str, title: str
) -> Check[ProjectMonitoring]:
    """Build a check that a log-based metric with an enabled alert covers ``kind``."""

    def evaluate(project: ProjectMonitoring) -> Result:
        if project.alerted_changes is None:
            return _unknown(project, "log metrics and alert policies")
        if kind in project.alerted_changes:
            return passed(f"an enabled alert fires on {subject}")
        return failed(f"no log metric with an enabled alert for {subject}")

    named(
        evaluate,
        name=f"alert_on_{kind.replace('-', '_')}",
        module=__name__,
        doc=(
            f"Without a log-based metric and an alert on {subject}, such a change goes unnoticed "
            "until its effects are found, long after the audit log recorded it.\n\n"
            f"Remediation: create a log-based metric with the CIS filter for {subject} and an "
            "enabled alerting policy on it that notifies the security team."
        ),
    )
    return check(
        id=id,
        title=title,
        severity=Severity.LOW,
        resource=ProjectMonitoring,
        controls=(*_ALERTING, cis),
        providers=("gcp",),
    )(evaluate)


alert_on_project_ownership = change_alert_check(
    id="LOG-104",
    kind="project-ownership",
    subject="project ownership assignments and changes",
    cis="cis-gcp:2.5",
    title="An alert fires on project ownership changes",
)
alert_on_audit_configuration = change_alert_check(
    id="LOG-105",
    kind="audit-configuration",
    subject="audit configuration changes",
    cis="cis-gcp:2.6",
    title="An alert fires on audit configuration changes",
)
alert_on_custom_roles = change_alert_check(
    id="LOG-106",
    kind="custom-roles",
    subject="custom role changes",
    cis="cis-gcp:2.7",
    title="An alert fires on custom role changes",
)
alert_on_firewall_rules = change_alert_check(
    id="LOG-107",
    kind="firewall-rules",
    subject="VPC firewall rule changes",
    cis="cis-gcp:2.8",
    title="An alert fires on VPC firewall rule changes",
)
alert_on_routes = change_alert_check(
    id="LOG-108",
    kind="routes",
    subject="VPC route changes",
    cis="cis-gcp:2.9",
    title="An alert fires on VPC route changes",
)
alert_on_networks = change_alert_check(
    id="LOG-109",
    kind="networks",
    subject="VPC network changes",
    cis="cis-gcp:2.10",
    title="An alert fires on VPC network changes",
)
alert_on_storage_iam = change_alert_check(
    id="LOG-110",
    kind="storage-iam",
    subject="Cloud Storage IAM permission changes",
    cis="cis-gcp:2.11",
    title="An alert fires on Cloud Storage IAM permission changes",
)
alert_on_sql_configuration = change_alert_check(
    id="LOG-111",
    kind="sql-configuration",
    subject="Cloud SQL instance configuration changes",
    cis="cis-gcp:2.12",
    title="An alert fires on Cloud SQL instance configuration changes",
)


@check(
    id="LOG-112",
    title="The Cloud Asset Inventory API is enabled in the project",
    severity=Severity.LOW,
    resource=ProjectMonitoring,
    controls=(
        "soc2:CC7.1",
        "iso27001-2022:A.5.9",
        "nist-csf-2.0:ID.AM-02",
        "nist-800-53-r5:CM-8",
        "cis-gcp:2.14",
    ),
    providers=("gcp",),
)
def project_asset_inventory_enabled(project: ProjectMonitoring) -> Result:
    """Without Cloud Asset Inventory, the project keeps no searchable history of its
    resources and IAM policies, which audits and incident timelines rely on.

    Remediation: enable cloudasset.googleapis.com in the project
    (gcloud services enable cloudasset.googleapis.com).
    """
    if project.asset_inventory is None:
        return _unknown(project, "enabled services")
    if project.asset_inventory:
        return passed("cloudasset.googleapis.com enabled")
    return failed("cloudasset.googleapis.com not enabled")
