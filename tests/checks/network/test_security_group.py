from typing import Any

import pytest

from checks.network.security_group import (
    default_security_group_restricts_all_traffic,
    security_group_blocks_public_all_traffic,
    security_group_blocks_public_cifs,
    security_group_blocks_public_data_stores,
    security_group_blocks_public_mssql,
    security_group_blocks_public_mysql,
    security_group_blocks_public_postgres,
    security_group_blocks_public_rdp,
    security_group_blocks_public_ssh,
)
from scanner.findings import Status
from scanner.model import SecurityGroup
from tests.checks.factories import rule, security_group

ALL = {"protocol": "-1", "from_port": None, "to_port": None}


def sg_with(**rule_fields: Any) -> SecurityGroup:
    return security_group(rules=(rule(), rule(**rule_fields)))


def port(n: int, **extra: Any) -> dict[str, Any]:
    return {"from_port": n, "to_port": n, **extra}


@pytest.mark.parametrize(
    ("check", "n"),
    [
        (security_group_blocks_public_ssh, 22),
        (security_group_blocks_public_rdp, 3389),
        (security_group_blocks_public_postgres, 5432),
        (security_group_blocks_public_mysql, 3306),
        (security_group_blocks_public_mssql, 1433),
        (security_group_blocks_public_cifs, 445),
        (security_group_blocks_public_data_stores, 6379),
        (security_group_blocks_public_data_stores, 27017),
        (security_group_blocks_public_data_stores, 9200),
    ],
)
@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, Status.PASS),
        ({"sources": ("0.0.0.0/0",)}, Status.FAIL),
        ({"sources": ("::/0",)}, Status.FAIL),
        ({"sources": ("10.0.0.0/8", "::/0")}, Status.FAIL),
        ({"sources": ("*",)}, Status.FAIL),
        ({"sources": ("203.0.113.0/24",)}, Status.PASS),
        ({"sources": ("0.0.0.0/0",), "protocol": "udp"}, Status.PASS),
        ({"sources": ("0.0.0.0/0",), "direction": "egress"}, Status.PASS),
        ({"sources": ("0.0.0.0/0",), **ALL}, Status.FAIL),
        (
            {"sources": ("::/0",), "protocol": "all", "from_port": None, "to_port": None},
            Status.FAIL,
        ),
        ({"sources": ("0.0.0.0/0",), "from_port": 0, "to_port": 65535}, Status.FAIL),
        ({"sources": ("0.0.0.0/0",), "from_port": None, "to_port": None}, Status.FAIL),
    ],
)
def test_public_port_checks(check, n, fields, expected):
    group = sg_with(**{**port(n, sources=("10.0.0.0/8",)), **fields})
    assert check(group).status is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (port(22, sources=("0.0.0.0/0",)), Status.FAIL),
        ({"from_port": 20, "to_port": 30, "sources": ("::/0",)}, Status.FAIL),
        ({"from_port": 30, "to_port": 20, "sources": ("::/0",)}, Status.FAIL),
        ({"from_port": 23, "to_port": 1024, "sources": ("0.0.0.0/0",)}, Status.PASS),
        (port(2222, sources=("0.0.0.0/0",)), Status.PASS),
        (port(22, sources=("0.0.0.0/1",)), Status.PASS),
        (port(22, sources=("sg-0123456789abcdef0",)), Status.PASS),
    ],
)
def test_ssh_port_ranges(fields, expected):
    assert security_group_blocks_public_ssh(sg_with(**fields)).status is expected


def test_ssh_reason_names_source_port_and_rule():
    group = sg_with(from_port=0, to_port=65535, sources=("10.0.0.0/8", "::/0"))
    result = security_group_blocks_public_ssh(group)
    assert result.reason == "open to ::/0 on tcp/22 (SSH) via rule tcp 0-65535"


def test_reason_lists_both_families_and_all_traffic_rule():
    result = security_group_blocks_public_rdp(sg_with(sources=("0.0.0.0/0", "::/0"), **ALL))
    assert "open to 0.0.0.0/0 on tcp/3389 (RDP) via rule all traffic" in result.reason
    assert "open to ::/0 on tcp/3389 (RDP)" in result.reason


def test_data_store_reason_names_service():
    result = security_group_blocks_public_data_stores(sg_with(**port(27017)))
    assert result.reason == "open to 0.0.0.0/0 on tcp/27017 (MongoDB) via rule tcp 27017"


def test_priority_ordered_deny_closes_port():
    """Azure NSG / GCP style: a higher-priority (lower number) deny wins."""
    allow_all = rule(priority=200, protocol="*", from_port=None, to_port=None, sources=("*",))
    group = security_group(
        rules=(rule(priority=100, action="deny", **port(22, sources=("*",))), allow_all)
    )
    assert security_group_blocks_public_ssh(group).status is Status.PASS
    assert security_group_blocks_public_rdp(group).status is Status.FAIL


def test_ipv4_only_deny_leaves_ipv6_open():
    allow_all = rule(priority=200, protocol="*", from_port=None, to_port=None, sources=("*",))
    group = security_group(rules=(rule(priority=100, action="deny", **port(22)), allow_all))
    result = security_group_blocks_public_ssh(group)
    assert result.status is Status.FAIL
    assert result.reason == "open to * on tcp/22 (SSH) via rule #200 (all traffic)"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, Status.PASS),
        ({"sources": ("::/0",), **ALL}, Status.FAIL),
        (
            {"sources": ("0.0.0.0/0",), "protocol": "all", "from_port": None, "to_port": None},
            Status.FAIL,
        ),
        ({"sources": ("0.0.0.0/0",), "from_port": 0, "to_port": 65535}, Status.FAIL),
        ({"sources": ("0.0.0.0/0",), "from_port": 0, "to_port": 1024}, Status.PASS),
        ({"sources": ("10.0.0.0/8",), **ALL}, Status.PASS),
        ({"sources": ("0.0.0.0/0",), "direction": "egress", **ALL}, Status.PASS),
    ],
)
def test_all_traffic(fields, expected):
    assert security_group_blocks_public_all_traffic(sg_with(**fields)).status is expected


def test_all_traffic_reason():
    result = security_group_blocks_public_all_traffic(sg_with(sources=("::/0",), **ALL))
    assert result.reason == "all traffic open to ::/0 via rule all traffic"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"is_default": True, "rules": ()}, Status.PASS),
        ({"is_default": True}, Status.FAIL),
        ({"is_default": True, "rules": (rule(direction="egress", **ALL),)}, Status.FAIL),
        ({"is_default": False}, Status.NOT_APPLICABLE),
    ],
)
def test_default_group_has_no_rules(overrides, expected):
    group = security_group(**overrides)
    assert default_security_group_restricts_all_traffic(group).status is expected


def test_default_group_reason_counts_rules():
    group = security_group(is_default=True, rules=(rule(), rule(direction="egress")))
    result = default_security_group_restricts_all_traffic(group)
    assert result.reason == "default group has 1 inbound and 1 outbound rule(s)"
