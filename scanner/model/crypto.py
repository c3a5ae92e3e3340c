"""Encryption keys: AWS KMS, GCP Cloud KMS, Azure Key Vault keys."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from scanner.model.base import KeyManager, Resource
from scanner.model.iam import PolicyDocument


class KmsKey(Resource):
    """A key in AWS KMS, Cloud KMS or Azure Key Vault."""

    managed_by: KeyManager
    spec: Literal["symmetric", "asymmetric", "hmac"]
    state: Literal["enabled", "disabled", "pending_deletion", "pending_import", "unavailable"]
    rotation_enabled: bool | None = Field(description="None = could not be read, never 'off'.")
    rotation_period_days: int | None = None
    has_expiry: bool | None = Field(
        default=None, description="Azure: the key has an expiration date set."
    )
    next_rotation_at: datetime | None = Field(
        default=None, description="GCP: when the key next rotates; None unknown or elsewhere."
    )
    policy_allows_public: bool | None = Field(
        default=None, description="GCP: the key's IAM policy grants allUsers/allAuthenticatedUsers."
    )
    policy_document: PolicyDocument | None = Field(
        default=None, description="AWS: the key policy; None unread."
    )
    automatic_rotation_supported: bool = Field(
        default=True,
        description="AWS: False for imported key material (Origin EXTERNAL) and keys in a "
        "custom key store (AWS_CLOUDHSM, EXTERNAL_KEY_STORE): KMS cannot rotate them "
        "automatically and reports their rotation status as always false.",
    )

    @property
    def enabled(self) -> bool:
        """Whether the key can be used."""
        return self.state == "enabled"
