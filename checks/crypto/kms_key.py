"""Checks over encryption keys (KmsKey)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import KmsKey
from scanner.registry import check


@check(
    id="CRYPTO-001",
    title="Customer-managed symmetric keys rotate automatically",
    severity=Severity.MEDIUM,
    resource=KmsKey,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-01",
        "nist-800-53-r5:SC-12",
        "cis-aws:4.6",
    ),
    providers=("aws", "gcp"),
)
def kms_key_rotates_automatically(key: KmsKey) -> Result:
    """Long-lived key material widens the blast radius of a leaked or broken key.

    Remediation: enable automatic rotation on the key (every 365 days or less).
    """
    if key.managed_by == "provider" or key.spec != "symmetric":
        return not_applicable(f"{key.managed_by}-managed {key.spec} key; rotation not required")
    if not key.enabled:
        return not_applicable(f"key is {key.state.replace('_', ' ')}")
    if key.rotation_enabled is None:
        return unknown("rotation status unreadable; grant kms:GetKeyRotationStatus")
    return passed("automatic rotation on") if key.rotation_enabled else failed("rotation off")


@check(
    id="CRYPTO-002",
    title="Customer-managed keys are not scheduled for deletion",
    severity=Severity.LOW,
    resource=KmsKey,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-01",
        "nist-800-53-r5:SC-12",
    ),
)
def kms_key_not_pending_deletion(key: KmsKey) -> Result:
    """Once a scheduled deletion completes, everything encrypted under the key is lost for
    good; a deletion scheduled by mistake or by an attacker must be caught in the waiting
    period. Disabled keys are still recoverable and pass; the key type does not matter.

    Remediation: if the key may still protect data, cancel the scheduled deletion (and
    re-enable it); otherwise record the decision and let the waiting period run out.
    """
    if key.managed_by == "provider":
        return not_applicable("provider-managed key; its lifecycle is not ours")
    if key.state == "pending_deletion":
        return failed(f"{key.spec} key is scheduled for deletion")
    return passed(f"key is {key.state.replace('_', ' ')}, not scheduled for deletion")
