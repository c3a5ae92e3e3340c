"""VPC endpoints: type, target service, private DNS and endpoint policy.

``DescribeVpcEndpoints`` returns, per endpoint, ``VpcEndpointType`` (Interface, Gateway,
GatewayLoadBalancer, Resource, ServiceNetwork), ``ServiceName``
(``com.amazonaws.<region>.<service>``), ``PrivateDnsEnabled`` and ``PolicyDocument`` (a JSON
string; an endpoint created without one carries the default full-access policy) (Amazon EC2
API reference, VpcEndpoint; AWS PrivateLink guide, "Control access to VPC endpoints using
endpoint policies").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.resource_policy import policy_from_text
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import PrivateEndpoint
from scanner.model.endpoint import EndpointType
from scanner.provider import Collector, Item

DESCRIBE_ENDPOINTS = "ec2:DescribeVpcEndpoints"
_TYPES: dict[str, EndpointType] = {
    "interface": "interface",
    "gateway": "gateway",
    "gatewayloadbalancer": "gateway-load-balancer",
    "resource": "resource",
    "servicenetwork": "service-network",
}
#: Endpoint service names whose IAM prefix differs from the name (Service Authorization
#: Reference prefixes).
_PREFIXES = {
    "monitoring": "cloudwatch",
    "git-codecommit": "codecommit",
    "kinesis-streams": "kinesis",
    "kinesis-firehose": "firehose",
    "email-smtp": "ses",
    "s3-global": "s3",
    "aps-workspaces": "aps",
    "ecs-agent": "ecs",
    "ecs-telemetry": "ecs",
}


def target_service(service_name: str) -> str:
    """Pure: ``com.amazonaws.us-east-1.ecr.dkr`` -> ``ecr``; '' for a non-AWS service.

    ``com.amazonaws.vpce.<region>.vpce-svc-...`` names a partner or customer endpoint
    service; ``aws.sagemaker.<region>.<x>`` the SageMaker notebook/studio endpoints.
    """
    parts = service_name.split(".")
    if service_name.startswith("aws.sagemaker."):
        return "sagemaker"
    if len(parts) < 4 or parts[:2] != ["com", "amazonaws"] or parts[2] == "vpce":
        return ""
    # com.amazonaws.s3-global.accesspoint has no region part
    name = parts[2] if parts[2] == "s3-global" else parts[3]
    return _PREFIXES.get(name, name)


def to_private_endpoint(
    endpoint: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> PrivateEndpoint:
    """Pure: a DescribeVpcEndpoints item -> PrivateEndpoint."""
    ident = str(endpoint["VpcEndpointId"])
    kind = _TYPES.get(str(endpoint.get("VpcEndpointType", "")).lower(), "other")
    text = endpoint.get("PolicyDocument")
    name = str(endpoint.get("ServiceName", ""))
    return PrivateEndpoint(
        uid=f"arn:aws:ec2:{region}:{endpoint.get('OwnerId') or account}:vpc-endpoint/{ident}",
        provider="aws", account=account, region=region, service="ec2",
        name=tag_map(endpoint.get("Tags")).get("Name", ident),
        tags=tag_map(endpoint.get("Tags")), collected_at=collected_at,
        network_id=str(endpoint.get("VpcId", "")), service_name=name,
        target_service=target_service(name), endpoint_type=kind,
        state=str(endpoint.get("State", "")).lower(),
        private_dns=bool(endpoint.get("PrivateDnsEnabled")) if kind == "interface" else None,
        has_policy=bool(text), policy_document=policy_from_text(text) if text else None,
    )  # fmt: skip


def collect_private_endpoints(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every VPC endpoint in ``region``."""
    client = session.client("ec2", region)
    try:
        endpoints = paginate(client, "describe_vpc_endpoints", "VpcEndpoints")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="PrivateEndpoint", permission=DESCRIBE_ENDPOINTS
        ) from err
    now = session.now()
    for endpoint in endpoints:
        yield to_private_endpoint(
            endpoint, account=session.account, region=region, collected_at=now
        )


COLLECTORS = (
    Collector(PrivateEndpoint, collect_private_endpoints, permissions=(DESCRIBE_ENDPOINTS,)),
)
