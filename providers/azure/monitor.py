"""Azure Monitor diagnostic settings: resource-level and subscription activity log export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from azure.mgmt.monitor import MonitorManagementClient

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.rows import props, rest_dict
from providers.azure.session import AzureSession
from scanner.errors import CollectionError
from scanner.model import AuditLogConfig
from scanner.provider import Collector, Item

DIAGNOSTIC_READ = "Microsoft.Insights/diagnosticSettings/read"
#: What ``categoryGroup: allLogs`` covers in the subscription activity log.
ACTIVITY_CATEGORIES = (
    "Administrative",
    "Security",
    "ServiceHealth",
    "Alert",
    "Recommendation",
    "Policy",
    "Autoscale",
    "ResourceHealth",
)
_DESTINATIONS = ("workspaceId", "storageAccountId", "eventHubAuthorizationRuleId")


def _exports(setting: Mapping[str, Any]) -> bool:
    p = props(setting)
    return any(p.get(k) for k in (*_DESTINATIONS, "marketplacePartnerId", "eventHubName"))


def logged_categories(settings: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """Log categories some setting sends to a destination (``allLogs`` expands)."""
    found: dict[str, None] = {}
    for setting in settings:
        if not _exports(setting):
            continue
        for log in props(setting).get("logs") or ():
            if not log.get("enabled"):
                continue
            group = str(log.get("categoryGroup") or "").lower()
            if group in {"alllogs", "audit"}:
                found.update(dict.fromkeys(ACTIVITY_CATEGORIES if group == "alllogs" else ()))
                found[group] = None
            elif log.get("category"):
                found[str(log["category"])] = None
    return tuple(found)


def resource_logging(settings: Iterable[Mapping[str, Any]]) -> bool:
    """Pure: some diagnostic setting exports enabled logs (audit events) somewhere."""
    return bool(logged_categories(settings))


def read_diagnostic_settings(
    session: AzureSession, subscription: str, resource_id: str, *, resource: str
) -> tuple[list[dict[str, Any]] | None, CollectionError | None]:
    """Diagnostic settings of one resource; (None, error) when unreadable."""
    client = session.client(MonitorManagementClient, subscription)
    try:
        return [rest_dict(s) for s in client.diagnostic_settings.list(resource_id)], None
    except SDK_ERRORS as err:
        error = translate_error(
            err, scope=subscription, resource=resource, permission=DIAGNOSTIC_READ, uid=resource_id
        )
        return None, error


def to_audit_log_config(
    settings: Sequence[Mapping[str, Any]], *, subscription: str, collected_at: datetime
) -> AuditLogConfig:
    """Pure: subscription diagnostic settings (activity log export) -> AuditLogConfig."""
    categories = logged_categories(settings)
    return AuditLogConfig(
        uid=f"/subscriptions/{subscription}/providers/Microsoft.Insights/diagnosticSettings",
        provider="azure",
        account=subscription,
        region="global",
        service="Microsoft.Insights/diagnosticSettings",
        name="activity-log-export",
        collected_at=collected_at,
        account_wide_trail=bool(categories),
        trails=tuple(str(s.get("name", "")) for s in settings if _exports(s)),
        categories=tuple(c for c in categories if c in ACTIVITY_CATEGORIES),
    )


def collect_audit_log_configs(session: AzureSession, subscription: str) -> Iterator[Item]:
    """The subscription's activity log export (not in Resource Graph: one Monitor call)."""
    session.require_online(subscription, "AuditLogConfig", "subscription diagnostic settings")
    client = session.client(MonitorManagementClient, subscription)
    try:
        settings = [rest_dict(s) for s in client.subscription_diagnostic_settings.list()]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=subscription, resource="AuditLogConfig", permission=DIAGNOSTIC_READ
        ) from err
    yield to_audit_log_config(settings, subscription=subscription, collected_at=session.now())


COLLECTORS = (Collector(AuditLogConfig, collect_audit_log_configs, permissions=(DIAGNOSTIC_READ,)),)
