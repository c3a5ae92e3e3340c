"""EC2 networking: VPCs (with flow logs), security groups and network ACLs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import FirewallRule, Network, NetworkAcl, SecurityGroup
from scanner.provider import Collector, Item

_PROTOCOLS = {"-1": "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


def protocol_name(protocol: object) -> str:
    """An EC2 protocol ("-1", "6", "tcp", 17...) in the neutral vocabulary ("all", "tcp"...)."""
    text = str(protocol).strip().lower()
    return _PROTOCOLS.get(text, text)


def _port(value: Any) -> int | None:
    """A port bound; -1 or missing means every port."""
    return None if value is None or int(value) < 0 else int(value)


def _ports(protocol: str, low: Any, high: Any) -> tuple[int | None, int | None]:
    """Port range of a rule; only TCP/UDP have ports (ICMP reuses the fields for type/code)."""
    if protocol not in {"tcp", "udp"}:
        return None, None
    return _port(low), _port(high)


def to_sg_rule(perm: Mapping[str, Any], *, direction: str) -> FirewallRule:
    """Pure: one ``IpPermissions``/``IpPermissionsEgress`` entry -> FirewallRule."""
    protocol = protocol_name(perm.get("IpProtocol", "-1"))
    low, high = _ports(protocol, perm.get("FromPort"), perm.get("ToPort"))
    groups = perm.get("UserIdGroupPairs", ())
    sources = (
        *(str(r["CidrIp"]) for r in perm.get("IpRanges", ()) if "CidrIp" in r),
        *(str(r["CidrIpv6"]) for r in perm.get("Ipv6Ranges", ()) if "CidrIpv6" in r),
        *(str(p["PrefixListId"]) for p in perm.get("PrefixListIds", ()) if "PrefixListId" in p),
        *(str(g.get("GroupId") or g.get("GroupName", "")) for g in groups),
    )
    return FirewallRule(
        direction="egress" if direction == "egress" else "ingress",
        protocol=protocol,
        from_port=low,
        to_port=high,
        sources=tuple(s for s in sources if s),
    )


def to_acl_rule(entry: Mapping[str, Any]) -> FirewallRule:
    """Pure: one network ACL ``Entries`` item -> FirewallRule (priority = rule number)."""
    protocol = protocol_name(entry.get("Protocol", "-1"))
    ports = entry.get("PortRange") or {}
    low, high = _ports(protocol, ports.get("From"), ports.get("To"))
    sources = tuple(str(entry[k]) for k in ("CidrBlock", "Ipv6CidrBlock") if entry.get(k))
    return FirewallRule(
        direction="egress" if entry.get("Egress") else "ingress",
        action="deny" if str(entry.get("RuleAction", "")).lower() == "deny" else "allow",
        protocol=protocol,
        from_port=low,
        to_port=high,
        sources=sources,
        priority=int(entry["RuleNumber"]) if "RuleNumber" in entry else None,
    )


def _arn(region: str, account: str, kind: str, ident: str) -> str:
    return f"arn:aws:ec2:{region}:{account}:{kind}/{ident}"


def to_network(
    vpc: Mapping[str, Any], flow_logs: Iterable[Mapping[str, Any]] | None, *,
    region: str, account: str, collected_at: datetime,
) -> Network:  # fmt: skip
    """Pure: a DescribeVpcs item + the region's DescribeFlowLogs items (None: unread) -> Network.

    A flow log counts when it targets this VPC and is ACTIVE (a missing status counts as active).
    """
    vpc_id = str(vpc["VpcId"])
    enabled = None
    if flow_logs is not None:
        enabled = any(
            f.get("ResourceId") == vpc_id and f.get("FlowLogStatus", "ACTIVE") == "ACTIVE"
            for f in flow_logs
        )
    return Network(
        uid=_arn(region, str(vpc.get("OwnerId") or account), "vpc", vpc_id),
        provider="aws", account=account, region=region, service="ec2", name=vpc_id,
        tags=tag_map(vpc.get("Tags")), collected_at=collected_at,
        is_default=bool(vpc.get("IsDefault")), flow_logs_enabled=enabled,
    )  # fmt: skip


def to_security_group(
    group: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> SecurityGroup:
    """Pure: a DescribeSecurityGroups item -> SecurityGroup (rules are additive allows)."""
    group_id = str(group["GroupId"])
    rules = (
        *(to_sg_rule(p, direction="ingress") for p in group.get("IpPermissions", ())),
        *(to_sg_rule(p, direction="egress") for p in group.get("IpPermissionsEgress", ())),
    )
    owner = str(group.get("OwnerId") or account)
    return SecurityGroup(
        uid=str(group.get("SecurityGroupArn") or _arn(region, owner, "security-group", group_id)),
        provider="aws", account=account, region=region, service="ec2",
        name=str(group.get("GroupName") or group_id), tags=tag_map(group.get("Tags")),
        collected_at=collected_at, network_id=group.get("VpcId"),
        is_default=group.get("GroupName") == "default", rules=rules,
    )  # fmt: skip


def to_network_acl(
    acl: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> NetworkAcl:
    """Pure: a DescribeNetworkAcls item -> NetworkAcl; every entry is kept, default deny too."""
    acl_id = str(acl["NetworkAclId"])
    return NetworkAcl(
        uid=_arn(region, str(acl.get("OwnerId") or account), "network-acl", acl_id),
        provider="aws", account=account, region=region, service="ec2", name=acl_id,
        tags=tag_map(acl.get("Tags")), collected_at=collected_at, network_id=acl.get("VpcId"),
        is_default=bool(acl.get("IsDefault")),
        rules=tuple(to_acl_rule(e) for e in acl.get("Entries", ())),
    )  # fmt: skip


def _list(session: AwsSession, region: str, op: str, key: str, *, resource: str) -> list[Any]:
    """Every item of a regional EC2 listing; the whole scope fails if it is refused."""
    action = "".join(part.title() for part in op.split("_"))
    try:
        return paginate(session.client("ec2", region), op, key)
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource=resource, permission=f"ec2:{action}"
        ) from err


def collect_networks(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every VPC in ``region``; flow logs come from one DescribeFlowLogs listing."""
    vpcs = _list(session, region, "describe_vpcs", "Vpcs", resource="Network")
    flow_logs: list[Any] | None = None
    error: Exception | None = None
    if vpcs:
        try:
            flow_logs = paginate(session.client("ec2", region), "describe_flow_logs", "FlowLogs")
        except SDK_ERRORS as err:
            error = err
    now = session.now()
    for vpc in vpcs:
        network = to_network(
            vpc, flow_logs, region=region, account=session.account, collected_at=now
        )
        yield network
        if error is not None:
            yield translate_error(error, scope=region, resource="Network",
                                  permission="ec2:DescribeFlowLogs", uid=network.uid)  # fmt: skip


def collect_security_groups(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every security group in ``region`` (one DescribeSecurityGroups listing)."""
    groups = _list(
        session, region, "describe_security_groups", "SecurityGroups", resource="SecurityGroup"
    )
    now = session.now()
    for group in groups:
        yield to_security_group(group, region=region, account=session.account, collected_at=now)


def collect_network_acls(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every network ACL in ``region`` (one DescribeNetworkAcls listing)."""
    acls = _list(session, region, "describe_network_acls", "NetworkAcls", resource="NetworkAcl")
    now = session.now()
    for acl in acls:
        yield to_network_acl(acl, region=region, account=session.account, collected_at=now)


COLLECTORS = (
    Collector(Network, collect_networks, permissions=("ec2:DescribeVpcs", "ec2:DescribeFlowLogs")),
    Collector(SecurityGroup, collect_security_groups, permissions=("ec2:DescribeSecurityGroups",)),
    Collector(NetworkAcl, collect_network_acls, permissions=("ec2:DescribeNetworkAcls",)),
)
