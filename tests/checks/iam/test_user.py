from datetime import datetime, timedelta

import pytest

from checks.iam.user import (
    user_access_keys_rotated,
    user_attached_policies_not_admin,
    user_console_access_has_mfa,
    user_inline_policies_not_admin,
    user_permissions_only_through_groups,
    user_unused_credentials_disabled,
)
from scanner.findings import Status
from scanner.model import InlinePolicy, PolicyDocument
from tests.checks.factories import (
    NOW,
    access_key,
    admin_document,
    attached_policy,
    statement,
    user,
)


def days_ago(n: int) -> datetime:
    return NOW - timedelta(days=n)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"mfa_enabled": False}, Status.FAIL),
        ({"mfa_enabled": None}, Status.UNKNOWN),
        ({"console_access": None}, Status.UNKNOWN),
        ({"console_access": False, "mfa_enabled": False}, Status.NOT_APPLICABLE),
        ({"console_access": False, "mfa_enabled": None}, Status.NOT_APPLICABLE),
    ],
)
def test_console_mfa(overrides, expected):
    assert user_console_access_has_mfa(user(**overrides)).status is expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ((access_key(),), Status.PASS),
        ((access_key(created_at=days_ago(90)),), Status.PASS),
        ((access_key(created_at=days_ago(91)),), Status.FAIL),
        ((access_key(created_at=days_ago(400), active=False),), Status.NOT_APPLICABLE),
        ((), Status.NOT_APPLICABLE),
        ((access_key(created_at=None),), Status.UNKNOWN),
        (
            (access_key(created_at=None), access_key(id="AKIAOLD", created_at=days_ago(200))),
            Status.FAIL,
        ),
    ],
)
def test_access_key_rotation(keys, expected):
    assert user_access_keys_rotated(user(access_keys=keys)).status is expected


def test_access_key_rotation_reason():
    result = user_access_keys_rotated(
        user(access_keys=(access_key(id="AKIAOLD", created_at=days_ago(120)),))
    )
    assert result.reason == "active key(s) older than 90 days: AKIAOLD (120 days)"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"password_last_used": days_ago(45)}, Status.FAIL),
        ({"password_last_used": days_ago(44)}, Status.PASS),
        ({"password_last_used": None, "created_at": days_ago(100)}, Status.FAIL),
        ({"password_last_used": None, "created_at": days_ago(10)}, Status.PASS),
        ({"password_last_used": None, "created_at": None}, Status.UNKNOWN),
        ({"access_keys": (access_key(last_used_at=days_ago(60)),)}, Status.FAIL),
        ({"access_keys": (access_key(last_used_at=None, created_at=days_ago(50)),)}, Status.FAIL),
        ({"access_keys": (access_key(last_used_at=days_ago(300), active=False),)}, Status.PASS),
        ({"access_keys": (access_key(last_used_at=None, created_at=None),)}, Status.UNKNOWN),
        ({"console_access": False, "password_last_used": days_ago(400)}, Status.PASS),
        ({"console_access": False, "access_keys": ()}, Status.NOT_APPLICABLE),
        ({"console_access": None, "access_keys": ()}, Status.UNKNOWN),
        (
            {"console_access": None, "access_keys": (access_key(last_used_at=days_ago(90)),)},
            Status.FAIL,
        ),
    ],
)
def test_unused_credentials(overrides, expected):
    assert user_unused_credentials_disabled(user(**overrides)).status is expected


def test_unused_credentials_reason():
    result = user_unused_credentials_disabled(
        user(
            password_last_used=days_ago(60),
            access_keys=(access_key(id="AKIANEW", last_used_at=None, created_at=days_ago(46)),),
        )
    )
    assert result.reason == (
        "console password unused for 60 days; access key AKIANEW never used in 46 days"
    )


ADMIN_INLINE = InlinePolicy(name="god-mode", document=admin_document())
SCOPED_INLINE = InlinePolicy(name="read", document=PolicyDocument(statements=(statement(),)))
CONDITIONAL_ADMIN = InlinePolicy(
    name="break-glass",
    document=PolicyDocument(
        statements=(statement(actions=("*",), resources=("*",), has_conditions=True),)
    ),
)


@pytest.mark.parametrize(
    ("inline", "expected"),
    [
        ((), Status.PASS),
        ((SCOPED_INLINE,), Status.PASS),
        ((CONDITIONAL_ADMIN,), Status.PASS),
        ((SCOPED_INLINE, ADMIN_INLINE), Status.FAIL),
    ],
)
def test_inline_admin(inline, expected):
    assert user_inline_policies_not_admin(user(inline_policies=inline)).status is expected


def test_inline_admin_reason():
    result = user_inline_policies_not_admin(user(inline_policies=(ADMIN_INLINE,)))
    assert result.reason == "inline policy god-mode allow(s) every action on every resource"


ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess"


@pytest.mark.parametrize(
    ("attached", "expected"),
    [
        ((), Status.PASS),
        ((attached_policy(),), Status.PASS),
        (
            (attached_policy(name="AdministratorAccess", arn=ADMIN_ARN, grants_full_admin=True),),
            Status.FAIL,
        ),
        (
            (attached_policy(name="AdministratorAccess", arn=ADMIN_ARN, grants_full_admin=None),),
            Status.FAIL,
        ),
        ((attached_policy(name="custom-admin", grants_full_admin=True),), Status.FAIL),
        ((attached_policy(name="custom", grants_full_admin=None),), Status.UNKNOWN),
    ],
)
def test_attached_admin(attached, expected):
    assert user_attached_policies_not_admin(user(attached_policies=attached)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"groups": ()}, Status.PASS),
        ({"attached_policies": (attached_policy(),)}, Status.FAIL),
        ({"inline_policies": (SCOPED_INLINE,)}, Status.FAIL),
    ],
)
def test_permissions_through_groups(overrides, expected):
    assert user_permissions_only_through_groups(user(**overrides)).status is expected
