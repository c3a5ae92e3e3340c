"""Azure subscription-wide security settings in a plan: Defender plans and notifications,
activity log alerts, the subscription's activity log export.

These are parts of one subscription-wide setting the live scan reads whole. A plan shows
only the parts it manages, so each planned resource becomes its own model (its address is
the finding's location) and the live ``to_*`` judges it:

- a part that decides a check on its own is judged (a Defender plan's tier decides that
  plan; the ``WDATP`` setting decides the endpoint protection component);
- a union over the subscription ("some contact mails Owner", "some alert watches each of
  these operations", "some export carries each category") PASSes when the plan's part
  already provides it and is UNKNOWN otherwise: what the plan does not manage may provide
  it, so the plan never FAILs (nor PASSes) the subscription from a partial view.

A plan that manages none of these resources yields nothing for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model import (
    AlertCoverage,
    AuditLogConfig,
    DefenderSettings,
    PrivilegedAccess,
    ServiceFootprint,
    ThreatDetection,
)
from scanner.model.base import Resource
from scanner.provider import Collector, Item

_SUBSCRIPTION = re.compile(r"^/subscriptions/([^/]+)/?$", re.IGNORECASE)
_SUBSCRIPTION_SOURCES = ("data.azurerm_subscription.", "azurerm_subscription.")


R = TypeVar("R", bound=Resource)


def _relabel(model: R, resource: Planned) -> R:
    return model.model_copy(update={"uid": resource.address, "name": resource.address})


def plan_pricing(pricing: Planned, session: TerraformSession) -> Item:
    """``azurerm_security_center_subscription_pricing`` -> ThreatDetection with this one
    plan, as Microsoft.Security/pricings names it. ``tier`` is required (``Free`` or
    ``Standard``); ``resource_type`` defaults to ``VirtualMachines`` (registry:
    azurerm_security_center_subscription_pricing). The other plans of the subscription
    are not in the model: their checks say "not listed" (UNKNOWN). ``enabled`` (some plan
    on) is only claimed when this plan is on."""
    from providers.azure.governance import to_threat_detection  # noqa: PLC0415 - Azure SDK

    values = pricing.values
    unknown = [f"{pricing.address}.{a}" for a in ("tier", "resource_type") if pricing.is_unknown(a)]
    if unknown:
        session.note_unknown(pricing, unknown)
        model = to_threat_detection([], subscription="", collected_at=session.collected_at)
        return _relabel(model, pricing)
    row = {
        "name": str(values.get("resource_type") or "VirtualMachines"),
        "properties": {"pricingTier": str(values.get("tier") or "")},
    }
    model = to_threat_detection([row], subscription="", collected_at=session.collected_at)
    update = {"enabled": True if model.enabled else None}
    return _relabel(model, pricing).model_copy(update=update)


def plan_security_contact(contact: Planned, session: TerraformSession) -> Item:
    """``azurerm_security_center_contact`` (api-version 2017-08-01-preview: ``email``,
    ``alert_notifications`` and ``alerts_to_admins`` required booleans; registry:
    azurerm_security_center_contact) rewritten in the 2020-01-01-preview shape the live
    mapper reads: ``alertNotifications`` On mails High severity alerts ("Send email
    notification for high severity alerts"), ``alertsToAdmins`` On mails the subscription
    admins, i.e. owners ("Send email also to subscription owners"; learn.microsoft.com/
    azure/templates/microsoft.security/2017-08-01-preview/securitycontacts).

    Contacts are merged over the subscription, so what this one does not provide (Owner
    mail off, alert mail off, and attack path mail, which this API cannot configure) is
    UNKNOWN rather than FAIL: another contact may provide it. A present address PASSes."""
    from providers.azure.defender import to_defender_settings  # noqa: PLC0415 - Azure SDK

    values = contact.values
    unknown = [
        f"{contact.address}.{a}"
        for a in ("email", "alert_notifications", "alerts_to_admins")
        if contact.is_unknown(a)
    ]
    alerts, admins = values.get("alert_notifications"), values.get("alerts_to_admins")
    body = {
        "properties": {
            "emails": "" if contact.is_unknown("email") else str(values.get("email") or ""),
            "alertNotifications": {
                "state": "On" if alerts else "Off",
                "minimalSeverity": "High",
            },
            "notificationsByRole": {"state": "On" if admins else "Off", "roles": ["Owner"]},
        }
    }
    model = to_defender_settings(
        [body], None, [], subscription="", collected_at=session.collected_at
    )
    if unknown:
        session.note_unknown(contact, unknown)
    update = {
        "contact_emails": model.contact_emails or None,
        "notify_roles": model.notify_roles or None,
        "alert_min_severity": model.alert_min_severity or None,
        "attack_path_min_risk": None,
        "machines": None,
        "update_assessed": None,
        "update_unhealthy": None,
    }
    return _relabel(model, contact).model_copy(update=update)


def plan_security_setting(setting: Planned, session: TerraformSession) -> Item:
    """``azurerm_security_center_setting`` with ``setting_name`` ``WDATP`` (the endpoint
    protection component; ``enabled`` required; registry: azurerm_security_center_setting)
    -> DefenderSettings with only that component known. One setting per subscription: it
    decides LOG-255 on its own."""
    from providers.azure.defender import to_defender_settings  # noqa: PLC0415 - Azure SDK

    values = setting.values
    enabled = None if setting.is_unknown("enabled") else values.get("enabled")
    if enabled is None:
        session.note_unknown(setting, [f"{setting.address}.enabled"])
    body = {"name": "WDATP", "properties": {"enabled": enabled}}
    model = to_defender_settings(
        None, [body], [], subscription="", collected_at=session.collected_at
    )
    update = {"machines": None, "update_assessed": None, "update_unhealthy": None}
    return _relabel(model, setting).model_copy(update=update)


#: The operations CIS Azure 6.1.2.1-6.1.2.10 (LOG-202..206) ask an alert for.
WATCHED_OPERATIONS = tuple(
    f"{t}/{verb}".lower()
    for t in (
        "Microsoft.Authorization/policyAssignments",
        "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Security/securitySolutions",
        "Microsoft.Sql/servers/firewallRules",
        "Microsoft.Network/publicIPAddresses",
    )
    for verb in ("write", "delete")
)


def _alert_body(alert: Planned) -> dict[str, Any]:
    """``criteria`` -> the ARM ``condition.allOf`` (field/equals) of an activity log alert."""
    criteria = first(alert.values.get("criteria"))
    clauses = [{"field": "category", "equals": criteria.get("category")}]
    if criteria.get("operation_name"):
        clauses.append({"field": "operationName", "equals": criteria["operation_name"]})
    return {
        "properties": {
            "enabled": alert.values.get("enabled") is not False,
            "scopes": list(alert.values.get("scopes") or ()),
            "condition": {"allOf": clauses},
        }
    }


def plan_activity_log_alert(alert: Planned, session: TerraformSession) -> Item:
    """``azurerm_monitor_activity_log_alert``: ``enabled`` defaults to true, ``scopes``
    required, ``criteria.category`` required and ``operation_name`` optional (registry:
    azurerm_monitor_activity_log_alert) -> AlertCoverage of the plan's alerts on the same
    subscription scope (an alert scoped to a resource group or a resource does not watch
    the subscription's operations, as in the live mapper).

    Coverage is a union over every alert of the subscription: the operations are given only
    when the plan's alerts already cover every operation LOG-202..206 ask for (all PASS),
    else UNKNOWN (another alert may cover the rest); a service health alert PASSes LOG-207,
    none is UNKNOWN."""
    from providers.azure.governance import to_alert_coverage  # noqa: PLC0415 - Azure SDK

    if alert.is_unknown("scopes") or alert.is_unknown("criteria"):
        session.note_unknown(alert, [f"{alert.address}.scopes", f"{alert.address}.criteria"])
    scopes = [s for s in alert.values.get("scopes") or () if isinstance(s, str)]
    known = sorted({m.group(1) for m in map(_SUBSCRIPTION.match, scopes) if m})
    alerts: list[dict[str, Any]] = []
    subscription = ""
    if known:
        subscription = known[0]
        target = f"/subscriptions/{subscription}".lower()
        alerts = [
            _alert_body(other)
            for other in session.all_of("azurerm_monitor_activity_log_alert")
            if target in {str(s).lower().rstrip("/") for s in other.values.get("scopes") or ()}
        ]
    elif alert.is_unknown("scopes") and any(
        r.startswith(_SUBSCRIPTION_SOURCES) for r in alert.references("scopes")
    ):
        alerts = [_alert_body(alert)]  # the subscription, known after apply: this alert only
        alerts[0]["properties"]["scopes"] = []
    model = to_alert_coverage(alerts, subscription=subscription, collected_at=session.collected_at)
    covered = model.operations or ()
    update = {
        "operations": covered if set(WATCHED_OPERATIONS) <= set(covered) else None,
        "service_health": True if model.service_health else None,
    }
    return _relabel(model, alert).model_copy(update=update)


def _diagnostic_body(setting: Planned) -> dict[str, Any]:
    """An ``azurerm_monitor_diagnostic_setting`` as the ARM diagnostic setting: ``enabled_log``
    (4.x) blocks are enabled; 3.x ``log`` blocks carry ``enabled`` (default true); a
    destination set in the configuration but known only after apply still exports."""
    values = setting.values
    destinations = {
        arm: values.get(tf) or ("planned" if setting.configured(tf) else None)
        for tf, arm in (
            ("log_analytics_workspace_id", "workspaceId"),
            ("storage_account_id", "storageAccountId"),
            ("eventhub_authorization_rule_id", "eventHubAuthorizationRuleId"),
            ("partner_solution_id", "marketplacePartnerId"),
        )
    }
    logs = [
        {"enabled": True, "category": log.get("category"),
         "categoryGroup": log.get("category_group")}
        for log in values.get("enabled_log") or ()
    ] + [
        {"enabled": log.get("enabled", True) is not False, "category": log.get("category"),
         "categoryGroup": log.get("category_group")}
        for log in values.get("log") or ()
    ]  # fmt: skip
    return {"name": values.get("name"), "properties": {**destinations, "logs": logs}}


def _on_subscription(setting: Planned) -> bool:
    """The setting's target is the subscription itself (a known ``/subscriptions/<id>``, or
    an ``azurerm_subscription`` reference known after apply)."""
    target = setting.values.get("target_resource_id")
    if isinstance(target, str):
        return _SUBSCRIPTION.match(target) is not None
    return any(
        r.startswith(_SUBSCRIPTION_SOURCES) for r in setting.references("target_resource_id")
    )


def plan_activity_log_export(setting: Planned, session: TerraformSession) -> Item:
    """An ``azurerm_monitor_diagnostic_setting`` whose ``target_resource_id`` is the
    subscription (``/subscriptions/<id>``, e.g. ``data.azurerm_subscription.current.id``;
    registry: azurerm_monitor_diagnostic_setting) -> AuditLogConfig. An export that sends
    logs PASSes LOG-006; one covering Administrative, Security, Alert and Policy PASSes
    LOG-201. Less is UNKNOWN: the subscription may have up to five settings, and the live
    scan judges their union."""
    from providers.azure.monitor import to_audit_log_config  # noqa: PLC0415 - Azure SDK

    model = to_audit_log_config(
        [_diagnostic_body(setting)], subscription="", collected_at=session.collected_at
    )
    if setting.is_unknown("enabled_log") or setting.is_unknown("log"):
        session.note_unknown(setting, [f"{setting.address}.enabled_log"])
        model = model.model_copy(update={"account_wide_trail": None, "categories": None})
    required = {"Administrative", "Security", "Alert", "Policy"}
    categories = model.categories or ()
    update = {
        "account_wide_trail": True if model.account_wide_trail else None,
        "categories": categories if required <= set(categories) else None,
    }
    return _relabel(model, setting).model_copy(update=update)


_FOOTPRINT = {
    "azurerm_bastion_host": ("microsoft.network/bastionhosts", "bastion_hosts"),
    "azurerm_application_insights": ("microsoft.insights/components", "app_insights_components"),
}


def plan_footprint(resource: Planned, session: TerraformSession) -> Item:
    """An ``azurerm_bastion_host`` or ``azurerm_application_insights`` (registry pages of
    the same names) -> the subscription's ServiceFootprint as far as this resource shows:
    one Bastion host or one Application Insights component exists (NET-261 / LOG-250
    PASS on it). Whether every region in use has a Network Watcher needs the whole
    subscription (and Azure creates watchers by itself): unknown, as are the counts this
    resource says nothing of."""
    from providers.azure.footprint import to_footprint  # noqa: PLC0415 - Azure SDK

    arm_type, field = _FOOTPRINT[resource.type]
    row = {"type": arm_type, "location": session.region(resource)}
    model = to_footprint([row], subscription="", collected_at=session.collected_at)
    update: dict[str, Any] = dict.fromkeys(
        ("regions_in_use", "network_watcher_regions", "bastion_hosts", "app_insights_components")
    )
    update[field] = getattr(model, field)
    return _relabel(model, resource).model_copy(update=update)


_ACCESS_ADMIN_NAME = "user access administrator"


def _subscription_scope(assignment: Planned) -> str | None:
    """The subscription id an ``azurerm_role_assignment`` is made at (its ``scope`` is
    ``/subscriptions/<id>``; '' for an ``azurerm_subscription`` known after apply); None
    for a management group, resource group or resource scope."""
    scope = assignment.values.get("scope")
    if isinstance(scope, str):
        found = _SUBSCRIPTION.match(scope)
        return found.group(1) if found else None
    if any(r.startswith(_SUBSCRIPTION_SOURCES) for r in assignment.references("scope")):
        return ""
    return None


def _grants_access_admin(assignment: Planned) -> bool:
    from providers.azure.governance import ACCESS_ADMIN  # noqa: PLC0415 - Azure SDK

    name = str(assignment.values.get("role_definition_name") or "").lower()
    role_id = str(assignment.values.get("role_definition_id") or "").lower()
    return name == _ACCESS_ADMIN_NAME or role_id.endswith(ACCESS_ADMIN)


def _is_subscription_access_admin(assignment: Planned) -> bool:
    return _subscription_scope(assignment) is not None and _grants_access_admin(assignment)


def plan_access_admin(assignment: Planned, session: TerraformSession) -> Item:
    """An ``azurerm_role_assignment`` (``scope``, ``role_definition_name`` or
    ``role_definition_id``, ``principal_id``; registry: azurerm_role_assignment) granting
    User Access Administrator at a subscription scope: the plan itself gives someone that
    role there, so IAM-203 FAILs on it. The subscription's Owners are not counted from a
    plan (assignments outside it count too): unknown."""
    from providers.azure.governance import ACCESS_ADMIN, to_privileged_access  # noqa: PLC0415

    subscription = _subscription_scope(assignment) or "planned"
    principal = assignment.values.get("principal_id") or assignment.address
    row = {"properties": {"scope": f"/subscriptions/{subscription}",
                          "roleDefinitionId": f"/providers/Microsoft.Authorization/"
                                              f"roleDefinitions/{ACCESS_ADMIN}",
                          "principalId": principal}}  # fmt: skip
    model = to_privileged_access(
        [row], subscription=subscription, collected_at=session.collected_at
    )
    return _relabel(model, assignment).model_copy(update={"owners": None})


def _some(
    kind: type[Resource],
    types: tuple[str, ...],
    keep: Callable[[Planned], bool],
    mapper: Callable[[Planned, TerraformSession], Item],
    name: str,
) -> Collector[TerraformSession]:
    """A plan collector over the judged instances of ``types`` that ``keep`` accepts."""

    def collect(session: TerraformSession, _scope: str) -> Iterator[Item]:
        for resource in session.judged(*types):
            if resource.opaque:
                yield opaque_resource("azure", resource, kind.__name__)
            elif keep(resource):
                yield mapper(resource, session)

    collect.__name__ = collect.__qualname__ = f"collect_{name}"
    collect.__doc__ = f"Planned {', '.join(types)} that set it -> {kind.__name__}."
    return Collector(kind, collect, permissions=(), scope="global", name=name)


def _is_wdatp(setting: Planned) -> bool:
    return str(setting.values.get("setting_name") or "").upper() == "WDATP" or setting.is_unknown(
        "setting_name"
    )


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("azure", ThreatDetection, ("azurerm_security_center_subscription_pricing",),
              plan_pricing, name="plan_defender_pricings"),
    collector("azure", DefenderSettings, ("azurerm_security_center_contact",),
              plan_security_contact, name="plan_security_contacts"),
    _some(DefenderSettings, ("azurerm_security_center_setting",), _is_wdatp,
          plan_security_setting, "plan_security_settings"),
    collector("azure", AlertCoverage, ("azurerm_monitor_activity_log_alert",),
              plan_activity_log_alert, name="plan_activity_log_alerts"),
    _some(PrivilegedAccess, ("azurerm_role_assignment",), _is_subscription_access_admin,
          plan_access_admin, "plan_access_admin_assignments"),
    collector("azure", ServiceFootprint, tuple(_FOOTPRINT), plan_footprint,
              name="plan_footprint_services"),
    _some(AuditLogConfig, ("azurerm_monitor_diagnostic_setting",), _on_subscription,
          plan_activity_log_export, "plan_activity_log_exports"),
)  # fmt: skip
