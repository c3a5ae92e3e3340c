"""Route tables and their routes (VPC route tables, GCP routes, Azure route tables)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource

RouteTarget = Literal[
    "peering", "internet-gateway", "nat", "endpoint", "transit-gateway", "local", "other"
]


class Route(Frozen):
    """One route: where traffic for a destination goes."""

    destination: str = Field(description="CIDR (IPv4 or IPv6) or a prefix list id.")
    target_kind: RouteTarget
    target: str = Field(description="Target id (pcx-..., igw-..., nat-...).")
    peer_cidrs: tuple[str, ...] | None = Field(
        default=None,
        description="Peering routes: every CIDR block of the peer network; None unknown.",
    )


class RouteTable(Resource):
    """A route table of a virtual network."""

    network_id: str | None
    routes: tuple[Route, ...]
