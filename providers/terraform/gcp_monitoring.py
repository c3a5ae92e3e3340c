"""Project monitoring, essential contacts and other resources' IAM policies in a plan.

These are wholes a plan usually manages only part of, so the plan can prove presence but
rarely absence (registry.terraform.io/providers/hashicorp/google/latest/docs/resources/
<type>; the live semantics in ``providers.gcp.monitoring`` and ``log_alerts``):

* ``ProjectMonitoring`` per project (``project``, else the provider's), from the plan's
  ``google_logging_project_sink`` (``filter`` empty and ``disabled`` false by default,
  ``exclusions[].disabled``), ``google_logging_metric`` (``filter``, ``disabled``),
  ``google_monitoring_alert_policy`` (``enabled`` "The default is true", ``conditions[]``
  with ``condition_threshold`` / ``condition_absent`` filters, MQL / PromQL queries and
  ``condition_matched_log`` filters) and ``google_project_service`` (``service``
  ``cloudasset.googleapis.com``), judged by the live ``routes_everything``,
  ``metric_kinds`` and ``alerted_kinds``. Sinks, metrics, alerts and enabled services
  made outside the plan (and folder or organisation sinks) may exist: a sink, alert or
  service the plan adds passes; nothing in the plan is UNKNOWN, never FAIL.
* ``EssentialContacts`` per organisation from ``google_essential_contacts_contact``
  (``parent = organizations/N``, ``notification_category_subscriptions``): contacts are
  additive, so the plan's contacts covering every category pass, else UNKNOWN.
* ``ResourcePolicy`` for every other ``google_<resource>_iam_member`` / ``_binding`` /
  ``_policy`` (Pub/Sub topics, service accounts, secrets, Cloud Run, functions...; the
  grants of BigQuery datasets and projects/folders/organisations, and the ``_member`` /
  ``_binding`` of buckets and KMS keys, are joined by their own mappers; a bucket's or
  KMS key's authoritative ``_policy``, which those mappers do not read, is judged here so
  a public grant in it is not lost): a grant to allUsers/allAuthenticatedUsers fails
  (the live ``public_grants``); otherwise an additive grant says nothing of the rest of
  the policy (UNKNOWN) unless its resource is created by this plan (its policy holds only
  the plan's grants).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from providers.terraform.common import first
from providers.terraform.gcp_base import fields
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply, opaque_resource
from scanner.model import EssentialContacts, ProjectMonitoring, ResourcePolicy
from scanner.provider import Collector, Item

SINKS = ("google_logging_project_sink",)
METRICS = ("google_logging_metric",)
ALERTS = ("google_monitoring_alert_policy",)
SERVICES = ("google_project_service",)
CONTACTS = ("google_essential_contacts_contact",)
_CONDITIONS = {
    "condition_threshold": ("conditionThreshold", "filter"),
    "condition_absent": ("conditionAbsent", "filter"),
    "condition_matched_log": ("conditionMatchedLog", "filter"),
    "condition_monitoring_query_language": ("conditionMonitoringQueryLanguage", "query"),
    "condition_prometheus_query_language": ("conditionPrometheusQueryLanguage", "query"),
}


def _alert_body(policy: Planned) -> dict[str, Any]:
    """``google_monitoring_alert_policy`` -> a monitoring v3 AlertPolicy body."""
    conditions = []
    for condition in policy.values.get("conditions") or ():
        body: dict[str, Any] = {}
        for tf, (api, key) in _CONDITIONS.items():
            block = first(condition.get(tf))
            if block:
                body[api] = {key: block.get(key) or ""}
        conditions.append(body)
    enabled = policy.values.get("enabled")
    return {"enabled": True if enabled is None else bool(enabled), "conditions": conditions}


def _groups(session: TerraformSession) -> dict[str, list[Planned]]:
    groups: dict[str, list[Planned]] = {}
    for resource in session.all_of(*SINKS, *METRICS, *ALERTS, *SERVICES):
        project = session.project(resource)
        groups.setdefault(project or f"?{resource.address}", []).append(resource)
    return groups


def collect_project_monitoring(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """One ProjectMonitoring per project whose sinks, metrics, alerts or services the plan
    manages."""
    judged = {r.address for r in session.judged(*SINKS, *METRICS, *ALERTS, *SERVICES)}
    if not judged:
        return
    from providers.gcp.log_alerts import alerted_kinds, metric_kinds  # noqa: PLC0415 - SDK
    from providers.gcp.monitoring import ASSET_API, routes_everything  # noqa: PLC0415

    for project, members in _groups(session).items():
        if not any(m.address in judged for m in members) or all(m.opaque for m in members):
            continue
        owner = members[0]
        of = {t: [m for m in members if m.type in t and not m.opaque]
              for t in (SINKS, METRICS, ALERTS, SERVICES)}  # fmt: skip
        covering = [
            str(s.values.get("name") or s.address)
            for s in of[SINKS]
            if not s.is_unknown("filter") and routes_everything(_sink_body(s))
        ]
        metrics = metric_kinds(
            {"name": m.values.get("name"), "filter": m.values.get("filter") or "",
             "disabled": m.values.get("disabled")}
            for m in of[METRICS] if not m.is_unknown("filter") and not m.is_unknown("name")
        )  # fmt: skip
        alerted = alerted_kinds((_alert_body(a) for a in of[ALERTS]), metrics)
        asset = any(
            str(s.values.get("service") or "") == ASSET_API and not s.is_unknown("service")
            for s in of[SERVICES]
        )
        base = fields(owner, session, "monitoring")
        base["account"] = "" if project.startswith("?") else project
        yield ProjectMonitoring(
            **base,
            export_all=True if covering else None,
            export_sinks=tuple(covering),
            alerted_changes=tuple(sorted(alerted)),
            asset_inventory=True if asset else None,
            hint="sinks and enabled services outside the plan are unknown",
        )
        session.note_partial(
            owner.address,
            "log metrics and alert policies outside the plan are unknown",
            uncertain="fail",
        )


def _sink_body(sink: Planned) -> dict[str, Any]:
    values = sink.values
    exclusions = values.get("exclusions") or ()
    return {
        "filter": values.get("filter") or "",
        "disabled": bool(values.get("disabled")),
        "exclusions": [{"disabled": bool(e.get("disabled"))} for e in exclusions],
    }


def collect_essential_contacts(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """One EssentialContacts per organisation the plan adds contacts to."""
    judged = {r.address for r in session.judged(*CONTACTS)}
    if not judged:
        return
    from providers.gcp.monitoring import contact_categories  # noqa: PLC0415 - Google SDK

    groups: dict[str, list[Planned]] = {}
    for contact in session.all_of(*CONTACTS):
        parent = str(contact.values.get("parent") or "")
        if parent.startswith("organizations/") and not contact.is_unknown("parent"):
            groups.setdefault(parent, []).append(contact)
    for parent, members in groups.items():
        if not any(m.address in judged for m in members):
            continue
        owner = members[0]
        categories = contact_categories(
            [{"notificationCategorySubscriptions": list(
                m.values.get("notification_category_subscriptions") or ())}
             for m in members if not m.opaque]
        )  # fmt: skip
        base = fields(owner, session, "essentialcontacts")
        base["account"] = parent.split("/")[-1]
        yield EssentialContacts(**base, categories=categories)
        session.note_partial(
            owner.address, "contacts outside the plan are unknown", uncertain="fail"
        )


#: IAM resources judged elsewhere (with their resource, or as a project/folder/org policy).
_DEDICATED = re.compile(
    r"^google_((storage_bucket|kms_crypto_key)_iam_(member|binding)"
    r"|bigquery_dataset_iam_(member|binding|policy)"
    r"|(project|folder|organization)_iam_(member|binding|policy|audit_config))$"
)
_IAM = re.compile(r"^google_[a-z0-9_]+_iam_(member|binding|policy)$")


def is_resource_iam(resource_type: str) -> bool:
    """A ``google_<resource>_iam_member/_binding/_policy`` no dedicated mapper judges."""
    return bool(_IAM.match(resource_type)) and not _DEDICATED.match(resource_type)


_NOT_TARGETS = {"member", "members", "role", "condition", "policy_data", "project"}


Addresses = dict[tuple[str, str], list[Planned]]


def _addresses(session: TerraformSession) -> Addresses:
    """(module, ``type.name`` without index) -> its instances, for finding grant targets."""
    index: Addresses = {}
    for resource in session.plan.resources:
        key = (resource.module, re.sub(r"\[[^\]]*\]", "", resource.local_address))
        index.setdefault(key, []).append(resource)
    return index


def _target_created(grant: Planned, addresses: Addresses) -> bool:
    """The grant's resource (what its configuration refers to) is created by this plan."""
    refs = {
        ".".join(r.split(".")[:2])
        for attribute, expression in grant.expressions.items()
        if isinstance(expression, Mapping) and attribute not in _NOT_TARGETS
        for r in expression.get("references", ())
        if isinstance(r, str) and r.startswith("google_") and "_iam_" not in r.split(".")[0]
    }
    planned = [r for ref in refs for r in addresses.get((grant.module, ref), ())]
    return bool(planned) and all(r.created for r in planned)


def plan_resource_policy(grant: Planned, session: TerraformSession, addresses: Addresses) -> Item:
    """One resource IAM grant (or authoritative policy) -> ResourcePolicy."""
    from providers.gcp.assets import AssetRecord, Binding, Policy, to_policy  # noqa: PLC0415
    from providers.gcp.public_policies import to_resource_policy  # noqa: PLC0415

    values = grant.values
    kind = grant.type.rsplit("_iam_", 1)[1]
    if kind == "policy":
        if grant.is_unknown("policy_data"):
            return known_after_apply(
                "gcp", grant, "ResourcePolicy", [f"{grant.address}.policy_data"]
            )
        try:
            policy = to_policy(json.loads(str(values.get("policy_data") or "{}")))
        except (json.JSONDecodeError, AttributeError):
            return known_after_apply(
                "gcp", grant, "ResourcePolicy", [f"{grant.address}.policy_data"]
            )
    else:
        attribute = "members" if kind == "binding" else "member"
        if grant.is_unknown(attribute):
            return known_after_apply(
                "gcp", grant, "ResourcePolicy", [f"{grant.address}.{attribute}"]
            )
        members = values.get("members") or () if kind == "binding" else (values.get("member"),)
        policy = Policy(
            bindings=(Binding(str(values.get("role") or ""), tuple(str(m) for m in members if m)),)
        )
    record = AssetRecord(name=grant.address, asset_type=grant.type.rsplit("_iam_", 1)[0],
                         origin="plan", data={}, policy=policy)  # fmt: skip
    model = to_resource_policy(record, fields(grant, session, "iam"))
    if kind != "policy" and not _target_created(grant, addresses):
        session.note_partial(
            grant.address,
            "the plan adds grants to a policy that may hold others (additive IAM resource)",
        )
    return model


def collect_resource_policies(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned resource IAM grant no dedicated mapper judges."""
    types = sorted({r.type for r in session.plan.resources if is_resource_iam(r.type)})
    if not types:
        return
    addresses = _addresses(session)
    for grant in session.judged(*types):
        if grant.opaque:
            yield opaque_resource("gcp", grant, "ResourcePolicy")
            continue
        yield plan_resource_policy(grant, session, addresses)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(ProjectMonitoring, collect_project_monitoring, permissions=(), scope="global",
              name="plan_project_monitoring"),
    Collector(EssentialContacts, collect_essential_contacts, permissions=(), scope="global",
              name="plan_essential_contacts"),
    Collector(ResourcePolicy, collect_resource_policies, permissions=(), scope="global",
              name="plan_resource_iam"),
)  # fmt: skip
