"""Model factories for the AWS breadth checks (issue 14): compliant defaults, override per test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from scanner.model import (
    AccessAnalysis,
    AutomationDocument,
    Certificate,
    DatabaseCluster,
    DataDiscovery,
    DocumentSharing,
    InstanceDefaults,
    InstanceMetadata,
    Listener,
    LoadBalancer,
    ObjectAccessLogging,
    PostureManagement,
    Resource,
    Route,
    RouteTable,
    SupportAccess,
    TlsPolicy,
    VirtualMachine,
)
from tests.checks.factories import FACTORIES, NOW, cmk_encryption, make


def ec2_instance(**overrides: Any) -> VirtualMachine:
    return make(
        VirtualMachine,
        {
            "public_ip": False,
            "ip_forwarding": False,
            "service_account": "arn:aws:iam::123456789012:instance-profile/app",
            "metadata": InstanceMetadata(endpoint_enabled=True, tokens_required=True),
            "state": "running",
        },
        overrides,
    )


def access_analysis(**overrides: Any) -> AccessAnalysis:
    return make(
        AccessAnalysis, {"external_access_active": True, "analyzers": ("account",)}, overrides
    )


def support_access(**overrides: Any) -> SupportAccess:
    return make(SupportAccess, {"roles": ("support",)}, overrides)


def certificate(**overrides: Any) -> Certificate:
    return make(
        Certificate,
        {
            "not_after": NOW + timedelta(days=200),
            "key_type": "rsa",
            "key_bits": 2048,
            "issued_by_provider": True,
            "in_use": True,
            "status": "ISSUED",
            "validity_months": 12,  # Azure's issuance policy (one model for both)
        },
        overrides,
    )


def posture_management(**overrides: Any) -> PostureManagement:
    return make(PostureManagement, {"enabled": True}, overrides)


def data_discovery(**overrides: Any) -> DataDiscovery:
    return make(DataDiscovery, {"enabled": True}, overrides)


def object_access_logging(**overrides: Any) -> ObjectAccessLogging:
    return make(
        ObjectAccessLogging,
        {
            "bucket": "example",
            "writes_logged": True,
            "reads_logged": True,
            "trails": ("arn:aws:cloudtrail:us-east-1:123456789012:trail/org",),
        },
        overrides,
    )


#: ELBSecurityPolicy-TLS13-1-2-2021-06 as DescribeSSLPolicies returns it (protocols and
#: the first ciphers; ELB user guide, "Security policies for your Application Load Balancer").
TLS13_POLICY = TlsPolicy(
    name="ELBSecurityPolicy-TLS13-1-2-2021-06",
    protocols=("TLSv1.2", "TLSv1.3"),
    ciphers=("TLS_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "AES128-GCM-SHA256"),
)


def load_balancer(**overrides: Any) -> LoadBalancer:
    return make(
        LoadBalancer,
        {
            "category": "application",
            "internet_facing": True,
            "listeners": (
                Listener(port=80, protocol="HTTP", redirects_to_https=True),
                Listener(port=443, protocol="HTTPS", tls_policy=TLS13_POLICY),
            ),
            "access_logs": True,
            "deletion_protection": True,
            "drops_invalid_headers": True,
            "desync_mitigation": "defensive",
            "web_acl": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1",
            "zones": 2,
            "connection_draining": True,
            "cross_zone": True,
        },
        overrides,
    )


def database_cluster(**overrides: Any) -> DatabaseCluster:
    return make(
        DatabaseCluster,
        {
            "engine": "aurora-postgresql",
            "engine_version": "16.4",
            "engine_supported": True,
            "shared_storage": True,
            "encryption": cmk_encryption(),
            "backup_retention_days": 7,
            "deletion_protection": True,
            "iam_auth": True,
            "publicly_accessible": None,
            "multi_az": True,
            "log_exports": ("postgresql",),
            "admin_username": "orders_owner",
        },
        overrides,
    )


def automation_document(**overrides: Any) -> AutomationDocument:
    return make(AutomationDocument, {"shared_with": ()}, overrides)


def document_sharing(**overrides: Any) -> DocumentSharing:
    return make(DocumentSharing, {"public_sharing_blocked": True}, overrides)


def instance_defaults(**overrides: Any) -> InstanceDefaults:
    return make(InstanceDefaults, {"metadata_tokens_required": True}, overrides)


def route_table(**overrides: Any) -> RouteTable:
    return make(
        RouteTable,
        {
            "network_id": "vpc-1",
            "routes": (
                Route(destination="10.0.0.0/16", target_kind="local", target="local"),
                Route(
                    destination="10.1.2.0/24",
                    target_kind="peering",
                    target="pcx-1",
                    peer_cidrs=("10.1.0.0/16",),
                ),
            ),
        },
        overrides,
    )


BREADTH_FACTORIES: dict[type[Resource], Callable[..., Resource]] = {
    AccessAnalysis: access_analysis,
    SupportAccess: support_access,
    Certificate: certificate,
    PostureManagement: posture_management,
    DataDiscovery: data_discovery,
    ObjectAccessLogging: object_access_logging,
    LoadBalancer: load_balancer,
    DatabaseCluster: database_cluster,
    AutomationDocument: automation_document,
    DocumentSharing: document_sharing,
    InstanceDefaults: instance_defaults,
    RouteTable: route_table,
}

FACTORIES.update(BREADTH_FACTORIES)
