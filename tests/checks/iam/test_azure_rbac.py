"""Azure RBAC checks: custom roles with '*', owner count, User Access Administrator."""

from __future__ import annotations

import pytest

from checks.iam.privileged_access import (
    subscription_no_access_administrator,
    subscription_owner_count,
)
from checks.iam.role_definition import custom_role_not_subscription_admin
from scanner.findings import Status
from tests.checks.factories import privileged_access, role_definition

SUB = "/subscriptions/00000000-0000-0000-0000-000000000001"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"actions": ("*",)}, Status.FAIL),
        ({"actions": ("*",), "assignable_scopes": ("/",)}, Status.FAIL),
        ({"actions": ("*",), "not_actions": ("Microsoft.Authorization/*",)}, Status.PASS),
        ({"actions": ("*",), "assignable_scopes": (f"{SUB}/resourceGroups/rg",)}, Status.PASS),
        ({"actions": ("*",), "custom": False}, Status.NOT_APPLICABLE),
    ],
)
def test_custom_role(overrides, expected):
    assert custom_role_not_subscription_admin(role_definition(**overrides)).status is expected


@pytest.mark.parametrize(
    ("owners", "expected"),
    [(("a", "b"), Status.PASS), (("a",), Status.FAIL), (("a", "b", "c", "d"), Status.FAIL),
     (None, Status.UNKNOWN)],
)  # fmt: skip
def test_owner_count(owners, expected):
    assert subscription_owner_count(privileged_access(owners=owners)).status is expected


@pytest.mark.parametrize(
    ("holders", "expected"), [((), Status.PASS), (("x",), Status.FAIL), (None, Status.UNKNOWN)]
)
def test_access_administrators(holders, expected):
    result = subscription_no_access_administrator(privileged_access(access_administrators=holders))
    assert result.status is expected
