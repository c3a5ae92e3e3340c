"""Near-miss twins for the security group port checks (NET-002..008, NET-011), through boto3
against moto and the EC2 collector: every port each check lists, on both sides of it.

AWS documentation each case follows:
- IpPermission (EC2 API reference):
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
  IpProtocol is a name (tcp, udp, icmp, icmpv6) or a number; -1 means all protocols and all
  ports. FromPort/ToPort bound an inclusive range.
- Security group rules (Amazon VPC user guide):
  https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
  0.0.0.0/0 is every IPv4 address and ::/0 every IPv6 address; other CIDRs admit only their
  range.
"""

import boto3
import pytest

from checks.network.security_group import security_group_blocks_public_all_traffic
from providers.aws.ec2 import collect_security_groups
from scanner.findings import Status
from scanner.model import SecurityGroup
from tests.checks.test_twins_aws_network import PORT_CHECKS  # one list of (check, port)


def _v4(cidr: str) -> dict:
    return {"IpRanges": [{"CidrIp": cidr}]}


def _v6(cidr: str) -> dict:
    return {"Ipv6Ranges": [{"CidrIpv6": cidr}]}


def _cases(port: int) -> list[tuple[str, dict, Status]]:
    """(label, IpPermission, expected verdict for the check that lists ``port``)."""
    return [
        ("open-v4", {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **_v4("0.0.0.0/0")},
         Status.FAIL),
        ("open-v6", {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **_v6("::/0")},
         Status.FAIL),
        # protocol given by number (6 = tcp)
        ("open-proto6", {"IpProtocol": "6", "FromPort": port, "ToPort": port, **_v4("0.0.0.0/0")},
         Status.FAIL),
        # a range whose edges are the neighbours of the port still contains it
        ("range-around", {"IpProtocol": "tcp", "FromPort": port - 1, "ToPort": port + 1,
                          **_v4("0.0.0.0/0")}, Status.FAIL),
        # the range ends exactly on the port / starts exactly on it
        ("range-ends-on", {"IpProtocol": "tcp", "FromPort": port - 1, "ToPort": port,
                           **_v4("0.0.0.0/0")}, Status.FAIL),
        ("range-starts-on", {"IpProtocol": "tcp", "FromPort": port, "ToPort": port + 1,
                             **_v6("::/0")}, Status.FAIL),
        # compliant twins closest to failing: the neighbouring ports, open to everyone
        ("port-below", {"IpProtocol": "tcp", "FromPort": port - 1, "ToPort": port - 1,
                        **_v4("0.0.0.0/0")}, Status.PASS),
        ("port-above", {"IpProtocol": "tcp", "FromPort": port + 1, "ToPort": port + 1,
                        **_v6("::/0")}, Status.PASS),
        # the same port, open only to one private range / one documentation range
        ("private", {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **_v4("10.0.0.0/8")},
         Status.PASS),
        ("narrow-v6", {"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                       **_v6("2001:db8::/32")}, Status.PASS),
        # the same port over udp is not the tcp service
        ("udp", {"IpProtocol": "udp", "FromPort": port, "ToPort": port, **_v4("0.0.0.0/0")},
         Status.PASS),
    ]  # fmt: skip


@pytest.fixture
def groups(aws_session) -> dict[str, SecurityGroup]:
    """One security group per (port, case), collected back through the EC2 collector."""
    ec2 = boto3.client("ec2", region_name="us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    ids: dict[str, str] = {}
    for port in sorted({p for _, p in PORT_CHECKS}):
        for label, perm, _ in _cases(port):
            name = f"g-{port}-{label}"
            gid = ec2.create_security_group(GroupName=name, Description="t", VpcId=vpc)["GroupId"]
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[perm])
            ids[gid] = name
    all_traffic = {
        "all-v4": {"IpProtocol": "-1", **_v4("0.0.0.0/0")},
        "all-v6": {"IpProtocol": "-1", **_v6("::/0")},
        "all-private": {"IpProtocol": "-1", **_v4("172.16.0.0/12")},
        "all-tcp-ports-v4": {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535,
                             **_v4("0.0.0.0/0")},
    }  # fmt: skip
    for label, perm in all_traffic.items():
        gid = ec2.create_security_group(GroupName=label, Description="t", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[perm])
        ids[gid] = label
    collected = list(collect_security_groups(aws_session, "us-east-1"))
    assert all(isinstance(g, SecurityGroup) for g in collected)
    return {ids[g.uid.rsplit("/", 1)[1]]: g for g in collected if g.uid.rsplit("/", 1)[1] in ids}


def test_every_listed_port_on_both_sides(groups):
    wrong = []
    for check, port in PORT_CHECKS:
        for label, _, expected in _cases(port):
            got = check(groups[f"g-{port}-{label}"]).status
            if got is not expected:
                wrong.append((check.id, port, label, got, expected))
    assert wrong == []


def test_a_check_ignores_the_ports_of_the_other_checks(groups):
    # a group opening 3389 to the world is not an SSH finding, and so on
    for check, _ in PORT_CHECKS:
        others = {p for c, p in PORT_CHECKS if c.id != check.id}
        for other in others:
            assert check(groups[f"g-{other}-open-v4"]).status is Status.PASS, (check.id, other)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("all-v4", Status.FAIL),
        ("all-v6", Status.FAIL),
        # the closest compliant twin: all traffic, but from a private range only
        ("all-private", Status.PASS),
        # every tcp port from anywhere opens every tcp service: counted as all traffic
        ("all-tcp-ports-v4", Status.FAIL),
    ],
)
def test_all_traffic_twins(groups, label, expected):
    assert security_group_blocks_public_all_traffic(groups[label]).status is expected


def test_all_traffic_rule_fails_every_port_check(groups):
    for check, _ in PORT_CHECKS:
        assert check(groups["all-v6"]).status is Status.FAIL
        assert check(groups["all-tcp-ports-v4"]).status is Status.FAIL
        assert check(groups["all-private"]).status is Status.PASS
