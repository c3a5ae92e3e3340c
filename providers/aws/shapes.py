"""Small pure helpers shared by the AWS mappers: tags and KMS-backed encryption."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

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
