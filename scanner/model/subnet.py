"""Subnets of virtual networks (AWS subnets, GCP subnetworks, Azure subnets)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class Subnet(Resource):
    """An address range of a network, where flow logs and private API access are set."""

    network_id: str | None = None
    cidr: str = ""
    proxy_only: bool = Field(
        default=False, description="Reserved for managed proxies/load balancers (no VMs)."
    )
    flow_logs_enabled: bool | None = Field(description="Flow logs capture traffic; None unknown.")
    private_api_access: bool | None = Field(
        default=None,
        description="Hosts without public IPs reach the provider's APIs privately "
        "(GCP Private Google Access).",
    )
    security_group_attached: bool | None = Field(
        default=None, description="Azure: a network security group is associated; None unknown."
    )
    security_group_unsupported: bool = Field(
        default=False,
        description="Azure: a reserved subnet where NSGs are not supported (GatewaySubnet...).",
    )
