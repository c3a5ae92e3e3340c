"""Small setups the AWS tests repeat against moto."""

from __future__ import annotations

from typing import Any

SSH_FROM_ANYWHERE = [
    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
]


def open_ssh_group(ec2: Any, name: str, vpc_id: str | None = None) -> str:
    """A new security group admitting SSH from 0.0.0.0/0 (what NET-002 fails); its id."""
    extra = {"VpcId": vpc_id} if vpc_id else {}
    group = str(ec2.create_security_group(GroupName=name, Description="d", **extra)["GroupId"])
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=SSH_FROM_ANYWHERE)
    return group
