"""Checks over activity log alerts on security-relevant operations (Azure)."""

from __future__ import annotations

from checks._common import named, setting
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import AlertCoverage
from scanner.registry import Check, check

_ALERTING = (
    "soc2:CC7.2",
    "soc2:CC7.3",
    "iso27001-2022:A.8.16",
    "nist-csf-2.0:DE.CM-01",
    "nist-800-53-r5:SI-4",
    "nist-800-53-r5:AU-6",
)


def judge_operations(coverage: AlertCoverage, operations: tuple[str, ...]) -> Result:
    """PASS when an enabled alert matches every operation, else name the missing ones."""
    if coverage.operations is None:
        return unknown("activity log alerts unreadable")
    missing = [op for op in operations if op.lower() not in coverage.operations]
    if missing:
        return failed(f"no enabled activity log alert for {', '.join(missing)}")
    return passed(f"alerts on {', '.join(operations)}")


def operation_alert_check(
    *, id: str, title: str, subject: str, resource_type: str, cis: tuple[str, ...]
) -> Check[AlertCoverage]:
    """Build a check requiring activity log alerts on writes to and deletes of ``resource_type``.

    ``resource_type`` is the ARM type, e.g. ``Microsoft.Network/networkSecurityGroups``.
    """
    operations = (f"{resource_type}/write", f"{resource_type}/delete")

    def evaluate(coverage: AlertCoverage) -> Result:
        return judge_operations(coverage, operations)

    named(
        evaluate,
        name=f"alert_on_{subject.replace(' ', '_')}",
        module=__name__,
        doc=(
            f"Changes to {subject} can open a path in or switch a control off; without an alert "
            "nobody hears of it until the damage is found.\n\nRemediation: create an activity "
            f"log alert at subscription scope for {' and '.join(operations)} with an action group "
            "that reaches the security team."
        ),
    )
    return check(
        id=id,
        title=title,
        severity=Severity.LOW,
        resource=AlertCoverage,
        controls=(*_ALERTING, *cis),
        providers=("azure",),
    )(evaluate)


alert_on_policy_assignments = operation_alert_check(
    id="LOG-202",
    title="Activity log alerts fire on policy assignment changes",
    subject="policy assignments",
    resource_type="Microsoft.Authorization/policyAssignments",
    cis=("cis-azure:6.1.2.1", "cis-azure:6.1.2.2"),
)
alert_on_network_security_groups = operation_alert_check(
    id="LOG-203",
    title="Activity log alerts fire on network security group changes",
    subject="network security groups",
    resource_type="Microsoft.Network/networkSecurityGroups",
    cis=("cis-azure:6.1.2.3", "cis-azure:6.1.2.4"),
)
alert_on_security_solutions = operation_alert_check(
    id="LOG-204",
    title="Activity log alerts fire on security solution changes",
    subject="security solutions",
    resource_type="Microsoft.Security/securitySolutions",
    cis=("cis-azure:6.1.2.5", "cis-azure:6.1.2.6"),
)
alert_on_sql_firewall_rules = operation_alert_check(
    id="LOG-205",
    title="Activity log alerts fire on SQL server firewall rule changes",
    subject="SQL server firewall rules",
    resource_type="Microsoft.Sql/servers/firewallRules",
    cis=("cis-azure:6.1.2.7", "cis-azure:6.1.2.8"),
)
alert_on_public_ip_addresses = operation_alert_check(
    id="LOG-206",
    title="Activity log alerts fire on public IP address changes",
    subject="public IP addresses",
    resource_type="Microsoft.Network/publicIPAddresses",
    cis=("cis-azure:6.1.2.9", "cis-azure:6.1.2.10"),
)


@check(
    id="LOG-207",
    title="An activity log alert fires on service health events",
    severity=Severity.LOW,
    resource=AlertCoverage,
    controls=(*_ALERTING, "cis-azure:6.1.2.11"),
    providers=("azure",),
)
def alert_on_service_health(coverage: AlertCoverage) -> Result:
    """Platform incidents and planned maintenance affect availability and sometimes
    security; without an alert they are learned about from users.

    Remediation: create an activity log alert for the ServiceHealth category with an action
    group that reaches operations.
    """
    return setting(
        coverage.service_health,
        on="service health alert enabled",
        off="no enabled service health alert",
        unread="activity log alerts unreadable",
    )
