"""Azure Databricks workspaces (Resource Graph) with their diagnostic settings (one ARM call).

Fields per the Databricks REST reference (Microsoft.Databricks/workspaces, 2024-05-01):
``parameters.customVirtualNetworkId.value`` (VNet injection), ``customPublicSubnetName`` /
``customPrivateSubnetName``, ``enableNoPublicIp.value`` (secure cluster connectivity),
``publicNetworkAccess`` (default Enabled) and ``privateEndpointConnections``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.azure.monitor import DIAGNOSTIC_READ, read_diagnostic_settings, resource_logging
from providers.azure.network import GRAPH_READ, VNET
from providers.azure.rows import base_fields, of_type, props
from providers.azure.session import AzureSession
from providers.azure.storage_extras import approved_private_endpoint
from scanner.errors import CollectionError
from scanner.model import AnalyticsWorkspace
from scanner.provider import Collector, Item

WORKSPACE = "microsoft.databricks/workspaces"


def _param(p: Mapping[str, Any], name: str) -> Any:
    value = (p.get("parameters") or {}).get(name)
    return value.get("value") if isinstance(value, Mapping) else None


def _subnet_nsgs(
    p: Mapping[str, Any], vnets: Mapping[str, Mapping[str, Any]]
) -> tuple[bool | None, tuple[str, ...]]:
    """(every workspace subnet has an NSG, the ones without); None when the VNet is unread."""
    vnet_id = str(_param(p, "customVirtualNetworkId") or "")
    if not vnet_id:
        return None, ()
    vnet = vnets.get(vnet_id.lower())
    if vnet is None:
        return None, ()
    wanted = [
        str(_param(p, k) or "") for k in ("customPublicSubnetName", "customPrivateSubnetName")
    ]
    subnets = {str(s.get("name", "")).lower(): s for s in props(vnet).get("subnets") or ()}
    missing = []
    for name in filter(None, wanted):
        subnet = subnets.get(name.lower())
        if subnet is None:
            return None, ()
        if not (props(subnet).get("networkSecurityGroup") or {}).get("id"):
            missing.append(name)
    return not missing, tuple(missing)


def to_analytics_workspace(
    row: Mapping[str, Any],
    vnets: Mapping[str, Mapping[str, Any]],
    diagnostics: list[dict[str, Any]] | None,
    *,
    subscription: str,
    collected_at: datetime,
) -> AnalyticsWorkspace:
    """Pure: a workspace row, the VNets by lower-case id and its diagnostic settings."""
    p = props(row)
    nsg_ok, missing = _subnet_nsgs(p, vnets)
    no_public_ip = _param(p, "enableNoPublicIp")
    return AnalyticsWorkspace(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        customer_network=bool(_param(p, "customVirtualNetworkId")),
        subnets_have_security_group=nsg_ok,
        missing_security_group=missing,
        no_public_ip=no_public_ip if isinstance(no_public_ip, bool) else None,
        public_network_access=str(p.get("publicNetworkAccess") or "Enabled").lower() == "enabled",
        private_endpoint=approved_private_endpoint(p),
        diagnostic_logging=None if diagnostics is None else resource_logging(diagnostics),
    )


def collect_analytics_workspaces(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every Databricks workspace; diagnostic settings need one Monitor call each."""
    workspaces = of_type(session.graph_rows(subscription, "AnalyticsWorkspace"), WORKSPACE)
    if not workspaces:
        return  # no VNet lookup across every subscription for nothing
    vnets = {
        str(r.get("id", "")).lower(): r
        for sub_rows in session.graph().rows.values()
        for r in of_type(sub_rows, VNET)
    }

    def detail(row: dict[str, Any]) -> list[Item]:
        settings: list[dict[str, Any]] | None = None
        error: CollectionError | None = None
        if session.offline:
            error = CollectionError(
                "azure",
                subscription,
                "AnalyticsWorkspace",
                "NotInSnapshot",
                hint="A Resource Graph export has no diagnostic settings; run a live scan",
                uid=str(row["id"]),
            )
        else:
            settings, error = read_diagnostic_settings(
                session, subscription, str(row["id"]), resource="AnalyticsWorkspace"
            )
        workspace = to_analytics_workspace(
            row, vnets, settings, subscription=subscription, collected_at=session.now()
        )
        return [workspace] if error is None else [workspace, error]

    for items in session.map(detail, workspaces):
        yield from items


COLLECTORS = (
    Collector(
        AnalyticsWorkspace,
        collect_analytics_workspaces,
        permissions=(
            *GRAPH_READ,
            "Microsoft.Databricks/workspaces/read",
            "Microsoft.Network/virtualNetworks/read",
            DIAGNOSTIC_READ,
        ),
    ),
)
