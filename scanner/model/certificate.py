"""TLS certificates kept by a managed store (ACM, IAM server certificates, GCP Certificate
Manager, Key Vault certificates)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from scanner.model.base import Resource


class Certificate(Resource):
    """An X.509 certificate as the controls see it: validity, key, issuance policy and who
    renews it. Fields a provider does not fill stay None (unknown)."""

    enabled: bool = True
    not_after: datetime | None = Field(default=None, description="End of validity; None unknown.")
    key_type: Literal["rsa", "ec", "other"] | None = Field(
        default=None, description="Public key family; None unknown."
    )
    key_bits: int | None = Field(
        default=None, description="RSA modulus or EC curve size in bits; None unknown."
    )
    validity_months: int | None = Field(
        default=None,
        description="Azure: validity the issuance policy requests, in months; None unread.",
    )
    issued_by_provider: bool | None = Field(
        default=None,
        description="Issued (and renewable) by the provider's CA; False: imported; None unknown.",
    )
    in_use: bool | None = Field(
        default=None, description="Attached to some service endpoint; None unknown."
    )
    status: str | None = Field(
        default=None, description="Provider status (ISSUED, EXPIRED, PENDING_VALIDATION...)."
    )
