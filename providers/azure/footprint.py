"""Per-subscription footprint: regions in use, Network Watchers, Bastion hosts, App Insights.

Regions in use come from a Resource Graph ``distinct subscriptionId, location`` query over
every resource type (plus the locations of every row read), so a region that only holds a
storage account still counts. Network Watcher is regional (Network Watcher overview:
"enabled ... per region"); a watcher counts when its provisioningState is Succeeded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from providers.azure.governance import _account_level
from providers.azure.graph import LOCATION_TYPE, SUBSCRIPTION_TYPE
from providers.azure.network import GRAPH_READ
from providers.azure.rows import of_type, props
from providers.azure.session import AzureSession
from scanner.model import ServiceFootprint
from scanner.provider import Collector, Item

WATCHER = "microsoft.network/networkwatchers"
BASTION = "microsoft.network/bastionhosts"
APP_INSIGHTS = "microsoft.insights/components"
_NOT_REGIONS = frozenset({"", "global"})


def region(name: object) -> str:
    """ARM's normalised region name: 'West US' -> 'westus'."""
    return str(name or "").replace(" ", "").lower()


def to_footprint(
    rows: Iterable[dict[str, Any]], *, subscription: str, collected_at: datetime
) -> ServiceFootprint:
    """Pure: one subscription's rows -> ServiceFootprint."""
    materialised = [r for r in rows if str(r.get("type", "")).lower() != SUBSCRIPTION_TYPE]
    in_use = {region(r.get("location")) for r in materialised} - _NOT_REGIONS
    watchers = {
        region(r.get("location"))
        for r in of_type(materialised, WATCHER)
        if str(props(r).get("provisioningState", "Succeeded")).lower() == "succeeded"
    }
    resources = [r for r in materialised if str(r.get("type", "")).lower() != LOCATION_TYPE]
    return ServiceFootprint(
        **_account_level(subscription, "Microsoft.Resources/locations", "footprint", collected_at),
        regions_in_use=tuple(sorted(in_use)),
        network_watcher_regions=tuple(sorted(watchers)),
        bastion_hosts=len(of_type(resources, BASTION)),
        app_insights_components=len(of_type(resources, APP_INSIGHTS)),
    )


def collect_footprints(session: AzureSession, subscription: str) -> Iterator[Item]:
    """The footprint of ``subscription`` from the Resource Graph inventory."""
    rows = session.graph_rows(subscription, "ServiceFootprint")
    yield to_footprint(rows, subscription=subscription, collected_at=session.now())


COLLECTORS = (
    Collector(
        ServiceFootprint,
        collect_footprints,
        permissions=(
            *GRAPH_READ,
            "Microsoft.Network/networkWatchers/read",
            "Microsoft.Network/bastionHosts/read",
            "Microsoft.Insights/components/read",
        ),
    ),
)
