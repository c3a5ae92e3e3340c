"""Checks over Key Vault keys: rotation policy and expiry (Azure key semantics)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import KmsKey
from scanner.registry import check

_KEYS = ("soc2:CC6.1", "iso27001-2022:A.8.24", "nist-csf-2.0:PR.DS-01", "nist-800-53-r5:SC-12")


@check(
    id="CRYPTO-201",
    title="Key Vault keys have an automatic rotation policy",
    severity=Severity.MEDIUM,
    resource=KmsKey,
    controls=(*_KEYS, "cis-azure:8.3.9"),
    providers=("azure",),
)
def vault_key_rotation_policy(key: KmsKey) -> Result:
    """Key Vault keys, RSA and EC included, wrap the data keys of disks, storage and
    databases; without a rotation policy the same key material protects them for years.

    Remediation: add a rotation policy with a Rotate lifetime action (e.g. 90 days after
    creation) to the key.
    """
    if not key.enabled:
        return not_applicable(f"key is {key.state.replace('_', ' ')}")
    if key.rotation_enabled is None:
        return unknown("rotation policy unreadable")
    if not key.rotation_enabled:
        return failed("no rotation policy with a Rotate action")
    period = f" every {key.rotation_period_days} days" if key.rotation_period_days else ""
    return passed(f"rotates automatically{period}")


@check(
    id="CRYPTO-202",
    title="Key Vault keys have an expiration date",
    severity=Severity.LOW,
    resource=KmsKey,
    controls=(*_KEYS, "cis-azure:8.3.1", "cis-azure:8.3.2"),
    providers=("azure",),
)
def vault_key_expires(key: KmsKey) -> Result:
    """Keys without an expiry date stay usable indefinitely, so retiring old key material
    depends on someone remembering to do it.

    Remediation: set an expiration date on the key (a rotation policy can renew it).
    """
    if not key.enabled:
        return not_applicable(f"key is {key.state.replace('_', ' ')}")
    if key.has_expiry is None:
        return unknown("key attributes unreadable")
    return passed("expiration date set") if key.has_expiry else failed("no expiration date")
