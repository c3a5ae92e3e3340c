"""Managed key and secret stores: Azure Key Vault (and equivalents)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class KeyVault(Resource):
    """A store of keys, secrets and certificates (Azure Key Vault, Managed HSM)."""

    soft_delete_enabled: bool | None = Field(description="Deleted objects stay recoverable.")
    purge_protection: bool | None = Field(description="Soft-deleted objects cannot be purged.")
    rbac_authorization: bool | None = Field(
        description="Data-plane access by role assignments (True) or legacy access policies."
    )
    public_network_access: bool | None = Field(
        description="Reachable from public networks (no firewall default-deny)."
    )
    private_endpoints: int | None = Field(default=None, description="Approved private endpoints.")
    logging_enabled: bool | None = Field(
        default=None, description="A diagnostic setting sends audit events to a log destination."
    )
