"""Near-miss twins for the Entra ID checks.

Semantics: Conditional Access docs ("Report-only mode" enforces nothing; "Grant controls":
with OR any one selected control satisfies the policy), the "Require MFA for all users"
template (emergency access accounts excluded individually), security defaults, and
"Best practices for Microsoft Entra roles" (fewer than five Global Administrators).
"""

from __future__ import annotations

import pytest

from checks.iam import directory as d
from scanner.findings import Status
from tests.checks.factories_azure import access_policy, directory

GA = "62e90394-69f5-4237-9190-012177145e10"
ADMIN_ROLES = (
    GA,
    "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "194ae4cb-b126-40b2-bd5b-6091b380977d",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
)


def _with(*policies):
    return directory(access_policies=tuple(policies))


MFA_ALL = [
    ({}, "pass"),
    ({"security_defaults": True, "access_policies": ()}, "pass"),
    ({"access_policies": ()}, "fail"),
    ({"access_policies": (access_policy(state="enabledForReportingButNotEnforced"),)}, "fail"),
    ({"access_policies": (access_policy(state="disabled"),)}, "fail"),
    ({"access_policies": (access_policy(excluded_groups=("Contractors",)),)}, "fail"),
    ({"access_policies": (access_policy(excluded_roles=(GA,)),)}, "fail"),
    ({"access_policies": (access_policy(excluded_guests=True),)}, "fail"),
    ({"access_policies": (access_policy(excluded_apps=("app-1",)),)}, "fail"),
    ({"access_policies": (access_policy(narrowed_by=("location",)),)}, "fail"),
    ({"access_policies": (access_policy(all_users=False, include_roles=(GA,)),)}, "fail"),
    ({"access_policies": (access_policy(all_apps=False),)}, "fail"),
    ({"access_policies": (access_policy(requires_mfa=False),)}, "fail"),
    ({"access_policies": (access_policy(excluded_users=()),)}, "pass"),
    # one clean enforced policy is enough even beside a gapped one
    ({"access_policies": (access_policy(excluded_groups=("G",)), access_policy())}, "pass"),
    ({"security_defaults": None, "access_policies": None}, "unknown"),
    ({"security_defaults": False, "access_policies": None}, "unknown"),
]


@pytest.mark.parametrize(("overrides", "expected"), MFA_ALL)
def test_mfa_all_users(overrides, expected):
    assert d.directory_mfa_all_users(directory(**overrides)).status is Status(expected)


def test_gap_names_the_excluded_group():
    result = d.directory_mfa_all_users(_with(access_policy(excluded_groups=("Contractors",))))
    assert "Contractors" in result.reason
    report_only = d.directory_mfa_all_users(
        _with(access_policy(state="enabledForReportingButNotEnforced"))
    )
    assert "enabledForReportingButNotEnforced" in report_only.reason


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"security_defaults": True}, "pass"),
        ({}, "not_applicable"),  # Conditional Access replaces security defaults
        ({"access_policies": ()}, "fail"),
        ({"access_policies": (access_policy(state="disabled"),)}, "fail"),
        ({"access_policies": None}, "unknown"),
        ({"security_defaults": None}, "unknown"),
    ],
)
def test_security_defaults(overrides, expected):
    assert d.directory_security_defaults(directory(**overrides)).status is Status(expected)


@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        ((access_policy(all_users=False, include_roles=ADMIN_ROLES),), "pass"),
        ((access_policy(all_users=False, include_roles=ADMIN_ROLES[:-1]),), "fail"),
        ((access_policy(all_users=False, include_roles=ADMIN_ROLES, state="disabled"),), "fail"),
        (
            (access_policy(all_users=False, include_roles=ADMIN_ROLES, excluded_groups=("Ops",)),),
            "fail",
        ),
        ((access_policy(),), "pass"),
        ((), "fail"),
    ],
)
def test_mfa_admins(policies, expected):
    assert d.directory_mfa_admins(_with(*policies)).status is Status(expected)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"users_without_mfa": ("sam@contoso.com",)}, "fail"),
        ({"users_without_mfa": None}, "unknown"),
        ({"global_admins": ("a",)}, "fail"),
        ({"global_admins": ("a", "b", "c", "d")}, "pass"),
        ({"global_admins": ("a", "b", "c", "d", "e")}, "fail"),
        ({"global_admins": None}, "unknown"),
        ({"guest_access": "member"}, "fail"),
        ({"guest_access": "limited"}, "fail"),
        ({"guest_invites_from": "everyone"}, "fail"),
        ({"guest_invites_from": "adminsGuestInvitersAndAllMembers"}, "fail"),
        ({"guest_invites_from": "none"}, "pass"),
        ({"guest_access": None}, "unknown"),
    ],
)
def test_registration_admins_guests(overrides, expected):
    checks = (
        d.directory_users_registered_mfa,
        d.directory_global_admin_count,
        d.directory_guest_access,
    )
    results = {c(directory(**overrides)).status for c in checks}
    assert Status(expected) in results
    assert all(c(directory()).status is Status.PASS for c in checks)
