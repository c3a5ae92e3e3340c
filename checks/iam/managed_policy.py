"""Checks over customer-managed access policies."""

from __future__ import annotations

from checks.iam._policies import ADMIN_CONTROLS
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ManagedPolicy
from scanner.registry import check


@check(
    id="IAM-007",
    title="Customer-managed policies do not grant full admin (*:*)",
    severity=Severity.HIGH,
    resource=ManagedPolicy,
    controls=(*ADMIN_CONTROLS, "cis-aws:2.14"),
    providers=("aws",),
)
def managed_policy_not_admin(policy: ManagedPolicy) -> Result:
    """A reusable policy allowing every action on every resource makes each identity it is
    attached to an administrator; an unattached one is a ready-made escalation path for
    anyone allowed to attach policies, so both fail.

    Remediation: rewrite the policy to list the actions and resources actually needed, or
    delete it and use narrowly scoped policies.
    """
    if policy.document is None:
        return unknown("default policy version unreadable")
    if not policy.document.grants_full_admin:
        return passed("no statement allows every action on every resource")
    where = (
        f"attached to {policy.attachment_count} identit(ies)"
        if policy.attachment_count
        else "not attached yet"
    )
    return failed(f"allows every action on every resource; {where}")
