"""Checks over keys of workload identities (GCP service account keys)."""

from __future__ import annotations

from checks._common import age_days
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import ServiceAccountKey
from scanner.registry import check

KEY_MAX_AGE_DAYS = 90
_CREDENTIALS = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.17",
    "nist-csf-2.0:PR.AA-01",
    "nist-800-53-r5:IA-5",
)


@check(
    id="IAM-107",
    title="Service accounts use only provider-managed keys",
    severity=Severity.MEDIUM,
    resource=ServiceAccountKey,
    controls=(*_CREDENTIALS, "cis-gcp:1.5"),
    providers=("gcp",),
)
def service_account_key_provider_managed(key: ServiceAccountKey) -> Result:
    """A user-managed key is a long-lived credential file that works from anywhere until it
    is deleted; provider-managed keys never leave Google and rotate automatically.

    Remediation: delete the key and use attached service accounts, workload identity
    federation or short-lived impersonation tokens instead.
    """
    if not key.enabled:
        return not_applicable("key is disabled")
    if key.managed_by == "customer":
        return failed(f"user-managed key on {key.service_account}")
    return passed("provider-managed key")


@check(
    id="IAM-108",
    title="User-managed service account keys are rotated within 90 days",
    severity=Severity.MEDIUM,
    resource=ServiceAccountKey,
    controls=(*_CREDENTIALS, "cis-gcp:1.8"),
    providers=("gcp",),
)
def service_account_key_rotated(key: ServiceAccountKey) -> Result:
    """The older a key, the more copies of it exist and the longer a leaked copy works;
    CIS asks for user-managed keys to be replaced every 90 days.

    Remediation: create a new key, move every consumer to it, then delete the old key; set
    the iam.serviceAccountKeyExpiryHours organisation policy.
    """
    if key.managed_by == "provider" or not key.enabled:
        return not_applicable("provider-managed or disabled key")
    if key.created_at is None:
        return unknown("key creation time unreadable")
    age = age_days(key.created_at, key.collected_at)
    if age > KEY_MAX_AGE_DAYS:
        return failed(f"key is {age} days old (> {KEY_MAX_AGE_DAYS})")
    return passed(f"key is {age} days old")
