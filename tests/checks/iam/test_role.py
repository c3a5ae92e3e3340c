from typing import Any

import pytest

from checks.iam.role import role_policies_not_admin, role_trust_policy_not_public
from scanner.findings import Status
from scanner.model import InlinePolicy, PolicyDocument
from scanner.model.iam import ConditionClause, PolicyStatement, PrincipalRef
from tests.checks.factories import admin_document, attached_policy, role, statement

ADMIN = attached_policy(
    name="AdministratorAccess",
    arn="arn:aws:iam::aws:policy/AdministratorAccess",
    grants_full_admin=True,
)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"attached_policies": (ADMIN,)}, Status.FAIL),
        ({"inline_policies": (InlinePolicy(name="all", document=admin_document()),)}, Status.FAIL),
        ({"attached_policies": (attached_policy(grants_full_admin=None),)}, Status.UNKNOWN),
        ({"attached_policies": (ADMIN,), "service_linked": True}, Status.NOT_APPLICABLE),
    ],
)
def test_role_admin(overrides, expected):
    assert role_policies_not_admin(role(**overrides)).status is expected


org_condition = ConditionClause(
    operator="StringEquals", key="aws:PrincipalOrgID", values=("o-a1b2c3",)
)
wildcard_org = ConditionClause(operator="StringLike", key="aws:PrincipalOrgID", values=("o-*",))
tls_condition = ConditionClause(operator="Bool", key="aws:SecureTransport", values=("true",))
unknown_key = ConditionClause(operator="StringEquals", key="example:Made", values=("x",))


def trust(**fields: Any) -> PolicyDocument:
    return PolicyDocument(statements=(statement(actions=("sts:AssumeRole",), **fields),))


@pytest.mark.parametrize(
    ("trust_policy", "expected"),
    [
        (trust(principals=("arn:aws:iam::111122223333:root",)), Status.PASS),
        (trust(principals=("*",)), Status.FAIL),
        # IAM User Guide, global condition keys: aws:PrincipalOrgID names the caller's
        # organisation (restricts who); aws:SecureTransport is chosen by the caller.
        (trust(principals=("*",), conditions=(org_condition,)), Status.PASS),
        (trust(principals=("*",), conditions=(tls_condition,)), Status.FAIL),
        (trust(principals=("*",), conditions=(wildcard_org,)), Status.FAIL),
        (trust(principals=("*",), conditions=(unknown_key,)), Status.UNKNOWN),
        (trust(principals=("*",), effect="Deny"), Status.PASS),
        (trust(not_principals=("arn:aws:iam::111122223333:root",)), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_trust_policy(trust_policy, expected):
    assert role_trust_policy_not_public(role(trust_policy=trust_policy)).status is expected


def test_trust_reason():
    result = role_trust_policy_not_public(role(trust_policy=trust(principals=("*",))))
    assert result.reason == (
        "trust statement(s) 0 let anyone call sts:AssumeRole (no condition restricts who)"
    )


GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        # IAM User Guide, "Configuring a role for GitHub OIDC identity provider"
        (
            (
                ConditionClause(
                    operator="StringEquals",
                    key="token.actions.githubusercontent.com:aud",
                    values=("sts.amazonaws.com",),
                ),
            ),
            Status.FAIL,
        ),
        (
            (
                ConditionClause(
                    operator="StringLike",
                    key="token.actions.githubusercontent.com:sub",
                    values=("repo:example-org/app:*",),
                ),
            ),
            Status.PASS,
        ),
        (
            (
                ConditionClause(
                    operator="StringLike",
                    key="token.actions.githubusercontent.com:sub",
                    values=("repo:example-org/*",),
                ),
            ),
            Status.PASS,
        ),
        (
            (
                ConditionClause(
                    operator="StringLike",
                    key="token.actions.githubusercontent.com:sub",
                    values=("*",),
                ),
            ),
            Status.FAIL,
        ),
        (
            (
                ConditionClause(
                    operator="StringLike",
                    key="token.actions.githubusercontent.com:sub",
                    values=("repo:*",),
                ),
            ),
            Status.FAIL,
        ),
    ],
)
def test_github_oidc_trust(conditions, expected):
    statement = PolicyStatement(
        effect="Allow",
        actions=("sts:AssumeRoleWithWebIdentity",),
        principal_refs=(PrincipalRef(kind="Federated", value=GITHUB),),
        conditions=conditions,
    )
    result = role_trust_policy_not_public(
        role(trust_policy=PolicyDocument(statements=(statement,)))
    )
    assert result.status is expected, result.reason
