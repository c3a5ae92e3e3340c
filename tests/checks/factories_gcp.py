"""Factories for the GCP-first kinds added for CIS GCP v5.0 (compliant defaults)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from scanner.model import (
    ApiKey,
    DataCluster,
    Dataset,
    DatasetTable,
    Encryption,
    EssentialContacts,
    LoadBalancerBackend,
    ProjectMonitoring,
    Resource,
    ResourcePolicy,
)
from tests.checks.factories import NOW, make

KEY = "projects/p/locations/global/keyRings/r/cryptoKeys/k"
ALL_KINDS = (
    "audit-configuration",
    "custom-roles",
    "firewall-rules",
    "networks",
    "project-ownership",
    "routes",
    "sql-configuration",
    "storage-iam",
)


def cmek() -> Encryption:
    return Encryption(enabled=True, key_managed_by="customer", key_id=KEY)


def google_managed() -> Encryption:
    return Encryption(enabled=True, key_managed_by="provider")


def dataset(**overrides: Any) -> Dataset:
    return make(Dataset, {"public": False, "default_encryption": cmek()}, overrides)


def dataset_table(**overrides: Any) -> DatasetTable:
    return make(DatasetTable, {"encryption": cmek(), "dataset": "d"}, overrides)


def data_cluster(**overrides: Any) -> DataCluster:
    return make(DataCluster, {"encryption": cmek()}, overrides)


def project_monitoring(**overrides: Any) -> ProjectMonitoring:
    return make(
        ProjectMonitoring,
        {
            "export_all": True,
            "export_sinks": ("organizations/1/sinks/all",),
            "alerted_changes": ALL_KINDS,
            "asset_inventory": True,
        },
        overrides,
    )


def essential_contacts(**overrides: Any) -> EssentialContacts:
    return make(EssentialContacts, {"categories": ("ALL",)}, overrides)


def api_key(**overrides: Any) -> ApiKey:
    # compliant on every check but "no API keys at all": a deleted key is out of scope
    return make(
        ApiKey,
        {
            "created_at": NOW - timedelta(days=10),
            "deleted": True,
            "api_targets": ("translate.googleapis.com",),
            "application_restricted": True,
        },
        overrides,
    )


def load_balancer_backend(**overrides: Any) -> LoadBalancerBackend:
    return make(
        LoadBalancerBackend,
        {"protocol": "HTTPS", "scheme": "EXTERNAL_MANAGED", "logging": True, "sample_rate": 1.0},
        overrides,
    )


def resource_policy(**overrides: Any) -> ResourcePolicy:
    return make(
        ResourcePolicy,
        {"resource_type": "pubsub.googleapis.com/Topic", "public_grants": ()},
        overrides,
    )


GCP_FACTORIES: dict[type[Resource], Callable[..., Resource]] = {
    Dataset: dataset,
    DatasetTable: dataset_table,
    DataCluster: data_cluster,
    ProjectMonitoring: project_monitoring,
    EssentialContacts: essential_contacts,
    ApiKey: api_key,
    LoadBalancerBackend: load_balancer_backend,
    ResourcePolicy: resource_policy,
}
