"""Small pure helpers shared by the AWS mappers: tags and KMS-backed encryption."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from scanner.model import Encryption


def tag_map(tags: Iterable[Mapping[str, Any]] | None) -> dict[str, str]:
    """An AWS ``[{"Key": k, "Value": v}]`` tag list as a dict (missing list -> ``{}``)."""
    return {str(t["Key"]): str(t.get("Value", "")) for t in tags or () if "Key" in t}


def kms_encryption(encrypted: bool, key_id: str | None) -> Encryption:
    """Encryption at rest of a resource encrypted (or not) with a KMS key.

    Only the key id is known here, and an AWS managed key (``aws/ebs``, ``aws/rds``...) is
    reported by its key ARN just like a customer key, so the manager is ``None`` (unknown)
    unless the id is an ``alias/aws/...`` alias. Telling them apart needs the KmsKey inventory.
    """
    if not encrypted:
        return Encryption(enabled=False)
    managed = "provider" if key_id and "alias/aws/" in key_id else None
    return Encryption(enabled=True, key_managed_by=managed, key_id=key_id or None)


def key_manager_of(key_id: str, *, account: str = "") -> Literal["customer", "provider"] | None:
    """Who manages a KMS key, as far as its identifier tells; None when only the key says.

    An alias name decides: ``alias/aws/...`` names are reserved for AWS managed keys, any
    other alias is the customer's (KMS docs, "Aliases in AWS KMS"). A key ARN or key id
    does not: the AWS managed ``aws/s3`` key is reported by its key ARN too, so only
    DescribeKey's ``KeyManager`` (the KmsKey inventory, ``providers.aws.link``) can tell.
    A key ARN of another account than ``account`` is a customer key: AWS managed keys
    cannot be used across accounts.
    """
    _, alias, name = key_id.partition("alias/")
    if alias:
        return "provider" if name.startswith("aws/") else "customer"
    parts = key_id.split(":")
    if account and key_id.startswith("arn:") and len(parts) > 4 and parts[4] not in {"", account}:
        return "customer"
    return None
