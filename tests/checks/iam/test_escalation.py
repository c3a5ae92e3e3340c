"""IAM-019/020: escalation methods over effective permissions.

Sources: Rhino Security Labs, "AWS IAM Privilege Escalation - Methods and Mitigation"
(methods 1-21); pathfinding.cloud; IAM User Guide "Policy evaluation logic" (an explicit
deny in any policy wins; group policies apply to their members).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.iam.escalation import role_cannot_escalate, user_cannot_escalate
from scanner.findings import Status
from scanner.model import AttachedPolicy, InlinePolicy
from tests.checks.factories import role, user
from tests.checks.factories_policy import policy


def inline(*statements: dict[str, Any], name: str = "p") -> InlinePolicy:
    return InlinePolicy(name=name, document=policy(*statements))


def allow(*actions: str, resource: str = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": list(actions), "Resource": resource} | extra


def deny(*actions: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": list(actions), "Resource": "*"} | extra


@pytest.mark.parametrize(
    ("policies", "expected", "says"),
    [
        ((inline(allow("iam:CreatePolicyVersion")),), Status.FAIL, "create-policy-version"),
        ((inline(allow("iam:PassRole", "ec2:RunInstances")),), Status.FAIL, "passrole-ec2"),
        # near miss: RunInstances without PassRole is no escalation
        ((inline(allow("ec2:RunInstances", "iam:GetRole")),), Status.PASS, "none of"),
        # wildcards as AWS matches them
        ((inline(allow("IAM:Put*Policy")),), Status.FAIL, "put-user-policy"),
        ((inline(allow("iam:Get*", "iam:List*")),), Status.PASS, "none of"),
        # an explicit deny in another policy removes the method
        (
            (inline(allow("iam:AttachUserPolicy")), inline(deny("iam:Attach*"), name="guard")),
            Status.PASS,
            "none of",
        ),
        # near miss: the deny is conditional, so the grant stands
        (
            (
                inline(allow("iam:AttachUserPolicy")),
                inline(
                    deny(
                        "iam:Attach*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}}
                    ),
                    name="guard",
                ),
            ),
            Status.FAIL,
            "attach-user-policy",
        ),
        # NotAction grants everything it does not name
        (
            (
                inline(
                    {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
                ),
            ),
            Status.FAIL,
            "update-lambda-code",
        ),
        # admin equivalence is judged by the full-admin checks
        ((inline(allow("*")),), Status.NOT_APPLICABLE, "admin-equivalent"),
        (
            (
                AttachedPolicy(
                    name="PowerUserAccess",
                    arn="arn:aws:iam::aws:policy/PowerUserAccess",
                    grants_full_admin=False,
                ),
            ),
            Status.PASS,
            "none of",
        ),
        (
            (
                AttachedPolicy(
                    name="custom",
                    arn="arn:aws:iam::123456789012:policy/custom",
                    grants_full_admin=None,
                ),
            ),
            Status.UNKNOWN,
            "custom",
        ),
    ],
)
def test_user_escalation(policies: tuple[Any, ...], expected: Status, says: str) -> None:
    attached = tuple(p for p in policies if isinstance(p, AttachedPolicy))
    inlines = tuple(p for p in policies if isinstance(p, InlinePolicy))
    result = user_cannot_escalate(
        user(attached_policies=attached, inline_policies=inlines, group_policies=())
    )
    assert result.status is expected, result.reason
    assert says in result.reason


def test_known_aws_managed_document_is_judged() -> None:
    from scanner.policy.managed import aws_managed_document

    arn = "arn:aws:iam::aws:policy/PowerUserAccess"
    power = AttachedPolicy(
        name="PowerUserAccess", arn=arn, grants_full_admin=False, document=aws_managed_document(arn)
    )
    result = user_cannot_escalate(user(attached_policies=(power,), group_policies=()))
    assert result.status is Status.FAIL
    assert "update-lambda-code" in result.reason


def test_group_policies_count_and_unread_groups_are_unknown() -> None:
    grant = inline(allow("iam:AddUserToGroup"), name="from-group")
    member = user(groups=("ops",), group_policies=(grant,))
    assert user_cannot_escalate(member).status is Status.FAIL
    unread = user(groups=("ops",), group_policies=None)
    assert user_cannot_escalate(unread).status is Status.UNKNOWN


def test_role_escalation_and_service_linked() -> None:
    risky = role(
        inline_policies=(
            inline(allow("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction")),
        )
    )
    assert "passrole-lambda-invoke" in role_cannot_escalate(risky).reason
    assert (
        role_cannot_escalate(risky.model_copy(update={"service_linked": True})).status
        is Status.NOT_APPLICABLE
    )
