"""Near-miss twins for NET-509 (CIS AWS 6.6: routing tables for VPC peering are least access)."""

from __future__ import annotations

import pytest

from checks.network.route_table import peering_routes_least_access
from scanner.findings import Status
from scanner.model import Route
from tests.checks.factories_breadth import route_table

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
PEER = ("10.1.0.0/16", "2600:1f18:abcd::/56")


def _peering(destination: str, peers: tuple[str, ...] | None = PEER) -> Route:
    return Route(destination=destination, target_kind="peering", target="pcx-1", peer_cidrs=peers)


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        ("10.1.2.0/24", PASS),  # one peer subnet
        ("10.1.0.0/17", PASS),  # near miss: half of the peer network
        ("10.1.0.0/16", FAIL),  # the whole peer VPC
        ("10.0.0.0/8", FAIL),  # wider than the peer VPC
        ("0.0.0.0/0", FAIL),
        ("2600:1f18:abcd:1::/64", PASS),
        ("2600:1f18:abcd::/56", FAIL),
        ("10.2.0.0/16", PASS),  # not the peer's range at all (routes nothing of it)
    ],
)
def test_peering_route_scope(destination: str, expected: Status):
    table = route_table(routes=(_peering(destination),))
    assert peering_routes_least_access(table).status is expected


def test_every_peering_route_on_its_own_and_unknowns():
    narrow, wide = _peering("10.1.2.0/24"), _peering("10.1.0.0/16")
    assert peering_routes_least_access(route_table(routes=(narrow, wide))).status is FAIL
    unread = _peering("10.1.2.0/24", peers=None)
    assert peering_routes_least_access(route_table(routes=(narrow, unread))).status is UNKNOWN
    assert peering_routes_least_access(route_table(routes=(unread, wide))).status is FAIL
    prefix_list = _peering("pl-12345")
    assert peering_routes_least_access(route_table(routes=(prefix_list,))).status is UNKNOWN
    local = Route(destination="10.0.0.0/16", target_kind="local", target="local")
    assert peering_routes_least_access(route_table(routes=(local,))).status is NA
