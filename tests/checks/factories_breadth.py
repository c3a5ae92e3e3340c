"""Model factories for the AWS breadth checks (issue 14): compliant defaults, override per test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from scanner.model import (
    AccessAnalysis,
    Certificate,
    DataDiscovery,
    InstanceMetadata,
    ObjectAccessLogging,
    PostureManagement,
    Resource,
    SupportAccess,
    VirtualMachine,
)
from tests.checks.factories import NOW, make


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


BREADTH_FACTORIES: dict[type[Resource], Callable[..., Resource]] = {
    AccessAnalysis: access_analysis,
    SupportAccess: support_access,
    Certificate: certificate,
    PostureManagement: posture_management,
    DataDiscovery: data_discovery,
    ObjectAccessLogging: object_access_logging,
}
