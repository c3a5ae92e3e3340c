"""Compliant-by-default models of workload kinds (functions, containers, clusters, CDNs)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from scanner.model import (
    Api,
    ApiDomain,
    ApiOperation,
    ApiStage,
    CacheCluster,
    CdnDistribution,
    CdnOrigin,
    CdnRoute,
    ContainerSpec,
    ContainerTaskDefinition,
    DataWarehouse,
    Encryption,
    FunctionUrl,
    KubernetesCluster,
    PolicyDocument,
    Resource,
    SearchDomain,
    ServerlessFunction,
    SupportWindow,
)

R = TypeVar("R", bound=Resource)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"


def make(model: type[R], defaults: dict[str, Any], overrides: dict[str, Any]) -> R:
    """``model`` from identity fields, compliant defaults, then overrides (as factories.make).

    Kept apart from ``tests.checks.factories`` so that module can import this one.
    """
    kind = model.__name__.lower()
    base: dict[str, Any] = {
        "uid": f"arn:aws:test:us-east-1:{ACCOUNT}:{kind}/example",
        "provider": "aws",
        "account": ACCOUNT,
        "region": "us-east-1",
        "service": "test",
        "name": f"example-{kind}",
        "collected_at": NOW,
    }
    return model(**{**base, **defaults, **overrides})


def container(**overrides: Any) -> ContainerSpec:
    defaults: dict[str, Any] = {
        "name": "app",
        "privileged": False,
        "read_only_root": True,
        "user": "1000",
        "environment_names": ("LOG_LEVEL",),
        "secret_names": ("DB_PASSWORD",),
        "logging": True,
    }
    return ContainerSpec(**{**defaults, **overrides})


def task_definition(*containers: ContainerSpec, **overrides: Any) -> ContainerTaskDefinition:
    defaults: dict[str, Any] = {
        "service": "ecs",
        "revision": 3,
        "network_mode": "awsvpc",
        "pid_mode": "",
        "containers": containers or (container(),),
    }
    return make(ContainerTaskDefinition, defaults, overrides)


def serverless_function(**overrides: Any) -> ServerlessFunction:
    defaults: dict[str, Any] = {
        "service": "lambda",
        "runtime": "python3.13",
        "package": "zip",
        "runtime_support": SupportWindow(
            version="python3.13", ends=date(2029, 6, 30), source="lambda-runtimes.html"
        ),
        "in_vpc": True,
        "subnet_ids": ("subnet-a", "subnet-b"),
        "availability_zones": ("us-east-1a", "us-east-1b"),
        "tracing_active": True,
        "dead_letter": True,
        "urls": (FunctionUrl(qualifier="$LATEST", url="https://x.lambda-url.aws", auth="iam"),),
        "policy": PolicyDocument(),
    }
    return make(ServerlessFunction, defaults, overrides)


def eks_cluster(**overrides: Any) -> KubernetesCluster:
    """A compliant EKS cluster (every KubernetesCluster field filled, as the EKS adapter does)."""
    defaults: dict[str, Any] = {
        "uid": "arn:aws:eks:us-east-1:123456789012:cluster/example",
        "service": "eks",
        "version": "1.35",
        "private_endpoint": True,
        "authorized_networks_enabled": True,
        "authorized_networks": (),
        "workload_identity": True,
        "legacy_authorization": False,
        "static_credentials": False,
        "control_plane_logs": ("api", "audit", "authenticator", "controllerManager", "scheduler"),
        "secrets_encryption": Encryption(
            enabled=True, key_managed_by="customer", key_id="arn:aws:kms:us-east-1:1:key/k"
        ),
        "version_support": SupportWindow(
            version="1.35",
            ends=date(2027, 3, 27),
            extended_ends=date(2028, 3, 27),
            source="kubernetes-versions.html",
        ),
    }
    return make(KubernetesCluster, defaults, overrides)


WORKLOAD_FACTORIES: dict[type[Resource], Callable[..., Resource]] = {
    ContainerTaskDefinition: task_definition,
    KubernetesCluster: eks_cluster,  # fills the EKS-only fields too (compliant for KUBE-*)
    ServerlessFunction: serverless_function,
}


def cdn_distribution(**overrides: Any) -> CdnDistribution:
    defaults: dict[str, Any] = {
        "uid": "arn:aws:cloudfront::123456789012:distribution/E1",
        "region": "global",
        "service": "cloudfront",
        "enabled": True,
        "routes": (
            CdnRoute(path="*", origin_id="site", viewer_protocol="redirect-to-https"),
            CdnRoute(path="/api/*", origin_id="api", viewer_protocol="https-only"),
        ),
        "origins": (
            CdnOrigin(id="site", domain="b.s3.us-east-1.amazonaws.com", kind="bucket",
                      protocol="", bucket_access="oac"),
            CdnOrigin(id="api", domain="api.example.com", kind="custom",
                      protocol="https-only", tls_protocols=("TLSv1.2",)),
        ),
        "viewer_min_tls": "1.2",
        "viewer_tls_policy": "TLSv1.2_2021",
        "default_certificate": False,
        "access_logging": True,
        "web_acl": "arn:aws:wafv2:us-east-1:123456789012:global/webacl/w/1",
        "default_root_object": "index.html",
    }  # fmt: skip
    return make(CdnDistribution, defaults, overrides)


WORKLOAD_FACTORIES[CdnDistribution] = cdn_distribution


def search_domain(**overrides: Any) -> SearchDomain:
    defaults: dict[str, Any] = {
        "service": "opensearch",
        "engine_version": "OpenSearch_2.13",
        "encryption": Encryption(
            enabled=True, key_managed_by="customer", key_id="arn:aws:kms:us-east-1:1:key/k"
        ),
        "node_to_node_encryption": True,
        "https_required": True,
        "min_tls": "1.2",
        "in_vpc": True,
        "fine_grained_access": True,
        "audit_logs": True,
        "error_logs": True,
        "data_nodes": 3,
        "zone_awareness": True,
        "dedicated_masters": 3,
        "access_policy": PolicyDocument(),
    }
    return make(SearchDomain, defaults, overrides)


def data_warehouse(**overrides: Any) -> DataWarehouse:
    defaults: dict[str, Any] = {
        "service": "redshift",
        "encryption": Encryption(
            enabled=True, key_managed_by="customer", key_id="arn:aws:kms:us-east-1:1:key/k"
        ),
        "publicly_accessible": False,
        "tls_required": True,
        "audit_logging": True,
        "snapshot_retention_days": 7,
        "version_upgrades": True,
        "enhanced_vpc_routing": True,
        "admin_user": "warehouse_admin",
        "database_name": "analytics",
    }
    return make(DataWarehouse, defaults, overrides)


def cache_cluster(**overrides: Any) -> CacheCluster:
    defaults: dict[str, Any] = {
        "service": "elasticache",
        "engine": "valkey",
        "engine_version": "8.0",
        "encryption": Encryption(enabled=True, key_id="arn:aws:kms:us-east-1:1:key/k"),
        "in_transit_encryption": True,
        "authentication": True,
        "snapshot_retention_days": 1,
        "automatic_failover": True,
        "auto_minor_version_upgrade": True,
    }
    return make(CacheCluster, defaults, overrides)


WORKLOAD_FACTORIES.update(
    {SearchDomain: search_domain, DataWarehouse: data_warehouse, CacheCluster: cache_cluster}
)


def api(**overrides: Any) -> Api:
    defaults: dict[str, Any] = {
        "service": "apigateway",
        "protocol": "rest",
        "endpoint_type": "REGIONAL",
        "operations": (
            ApiOperation(method="GET", path="/pets", authorization="iam"),
            ApiOperation(method="OPTIONS", path="/pets", authorization="none"),
        ),
        "resource_policy": PolicyDocument(),  # no resource policy (aws-breadth, API-101)
    }
    return make(Api, defaults, overrides)


def api_stage(**overrides: Any) -> ApiStage:
    defaults: dict[str, Any] = {
        "service": "apigateway",
        "api_id": "a1",
        "protocol": "rest",
        "execution_logging": "error",
        "access_logging": True,
        "tracing": True,
        "web_acl": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/w/1",
        "client_certificate": True,
        "cache_enabled": True,
        "cache_encrypted": True,
    }
    return make(ApiStage, defaults, overrides)


def api_domain(**overrides: Any) -> ApiDomain:
    defaults: dict[str, Any] = {
        "service": "apigateway",
        "security_policy": "TLS_1_2",
        "min_tls": "1.2",
        "endpoint_type": "REGIONAL",
    }
    return make(ApiDomain, defaults, overrides)


WORKLOAD_FACTORIES.update({Api: api, ApiStage: api_stage, ApiDomain: api_domain})
