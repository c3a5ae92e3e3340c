from typing import Any

import pytest

from checks.iam.role import role_policies_not_admin, role_trust_policy_not_public
from scanner.findings import Status
from scanner.model import InlinePolicy, PolicyDocument
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


def trust(**fields: Any) -> PolicyDocument:
    return PolicyDocument(statements=(statement(actions=("sts:AssumeRole",), **fields),))


@pytest.mark.parametrize(
    ("trust_policy", "expected"),
    [
        (trust(principals=("arn:aws:iam::111122223333:root",)), Status.PASS),
        (trust(principals=("*",)), Status.FAIL),
        (trust(principals=("*",), has_conditions=True), Status.PASS),
        (trust(principals=("*",), effect="Deny"), Status.PASS),
        (trust(not_principals=("arn:aws:iam::111122223333:root",)), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_trust_policy(trust_policy, expected):
    assert role_trust_policy_not_public(role(trust_policy=trust_policy)).status is expected


def test_trust_reason():
    result = role_trust_policy_not_public(role(trust_policy=trust(principals=("*",))))
    assert result.reason == "trust statement 0 allows principal '*' without conditions"
