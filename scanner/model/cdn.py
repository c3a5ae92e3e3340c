"""Content delivery networks (CloudFront, Cloud CDN, Azure Front Door)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource

#: TLS versions in order; "ssl3" is below every TLS version.
TlsVersion = Literal["ssl3", "1.0", "1.1", "1.2", "1.3"]
TLS_ORDER: tuple[str, ...] = ("ssl3", "1.0", "1.1", "1.2", "1.3")


class CdnRoute(Frozen):
    """One cache behaviour / route: which paths, which origin, how viewers must connect."""

    path: str = Field(description="Path pattern; '*' for the default behaviour.")
    origin_id: str
    viewer_protocol: Literal["allow-all", "redirect-to-https", "https-only"]


class CdnOrigin(Frozen):
    """Where the CDN fetches content from."""

    id: str
    domain: str
    kind: Literal["bucket", "custom", "private-network"] = Field(
        description="Object storage origin, any HTTP(S) server, or a private (VPC) origin."
    )
    protocol: Literal["http-only", "match-viewer", "https-only", ""] = Field(
        description="How the CDN connects to a custom origin ('' for other kinds)."
    )
    tls_protocols: tuple[str, ...] = Field(
        default=(), description="Protocols allowed towards a custom origin (SSLv3, TLSv1...)."
    )
    bucket_access: Literal["oac", "oai", "none"] | None = Field(
        default=None, description="Bucket origins: origin access control / identity / none."
    )


class CdnDistribution(Resource):
    """A CDN distribution with its routes, origins and edge settings."""

    enabled: bool
    routes: tuple[CdnRoute, ...]
    origins: tuple[CdnOrigin, ...]
    viewer_min_tls: TlsVersion = Field(description="Oldest TLS version viewers may use.")
    viewer_tls_policy: str = Field(description="Provider security policy name, for reasons.")
    default_certificate: bool = Field(description="Served with the provider's own domain cert.")
    access_logging: bool | None
    web_acl: str = Field(description="Associated web ACL id/ARN; '' for none.")
    default_root_object: str = ""
