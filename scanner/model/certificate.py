"""TLS/X.509 certificates managed by a cloud service (Azure Key Vault certificates)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from scanner.model.base import Resource


class Certificate(Resource):
    """A managed certificate and the policy it is issued and renewed under."""

    enabled: bool = True
    validity_months: int | None = Field(
        description="Validity the issuance policy requests, in months; None unread."
    )
    expires_at: datetime | None = None
