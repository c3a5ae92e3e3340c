"""Managed DNS zones (Route 53 hosted zones, Cloud DNS, Azure DNS)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Resource


class DnsZone(Resource):
    """A hosted DNS zone and its DNSSEC signing."""

    dns_name: str
    visibility: Literal["public", "private"]
    dnssec: bool | None = Field(description="Zone is signed with DNSSEC; None unknown.")
    key_signing_algorithms: tuple[str, ...] = Field(
        default=(), description="DNSSEC key-signing key algorithms, lower-case (e.g. rsasha256)."
    )
    zone_signing_algorithms: tuple[str, ...] = ()
