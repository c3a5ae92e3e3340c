"""Logical database servers (Azure SQL server) that host managed databases."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class DatabaseServer(Resource):
    """A logical server: network exposure, authentication and auditing for its databases."""

    public_network_access: bool | None = Field(description="Public endpoint enabled.")
    min_tls_version: str | None = Field(
        default=None, description="Minimum TLS version ('1.2'); '' when not enforced."
    )
    firewall_allows_all: bool | None = Field(
        default=None, description="A firewall rule admits 0.0.0.0-255.255.255.255."
    )
    directory_admin: bool | None = Field(
        default=None, description="A directory (Microsoft Entra) administrator is configured."
    )
    auditing_enabled: bool | None = Field(default=None, description="Server auditing on.")
    audit_retention_days: int | None = Field(
        default=None, description="Audit log retention; 0 = kept forever."
    )
