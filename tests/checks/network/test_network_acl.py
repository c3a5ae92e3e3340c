import pytest

from checks.network.network_acl import network_acl_blocks_public_admin_ports as check
from scanner.findings import Status
from scanner.model import FirewallRule, NetworkAcl
from tests.checks.factories import network_acl, rule

ALL = {"protocol": "-1", "from_port": None, "to_port": None}
DENY_ALL = rule(priority=32767, action="deny", **ALL)


def acl(*rules: FirewallRule) -> NetworkAcl:
    return network_acl(rules=(*rules, DENY_ALL))


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ((), Status.PASS),
        ((rule(priority=100, **ALL),), Status.FAIL),  # the AWS default NACL
        ((rule(priority=100, from_port=22, to_port=22),), Status.FAIL),
        ((rule(priority=100, from_port=3389, to_port=3389, sources=("::/0",)),), Status.FAIL),
        ((rule(priority=100, from_port=4000, to_port=65535),), Status.PASS),
        # The usual "ephemeral ports" entry includes 3389.
        ((rule(priority=100, from_port=1024, to_port=65535),), Status.FAIL),
        ((rule(priority=100, from_port=0, to_port=65535),), Status.FAIL),
        ((rule(priority=100, sources=("10.0.0.0/8",), **ALL),), Status.PASS),
        ((rule(priority=100, direction="egress", **ALL),), Status.PASS),
        ((rule(priority=100, protocol="17", from_port=22, to_port=22),), Status.PASS),
        ((rule(priority=100, protocol="6", from_port=22, to_port=22),), Status.FAIL),
        # A lower-numbered deny wins over a later allow ...
        (
            (
                rule(priority=50, action="deny", from_port=22, to_port=22),
                rule(priority=60, action="deny", from_port=3389, to_port=3389),
                rule(priority=100, **ALL),
            ),
            Status.PASS,
        ),
        # ... but a deny numbered after the allow does not.
        (
            (
                rule(priority=100, **ALL),
                rule(priority=200, action="deny", from_port=0, to_port=65535),
            ),
            Status.FAIL,
        ),
        # A deny covering only SSH still leaves RDP open.
        (
            (
                rule(priority=50, action="deny", from_port=22, to_port=22),
                rule(priority=100, **ALL),
            ),
            Status.FAIL,
        ),
        # An IPv4 deny does not stop IPv6 traffic.
        (
            (
                rule(priority=50, action="deny", **ALL),
                rule(priority=100, sources=("::/0",), **ALL),
            ),
            Status.FAIL,
        ),
    ],
)
def test_admin_ports(rules, expected):
    assert check(acl(*rules)).status is expected


def test_reason_names_entry_number_and_family():
    result = check(
        acl(rule(priority=50, action="deny", **ALL), rule(priority=100, sources=("::/0",), **ALL))
    )
    assert result.reason == (
        "open to ::/0 on tcp/22 (SSH) via rule #100 (all traffic); "
        "open to ::/0 on tcp/3389 (RDP) via rule #100 (all traffic)"
    )


def test_only_aws():
    assert check.providers == ("aws",)
