"""The change kinds CIS asks log-based metrics and alerts for, and how a filter matches one.

A metric matches a change kind when its filter names every resource type, method and
field the CIS filter for that kind names, each as a whole term (Cloud Logging query language;
compared after lower-casing, dropping quotes and the spaces around operators). Extra clauses
are allowed. An alert policy covers a metric when an enabled policy has a condition on
``logging.googleapis.com/user/<metric>`` (threshold/absence filter, MQL or PromQL query);
a log-match condition (``conditionMatchedLog``) whose own filter matches covers the kind
directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from providers.gcp.spelling import block, flag, items, pick

#: change kind -> the clauses a filter must contain (normalised), from CIS GCP v5.0 2.5-2.12.
CHANGE_KINDS: dict[str, tuple[str, ...]] = {
    "project-ownership": (
        "protopayload.servicename=cloudresourcemanager.googleapis.com",
        "projectownership",
        "projectownerinvitee",
        "protopayload.servicedata.policydelta.bindingdeltas.action=remove",
        "protopayload.servicedata.policydelta.bindingdeltas.action=add",
        "protopayload.servicedata.policydelta.bindingdeltas.role=roles/owner",
    ),
    "audit-configuration": (
        "setiampolicy",
        "protopayload.servicedata.policydelta.auditconfigdeltas:*",
    ),
    "custom-roles": (
        "iam_role",
        "google.iam.admin.v1.createrole",
        "google.iam.admin.v1.deleterole",
        "google.iam.admin.v1.updaterole",
    ),
    "firewall-rules": (
        "gce_firewall_rule",
        "compute.firewalls.patch",
        "compute.firewalls.insert",
        "compute.firewalls.delete",
    ),
    "routes": ("gce_route", "compute.routes.delete", "compute.routes.insert"),
    "networks": (
        "gce_network",
        "compute.networks.insert",
        "compute.networks.patch",
        "compute.networks.delete",
        "compute.networks.removepeering",
        "compute.networks.addpeering",
    ),
    "storage-iam": ("gcs_bucket", "storage.setiampermissions"),
    "sql-configuration": ("cloudsql.instances.update",),
}
_METRIC_PREFIX = "logging.googleapis.com/user/"
_PROM_PREFIX = "logging_googleapis_com:user_"


_OPERATOR_SPACE = re.compile(r"\s*([=:()!<>])\s*")
_SPACE = re.compile(r"\s+")
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_.-/*"


def normalise(text: str) -> str:
    """A filter compared as text: lower case, quotes dropped (values may be quoted or not in
    the Logging query language), single spaces, none around operators."""
    text = _SPACE.sub(" ", text.lower().replace('"', "").replace("'", ""))
    return _OPERATOR_SPACE.sub(r"\1", text).strip()


def _has_clause(text: str, clause: str) -> bool:
    """``clause`` occurs in ``text`` as a whole term (not inside a longer name)."""
    start = text.find(clause)
    while start >= 0:
        end = start + len(clause)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if before not in _NAME_CHARS and after not in _NAME_CHARS:
            return True
        start = text.find(clause, start + 1)
    return False


def kinds_matched(filter_text: str) -> set[str]:
    """The change kinds whose every CIS clause is in ``filter_text``."""
    text = normalise(filter_text)
    return {
        kind for kind, clauses in CHANGE_KINDS.items() if all(_has_clause(text, c) for c in clauses)
    }


def enabled(body: Mapping[str, Any]) -> bool:
    """``enabled`` of an AlertPolicy: a BoolValue that means enabled when unset on write."""
    value = pick(body, "enabled")
    if isinstance(value, Mapping):
        value = value.get("value")
    read = flag(value)
    return True if read is None else read


def metric_kinds(metrics: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Metric name -> change kinds its filter covers (disabled metrics left out)."""
    out: dict[str, set[str]] = {}
    for body in metrics:
        if flag(pick(body, "disabled")):
            continue
        name = str(pick(body, "name") or "").rsplit("/metrics/", 1)[-1]
        kinds = kinds_matched(str(pick(body, "filter") or ""))
        if name and kinds:
            out.setdefault(name, set()).update(kinds)
    return out


def mentions(text: str, token: str) -> bool:
    """``token`` occurs in ``text`` as a whole name (not as the prefix of a longer one)."""
    start = text.find(token)
    while start >= 0:
        end = start + len(token)
        if end == len(text) or not (text[end].isalnum() or text[end] in "_-./"):
            return True
        start = text.find(token, start + 1)
    return False


def _condition_texts(condition: Mapping[str, Any]) -> list[str]:
    texts = []
    for key in ("conditionThreshold", "conditionAbsent"):
        texts.append(str(pick(block(condition, key), "filter") or ""))
    for key in ("conditionMonitoringQueryLanguage", "conditionPrometheusQueryLanguage"):
        texts.append(str(pick(block(condition, key), "query") or ""))
    return texts


def alerted_kinds(
    policies: Iterable[Mapping[str, Any]], metrics: Mapping[str, set[str]]
) -> set[str]:
    """Change kinds some enabled alert policy fires on (through a metric or a log match)."""
    covered: set[str] = set()
    for body in policies:
        if not enabled(body):
            continue
        for condition in items(body, "conditions"):
            if not isinstance(condition, Mapping):
                continue
            log_match = pick(block(condition, "conditionMatchedLog"), "filter")
            if log_match:
                covered |= kinds_matched(str(log_match))
            for text in _condition_texts(condition):
                for name, kinds in metrics.items():
                    promql = _PROM_PREFIX + name.replace("/", "_").replace("-", "_")
                    if mentions(text, _METRIC_PREFIX + name) or mentions(text, promql):
                        covered |= kinds
    return covered
