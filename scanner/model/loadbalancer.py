"""Load balancers and their listeners (Elastic Load Balancing, Cloud Load Balancing, Azure
Load Balancer / Application Gateway)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource


class TlsPolicy(Frozen):
    """What a listener's TLS negotiation policy allows."""

    name: str
    protocols: tuple[str, ...] = Field(description="TLSv1, TLSv1.1, TLSv1.2, TLSv1.3, SSLv3.")
    ciphers: tuple[str, ...] = Field(description="Cipher suite names (OpenSSL spelling).")


class Listener(Frozen):
    """One front-end port/protocol of a load balancer."""

    port: int
    protocol: str = Field(description="Upper case: HTTP, HTTPS, TCP, TLS, SSL, UDP, TCP_UDP.")
    redirects_to_https: bool | None = Field(
        default=None,
        description="HTTP listeners: every request is redirected to HTTPS; None unknown.",
    )
    tls_policy: TlsPolicy | None = Field(
        default=None, description="TLS listeners: the negotiation policy; None unknown or n/a."
    )
    certificate: str | None = Field(
        default=None, description="TLS listeners: the (default) server certificate id/ARN."
    )

    @property
    def terminates_tls(self) -> bool:
        """The listener accepts TLS from clients (HTTPS, TLS or SSL)."""
        return self.protocol in {"HTTPS", "TLS", "SSL"}


class LoadBalancer(Resource):
    """A managed load balancer with its listeners and hardening attributes."""

    category: Literal["application", "network", "gateway", "classic"]
    internet_facing: bool
    listeners: tuple[Listener, ...] | None = Field(description="None: unreadable.")
    access_logs: bool | None
    deletion_protection: bool | None = Field(
        description="None unknown; classic load balancers have no such setting (None)."
    )
    drops_invalid_headers: bool | None = Field(
        default=None, description="Application LBs: drop_invalid_header_fields; None unknown."
    )
    desync_mitigation: str | None = Field(
        default=None, description="HTTP desync mitigation mode (monitor/defensive/strictest)."
    )
    web_acl: str | None = Field(
        default=None, description="Associated web ACL ARN; '' none; None unknown or n/a."
    )
    zones: int | None = Field(
        default=None, description="Number of availability zones it serves; None unknown."
    )
    connection_draining: bool | None = Field(
        default=None, description="Classic: in-flight requests finish before deregistration."
    )
    cross_zone: bool | None = Field(
        default=None, description="Classic: cross-zone load balancing on."
    )
