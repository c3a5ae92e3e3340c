"""KMS keys: ListKeys, DescribeKey, GetKeyRotationStatus."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.resource_policy import read_policy
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from scanner.model import KmsKey, PolicyDocument
from scanner.provider import Collector, Item

_STATES = {
    "Enabled": "enabled",
    "Disabled": "disabled",
    "PendingDeletion": "pending_deletion",
    "PendingReplicaDeletion": "pending_deletion",
    "PendingImport": "pending_import",
}


def to_kms_key(
    meta: Mapping[str, Any],
    rotation: Mapping[str, Any] | None,
    *,
    region: str,
    collected_at: datetime,
    policy: PolicyDocument | None = None,
) -> KmsKey:
    """Pure: DescribeKey ``KeyMetadata`` + GetKeyRotationStatus shapes (+ the parsed key
    policy, None unread) -> KmsKey."""
    spec = str(meta.get("KeySpec", meta.get("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")))
    usage = str(meta.get("KeyUsage", "ENCRYPT_DECRYPT"))
    kind = (
        "symmetric"
        if spec == "SYMMETRIC_DEFAULT"
        else "hmac"
        if spec.startswith("HMAC")
        else "asymmetric"
    )
    if usage == "GENERATE_VERIFY_MAC":
        kind = "hmac"
    return KmsKey(
        uid=str(meta["Arn"]),
        provider="aws",
        account=str(meta.get("AWSAccountId", "")),
        region=region,
        service="kms",
        name=str(meta["KeyId"]),
        collected_at=collected_at,
        managed_by="provider" if meta.get("KeyManager") == "AWS" else "customer",
        spec=kind,
        state=_STATES.get(str(meta.get("KeyState")), "unavailable"),
        rotation_enabled=None if rotation is None else bool(rotation.get("KeyRotationEnabled")),
        rotation_period_days=None if rotation is None else rotation.get("RotationPeriodInDays"),
        policy_document=policy,
        automatic_rotation_supported=str(meta.get("Origin", "AWS_KMS")) == "AWS_KMS",
    )


def collect_kms_keys(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every key in ``region``; rotation is read for enabled customer symmetric keys."""
    kms = session.client("kms", region)
    try:
        keys = paginate(kms, "list_keys", "Keys")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="KmsKey", permission="kms:ListKeys"
        ) from err

    def detail(key: Mapping[str, Any]) -> list[Item]:
        arn = str(key["KeyArn"])
        try:
            meta = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
        except SDK_ERRORS as err:
            return [
                translate_error(
                    err, scope=region, resource="KmsKey", permission="kms:DescribeKey", uid=arn
                )
            ]
        out: list[Item] = []
        rotation: Mapping[str, Any] | None
        symmetric = meta.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
        if meta.get("KeyManager") == "AWS":
            rotation = {"KeyRotationEnabled": True}  # AWS managed keys rotate yearly, always
        elif not symmetric or meta.get("Origin", "AWS_KMS") != "AWS_KMS":
            # automatic rotation is unsupported (asymmetric/HMAC, imported key material, custom
            # key store); KMS reports these keys' status as always false
            rotation = {"KeyRotationEnabled": False}
        else:
            try:
                rotation = kms.get_key_rotation_status(KeyId=key["KeyId"])
            except botocore.exceptions.ClientError as err:
                rotation = None
                if error_code(err) != "KMSInvalidStateException":  # pending deletion etc.
                    out.append(
                        translate_error(
                            err,
                            scope=region,
                            resource="KmsKey",
                            permission="kms:GetKeyRotationStatus",
                            uid=arn,
                        )
                    )
        policy, policy_error = read_policy(
            lambda: kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default"),
            "Policy",
            frozenset({"NotFoundException"}),
        )
        if policy_error is not None:
            out.append(translate_error(policy_error, scope=region, resource="KmsKey",
                                       permission="kms:GetKeyPolicy", uid=arn))  # fmt: skip
        key_item = to_kms_key(meta, rotation, region=region, collected_at=session.now(),
                              policy=policy)  # fmt: skip
        out.insert(0, key_item)
        return out

    for items in session.map(detail, keys):
        yield from items


COLLECTORS = (
    Collector(
        KmsKey,
        collect_kms_keys,
        permissions=(
            "kms:ListKeys",
            "kms:DescribeKey",
            "kms:GetKeyRotationStatus",
            "kms:GetKeyPolicy",
        ),
    ),
)
