"""Checks over role definitions (Azure RBAC custom roles)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed
from scanner.model import RoleDefinition
from scanner.registry import check


@check(
    id="IAM-201",
    title="Custom roles do not grant every action (*) at subscription scope",
    severity=Severity.HIGH,
    resource=RoleDefinition,
    controls=(
        "soc2:CC6.3",
        "iso27001-2022:A.5.15",
        "iso27001-2022:A.8.2",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-6",
        "cis-azure:5.4",
    ),
    providers=("azure",),
)
def custom_role_not_subscription_admin(role: RoleDefinition) -> Result:
    """A custom role with ``*`` actions assignable to a subscription is an unreviewed copy
    of Owner: it escapes the scrutiny built-in privileged roles get.

    Remediation: replace ``*`` with the specific actions the role needs, or assign the
    built-in role and review it like any other privileged assignment.
    """
    if not role.custom:
        return not_applicable("built-in role")
    if role.grants_everything and role.subscription_scoped:
        scopes = ", ".join(role.assignable_scopes)
        return failed(f"grants '*' and is assignable at {scopes}")
    return passed("does not grant '*' at subscription scope")
