"""EC2 networking: pure mappers on hand-written JSON, collectors against moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from providers.aws import ec2
from providers.aws.ec2 import (
    collect_network_acls,
    collect_networks,
    collect_security_groups,
    protocol_name,
    to_acl_rule,
    to_network,
    to_network_acl,
    to_security_group,
    to_sg_rule,
)
from scanner.errors import CollectionError
from scanner.model import FirewallRule, Network, NetworkAcl, SecurityGroup
from tests.providers.aws.faults import fail

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
WHERE = {"region": "eu-west-1", "account": ACCOUNT, "collected_at": NOW}


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


# ---- pure mappers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("-1", "all"), ("6", "tcp"), ("17", "udp"), ("1", "icmp"), ("58", "icmpv6"),
     ("tcp", "tcp"), ("UDP", "udp"), ("icmpv6", "icmpv6"), ("50", "50"), (-1, "all")],
)  # fmt: skip
def test_protocol_name(raw, expected):
    assert protocol_name(raw) == expected


def test_sg_rule_all_traffic_has_no_ports():
    rule = to_sg_rule(
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}, direction="ingress"
    )
    assert rule == FirewallRule(direction="ingress", protocol="all", sources=("0.0.0.0/0",))
    assert rule.all_traffic


def test_sg_rule_port_range_and_ipv6_anywhere():
    perm = {"IpProtocol": "tcp", "FromPort": 1000, "ToPort": 2000,
            "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}  # fmt: skip
    rule = to_sg_rule(perm, direction="ingress")
    assert (rule.from_port, rule.to_port) == (1000, 2000)
    assert rule.internet_sources == ("::/0",)
    assert rule.covers_port(1500)
    assert not rule.covers_port(22)


def test_sg_rule_missing_ports_and_sources():
    rule = to_sg_rule({"IpProtocol": "tcp"}, direction="egress")
    assert rule.direction == "egress"
    assert (rule.from_port, rule.to_port, rule.sources) == (None, None, ())


def test_sg_rule_icmp_type_is_not_a_port():
    perm = {
        "IpProtocol": "icmp",
        "FromPort": 8,
        "ToPort": -1,
        "IpRanges": [{"CidrIp": "1.2.3.4/32"}],
    }
    rule = to_sg_rule(perm, direction="ingress")
    assert (rule.protocol, rule.from_port, rule.to_port) == ("icmp", None, None)
    assert not rule.covers_port(8)


def test_security_group_from_fixture():
    group = to_security_group(load("ec2_security_group.json"), **WHERE)
    assert group.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/sg-0a1b2c3d4e5f60718"
    assert group.name == "web"
    assert group.network_id == "vpc-0123456789abcdef0"
    assert group.tags == {"team": "edge"}
    assert not group.is_default
    ingress = [r for r in group.rules if r.direction == "ingress"]
    assert len(ingress) == 4
    assert ingress[0].sources == ("0.0.0.0/0", "::/0")
    assert ingress[1].protocol == "tcp"
    assert ingress[1].sources == ("10.0.0.0/8", "pl-12345678", "sg-0fedcba9876543210")
    assert group.open_to_internet(443) is ingress[0]
    assert group.open_to_internet(22) is None
    assert group.open_to_internet(1500, "udp") is ingress[2]
    assert group.open_to_internet(None) is None  # egress all-traffic does not count
    egress = [r for r in group.rules if r.direction == "egress"]
    assert egress == [FirewallRule(direction="egress", protocol="all", sources=("0.0.0.0/0",))]


def test_security_group_arn_built_when_absent_and_default_flag():
    group = to_security_group({"GroupId": "sg-1", "GroupName": "default"}, **WHERE)
    assert group.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:security-group/sg-1"
    assert group.is_default
    assert group.rules == ()


def test_acl_rule_fields():
    rule = to_acl_rule({"RuleNumber": 120, "Protocol": "17", "RuleAction": "deny", "Egress": True,
                        "Ipv6CidrBlock": "::/0", "PortRange": {"From": 53, "To": 53}})  # fmt: skip
    assert rule == FirewallRule(
        direction="egress", action="deny", protocol="udp", from_port=53, to_port=53,
        sources=("::/0",), priority=120,
    )  # fmt: skip


def test_network_acl_keeps_every_entry_and_evaluates_in_order():
    acl = to_network_acl(load("ec2_network_acl.json"), **WHERE)
    assert acl.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:network-acl/acl-0123456789abcdef0"
    assert acl.network_id == "vpc-0123456789abcdef0"
    assert len(acl.rules) == 6
    assert {r.priority for r in acl.rules} >= {32767, 32768}
    allowed = acl.open_to_internet(3389)
    assert allowed is not None
    assert allowed.priority == 100
    # rule 90 denies IPv4 before rule 100 allows it, but nothing stops IPv6 rule 101
    ssh = acl.open_to_internet(22)
    assert ssh is not None
    assert (ssh.priority, ssh.sources) == (101, ("::/0",))


def test_network_acl_deny_wins_when_it_comes_first():
    raw = load("ec2_network_acl.json")
    raw["Entries"] = [e for e in raw["Entries"] if "Ipv6CidrBlock" not in e]
    acl = to_network_acl(raw, **WHERE)
    assert acl.open_to_internet(22) is None
    assert acl.open_to_internet(443) is not None


@pytest.mark.parametrize(
    ("flow_logs", "expected"),
    [
        ([{"ResourceId": "vpc-1", "FlowLogStatus": "ACTIVE"}], True),
        ([{"ResourceId": "vpc-1"}], True),  # no status: treated as active
        ([{"ResourceId": "vpc-1", "FlowLogStatus": "INACTIVE"}], False),
        ([{"ResourceId": "vpc-2", "FlowLogStatus": "ACTIVE"}], False),
        ([], False),
        (None, None),  # DescribeFlowLogs unreadable
    ],
)
def test_network_flow_logs(flow_logs, expected):
    vpc = {"VpcId": "vpc-1", "IsDefault": True, "Tags": [{"Key": "Name", "Value": "main"}]}
    network = to_network(vpc, flow_logs, **WHERE)
    assert network.flow_logs_enabled is expected
    assert network.uid == f"arn:aws:ec2:eu-west-1:{ACCOUNT}:vpc/vpc-1"
    assert network.is_default
    assert network.tags == {"Name": "main"}


# ---- collectors against moto


def test_collect_networks(aws_session):
    client = aws_session.client("ec2", "us-east-1")
    logged = client.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    plain = client.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    aws_session.client("s3", "us-east-1").create_bucket(Bucket="flow-logs")
    client.create_flow_logs(
        ResourceIds=[logged], ResourceType="VPC", TrafficType="ALL",
        LogDestinationType="s3", LogDestination="arn:aws:s3:::flow-logs",
    )  # fmt: skip
    items = list(collect_networks(aws_session, "us-east-1"))
    assert all(isinstance(i, Network) for i in items)
    by_id = {i.name: i for i in items}
    assert by_id[logged].flow_logs_enabled is True
    assert by_id[plain].flow_logs_enabled is False
    assert by_id[plain].uid == f"arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/{plain}"
    assert any(i.is_default for i in items)  # moto's default VPC


def test_collect_networks_flow_logs_denied(aws_session):
    fail(aws_session.client("ec2", "us-east-1"), "DescribeFlowLogs", "UnauthorizedOperation")
    items = list(collect_networks(aws_session, "us-east-1"))
    networks = [i for i in items if isinstance(i, Network)]
    errors = [i for i in items if isinstance(i, CollectionError)]
    assert networks
    assert all(n.flow_logs_enabled is None for n in networks)
    assert [e.uid for e in errors] == [n.uid for n in networks]
    assert errors[0].cause == "UnauthorizedOperation"
    assert errors[0].permission == "ec2:DescribeFlowLogs"


def test_collect_security_groups(aws_session):
    client = aws_session.client("ec2", "us-east-1")
    vpc = client.create_vpc(CidrBlock="10.3.0.0/16")["Vpc"]["VpcId"]
    gid = client.create_security_group(GroupName="ssh-open", Description="x", VpcId=vpc)["GroupId"]
    client.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
    ])  # fmt: skip
    items = list(collect_security_groups(aws_session, "us-east-1"))
    assert all(isinstance(i, SecurityGroup) for i in items)
    group = next(i for i in items if i.uid.endswith(gid))
    assert group.uid == f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{gid}"
    assert group.name == "ssh-open"
    assert group.network_id == vpc
    assert not group.is_default
    assert group.open_to_internet(22) is not None
    all_open = group.open_to_internet(None)
    assert all_open is not None
    assert all_open.internet_sources == ("::/0",)
    assert any(i.is_default for i in items)


def test_collect_network_acls(aws_session):
    items = list(collect_network_acls(aws_session, "us-east-1"))
    assert items
    assert all(isinstance(i, NetworkAcl) for i in items)
    default = next(i for i in items if isinstance(i, NetworkAcl) and i.is_default)
    assert default.uid.startswith(f"arn:aws:ec2:us-east-1:{ACCOUNT}:network-acl/acl-")
    assert {r.priority for r in default.rules} == {100, 32767}
    assert default.open_to_internet(22) is not None  # the default ACL allows everything


@pytest.mark.parametrize(
    ("collect", "operation", "resource"),
    [
        (collect_networks, "DescribeVpcs", "Network"),
        (collect_security_groups, "DescribeSecurityGroups", "SecurityGroup"),
        (collect_network_acls, "DescribeNetworkAcls", "NetworkAcl"),
    ],
)
def test_listing_denied_fails_the_scope(aws_session, collect, operation, resource):
    fail(aws_session.client("ec2", "us-east-1"), operation, "UnauthorizedOperation")
    with pytest.raises(CollectionError) as caught:
        list(collect(aws_session, "us-east-1"))
    err = caught.value
    assert (err.scope, err.resource, err.cause) == ("us-east-1", resource, "UnauthorizedOperation")
    assert err.permission == f"ec2:{operation}"
    assert not err.uid
    assert f"ec2:{operation}" in err.hint


def test_collectors_declare_their_calls():
    kinds = {c.resource: c.permissions for c in ec2.COLLECTORS}
    assert kinds[Network] == ("ec2:DescribeVpcs", "ec2:DescribeFlowLogs")
    assert kinds[SecurityGroup] == ("ec2:DescribeSecurityGroups",)
    assert kinds[NetworkAcl] == ("ec2:DescribeNetworkAcls",)
    assert all(c.scope == "regional" for c in ec2.COLLECTORS)
