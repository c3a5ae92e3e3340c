"""Model factories for the aws-breadth kinds (issue 14): compliant defaults, override per test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scanner.model import (
    ContainerService,
    NodePool,
    PrivateEndpoint,
    Resource,
    SearchCollection,
    ServerlessWarehouse,
)
from scanner.policy import parse_policy_document
from tests.checks.factories import FACTORIES, cmk_encryption, make

#: An endpoint policy that names its organisation and bucket (AWS PrivateLink guide example).
ORG_ONLY = {
    "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::app-artifacts/*",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
    }]
}  # fmt: skip


def private_endpoint(**overrides: Any) -> PrivateEndpoint:
    return make(
        PrivateEndpoint,
        {
            "uid": "arn:aws:ec2:us-east-1:123456789012:vpc-endpoint/vpce-1",
            "service": "ec2",
            "network_id": "vpc-1",
            "service_name": "com.amazonaws.us-east-1.s3",
            "target_service": "s3",
            "endpoint_type": "interface",
            "state": "available",
            "private_dns": True,
            "has_policy": True,
            "policy_document": parse_policy_document(ORG_ONLY),
        },
        overrides,
    )


AWS_BREADTH_FACTORIES: dict[type[Resource], Callable[..., Resource]] = {
    PrivateEndpoint: private_endpoint,
}

FACTORIES.update(AWS_BREADTH_FACTORIES)


def container_service(**overrides: Any) -> ContainerService:
    return make(
        ContainerService,
        {
            "uid": "arn:aws:ecs:us-east-1:123456789012:service/app/web",
            "service": "ecs",
            "cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/app",
            "launch_type": "FARGATE",
            "serverless": True,
            "platform_version": "LATEST",
            "platform_family": "LINUX",
            "public_ip": False,
        },
        overrides,
    )


AWS_BREADTH_FACTORIES[ContainerService] = container_service
FACTORIES.update(AWS_BREADTH_FACTORIES)


def node_pool(**overrides: Any) -> NodePool:
    return make(
        NodePool,
        {
            "uid": "arn:aws:eks:us-east-1:123456789012:nodegroup/prod/workers/1",
            "service": "eks",
            "cluster": "prod",
            "image_type": "AL2023_x86_64_STANDARD",
            "ssh_access": False,
        },
        overrides,
    )


AWS_BREADTH_FACTORIES[NodePool] = node_pool
FACTORIES.update(AWS_BREADTH_FACTORIES)


def search_collection(**overrides: Any) -> SearchCollection:
    return make(
        SearchCollection,
        {
            "uid": "arn:aws:aoss:us-east-1:123456789012:collection/abc123",
            "service": "aoss",
            "collection_type": "SEARCH",
            "encryption": cmk_encryption(),
            "public_endpoints": (),
        },
        overrides,
    )


AWS_BREADTH_FACTORIES[SearchCollection] = search_collection
FACTORIES.update(AWS_BREADTH_FACTORIES)


def serverless_warehouse(**overrides: Any) -> ServerlessWarehouse:
    return make(
        ServerlessWarehouse,
        {
            "uid": "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/abc",
            "service": "redshift-serverless",
            "encryption": cmk_encryption(),
            "log_exports": ("connectionlog", "userlog", "useractivitylog"),
            "admin_user": "warehouse_owner",
            "workgroup": "analytics",
            "publicly_accessible": False,
            "enhanced_vpc_routing": True,
            "tls_required": True,
        },
        overrides,
    )


AWS_BREADTH_FACTORIES[ServerlessWarehouse] = serverless_warehouse
FACTORIES.update(AWS_BREADTH_FACTORIES)
