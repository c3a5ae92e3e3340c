"""Checks over API keys (GCP): their existence, API restrictions and age."""

from __future__ import annotations

from checks._common import age_days, setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import ApiKey
from scanner.registry import check

API_KEY_MAX_AGE_DAYS = 90
#: The target that lets a key call every Google Cloud API (CIS 1.15 names it).
ALL_CLOUD_APIS = "cloudapis.googleapis.com"
_CREDENTIALS = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.17",
    "nist-csf-2.0:PR.AA-01",
    "nist-800-53-r5:IA-5",
)


@check(
    id="IAM-109",
    title="Projects hold no API keys",
    severity=Severity.LOW,
    resource=ApiKey,
    controls=(*_CREDENTIALS, "cis-gcp:1.13"),
    providers=("gcp",),
)
def api_key_absent(key: ApiKey) -> Result:
    """An API key is a bearer secret with no identity behind it: anyone who copies it from
    an app, a repository or a log can use it, and its calls cannot be tied to a person.

    Remediation: delete API keys that are no longer needed and move callers to service
    accounts or OAuth where the API supports them.
    """
    if key.deleted:
        return not_applicable("key is deleted (pending purge)")
    return failed("API key exists; prefer service account or OAuth credentials")


@check(
    id="IAM-110",
    title="API keys are restricted to the APIs they need",
    severity=Severity.MEDIUM,
    resource=ApiKey,
    controls=(*_CREDENTIALS, "nist-800-53-r5:AC-6", "cis-gcp:1.15"),
    providers=("gcp",),
)
def api_key_restricted_to_apis(key: ApiKey) -> Result:
    """A key without API restrictions (or restricted to every Cloud API) can call any
    enabled API in the project, so a leaked key reaches far more than its app used.

    Remediation: add API restrictions that list only the services the application calls.
    """
    if key.deleted:
        return not_applicable("key is deleted (pending purge)")
    if key.api_targets is None:
        return unknown("API restrictions unreadable")
    if not key.api_targets:
        return failed("no API restrictions")
    if ALL_CLOUD_APIS in key.api_targets:
        return failed(f"restricted to {ALL_CLOUD_APIS}, which is every Cloud API")
    return passed(f"restricted to {', '.join(key.api_targets)}")


@check(
    id="IAM-111",
    title="API keys are rotated within 90 days",
    severity=Severity.MEDIUM,
    resource=ApiKey,
    controls=(*_CREDENTIALS, "cis-gcp:1.16"),
    providers=("gcp",),
)
def api_key_rotated(key: ApiKey) -> Result:
    """The longer a key lives, the more copies of it exist in apps, logs and laptops, and
    the longer a leaked copy keeps working.

    Remediation: create a replacement key, move callers to it, then delete the old one;
    repeat at least every 90 days.
    """
    if key.deleted:
        return not_applicable("key is deleted (pending purge)")
    if key.created_at is None:
        return unknown("key creation time unreadable")
    age = age_days(key.created_at, key.collected_at)
    if age > API_KEY_MAX_AGE_DAYS:
        return failed(f"key is {age} days old (> {API_KEY_MAX_AGE_DAYS})")
    return passed(f"key is {age} days old")


@check(
    id="IAM-114",
    title="API keys are restricted to specific hosts or apps",
    severity=Severity.MEDIUM,
    resource=ApiKey,
    controls=(*_CREDENTIALS, "cis-gcp:1.14"),
    providers=("gcp",),
)
def api_key_restricted_to_apps(key: ApiKey) -> Result:
    """A key without application restrictions works from any website, server or device,
    so whoever finds it in a page source or app bundle can spend the project's quota and
    reach its APIs.

    Remediation: add an application restriction (HTTP referrers, IP addresses, Android or
    iOS apps) matching where the key is used.
    """
    if key.deleted:
        return not_applicable("key is deleted (pending purge)")
    return setting(
        key.application_restricted,
        on="restricted to referrers, IP addresses or apps",
        off="usable from any host or app",
        unread="application restrictions unreadable",
    )
