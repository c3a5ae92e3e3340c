"""Checks over route tables: how much of a peered network each peering route opens."""

from __future__ import annotations

import ipaddress

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Route, RouteTable
from scanner.registry import check


def covers_whole_peer(route: Route) -> bool | None:
    """The route's destination contains an entire CIDR block of the peer network.

    None when the peer's blocks are unknown or the destination is not a CIDR (prefix list).
    """
    if route.peer_cidrs is None:
        return None
    try:
        destination = ipaddress.ip_network(route.destination, strict=False)
    except ValueError:
        return None
    for block in route.peer_cidrs:
        peer = ipaddress.ip_network(block, strict=False)
        if peer.version == destination.version and peer.subnet_of(destination):  # type: ignore[arg-type]
            return True
    return False


@check(
    id="NET-509",
    title="Peering routes reach only the peer subnets that need them",
    severity=Severity.LOW,
    resource=RouteTable,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.22",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:AC-4",
        "nist-800-53-r5:SC-7",
        "cis-aws:6.6",
    ),
    providers=("aws",),
)
def peering_routes_least_access(table: RouteTable) -> Result:
    """A peering route to the whole peer network (or to anything wider) lets every subnet
    behind this route table reach every host of the peer, so one compromised workload can
    move laterally into the other network.

    Remediation: replace the route with routes to the specific peer subnets (CIDRs) the
    workloads behind this table must reach (CIS AWS 6.6).
    """
    peering = [r for r in table.routes if r.target_kind == "peering"]
    if not peering:
        return not_applicable("no peering route")
    wide = [f"{r.destination} via {r.target}" for r in peering if covers_whole_peer(r)]
    unread = [f"{r.destination} via {r.target}" for r in peering if covers_whole_peer(r) is None]
    if wide:
        return failed(f"routes to an entire peer network: {', '.join(wide)}")
    if unread:
        return unknown(f"peer network unreadable for {', '.join(unread)}")
    return passed(f"peering routes limited to peer subnets: {len(peering)} route(s)")
