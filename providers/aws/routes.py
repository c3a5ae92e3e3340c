"""VPC route tables, with the peer CIDR blocks of every VPC peering connection they use.

``DescribeRouteTables`` lists routes (``DestinationCidrBlock``, ``DestinationIpv6CidrBlock``
or ``DestinationPrefixListId``, and one target id); ``DescribeVpcPeeringConnections`` gives
both sides' ``CidrBlockSet``/``Ipv6CidrBlockSet``; the peer is the side that is not the
route table's VPC (EC2 API reference).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import Route, RouteTable
from scanner.model.routing import RouteTarget
from scanner.provider import Collector, Item

DESCRIBE_ROUTE_TABLES = "ec2:DescribeRouteTables"
DESCRIBE_PEERINGS = "ec2:DescribeVpcPeeringConnections"
_TARGETS: tuple[tuple[str, RouteTarget], ...] = (
    ("VpcPeeringConnectionId", "peering"),
    ("NatGatewayId", "nat"),
    ("TransitGatewayId", "transit-gateway"),
    ("VpcEndpointId", "endpoint"),
    ("EgressOnlyInternetGatewayId", "internet-gateway"),
)


def _side_cidrs(side: Mapping[str, Any]) -> tuple[str, ...]:
    v4 = [str(c["CidrBlock"]) for c in side.get("CidrBlockSet") or () if c.get("CidrBlock")]
    if not v4 and side.get("CidrBlock"):
        v4 = [str(side["CidrBlock"])]
    v6 = [
        str(c["Ipv6CidrBlock"])
        for c in side.get("Ipv6CidrBlockSet") or ()
        if c.get("Ipv6CidrBlock")
    ]
    return tuple(v4 + v6)


def peer_cidrs(peering: Mapping[str, Any], vpc_id: str | None) -> tuple[str, ...]:
    """Pure: the CIDR blocks of the side of ``peering`` that is not ``vpc_id``."""
    requester = peering.get("RequesterVpcInfo") or {}
    accepter = peering.get("AccepterVpcInfo") or {}
    side = accepter if requester.get("VpcId") == vpc_id else requester
    return _side_cidrs(side)


def to_route(route: Mapping[str, Any], peers: Mapping[str, tuple[str, ...]] | None) -> Route:
    """Pure: one ``Routes`` item + peer CIDRs by peering id (None: unread) -> Route."""
    destination = str(
        route.get("DestinationCidrBlock")
        or route.get("DestinationIpv6CidrBlock")
        or route.get("DestinationPrefixListId")
        or ""
    )
    kind: RouteTarget = "other"
    target = ""
    for key, name in _TARGETS:
        if route.get(key):
            kind, target = name, str(route[key])
            break
    else:
        gateway = str(route.get("GatewayId") or "")
        target = gateway or str(route.get("NetworkInterfaceId") or route.get("InstanceId") or "")
        if gateway == "local":
            kind = "local"
        elif gateway.startswith("igw-"):
            kind = "internet-gateway"
        elif gateway.startswith("vpce-"):
            kind = "endpoint"
    cidrs = None
    if kind == "peering" and peers is not None:
        cidrs = peers.get(target)
    return Route(destination=destination, target_kind=kind, target=target, peer_cidrs=cidrs)


def to_route_table(
    table: Mapping[str, Any], peers: Mapping[str, tuple[str, ...]] | None, *,
    region: str, account: str, collected_at: datetime,
) -> RouteTable:  # fmt: skip
    """Pure: a DescribeRouteTables item -> RouteTable."""
    ident = str(table["RouteTableId"])
    owner = str(table.get("OwnerId") or account)
    return RouteTable(
        uid=f"arn:aws:ec2:{region}:{owner}:route-table/{ident}", provider="aws",
        account=account, region=region, service="ec2", name=ident,
        tags=tag_map(table.get("Tags")), collected_at=collected_at,
        network_id=table.get("VpcId"),
        routes=tuple(to_route(r, peers) for r in table.get("Routes") or ()),
    )  # fmt: skip


def collect_route_tables(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every route table in ``region``; peerings are read once for the region."""
    client = session.client("ec2", region)
    try:
        tables = paginate(client, "describe_route_tables", "RouteTables")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="RouteTable", permission=DESCRIBE_ROUTE_TABLES
        ) from err
    uses_peering = any(
        r.get("VpcPeeringConnectionId") for t in tables for r in t.get("Routes") or ()
    )
    peerings: list[Any] | None = []
    error = None
    if uses_peering:
        try:
            peerings = paginate(client, "describe_vpc_peering_connections", "VpcPeeringConnections")
        except SDK_ERRORS as err:
            peerings, error = None, err
    now = session.now()
    for table in tables:
        peers = None
        if peerings is not None:
            peers = {
                str(p["VpcPeeringConnectionId"]): peer_cidrs(p, table.get("VpcId"))
                for p in peerings
            }
        model = to_route_table(
            table, peers, region=region, account=session.account, collected_at=now
        )
        yield model
        if error is not None and any(r.target_kind == "peering" for r in model.routes):
            yield translate_error(error, scope=region, resource="RouteTable",
                                  permission=DESCRIBE_PEERINGS, uid=model.uid)  # fmt: skip


COLLECTORS = (
    Collector(
        RouteTable, collect_route_tables, permissions=(DESCRIBE_ROUTE_TABLES, DESCRIBE_PEERINGS)
    ),
)
