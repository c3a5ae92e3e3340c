"""Checks over encryption keys (KmsKey)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import KmsKey
from scanner.registry import Threshold, check


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
    thresholds=(
        Threshold(
            "max_rotation_period_days",
            0,
            unit="days",
            minimum=0,
            description="when above 0, automatic rotation must happen at least every this "
            "many days; 0 accepts any period",
            source="CIS AWS Foundations 4.6 and Security Hub KMS.4 ask only that rotation be "
            "on (AWS KMS accepts 90 to 2560 days, default 365); GCP keys have their own "
            "90-day check (CIS GCP 1.10)",
        ),
    ),
)
def kms_key_rotates_automatically(key: KmsKey, *, max_rotation_period_days: int) -> Result:
    """Long-lived key material widens the blast radius of a leaked or broken key.

    Remediation: enable automatic rotation on the key (AWS KMS rotates every 365 days unless
    told otherwise).
    """
    exempt = _rotation_exempt(key)
    if exempt:
        return not_applicable(exempt)
    if key.rotation_enabled is None:
        return unknown("rotation status unreadable; grant kms:GetKeyRotationStatus")
    if not key.rotation_enabled:
        return failed("rotation off")
    period = key.rotation_period_days
    if max_rotation_period_days and period is not None and period > max_rotation_period_days:
        return failed(f"rotates every {period} days (> {max_rotation_period_days})")
    return passed("automatic rotation on" + (f", every {period} days" if period else ""))


def _rotation_exempt(key: KmsKey) -> str:
    """Why automatic rotation does not apply to ``key`` ('' when it does)."""
    if key.managed_by == "provider" or key.spec != "symmetric":
        return f"{key.managed_by}-managed {key.spec} key; rotation not required"
    if not key.automatic_rotation_supported:
        return (
            f"{key.spec} key with imported key material or in a custom key store; "
            "KMS cannot rotate it automatically (rotate it manually)"
        )
    if not key.enabled:
        return f"key is {key.state.replace('_', ' ')}"
    return ""


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


ROTATION_MAX_DAYS = 90


def _rotation_problem(key: KmsKey) -> str:
    """Why the key's rotation is too slow ('' when it is fine)."""
    period = key.rotation_period_days
    if not key.rotation_enabled or period is None:
        return "no rotation period set"
    if period > ROTATION_MAX_DAYS:
        return f"rotates every {period} days (> {ROTATION_MAX_DAYS})"
    due = key.next_rotation_at
    if due is not None and (due - key.collected_at).days > ROTATION_MAX_DAYS:
        return f"next rotation {due.date()} is more than {ROTATION_MAX_DAYS} days away"
    return ""


@check(
    id="CRYPTO-101",
    title="Cloud KMS keys rotate at least every 90 days",
    severity=Severity.MEDIUM,
    resource=KmsKey,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-01",
        "nist-800-53-r5:SC-12",
        "cis-gcp:1.11",
    ),
    providers=("gcp",),
)
def kms_key_rotates_within_90_days(key: KmsKey) -> Result:
    """The more data a key version encrypts and the longer it lives, the more a leaked or
    broken version exposes; CIS asks for a rotation period of 90 days or less.

    Remediation: set the key's rotation period to 90 days or less and its next rotation time
    within the next 90 days (gcloud kms keys update --rotation-period=90d).
    """
    if key.spec != "symmetric":
        return not_applicable(f"{key.spec} key; automatic rotation is not supported")
    if not key.enabled:
        return not_applicable(f"key is {key.state.replace('_', ' ')}")
    if key.rotation_enabled is None:
        return unknown("rotation settings unreadable")
    problem = _rotation_problem(key)
    return failed(problem) if problem else passed(f"rotates every {key.rotation_period_days} days")


@check(
    id="CRYPTO-102",
    title="Cloud KMS keys are not accessible to allUsers or allAuthenticatedUsers",
    severity=Severity.CRITICAL,
    resource=KmsKey,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.3",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
        "cis-gcp:1.10",
    ),
    providers=("gcp",),
)
def kms_key_not_public(key: KmsKey) -> Result:
    """A key whose IAM policy names allUsers or allAuthenticatedUsers lets anyone on the
    internet, or any Google account, use or manage it, and so read what it protects.

    Remediation: remove the allUsers and allAuthenticatedUsers bindings from the key (and
    its key ring) and grant roles to named principals only.
    """
    if key.policy_allows_public is None:
        return unknown("key IAM policy unreadable")
    if key.policy_allows_public:
        return failed("IAM policy grants allUsers or allAuthenticatedUsers")
    return passed("no public IAM bindings")
