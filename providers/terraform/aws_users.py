"""IAM users in a plan, with their groups, policies, console passwords and access keys.

The user is rebuilt as the live scan sees it, a GetAccountAuthorizationDetails
``UserDetailList`` item plus a credential report row, and mapped by ``providers.aws.iam.
to_user``: every inline, group and customer managed policy document (a JSON string, or the
rendered ``json`` of an ``aws_iam_policy_document``) goes through the same policy engine.

Joins (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>):
``aws_iam_user_policy`` (user), ``aws_iam_user_policy_attachment`` (user, policy_arn),
``aws_iam_policy_attachment`` (users/groups), ``aws_iam_user_group_membership`` (user,
groups), ``aws_iam_group_membership`` (group, users), ``aws_iam_group_policy`` and
``aws_iam_group_policy_attachment`` (group), ``aws_iam_user_login_profile`` (a console
password) and ``aws_iam_access_key`` (``status`` Active by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from providers.aws.iam import parse_or_none, to_group_policies, to_user
from providers.terraform.common import collector, relabel
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import AccessKey, User
from scanner.provider import Collector, Item

_GROUP_MEMBERSHIP = ("aws_iam_user_group_membership",)
_MEMBERS = ("aws_iam_group_membership",)


def _policy_text(resource: Planned, unknown: list[str]) -> str | None:
    if resource.is_unknown("policy"):
        unknown.append(f"{resource.address}.policy")
        return None
    text = resource.values.get("policy")
    return str(text) if text else None


def _attachments(
    owner: Planned, session: TerraformSession, kinds: Sequence[tuple[tuple[str, ...], str]],
    local: dict[str, Any],
) -> list[dict[str, Any]]:  # fmt: skip
    """``AttachedManagedPolicies`` of ``owner``: AWS managed policies by ARN; customer
    policies of the plan by their document (ARN: the policy's address)."""
    owners: dict[str, Planned] = {}
    for policy in session.all_of("aws_iam_policy"):
        for types, _ in kinds:
            for attachment in session.joined(policy, types, "policy_arn"):
                owners[attachment.address] = policy
    attached = []
    for types, attribute in kinds:
        for attachment in session.joined(owner, types, attribute):
            arn = attachment.values.get("policy_arn")
            target = owners.get(attachment.address)
            if target is not None:
                arn = target.address
                text = None if target.is_unknown("policy") else target.values.get("policy")
                local[arn] = parse_or_none(text) if text else None
            if not arn:
                arn = f"{attachment.address} (policy known after apply)"
            attached.append({"PolicyArn": str(arn), "PolicyName": str(arn).rsplit("/", 1)[-1]})
    return attached


def _groups(user: Planned, session: TerraformSession) -> list[Planned]:
    """The planned groups the user joins (either membership resource)."""
    memberships = session.joined(user, _GROUP_MEMBERSHIP, "user") + session.joined(
        user, _MEMBERS, "users"
    )
    found = []
    for group in session.all_of("aws_iam_group"):
        links = session.joined(group, _GROUP_MEMBERSHIP, "groups") + session.joined(
            group, _MEMBERS, "group"
        )
        if any(m in links for m in memberships):
            found.append(group)
    return found


def _group_detail(
    group: Planned, session: TerraformSession, local: dict[str, Any], unknown: list[str]
) -> dict[str, Any]:
    inline = []
    for policy in session.joined(group, ("aws_iam_group_policy",), "group"):
        text = _policy_text(policy, unknown)
        if text:
            inline.append({"PolicyName": policy.values.get("name") or policy.address,
                           "PolicyDocument": text})  # fmt: skip
    kinds = ((("aws_iam_group_policy_attachment",), "group"),
             (("aws_iam_policy_attachment",), "groups"))  # fmt: skip
    return {"GroupName": group.address, "GroupPolicyList": inline,
            "AttachedManagedPolicies": _attachments(group, session, kinds, local)}  # fmt: skip


def _credentials(user: Planned, session: TerraformSession) -> dict[str, str] | None:
    """The credential report row the user will have. A new user has only what the plan
    gives it: a login profile is a console password, and no MFA device can be enabled by
    Terraform (EnableMFADevice needs two codes from the device). An existing user may hold
    credentials made outside the plan: unknown (None)."""
    if not user.created:
        return None
    row = {"password_enabled": "false", "mfa_active": "false"}
    if session.joined(user, ("aws_iam_user_login_profile",), "user"):
        row["password_enabled"] = "true"  # noqa: S105 - a report flag, not a password
    return row


def plan_user(user: Planned, session: TerraformSession) -> Item:
    """``aws_iam_user`` with everything joined to it (see the module docstring). A policy
    known only after apply leaves the user unjudged (UNKNOWN, naming it): judging the
    known policies alone could pass a user the unknown one makes an administrator."""
    unknown: list[str] = []
    local: dict[str, Any] = {}
    inline = []
    for policy in session.joined(user, ("aws_iam_user_policy",), "user"):
        text = _policy_text(policy, unknown)
        if text:
            inline.append({"PolicyName": policy.values.get("name") or policy.address,
                           "PolicyDocument": text})  # fmt: skip
    kinds = ((("aws_iam_user_policy_attachment",), "user"),
             (("aws_iam_policy_attachment",), "users"))  # fmt: skip
    groups = [_group_detail(g, session, local, unknown) for g in _groups(user, session)]
    detail = {
        "Arn": user.address,
        "UserName": user.values.get("name") or user.address,
        "UserPolicyList": inline,
        "AttachedManagedPolicies": _attachments(user, session, kinds, local),
        "GroupList": [g["GroupName"] for g in groups],
    }
    model = to_user(
        detail, _credentials(user, session), local, account="",
        collected_at=session.collected_at, groups=to_group_policies(groups, local),
    )  # fmt: skip
    keys = tuple(
        AccessKey(id=key.address, active=key.values.get("status", "Active") != "Inactive",
                  created_at=session.collected_at if key.created else None)
        for key in session.joined(user, ("aws_iam_access_key",), "user")
    )  # fmt: skip
    if unknown:
        return known_after_apply("aws", user, "User", unknown)
    model = model.model_copy(update={"access_keys": keys, "created_at": session.collected_at}
                             if user.created else {"access_keys": keys})  # fmt: skip
    return relabel(model, user)


_JOINS = [
    (("aws_iam_user_policy",), "user"),
    (("aws_iam_user_policy_attachment",), "user"),
    (("aws_iam_policy_attachment",), "users"),
    (_GROUP_MEMBERSHIP, "user"),
    (_MEMBERS, "users"),
    (("aws_iam_user_login_profile",), "user"),
    (("aws_iam_access_key",), "user"),
]

COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", User, ("aws_iam_user",), plan_user, name="plan_iam_users", joins=_JOINS),
)
