"""KMS keys: rotated, unrotated, asymmetric, disabled and pending-deletion keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from providers.aws.demo.estate import Estate, Tier
from scanner.model import KmsKey

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient
    from mypy_boto3_kms.literals import KeySpecType, KeyUsageTypeType


def seed_keys(estate: Estate, region: str, tier: Tier) -> str | None:
    """Seed the region's keys; return the ARN of its rotated data key (None in a sandbox).

    The primary region gets every kind of key; the secondary region one rotated key; a
    sandbox region none (its resources use no customer-managed key).
    """
    if tier == "sandbox":
        return None
    kms = estate.boto.client("kms", region_name=region)
    data_key, data_arn = _key(kms, estate, region, f"demo-data-{region}")
    kms.enable_key_rotation(KeyId=data_key, RotationPeriodInDays=365)
    if tier == "primary":
        _problem_keys(kms, estate, region)
    return data_arn


def _key(
    kms: KMSClient,
    estate: Estate,
    region: str,
    name: str,
    *problems: str,
    spec: KeySpecType = "SYMMETRIC_DEFAULT",
    usage: KeyUsageTypeType = "ENCRYPT_DECRYPT",
) -> tuple[str, str]:
    """Create a key aliased ``alias/<name>``, record it; return its id and ARN.

    Later calls take the id: moto's DisableKey does not accept a key ARN.
    """
    meta = kms.create_key(
        Description=f"complyscan demo key {name}",
        KeySpec=spec,
        KeyUsage=usage,
        Tags=[{"TagKey": "Name", "TagValue": name}],
    )["KeyMetadata"]
    kms.create_alias(AliasName=f"alias/{name}", TargetKeyId=meta["KeyId"])
    estate.ledger.add(KmsKey, meta["Arn"], region, *problems)
    return meta["KeyId"], meta["Arn"]


def _problem_keys(kms: KMSClient, estate: Estate, region: str) -> None:
    """An unrotated, an asymmetric, a disabled and a pending-deletion key."""
    _key(kms, estate, region, "demo-unrotated", "automatic rotation disabled")
    _key(kms, estate, region, "demo-signing", spec="ECC_NIST_P256", usage="SIGN_VERIFY")
    disabled, _ = _key(kms, estate, region, "demo-disabled")
    kms.disable_key(KeyId=disabled)
    retiring, _ = _key(kms, estate, region, "demo-retiring", "scheduled for deletion")
    kms.schedule_key_deletion(KeyId=retiring, PendingWindowInDays=7)
