"""Edge gateways: layer-7 load balancers with a web application firewall, and VPN gateways."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Frozen, Resource


class WafPolicy(Frozen):
    """The web application firewall in front of a gateway, as it is enforced."""

    enabled: bool = Field(description="The WAF inspects traffic (policy state Enabled).")
    mode: str = Field(default="", description="'Prevention' blocks; 'Detection' only logs.")
    request_body_inspection: bool | None = Field(
        default=None, description="Request bodies are inspected; None unknown."
    )
    bot_protection: bool | None = Field(
        default=None, description="A bot manager rule set is applied; None unknown."
    )
    policy_id: str | None = Field(default=None, description="The WAF policy resource, if any.")


class WebGateway(Resource):
    """An HTTP(S) load balancer / application gateway (Azure Application Gateway)."""

    tier: str = Field(default="", description="SKU tier, e.g. 'Standard_v2', 'WAF_v2'.")
    waf: WafPolicy | None = Field(description="The WAF in force; None unknown (policy unreadable).")
    waf_configured: bool = Field(
        default=False, description="A WAF (policy or legacy configuration) is attached at all."
    )
    serves_tls: bool = Field(default=True, description="At least one listener speaks HTTPS.")
    min_tls_version: str | None = Field(
        description="Lowest TLS version any listener accepts, e.g. '1.2'; None unknown."
    )
    http2: bool | None = Field(description="HTTP/2 is enabled for clients; None unknown.")


class VpnGateway(Resource):
    """A virtual network gateway accepting VPN connections."""

    point_to_site: bool = Field(description="Point-to-site (client VPN) is configured.")
    client_auth_types: tuple[str, ...] = Field(
        default=(), description="P2S authentication: 'AAD', 'Certificate', 'Radius'."
    )
