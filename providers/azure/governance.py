"""Role definitions and assignments, activity log alerts, Defender for Cloud plans.

All from Resource Graph (authorizationresources, resources, securityresources tables).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.azure.network import GRAPH_READ
from providers.azure.rows import base_fields, of_type, props
from providers.azure.session import AzureSession
from scanner.model import AlertCoverage, PrivilegedAccess, RoleDefinition, ThreatDetection
from scanner.provider import Collector, Item

ASSIGNMENT = "microsoft.authorization/roleassignments"
DEFINITION = "microsoft.authorization/roledefinitions"
ALERT = "microsoft.insights/activitylogalerts"
PRICING = "microsoft.security/pricings"
OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
ACCESS_ADMIN = "18d7d88d-d35e-4fb5-a5c3-7773c4a72d9d"


def _account_level(subscription: str, service: str, name: str, at: datetime) -> dict[str, Any]:
    """Identity fields of a subscription-level setting (no resource group)."""
    return {
        "uid": f"/subscriptions/{subscription}/providers/{service}",
        "provider": "azure",
        "account": subscription,
        "region": "global",
        "service": service,
        "name": name,
        "collected_at": at,
    }


def to_role_definition(
    row: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> RoleDefinition:
    """Pure: a role definition -> RoleDefinition (permissions merged)."""
    p = props(row)
    perms = p.get("permissions") or ()
    fields = base_fields(row, subscription=subscription, collected_at=collected_at)
    fields["name"] = str(p.get("roleName") or fields["name"])
    fields["region"] = "global"
    return RoleDefinition(
        **fields,
        custom=str(p.get("type", "")).lower() == "customrole",
        actions=tuple(str(a) for perm in perms for a in perm.get("actions") or ()),
        not_actions=tuple(str(a) for perm in perms for a in perm.get("notActions") or ()),
        assignable_scopes=tuple(str(s) for s in p.get("assignableScopes") or ()),
    )


def to_privileged_access(
    assignments: Sequence[Mapping[str, Any]], *, subscription: str, collected_at: datetime
) -> PrivilegedAccess:
    """Pure: role assignments made at the subscription scope -> who is Owner / UAA."""
    scope = f"/subscriptions/{subscription}".lower()

    def holders(role: str) -> tuple[str, ...]:
        return tuple(
            sorted(
                {
                    str(props(a).get("principalId"))
                    for a in assignments
                    if str(props(a).get("scope", "")).lower().rstrip("/") == scope
                    and str(props(a).get("roleDefinitionId", "")).lower().endswith(role)
                }
            )
        )

    return PrivilegedAccess(
        **_account_level(
            subscription,
            "Microsoft.Authorization/roleAssignments",
            "privileged-roles",
            collected_at,
        ),
        owners=holders(OWNER),
        access_administrators=holders(ACCESS_ADMIN),
    )


def _conditions(alert: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    clauses = (props(alert).get("condition") or {}).get("allOf") or ()
    flat: list[Mapping[str, Any]] = []
    for c in clauses:
        flat += list(c.get("anyOf") or ()) or [c]
    return flat


def to_alert_coverage(
    alerts: Sequence[Mapping[str, Any]], *, subscription: str, collected_at: datetime
) -> AlertCoverage:
    """Pure: activity log alerts -> operations and service health an enabled alert covers."""
    operations: set[str] = set()
    health = False
    scope = f"/subscriptions/{subscription}".lower()
    for alert in alerts:
        p = props(alert)
        scopes = [str(s).lower().rstrip("/") for s in p.get("scopes") or ()]
        if not p.get("enabled", True) or (scopes and scope not in scopes):
            continue
        for clause in _conditions(alert):
            field, value = str(clause.get("field", "")).lower(), str(clause.get("equals", ""))
            operations |= {value.lower()} if field == "operationname" and value else set()
            health |= field == "category" and value.lower() == "servicehealth"
    return AlertCoverage(
        **_account_level(
            subscription,
            "Microsoft.Insights/activityLogAlerts",
            "activity-log-alerts",
            collected_at,
        ),
        operations=tuple(sorted(operations)),
        service_health=health,
    )


def to_threat_detection(
    pricings: Sequence[Mapping[str, Any]], *, subscription: str, collected_at: datetime
) -> ThreatDetection:
    """Pure: Defender for Cloud pricings -> ThreatDetection with one entry per plan."""
    plans = {
        str(p.get("name")): str(props(p).get("pricingTier", "")).lower() == "standard"
        for p in pricings
    }
    return ThreatDetection(
        **_account_level(
            subscription, "Microsoft.Security/pricings", "defender-for-cloud", collected_at
        ),
        enabled=any(plans.values()) if plans else None,
        plans=plans or None,
    )


def collect_role_definitions(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Custom role definitions visible in ``subscription``."""
    rows = session.graph_rows(subscription, "RoleDefinition")
    now = session.now()
    for row in of_type(rows, DEFINITION):
        yield to_role_definition(row, subscription=subscription, collected_at=now)


def collect_privileged_access(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Owner and User Access Administrator assignments at the subscription scope."""
    rows = of_type(session.graph_rows(subscription, "PrivilegedAccess"), ASSIGNMENT)
    yield to_privileged_access(rows, subscription=subscription, collected_at=session.now())


def collect_alert_coverage(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Which operations the subscription's activity log alerts watch."""
    rows = of_type(session.graph_rows(subscription, "AlertCoverage"), ALERT)
    yield to_alert_coverage(rows, subscription=subscription, collected_at=session.now())


def collect_threat_detection(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Defender for Cloud plan tiers of the subscription."""
    rows = of_type(session.graph_rows(subscription, "ThreatDetection"), PRICING)
    yield to_threat_detection(rows, subscription=subscription, collected_at=session.now())


_AUTH_READ = (*GRAPH_READ, "Microsoft.Authorization/roleAssignments/read")
COLLECTORS = (
    Collector(
        RoleDefinition,
        collect_role_definitions,
        permissions=(*GRAPH_READ, "Microsoft.Authorization/roleDefinitions/read"),
    ),
    Collector(PrivilegedAccess, collect_privileged_access, permissions=_AUTH_READ),
    Collector(
        AlertCoverage,
        collect_alert_coverage,
        permissions=(*GRAPH_READ, "Microsoft.Insights/activityLogAlerts/read"),
    ),
    Collector(
        ThreatDetection,
        collect_threat_detection,
        permissions=(*GRAPH_READ, "Microsoft.Security/pricings/read"),
    ),
)
