"""The CIS GCP v5.0 checks added with issue 15, on plain models: both sides of each rule.

Semantics per Google's documentation: API keys best practices
(https://cloud.google.com/docs/authentication/api-keys-best-practices), essential contacts
categories (https://cloud.google.com/resource-manager/docs/managing-notification-contacts),
backend service logging (https://cloud.google.com/load-balancing/docs/https/https-logging-monitoring:
logConfig.enable, sampleRate 0.0-1.0) and Cloud DNS server policy logging
(https://cloud.google.com/dns/docs/monitoring).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from checks.analytics import dataset as bq
from checks.iam import api_key as keys
from checks.iam.essential_contacts import essential_contacts_configured
from checks.logging import project_monitoring as pm
from checks.network.load_balancer import load_balancer_logs_requests, network_logs_dns_queries
from checks.storage.customer_keys import bucket_customer_managed_key, database_customer_managed_key
from scanner.findings import Status
from tests.checks import factories as f
from tests.checks import factories_gcp as g

P, F, N, U = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
NOW = f.NOW


def _age(days: int) -> dict[str, Any]:
    return {"deleted": False, "created_at": NOW - timedelta(days=days)}


CASES: list[tuple[Any, Any, dict[str, Any], Status]] = [
    # API keys
    (keys.api_key_absent, g.api_key, {"deleted": False}, F),
    (keys.api_key_absent, g.api_key, {}, N),
    (keys.api_key_rotated, g.api_key, _age(90), P),
    (keys.api_key_rotated, g.api_key, _age(91), F),
    (keys.api_key_rotated, g.api_key, {"deleted": False, "created_at": None}, U),
    (keys.api_key_restricted_to_apis, g.api_key, {"deleted": False}, P),
    (keys.api_key_restricted_to_apis, g.api_key, {"deleted": False, "api_targets": ()}, F),
    (
        keys.api_key_restricted_to_apis,
        g.api_key,
        {"deleted": False, "api_targets": ("translate.googleapis.com", "cloudapis.googleapis.com")},
        F,
    ),
    (keys.api_key_restricted_to_apis, g.api_key, {"deleted": False, "api_targets": None}, U),
    (keys.api_key_restricted_to_apps, g.api_key, {"deleted": False}, P),
    (
        keys.api_key_restricted_to_apps,
        g.api_key,
        {"deleted": False, "application_restricted": False},
        F,
    ),
    (
        keys.api_key_restricted_to_apps,
        g.api_key,
        {"deleted": False, "application_restricted": None},
        U,
    ),
    # essential contacts: ALL, or each of the five categories
    (essential_contacts_configured, g.essential_contacts, {}, P),
    (
        essential_contacts_configured,
        g.essential_contacts,
        {"categories": ("LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")},
        P,
    ),
    (
        essential_contacts_configured,
        g.essential_contacts,
        {"categories": ("LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL")},
        F,
    ),
    (
        essential_contacts_configured,
        g.essential_contacts,
        {"categories": ("SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")},
        F,
    ),
    (essential_contacts_configured, g.essential_contacts, {"categories": ()}, F),
    (essential_contacts_configured, g.essential_contacts, {"categories": None}, U),
    # project monitoring
    (pm.project_exports_all_logs, g.project_monitoring, {}, P),
    (pm.project_exports_all_logs, g.project_monitoring, {"export_all": False}, F),
    (pm.project_exports_all_logs, g.project_monitoring, {"export_all": None}, U),
    (pm.project_asset_inventory_enabled, g.project_monitoring, {"asset_inventory": False}, F),
    (pm.project_asset_inventory_enabled, g.project_monitoring, {"asset_inventory": None}, U),
    (pm.alert_on_firewall_rules, g.project_monitoring, {"alerted_changes": None}, U),
    # load balancer logging: sample rate 0 logs nothing, any rate above passes
    (load_balancer_logs_requests, g.load_balancer_backend, {"sample_rate": 0.0}, F),
    (load_balancer_logs_requests, g.load_balancer_backend, {"sample_rate": 0.01}, P),
    (load_balancer_logs_requests, g.load_balancer_backend, {"logging": False}, F),
    (load_balancer_logs_requests, g.load_balancer_backend, {"logging": None}, U),
    (
        load_balancer_logs_requests,
        g.load_balancer_backend,
        {"protocol": "HTTP2", "logging": False},
        F,
    ),
    (
        load_balancer_logs_requests,
        g.load_balancer_backend,
        {"protocol": "SSL", "logging": False},
        N,
    ),
    (
        load_balancer_logs_requests,
        g.load_balancer_backend,
        {"scheme": "INTERNAL_SELF_MANAGED", "logging": False},
        N,
    ),
    (load_balancer_logs_requests, g.load_balancer_backend, {"scheme": "INTERNAL_MANAGED"}, P),
    # DNS logging
    (network_logs_dns_queries, f.network, {}, P),
    (network_logs_dns_queries, f.network, {"dns_logging": False}, F),
    (network_logs_dns_queries, f.network, {"dns_logging": None}, U),
    # BigQuery / Dataproc: CMEK separate from "encrypted at rest"
    (bq.dataset_not_public, g.dataset, {"public": True}, F),
    (bq.dataset_not_public, g.dataset, {"public": None}, U),
    (bq.dataset_default_customer_key, g.dataset, {"default_encryption": g.google_managed()}, F),
    (bq.dataset_default_customer_key, g.dataset, {"default_encryption": None}, U),
    (bq.table_customer_key, g.dataset_table, {"encryption": g.google_managed()}, F),
    (bq.data_cluster_customer_key, g.data_cluster, {"encryption": g.google_managed()}, F),
    (bq.data_cluster_customer_key, g.data_cluster, {}, P),
    (bucket_customer_managed_key, f.bucket, {}, P),
    (bucket_customer_managed_key, f.bucket, {"encryption": g.google_managed()}, F),
    (bucket_customer_managed_key, f.bucket, {"encryption": None}, U),
    (database_customer_managed_key, f.database_instance, {}, P),
    (database_customer_managed_key, f.database_instance, {"encryption": g.google_managed()}, F),
]


@pytest.mark.parametrize(("fn", "factory", "overrides", "expected"), CASES)
def test_check(fn: Any, factory: Any, overrides: dict[str, Any], expected: Status) -> None:
    assert fn(factory(**overrides)).status is expected


@pytest.mark.parametrize("kind", g.ALL_KINDS)
def test_each_change_kind_needs_its_own_alert(kind: str) -> None:
    checks = [c for c in vars(pm).values() if getattr(c, "id", "").startswith("LOG-1")]
    alert_checks = [c for c in checks if c.func.__name__ == f"alert_on_{kind.replace('-', '_')}"]
    (check,) = alert_checks
    others = tuple(k for k in g.ALL_KINDS if k != kind)
    assert check(g.project_monitoring(alerted_changes=others)).status is F
    assert check(g.project_monitoring(alerted_changes=(kind,))).status is P


@pytest.mark.parametrize(
    "dropped", ["LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS"]
)
def test_each_required_contact_category(dropped: str) -> None:
    """Every category CIS names is needed: dropping any one of them fails."""
    categories = tuple(
        c
        for c in ("LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")
        if c != dropped
    )
    result = essential_contacts_configured(g.essential_contacts(categories=categories))
    assert result.status is F
    assert dropped in result.reason
