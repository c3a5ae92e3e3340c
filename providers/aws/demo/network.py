"""VPCs, flow logs, security groups and network ACLs.

Every demo VPC also gets the default security group and network ACL AWS creates with it;
they are tagged ``<vpc>-default`` and keep AWS's default rules (moto omits the default
group's self-referencing ingress rule, so it is added here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from providers.aws.demo.audit import FLOW_LOG_GROUP
from providers.aws.demo.estate import Estate, Tier, ec2_tags
from providers.aws.demo.identity import FLOW_LOGS_ROLE
from scanner.model import Network, NetworkAcl, SecurityGroup

if TYPE_CHECKING:
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_ec2.type_defs import FilterTypeDef, IpPermissionTypeDef, IpRangeTypeDef

_WORLD: list[IpRangeTypeDef] = [{"CidrIp": "0.0.0.0/0"}]
_SG_SPECS: dict[str, tuple[IpPermissionTypeDef, str | None]] = {
    "demo-sg-https-internal": (
        {
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "IpRanges": [{"CidrIp": "10.0.0.0/8"}],
        },
        None,
    ),
    "demo-sg-ssh-open": (
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": _WORLD},
        "SSH (tcp/22) open to 0.0.0.0/0",
    ),
    "demo-sg-rdp-open-v6": (
        {
            "IpProtocol": "tcp",
            "FromPort": 3389,
            "ToPort": 3389,
            "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
        },
        "RDP (tcp/3389) open to ::/0",
    ),
    "demo-sg-all-ports": (
        {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": _WORLD},
        "every TCP port (0-65535) open to 0.0.0.0/0",
    ),
    "demo-sg-all-traffic": (
        {"IpProtocol": "-1", "IpRanges": _WORLD},
        "all traffic (protocol -1) open to 0.0.0.0/0",
    ),
}
#: Per tier: (VPC name, CIDR, flow logs on, security groups in it).
_VPCS: dict[Tier, tuple[tuple[str, str, bool, tuple[str, ...]], ...]] = {
    "primary": (
        ("demo-vpc-app", "10.10.0.0/16", True, tuple(_SG_SPECS)),
        ("demo-vpc-legacy", "10.20.0.0/16", False, ()),
    ),
    "secondary": (("demo-vpc-eu", "10.30.0.0/16", False, ("demo-sg-ssh-open",)),),
    "sandbox": (("demo-vpc-sandbox", "10.40.0.0/16", False, ("demo-sg-all-traffic",)),),
}


def seed_network(estate: Estate, region: str, tier: Tier) -> None:
    """Seed the tier's VPCs with their security groups; the primary's legacy VPC gets an
    ACL allowing SSH from the internet."""
    ec2 = estate.boto.client("ec2", region_name=region)
    for name, cidr, flow_logs, groups in _VPCS[tier]:
        vpc_id = _vpc(ec2, estate, region, name=name, cidr=cidr, flow_logs=flow_logs)
        for group in groups:
            _security_group(ec2, estate, region, vpc_id, group)
        if name == "demo-vpc-legacy":
            _ssh_acl(ec2, estate, region, vpc_id)


def _vpc(
    ec2: EC2Client, estate: Estate, region: str, *, name: str, cidr: str, flow_logs: bool
) -> str:
    """Create a VPC (with flow logs to CloudWatch Logs if asked); record its defaults."""
    vpc_id = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=ec2_tags("vpc", name))["Vpc"]["VpcId"]
    if flow_logs:
        ec2.create_flow_logs(
            ResourceIds=[vpc_id],
            ResourceType="VPC",
            TrafficType="ALL",
            LogDestinationType="cloud-watch-logs",
            LogGroupName=FLOW_LOG_GROUP,
            DeliverLogsPermissionArn=estate.role_arn(FLOW_LOGS_ROLE),
            TagSpecifications=ec2_tags("vpc-flow-log", f"{name}-flow-logs"),
        )
    estate.ledger.add(
        Network,
        estate.arn("ec2", region, f"vpc/{vpc_id}"),
        region,
        *(() if flow_logs else ("flow logs disabled",)),
    )
    _defaults(ec2, estate, region, vpc_id, name)
    return vpc_id


def _defaults(ec2: EC2Client, estate: Estate, region: str, vpc_id: str, name: str) -> None:
    """Tag and record the VPC's default security group and network ACL."""
    in_vpc: list[FilterTypeDef] = [{"Name": "vpc-id", "Values": [vpc_id]}]
    group = ec2.describe_security_groups(
        Filters=[*in_vpc, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]
    if not group.get("IpPermissions"):  # AWS default: all traffic from the group itself
        ec2.authorize_security_group_ingress(
            GroupId=group["GroupId"],
            IpPermissions=[
                {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group["GroupId"]}]}
            ],
        )
    acl = ec2.describe_network_acls(Filters=[*in_vpc, {"Name": "default", "Values": ["true"]}])
    acl_id = acl["NetworkAcls"][0]["NetworkAclId"]
    ec2.create_tags(
        Resources=[group["GroupId"], acl_id], Tags=[{"Key": "Name", "Value": f"{name}-default"}]
    )
    estate.ledger.add(
        SecurityGroup,
        estate.arn("ec2", region, f"security-group/{group['GroupId']}"),
        region,
        "default security group keeps its default rules",
    )
    estate.ledger.add(
        NetworkAcl,
        estate.arn("ec2", region, f"network-acl/{acl_id}"),
        region,
        "default network ACL allows all inbound traffic from 0.0.0.0/0",
    )


def _security_group(ec2: EC2Client, estate: Estate, region: str, vpc_id: str, name: str) -> None:
    """Create security group ``name`` from its spec in ``vpc_id``."""
    permission, problem = _SG_SPECS[name]
    group_id = ec2.create_security_group(
        GroupName=name,
        Description=f"complyscan demo {name}",
        VpcId=vpc_id,
        TagSpecifications=ec2_tags("security-group", name),
    )["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[permission])
    estate.ledger.add(
        SecurityGroup,
        estate.arn("ec2", region, f"security-group/{group_id}"),
        region,
        *(() if problem is None else (problem,)),
    )


def _ssh_acl(ec2: EC2Client, estate: Estate, region: str, vpc_id: str) -> None:
    """A custom network ACL whose first inbound entry allows SSH from anywhere."""
    acl_id = ec2.create_network_acl(
        VpcId=vpc_id, TagSpecifications=ec2_tags("network-acl", "demo-nacl-ssh-open")
    )["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl_id,
        RuleNumber=100,
        Protocol="6",
        RuleAction="allow",
        Egress=False,
        CidrBlock="0.0.0.0/0",
        PortRange={"From": 22, "To": 22},
    )
    estate.ledger.add(
        NetworkAcl,
        estate.arn("ec2", region, f"network-acl/{acl_id}"),
        region,
        "inbound SSH (tcp/22) allowed from 0.0.0.0/0",
    )
