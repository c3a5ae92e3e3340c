"""Near-miss twins for the AWS network checks at model level (the fast tests mutation testing
runs; tests/providers/aws/test_twins_security_group.py drives the same cases through moto).

Sources: EC2 IpPermission (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html):
an inclusive FromPort..ToPort range, -1 = all protocols and ports; VPC security group rules
(https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html); the default
security group (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html):
CIS AWS 6.5 wants it to have no inbound and no outbound rules.
"""

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
from tests.checks.factories import rule, security_group

PORT_CHECKS = [
    (security_group_blocks_public_ssh, 22),
    (security_group_blocks_public_rdp, 3389),
    (security_group_blocks_public_postgres, 5432),
    (security_group_blocks_public_mysql, 3306),
    (security_group_blocks_public_mssql, 1433),
    (security_group_blocks_public_cifs, 445),
    (security_group_blocks_public_data_stores, 6379),
    (security_group_blocks_public_data_stores, 27017),
    (security_group_blocks_public_data_stores, 9200),
    (security_group_blocks_public_data_stores, 11211),
    (security_group_blocks_public_data_stores, 1521),
    (security_group_blocks_public_data_stores, 9042),
]


LABELS = {
    22: "SSH",
    3389: "RDP",
    5432: "PostgreSQL",
    3306: "MySQL",
    1433: "SQL Server",
    445: "SMB/CIFS",
    6379: "Redis",
    27017: "MongoDB",
    9200: "Elasticsearch",
    11211: "Memcached",
    1521: "Oracle",
    9042: "Cassandra",
}


def _open(low: int, high: int, source: str = "0.0.0.0/0", protocol: str = "tcp"):
    return security_group(
        rules=(rule(), rule(from_port=low, to_port=high, sources=(source,), protocol=protocol))
    )


@pytest.mark.parametrize(("check", "port"), PORT_CHECKS, ids=lambda v: getattr(v, "id", v))
def test_every_listed_port_and_its_neighbours(check, port):
    assert check(_open(port, port)).status is Status.FAIL
    assert check(_open(port, port, "::/0")).status is Status.FAIL
    assert check(_open(port - 1, port)).status is Status.FAIL
    assert check(_open(port, port + 1)).status is Status.FAIL
    # closest compliant twins: the neighbouring ports, the same port from a private range
    assert check(_open(port - 1, port - 1)).status is Status.PASS
    assert check(_open(port + 1, port + 1)).status is Status.PASS
    assert check(_open(port, port, "10.0.0.0/8")).status is Status.PASS
    assert check(_open(port, port, protocol="udp")).status is Status.PASS


@pytest.mark.parametrize(("check", "port"), PORT_CHECKS, ids=lambda v: getattr(v, "id", v))
def test_the_reason_names_the_port_the_service_and_the_source(check, port):
    reason = check(_open(port, port, "::/0")).reason
    assert f"on tcp/{port} ({LABELS[port]}) via" in reason
    assert "::/0" in reason
    # the shared remediation names both address families
    assert "0.0.0.0/0" in check.remediation
    assert "::/0" in check.remediation


def test_a_port_check_does_not_flag_another_checks_port():
    for check, _ in PORT_CHECKS:
        for other_check, other in PORT_CHECKS:
            if other_check.id != check.id:
                assert check(_open(other, other)).status is Status.PASS, (check.id, other)


def test_reasons_list_three_exposures_then_count_the_rest():
    # every data-store port open from both families: 12 exposures, 3 named
    group = security_group(
        rules=tuple(
            rule(from_port=p, to_port=p, sources=("0.0.0.0/0", "::/0"))
            for c, p in PORT_CHECKS
            if c is security_group_blocks_public_data_stores
        )
    )
    reason = security_group_blocks_public_data_stores(group).reason
    assert reason.count("open to") == 3
    assert reason.endswith("(+9 more)")
    two = security_group(rules=(rule(from_port=6379, to_port=6379, sources=("0.0.0.0/0",)),))
    assert "more)" not in security_group_blocks_public_data_stores(two).reason


def test_factory_checks_keep_the_declaring_module():
    # reports and docs point at the module that declares a factory-built check
    assert security_group_blocks_public_ssh.module == "checks.network.security_group"
    assert security_group_blocks_public_ssh.func.__name__ == "security_group_blocks_public_ssh"


ALL_TRAFFIC = {"protocol": "-1", "from_port": None, "to_port": None}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({**ALL_TRAFFIC, "sources": ("0.0.0.0/0",)}, Status.FAIL),
        ({**ALL_TRAFFIC, "sources": ("::/0",)}, Status.FAIL),
        ({**ALL_TRAFFIC, "sources": ("10.0.0.0/8",)}, Status.PASS),
        ({**ALL_TRAFFIC, "sources": ("0.0.0.0/0",), "direction": "egress"}, Status.PASS),
        ({"from_port": 22, "to_port": 22, "sources": ("0.0.0.0/0",)}, Status.PASS),
    ],
)
def test_all_traffic_twins(fields, expected):
    group = security_group(rules=(rule(**fields),))
    assert security_group_blocks_public_all_traffic(group).status is expected


@pytest.mark.parametrize(
    ("rules", "expected", "counts"),
    [
        ((), Status.PASS, None),
        # the failing twins closest to passing: one outbound rule only, one inbound rule only
        ((rule(direction="egress", **ALL_TRAFFIC),), Status.FAIL, "0 inbound and 1 outbound"),
        ((rule(sources=("sg-0123",)),), Status.FAIL, "1 inbound and 0 outbound"),
        (
            (rule(), rule(direction="egress"), rule(direction="egress")),
            Status.FAIL,
            "1 inbound and 2 outbound",
        ),
    ],
)
def test_default_group_twins(rules, expected, counts):
    result = default_security_group_restricts_all_traffic(
        security_group(is_default=True, rules=rules)
    )
    assert result.status is expected
    if counts:
        assert counts in result.reason


def test_a_non_default_group_with_rules_is_not_applicable():
    group = security_group(is_default=False, rules=(rule(direction="egress"),))
    assert default_security_group_restricts_all_traffic(group).status is Status.NOT_APPLICABLE
