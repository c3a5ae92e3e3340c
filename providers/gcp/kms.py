"""Cloud KMS crypto keys from CAI (resource data plus the key's IAM policy)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from providers.gcp.assets import AssetRecord, Policy, seconds, timestamp
from providers.gcp.common import collect_with_policies, is_public
from providers.gcp.session import GcpSession
from providers.gcp.spelling import enum
from scanner.model import KmsKey
from scanner.provider import Collector, Item

CRYPTO_KEY = "cloudkms.googleapis.com/CryptoKey"
_STATES: dict[
    str, Literal["enabled", "disabled", "pending_deletion", "pending_import", "unavailable"]
] = {
    "ENABLED": "enabled",
    "DISABLED": "disabled",
    "DESTROY_SCHEDULED": "pending_deletion",
    "PENDING_IMPORT": "pending_import",
}


def _spec(purpose: str) -> Literal["symmetric", "asymmetric", "hmac"]:
    if purpose.startswith("ASYMMETRIC"):
        return "asymmetric"
    return "hmac" if purpose == "MAC" else "symmetric"


def to_kms_key(record: AssetRecord, fields: dict[str, Any], *, policy: Policy | None) -> KmsKey:
    """Pure: a CryptoKey REST body + its IAM policy (None unknown) -> KmsKey."""
    body = record.body
    spec = _spec(enum(body.get("purpose") or "ENCRYPT_DECRYPT"))
    primary = body.get("primary")
    state = _STATES.get(enum((primary or {}).get("state")), "unavailable")
    if primary is None and spec != "symmetric":
        state = "enabled"  # asymmetric and MAC keys have versions but no primary
    period = seconds(body.get("rotationPeriod"))
    return KmsKey(
        **fields,
        managed_by="customer",
        spec=spec,
        state=state,
        rotation_enabled=period is not None,
        rotation_period_days=None if period is None else period // 86400,
        next_rotation_at=timestamp(body.get("nextRotationTime")),
        policy_allows_public=is_public(policy),
    )


def collect_kms_keys(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every Cloud KMS key in ``scope``; public access is judged from its IAM policy."""
    yield from collect_with_policies(session, scope, CRYPTO_KEY, KmsKey, to_kms_key)


RESOURCE_TYPES = {CRYPTO_KEY: "KmsKey"}
POLICY_TYPES = {CRYPTO_KEY: "KmsKey"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(
        KmsKey,
        collect_kms_keys,
        permissions=("cloudasset.assets.listResource", "cloudasset.assets.listIamPolicy"),
    ),
)
