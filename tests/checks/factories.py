"""Plain model factories for check tests: sensible compliant defaults, override per test."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from scanner.model import Encryption, KmsKey, Resource

R = TypeVar("R", bound=Resource)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"


def _base(kind: str, **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "uid": f"arn:aws:test:us-east-1:{ACCOUNT}:{kind}/example",
        "provider": "aws",
        "account": ACCOUNT,
        "region": "us-east-1",
        "service": "test",
        "name": f"example-{kind}",
        "collected_at": NOW,
    }
    base.update(overrides)
    return base


def make(model: type[R], defaults: dict[str, Any], overrides: dict[str, Any]) -> R:
    """Build ``model`` from base identity fields, compliant defaults, then overrides."""
    return model(**_base(model.__name__.lower(), **{**defaults, **overrides}))


def cmk_encryption() -> Encryption:
    return Encryption(enabled=True, key_managed_by="customer", key_id="arn:aws:kms:key/1")


def kms_key(**overrides: Any) -> KmsKey:
    return make(
        KmsKey,
        {"managed_by": "customer", "spec": "symmetric", "state": "enabled", "rotation_enabled": True},
        overrides,
    )
