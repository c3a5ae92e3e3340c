"""VPC endpoints: mapper on DescribeVpcEndpoints JSON, collector on moto.

Shape: Amazon EC2 API reference, VpcEndpoint (VpcEndpointType Interface | Gateway |
GatewayLoadBalancer | Resource | ServiceNetwork; PolicyDocument a JSON string).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from providers.aws.endpoints import collect_private_endpoints, target_service, to_private_endpoint
from providers.aws.session import AwsSession
from scanner.model import PrivateEndpoint

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REGION = "us-east-1"
DEFAULT = {"Statement": [{"Action": "*", "Effect": "Allow", "Principal": "*", "Resource": "*"}]}


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("com.amazonaws.us-east-1.s3", "s3"),
        ("com.amazonaws.us-east-1.ecr.dkr", "ecr"),
        ("com.amazonaws.eu-west-1.monitoring", "cloudwatch"),
        ("com.amazonaws.eu-west-1.execute-api", "execute-api"),
        ("com.amazonaws.s3-global.accesspoint", "s3"),
        ("aws.sagemaker.us-east-1.notebook", "sagemaker"),
        ("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", ""),
        ("example.partner.service", ""),
    ],
)
def test_target_service(name: str, prefix: str):
    assert target_service(name) == prefix


def test_to_private_endpoint_interface_and_gateway():
    interface = to_private_endpoint(
        {"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "VpcId": "vpc-1",
         "ServiceName": "com.amazonaws.us-east-1.ecr.api", "State": "available",
         "PolicyDocument": json.dumps(DEFAULT), "PrivateDnsEnabled": False, "OwnerId": "111",
         "Tags": [{"Key": "Name", "Value": "ecr-api"}]},
        account="111", region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (interface.endpoint_type, interface.target_service, interface.private_dns) == (
        "interface", "ecr", False,
    )  # fmt: skip
    assert interface.name == "ecr-api"
    assert interface.uid == "arn:aws:ec2:us-east-1:111:vpc-endpoint/vpce-1"
    assert interface.policy_document is not None
    assert len(interface.policy_document.statements) == 1
    gateway = to_private_endpoint(
        {"VpcEndpointId": "vpce-2", "VpcEndpointType": "Gateway", "VpcId": "vpc-1",
         "ServiceName": "com.amazonaws.us-east-1.s3", "PolicyDocument": "{not json"},
        account="111", region=REGION, collected_at=NOW,
    )  # fmt: skip
    # gateway endpoints have no private DNS option; a malformed policy is None (UNKNOWN)
    assert (gateway.endpoint_type, gateway.private_dns, gateway.has_policy) == (
        "gateway", None, True,
    )  # fmt: skip
    assert gateway.policy_document is None
    gwlb = to_private_endpoint(
        {"VpcEndpointId": "vpce-3", "VpcEndpointType": "GatewayLoadBalancer",
         "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-1"},
        account="111", region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (gwlb.endpoint_type, gwlb.has_policy, gwlb.target_service) == (
        "gateway-load-balancer", False, "",
    )  # fmt: skip


def test_collect_private_endpoints_on_moto(aws_session: AwsSession):
    ec2 = aws_session.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    restricted = {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                 "Resource": "arn:aws:s3:::app/*"}]}  # fmt: skip
    ec2.create_vpc_endpoint(
        VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.s3", VpcEndpointType="Gateway",
        PolicyDocument=json.dumps(restricted),
    )  # fmt: skip
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.ecr.api",
                            VpcEndpointType="Interface", PrivateDnsEnabled=False)  # fmt: skip
    found = {e.target_service: e for e in collect_private_endpoints(aws_session, REGION)}
    s3, ecr = found["s3"], found["ecr"]
    assert isinstance(s3, PrivateEndpoint)
    assert isinstance(ecr, PrivateEndpoint)
    assert s3.endpoint_type == "gateway"
    assert s3.policy_document is not None
    assert s3.policy_document.statements[0].actions == ("s3:GetObject",)
    assert (ecr.endpoint_type, ecr.private_dns, ecr.has_policy) == ("interface", False, True)
