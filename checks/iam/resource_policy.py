"""Checks over IAM policies of individual resources (GCP: any asset type)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed
from scanner.model import ResourcePolicy
from scanner.registry import check

_MAX_LISTED = 4


@check(
    id="IAM-113",
    title="Resource IAM policies grant nothing to allUsers or allAuthenticatedUsers",
    severity=Severity.HIGH,
    resource=ResourcePolicy,
    controls=(
        "soc2:CC6.1",
        "soc2:CC6.6",
        "iso27001-2022:A.8.3",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
    ),
    providers=("gcp",),
)
def resource_policy_not_public(policy: ResourcePolicy) -> Result:
    """A role granted to allUsers or allAuthenticatedUsers on a topic, service account,
    secret, function or any other resource hands that access to everyone on the internet
    (or every Google account).

    Remediation: remove the allUsers/allAuthenticatedUsers members from the resource's IAM
    policy and grant the role to named principals; enforce iam.allowedPolicyMemberDomains.
    """
    found = policy.public_grants
    if not found:
        return passed("no public members")
    more = f" (+{len(found) - _MAX_LISTED} more)" if len(found) > _MAX_LISTED else ""
    return failed(f"public grants: {', '.join(found[:_MAX_LISTED])}{more}")
