"""Checks over who holds the most powerful roles of an account (Azure subscription)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import PrivilegedAccess
from scanner.registry import check

_PRIVILEGE = ("soc2:CC6.3", "iso27001-2022:A.8.2", "nist-csf-2.0:PR.AA-05", "nist-800-53-r5:AC-6")
MIN_OWNERS, MAX_OWNERS = 2, 3


@check(
    id="IAM-202",
    title="Subscriptions have between 2 and 3 direct owners",
    severity=Severity.MEDIUM,
    resource=PrivilegedAccess,
    controls=(*_PRIVILEGE, "nist-800-53-r5:AC-2", "cis-azure:5.7"),
    providers=("azure",),
)
def subscription_owner_count(access: PrivilegedAccess) -> Result:
    """One owner is a single point of failure for break-glass changes; many owners multiply
    the accounts whose compromise hands over the whole subscription.

    Remediation: keep two or three Owner assignments at the subscription scope (ideally
    eligible through PIM) and give everyone else narrower roles.
    """
    if access.owners is None:
        return unknown("role assignments unreadable")
    count = len(access.owners)
    if MIN_OWNERS <= count <= MAX_OWNERS:
        return passed(f"{count} owners")
    return failed(f"{count} owner(s); keep between {MIN_OWNERS} and {MAX_OWNERS}")


@check(
    id="IAM-203",
    title="No one holds User Access Administrator on the subscription",
    severity=Severity.MEDIUM,
    resource=PrivilegedAccess,
    controls=(*_PRIVILEGE, "cis-azure:5.3.3"),
    providers=("azure",),
)
def subscription_no_access_administrator(access: PrivilegedAccess) -> Result:
    """User Access Administrator can grant any role, Owner included, to anyone; a standing
    assignment is a quiet path to full control.

    Remediation: remove standing User Access Administrator assignments and grant the role
    just in time (PIM) when access must be delegated.
    """
    holders = access.access_administrators
    if holders is None:
        return unknown("role assignments unreadable")
    if holders:
        return failed(f"{len(holders)} principal(s) hold User Access Administrator")
    return passed("no User Access Administrator assignment")
