"""VPC route tables and peering peers: mappers on API JSON, collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

from providers.aws.routes import collect_route_tables, peer_cidrs, to_route
from providers.aws.session import AwsSession
from scanner.model import RouteTable

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REGION = "us-east-1"
PEERING = {
    "VpcPeeringConnectionId": "pcx-1",
    "RequesterVpcInfo": {"VpcId": "vpc-a", "CidrBlockSet": [{"CidrBlock": "10.0.0.0/16"}]},
    "AccepterVpcInfo": {
        "VpcId": "vpc-b",
        "CidrBlockSet": [{"CidrBlock": "10.1.0.0/16"}, {"CidrBlock": "10.9.0.0/16"}],
        "Ipv6CidrBlockSet": [{"Ipv6CidrBlock": "2600::/56"}],
    },
}


def test_peer_is_the_other_side():
    assert peer_cidrs(PEERING, "vpc-a") == ("10.1.0.0/16", "10.9.0.0/16", "2600::/56")
    assert peer_cidrs(PEERING, "vpc-b") == ("10.0.0.0/16",)


def test_to_route_targets():
    peers = {"pcx-1": ("10.1.0.0/16",)}
    route = to_route(
        {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1"}, peers
    )
    assert (route.target_kind, route.target, route.peer_cidrs) == (
        "peering",
        "pcx-1",
        ("10.1.0.0/16",),
    )
    assert (
        to_route(
            {"DestinationCidrBlock": "10.1.0.0/16", "VpcPeeringConnectionId": "pcx-1"}, None
        ).peer_cidrs
        is None
    )
    assert (
        to_route({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}, peers).target_kind
        == "internet-gateway"
    )
    assert (
        to_route({"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}, peers).target_kind
        == "local"
    )
    assert (
        to_route({"DestinationPrefixListId": "pl-1", "GatewayId": "vpce-1"}, peers).target_kind
        == "endpoint"
    )
    assert (
        to_route({"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1"}, peers).target_kind
        == "nat"
    )


def test_collect_on_moto(aws_session: AwsSession):
    ec2 = aws_session.boto.client("ec2", region_name=REGION)
    a = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    b = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    pcx = ec2.create_vpc_peering_connection(VpcId=a, PeerVpcId=b)["VpcPeeringConnection"][
        "VpcPeeringConnectionId"
    ]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    table = ec2.create_route_table(VpcId=a)["RouteTable"]["RouteTableId"]
    ec2.create_route(
        RouteTableId=table, DestinationCidrBlock="10.1.0.0/16", VpcPeeringConnectionId=pcx
    )
    tables = {t.name: t for t in collect_route_tables(aws_session, REGION)}
    assert all(isinstance(t, RouteTable) for t in tables.values())
    [peering] = [r for r in tables[table].routes if r.target_kind == "peering"]
    assert (peering.destination, peering.target, peering.peer_cidrs) == (
        "10.1.0.0/16",
        pcx,
        ("10.1.0.0/16",),
    )
