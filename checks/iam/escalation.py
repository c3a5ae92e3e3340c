"""Privilege escalation: documented methods an identity's effective permissions allow."""

from __future__ import annotations

from collections.abc import Iterable

from checks.iam._policies import ADMIN_CONTROLS
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import AttachedPolicy, InlinePolicy, PolicyDocument, Role, User
from scanner.policy import Permissions, escalation_paths
from scanner.registry import check

_AWS_MANAGED = ":iam::aws:policy/"


def _documents(
    policies: Iterable[AttachedPolicy | InlinePolicy],
) -> tuple[list[tuple[str, PolicyDocument]], list[str]]:
    """(name, document) pairs to judge, and names of customer policies left unread."""
    readable: list[tuple[str, PolicyDocument]] = []
    unread: list[str] = []
    for policy in policies:
        if isinstance(policy, InlinePolicy):
            readable.append((f"inline policy {policy.name}", policy.document))
        elif policy.document is not None:
            readable.append((f"policy {policy.name}", policy.document))
        elif _AWS_MANAGED not in policy.arn:
            unread.append(policy.name)
    return readable, unread


def judge_escalation(policies: Iterable[AttachedPolicy | InlinePolicy], extra: str = "") -> Result:
    """FAIL naming each escalation method held and the grants that make it."""
    readable, unread = _documents(policies)
    permissions = Permissions.of(readable)
    admin = permissions.admin_equivalent
    if admin is not None:
        return not_applicable(
            f"already admin-equivalent through {admin.where}; judged by the full-admin checks"
        )
    paths = escalation_paths(permissions)
    if paths:
        shown = "; ".join(p.describe() for p in paths[:3])
        more = f"; and {len(paths) - 3} more" if len(paths) > 3 else ""
        return failed(f"{len(paths)} escalation method(s): {shown}{more}")
    if unread or extra:
        missing = ", ".join([*(f"policy {n}" for n in unread), *([extra] if extra else [])])
        return unknown(f"no method found in what was read; unread: {missing}")
    return passed(f"none of the documented escalation methods across {len(readable)} polic(ies)")


@check(
    id="IAM-019",
    title="Users cannot escalate their own privileges",
    severity=Severity.HIGH,
    resource=User,
    controls=ADMIN_CONTROLS,
    providers=("aws",),
)
def user_cannot_escalate(user: User) -> Result:
    """A user allowed, say, ``iam:CreatePolicyVersion`` or ``iam:PassRole`` with
    ``ec2:RunInstances`` can make itself administrator, whatever its policies look like.
    Judged on the user's effective permissions: inline, attached and group policies
    together, after every explicit Deny, against the methods catalogued by Rhino Security
    Labs and pathfinding.cloud (docs/policy-engine.md lists them).

    Remediation: remove the actions that make each named method, or scope them to
    resources the user cannot use to gain permissions (and add a permissions boundary).
    """
    groups = user.group_policies
    policies = (*user.attached_policies, *user.inline_policies, *(groups or ()))
    extra = "group policies" if groups is None and user.groups else ""
    return judge_escalation(policies, extra)


@check(
    id="IAM-020",
    title="Roles cannot escalate their own privileges",
    severity=Severity.HIGH,
    resource=Role,
    controls=ADMIN_CONTROLS,
    providers=("aws",),
)
def role_cannot_escalate(role: Role) -> Result:
    """Whoever assumes a role that can, say, attach policies to itself or pass a more
    privileged role to a new function gains those privileges. Judged on the role's inline
    and attached policies together, after every explicit Deny. Service-linked roles are
    defined by AWS and out of scope.

    Remediation: remove the actions that make each named method, or scope them to
    resources the role cannot use to gain permissions (and add a permissions boundary).
    """
    if role.service_linked:
        return not_applicable("service-linked role; permissions are provider-defined")
    return judge_escalation((*role.attached_policies, *role.inline_policies))
