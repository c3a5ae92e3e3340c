"""Project-level monitoring from CAI: log sinks, log-based alerts, asset inventory; contacts.

Fields read (REST references; every key also in snake_case):

* LogSink (logging v2): ``filter`` (empty = every entry), ``disabled``,
  ``exclusions[].disabled``, ``includeChildren`` (folder/organisation sinks reach child
  projects only with it). The sink's owner comes from its asset name (``projects/P``,
  ``folders/F``, ``organizations/O``).
* LogMetric (logging v2): ``name``, ``filter``, ``disabled``; AlertPolicy (monitoring v3):
  ``enabled`` (unset = enabled), ``conditions[]`` (see ``log_alerts``).
* Service (serviceusage v1): ``cloudasset.googleapis.com`` with ``state`` ENABLED.
* Contact (essentialcontacts v1): ``notificationCategorySubscriptions[]``,
  ``validationState`` (INVALID contacts reach nobody).

A project inherits sinks from every folder and organisation above it; when one of those is
not in the input, ``export_all`` is unknown (never a pass by omission) unless the project's
own sinks already route every entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.gcp.assets import AssetRecord, segment
from providers.gcp.common import identity, malformed
from providers.gcp.iam import HIERARCHY, ancestry, container
from providers.gcp.log_alerts import alerted_kinds, metric_kinds
from providers.gcp.session import ORGANIZATION_TYPE, PROJECT_TYPE, GcpSession
from providers.gcp.spelling import enum, flag, items, pick, truthy
from scanner.model import EssentialContacts, ProjectMonitoring
from scanner.provider import Collector, Item

LOG_SINK = "logging.googleapis.com/LogSink"
LOG_METRIC = "logging.googleapis.com/LogMetric"
ALERT_POLICY = "monitoring.googleapis.com/AlertPolicy"
SERVICE = "serviceusage.googleapis.com/Service"
CONTACT = "essentialcontacts.googleapis.com/Contact"
ASSET_API = "cloudasset.googleapis.com"
_OWNERS = ("projects", "folders", "organizations")


def owner_of(record: AssetRecord) -> str:
    """``projects/P``, ``folders/F`` or ``organizations/O`` that holds a child asset."""
    for key in _OWNERS:
        value = segment(record.name, key)
        if value:
            return f"{key}/{value}"
    return ""


def routes_everything(body: Mapping[str, Any]) -> bool:
    """An enabled sink with an empty filter and no enabled exclusion."""
    if flag(pick(body, "disabled")):
        return False
    if str(pick(body, "filter") or "").strip():
        return False
    return all(
        flag(pick(e, "disabled")) for e in items(body, "exclusions") if isinstance(e, Mapping)
    )


def _project_keys(record: AssetRecord) -> tuple[str, ...]:
    """A project's container by number (asset name) and by id (body)."""
    keys = [container(record)]
    project_id = pick(record.body, "projectId")
    if project_id:
        keys.append(f"projects/{project_id}")
    return tuple(keys)


def _sinks(session: GcpSession, scope: str) -> tuple[dict[str, list[str]], int]:
    """Owner -> names of sinks that route every entry (own scope, or to children), count."""
    covering: dict[str, list[str]] = {}
    count = 0
    for sink in session.resources(scope, [LOG_SINK], resource="ProjectMonitoring"):
        count += 1
        owner = owner_of(sink)
        body = sink.body
        reaches_children = owner.startswith("projects/") or truthy(body, "includeChildren")
        if routes_everything(body) and reaches_children:
            covering.setdefault(owner, []).append(str(pick(body, "name") or sink.name))
    return covering, count


def _by_owner(session: GcpSession, scope: str, asset_type: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for record in session.resources(scope, [asset_type], resource="ProjectMonitoring"):
        out.setdefault(owner_of(record), []).append(record.body)
    return out


def _asset_api(session: GcpSession, scope: str) -> tuple[set[str], int]:
    owners: set[str] = set()
    count = 0
    for record in session.resources(scope, [SERVICE], resource="ProjectMonitoring"):
        count += 1
        name = str(pick(record.body, "name") or record.name)
        state = enum(pick(record.body, "state") or "ENABLED")
        if name.rstrip("/").endswith(f"services/{ASSET_API}") and state == "ENABLED":
            owners.add(owner_of(record))
    return owners, count


def collect_project_monitoring(session: GcpSession, scope: str) -> Iterator[Item]:
    """Each project's log export, log-based alerting and asset inventory state."""
    hierarchy = list(session.resources(scope, HIERARCHY, resource="ProjectMonitoring"))
    known = {container(r) for r in hierarchy}
    chains = ancestry(hierarchy)
    sinks, sink_count = _sinks(session, scope)
    metrics = _by_owner(session, scope, LOG_METRIC)
    policies = _by_owner(session, scope, ALERT_POLICY)
    asset_on, service_count = _asset_api(session, scope)
    for record in hierarchy:
        if record.asset_type != PROJECT_TYPE:
            continue
        try:
            keys = _project_keys(record)
            fields = identity(
                record, account=session.project_id(scope, record), collected_at=session.now()
            )
            fields["name"] = fields["account"]
            own = [s for k in keys for s in sinks.get(k, ())]
            chain = chains.get(keys[0], ())
            inherited = [s for a in chain for s in sinks.get(a, ())]
            hints = []
            export_all: bool | None = bool(own or inherited)
            if not export_all and (sink_count == 0 or any(a not in known for a in chain)):
                export_all = None
                hints.append(
                    "sinks of this project or of a folder/organisation above it are not in "
                    "the input; export logging.googleapis.com/LogSink at organisation scope"
                )
            project_metrics = {
                m: k for key in keys for m, k in metric_kinds(metrics.get(key, ())).items()
            }
            project_policies = [p for key in keys for p in policies.get(key, ())]
            asset: bool | None = any(k in asset_on for k in keys)
            if not asset and service_count == 0:
                asset = None
                hints.append("no serviceusage.googleapis.com/Service records in the input")
            yield ProjectMonitoring(
                **fields,
                export_all=export_all,
                export_sinks=tuple(own + inherited),
                alerted_changes=tuple(sorted(alerted_kinds(project_policies, project_metrics))),
                asset_inventory=asset,
                hint="; ".join(hints),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            yield malformed(record, scope, "ProjectMonitoring", err)


#: Categories CIS GCP v5.0 1.17 asks to reach a contact at organisation level.
REQUIRED_CATEGORIES = ("LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")


def contact_categories(contacts: list[Mapping[str, Any]]) -> tuple[str, ...]:
    """Categories subscribed by contacts that are not known to be invalid."""
    out: set[str] = set()
    for body in contacts:
        if enum(pick(body, "validationState")) == "INVALID":
            continue
        out |= {enum(c) for c in items(body, "notificationCategorySubscriptions")}
    return tuple(sorted(out))


def collect_essential_contacts(session: GcpSession, scope: str) -> Iterator[Item]:
    """Each organisation's essential contacts in ``scope``."""
    contacts = _by_owner(session, scope, CONTACT)
    for record in session.resources(scope, [ORGANIZATION_TYPE], resource="EssentialContacts"):
        try:
            ref = container(record)
            # the organisation number as account: a '/' would break report pseudo-paths
            fields = identity(record, account=ref.split("/")[-1], collected_at=session.now())
            fields["name"] = ref
            yield EssentialContacts(**fields, categories=contact_categories(contacts.get(ref, [])))
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            yield malformed(record, scope, "EssentialContacts", err)


_LIST = ("cloudasset.assets.listResource",)
RESOURCE_TYPES = {
    LOG_SINK: "ProjectMonitoring",
    LOG_METRIC: "ProjectMonitoring",
    ALERT_POLICY: "ProjectMonitoring",
    SERVICE: "ProjectMonitoring",
    CONTACT: "EssentialContacts",
}
POLICY_TYPES: dict[str, str] = {}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(ProjectMonitoring, collect_project_monitoring, permissions=_LIST),
    Collector(EssentialContacts, collect_essential_contacts, permissions=_LIST),
)
