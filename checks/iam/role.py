"""Checks over assumable roles (IAM roles)."""

from __future__ import annotations

from checks.iam._policies import ADMIN_CONTROLS, judge_full_admin
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Role
from scanner.policy import public_access
from scanner.policy.exposure import open_oidc_subject
from scanner.registry import check


@check(
    id="IAM-006",
    title="Roles have no policy granting full admin",
    severity=Severity.HIGH,
    resource=Role,
    controls=(*ADMIN_CONTROLS, "cis-aws:2.14"),
)
def role_policies_not_admin(role: Role) -> Result:
    """Whoever can assume a role with AdministratorAccess or a ``*`` on ``*`` policy, from a
    compromised instance to a trusted partner account, controls the whole account.
    Service-linked roles are defined by the provider and out of scope.

    Remediation: replace the attached or inline full-admin policy with least-privilege
    permissions for what the role's workload actually calls.
    """
    if role.service_linked:
        return not_applicable("service-linked role; permissions are provider-defined")
    return judge_full_admin(role.attached_policies, role.inline_policies)


@check(
    id="IAM-008",
    title="Role trust policies do not let anyone assume the role",
    severity=Severity.CRITICAL,
    resource=Role,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.15",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
        "cis-aws:2.21",
    ),
)
def role_trust_policy_not_public(role: Role) -> Result:
    """A trust policy allowing principal ``*`` (or any NotPrincipal) lets any account in the
    world obtain credentials for the role, unless a condition restricts who (a fixed
    ``aws:PrincipalOrgID``, ``aws:PrincipalAccount``, ``sts:ExternalId``...): conditions
    the caller controls (``aws:SecureTransport``, its own principal tags) do not. A trust
    in GitHub's OIDC provider without a ``sub`` condition naming repositories lets every
    GitHub workflow in the world assume the role (IAM User Guide, "Configuring a role for
    GitHub OIDC identity provider").

    Remediation: name the exact accounts, roles or services allowed to assume the role, and
    add conditions such as ``sts:ExternalId`` or ``aws:PrincipalOrgID`` for third parties.
    """
    if role.trust_policy is None:
        return unknown("trust policy unreadable")
    exposure = public_access(role.trust_policy, service="sts")
    assume = [a.name for a in exposure.actions if a.name.lower().startswith("sts:assumerole")]
    if assume:
        where = ", ".join(str(n) for n in exposure.statements)
        return failed(
            f"trust statement(s) {where} let anyone call {', '.join(assume)}"
            " (no condition restricts who)"
        )
    for n, statement in enumerate(role.trust_policy.statements):
        if open_oidc_subject(statement):
            return failed(
                f"trust statement {n} lets any GitHub repository assume the role "
                "(no fixed token.actions.githubusercontent.com:sub condition)"
            )
    if exposure.undetermined_keys:
        keys = ", ".join(exposure.undetermined_keys)
        return unknown(f"a grant to everyone is conditioned on unclassified key(s) {keys}")
    return passed("only named principals may assume the role")
