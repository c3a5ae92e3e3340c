"""Azure Resource Graph: the KQL inventory, batching, ``$skipToken`` paging and quota.

One inventory is read per scan: four queries (resources, resource containers, authorization
and security resources) per batch of at most ``BATCH`` subscriptions, 1,000 rows a page. A
subscription the principal cannot read is simply absent from Resource Graph's answers, so
each batch also lists the subscription containers it can see; the missing ones are reported
as unreadable instead of silently passing with no resources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from azure.core.exceptions import AzureError, HttpResponseError
from azure.mgmt.resourcegraph import ResourceGraphClient
from azure.mgmt.resourcegraph.models import QueryRequest, QueryRequestOptions

from providers.azure.errors import PERMISSIONS_HINT, translate_error
from providers.azure.rows import RowTable, row_type
from scanner.snapshot import extend_each

log = structlog.get_logger(__name__)

#: Microsoft documents batches "under 1,000" subscriptions; we stay well below it.
BATCH = 300
PAGE = 1000
#: Resource types read from the ``resources`` table (lower case, as Resource Graph has them).
RESOURCE_TYPES = (
    "microsoft.network/networksecuritygroups",
    "microsoft.network/virtualnetworks",
    "microsoft.network/networkwatchers/flowlogs",
    "microsoft.keyvault/vaults",
    "microsoft.storage/storageaccounts",
    "microsoft.sql/servers",
    "microsoft.sql/servers/databases",
    "microsoft.compute/disks",
    "microsoft.recoveryservices/vaults",
    "microsoft.insights/activitylogalerts",
    "microsoft.network/applicationgateways",
    "microsoft.network/applicationgatewaywebapplicationfirewallpolicies",
    "microsoft.network/virtualnetworkgateways",
    "microsoft.network/networkwatchers",
    "microsoft.network/bastionhosts",
    "microsoft.insights/components",
    "microsoft.databricks/workspaces",
    "microsoft.compute/virtualmachines",
)
#: Defender for Cloud recommendations that show whether machines are checked for updates.
UPDATE_ASSESSMENTS = (
    "Machines should be configured to periodically check for missing system updates",
    "System updates should be installed on your machines",
    "System updates should be installed on your machines (powered by Azure Update Manager)",
)
_COLUMNS = "id, name, type, location, resourceGroup, subscriptionId, tenantId, tags, properties"
SUBSCRIPTION_TYPE = "microsoft.resources/subscriptions"
#: Synthetic rows of the regions-in-use query: one per (subscription, location).
LOCATION_TYPE = "microsoft.resources/subscriptions/locations"
QUERIES = (
    "resources | where type in~ ({types}) | project {cols}, sku, kind, managedBy".format(
        types=", ".join(f"'{t}'" for t in RESOURCE_TYPES), cols=_COLUMNS
    ),
    f"resourcecontainers | where type =~ '{SUBSCRIPTION_TYPE}' | project {_COLUMNS}",
    "authorizationresources | where type =~ 'microsoft.authorization/roleassignments' "
    "or (type =~ 'microsoft.authorization/roledefinitions' "
    f"and properties.type =~ 'CustomRole') | project {_COLUMNS}",
    f"securityresources | where type =~ 'microsoft.security/pricings' | project {_COLUMNS}",
    # regions in use (CIS Azure 7.6): every resource type, one row per location
    "resources | where isnotempty(location) | distinct subscriptionId, location | extend "
    "id = strcat('/subscriptions/', subscriptionId, '/locations/', location), "
    f"type = '{LOCATION_TYPE}', name = location",
    # Defender for Cloud's system update assessments per machine (CIS Azure 8.1.10)
    "securityresources | where type =~ 'microsoft.security/assessments' and "
    "properties.displayName in~ ({names}) | project {cols}".format(
        names=", ".join(f"'{n}'" for n in UPDATE_ASSESSMENTS), cols=_COLUMNS
    ),
)
_SUB_IN_ID = re.compile(r"^/subscriptions/([^/]+)", re.IGNORECASE)

Failure = tuple[str, str, str]  # cause, hint, detail


def row_subscription(row: Mapping[str, Any]) -> str:
    """The subscription of a row: its ``subscriptionId``, else parsed from its id."""
    sub = str(row.get("subscriptionId") or "")
    if not sub:
        found = _SUB_IN_ID.match(str(row.get("id", "")))
        sub = found.group(1) if found else ""
    return sub.lower()


@dataclass
class GraphInventory:
    """Rows per subscription (grouped by type), plus the subscriptions that could not be read
    and why. ``packed``: an export's rows, kept compressed (``RowTable``)."""

    rows: dict[str, RowTable] = field(default_factory=dict)
    failures: dict[str, Failure] = field(default_factory=dict)
    queries: int = 0
    packed: bool = False

    def add(self, row: Mapping[str, Any], *, strict: bool = False) -> None:
        """File one row under its subscription (``strict``: see ``RowTable.add``)."""
        sub = row_subscription(row)
        table = self.rows.get(sub)
        if table is None:
            table = self.rows[sub] = RowTable(packed=self.packed)
        table.add(row if self.packed else dict(row), strict=strict)

    def seal(self) -> None:
        """Compress what is pending; call once every row was added."""
        for table in self.rows.values():
            table.seal()

    def extend(self, other: GraphInventory) -> None:
        """Add ``other``'s rows (both sealed) after this one's, subscription by subscription."""
        extend_each(self.rows, other.rows)

    def subscriptions(self) -> tuple[str, ...]:
        """Every subscription with rows, sorted."""
        return tuple(sorted(s for s in self.rows if s))

    def tenant(self) -> str:
        """The tenant of the first subscription container row, if any."""
        for rows in self.rows.values():
            for r in rows.of_type(SUBSCRIPTION_TYPE):
                if r.get("tenantId"):
                    return str(r["tenantId"])
        return ""

    def limited_to(self, wanted: Sequence[str]) -> GraphInventory:
        """The rows of ``wanted`` subscriptions alone (all when empty); a wanted one with no
        rows is reported as not in the snapshot. The tables are shared, not copied."""
        if not wanted:
            return self
        inventory = GraphInventory(packed=self.packed)
        inventory.rows = {s: t for s, t in self.rows.items() if s in wanted}
        for sub in wanted:
            if sub not in inventory.rows:
                inventory.failures[sub] = (
                    "NotInSnapshot",
                    "The export has no rows for this subscription; re-export including it",
                    "",
                )
        return inventory

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], wanted: Sequence[str]) -> GraphInventory:
        """An offline inventory from exported rows, limited to ``wanted`` when given."""
        inventory = cls()
        for row in rows:
            inventory.add(row)
        return inventory.limited_to(wanted)


def _throttle(headers: Mapping[str, str], sleep: Callable[[float], None]) -> None:
    """Wait for the quota window to reset when Resource Graph says none is left."""
    remaining = headers.get("x-ms-user-quota-remaining")
    if remaining is None or int(remaining) > 0:
        return
    resets = headers.get("x-ms-user-quota-resets-after", "00:00:05")
    h, m, s = (float(p) for p in resets.split(":"))
    wait = h * 3600 + m * 60 + s
    log.info("graph.quota_exhausted", wait_seconds=wait)
    sleep(wait)


def run_query(
    client: ResourceGraphClient,
    query: str,
    *,
    subscriptions: Sequence[str] = (),
    management_groups: Sequence[str] = (),
    sleep: Callable[[float], None],
) -> tuple[list[dict[str, Any]], int]:
    """Every row of ``query`` across its ``$skipToken`` pages, and the number of calls."""
    rows: list[dict[str, Any]] = []
    token: str | None = None
    calls = 0
    while True:
        request = QueryRequest(
            query=query,
            subscriptions=list(subscriptions) or None,
            management_groups=list(management_groups) or None,
            options=QueryRequestOptions(top=PAGE, skip_token=token, result_format="objectArray"),
        )
        answer: Any = client.resources(
            request, cls=lambda resp, body, _h: (body, resp.http_response.headers)
        )
        page, headers = answer
        calls += 1
        rows.extend(r for r in (page.data or []) if isinstance(r, dict))
        _throttle(headers, sleep)
        token = page.skip_token
        if not token:
            return rows, calls


def list_subscriptions(
    client: ResourceGraphClient, management_group: str | None, *, sleep: Callable[[float], None]
) -> tuple[str, ...]:
    """Subscription ids under a management group, else every readable one (tenant scope)."""
    rows, _ = run_query(
        client,
        QUERIES[1],
        management_groups=[management_group] if management_group else (),
        sleep=sleep,
    )
    return tuple(sorted({row_subscription(r) for r in rows} - {""}))


def _fetch_batch(
    client: ResourceGraphClient,
    batch: Sequence[str],
    inventory: GraphInventory,
    sleep: Callable[[float], None],
) -> None:
    """Run every query for one batch; on 403, retry its subscriptions one by one."""
    found: list[dict[str, Any]] = []
    try:
        for query in QUERIES:
            rows, calls = run_query(client, query, subscriptions=batch, sleep=sleep)
            inventory.queries += calls
            found += rows
    except HttpResponseError as err:
        if err.status_code == 403 and len(batch) > 1:
            for sub in batch:
                _fetch_batch(client, [sub], inventory, sleep)
            return
        _fail(inventory, batch, err)
        return
    except AzureError as err:
        _fail(inventory, batch, err)
        return
    for row in found:
        inventory.add(row)
    visible = {row_subscription(r) for r in found if row_type(r) == SUBSCRIPTION_TYPE}
    for sub in batch:
        if sub not in visible:
            inventory.failures[sub] = (
                "AuthorizationFailed",
                f"The principal cannot read subscription {sub}. {PERMISSIONS_HINT}",
                "not visible to Resource Graph",
            )


def _fail(inventory: GraphInventory, batch: Sequence[str], err: AzureError) -> None:
    for sub in batch:
        translated = translate_error(
            err, scope=sub, resource="*", permission="Microsoft.ResourceGraph/resources/read"
        )
        inventory.failures[sub] = (translated.cause, translated.hint, translated.detail)


def fetch_inventory(
    client: ResourceGraphClient,
    subscriptions: Sequence[str],
    *,
    sleep: Callable[[float], None],
) -> GraphInventory:
    """The inventory of every subscription, in batches of at most ``BATCH``."""
    inventory = GraphInventory()
    for start in range(0, len(subscriptions), BATCH):
        _fetch_batch(client, subscriptions[start : start + BATCH], inventory, sleep)
    log.info(
        "graph.done",
        subscriptions=len(subscriptions),
        rows=sum(len(r) for r in inventory.rows.values()),
        queries=inventory.queries,
        unreadable=len(inventory.failures),
    )
    return inventory
