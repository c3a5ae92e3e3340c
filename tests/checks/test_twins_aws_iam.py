"""Near-miss twins for the AWS IAM checks at model level (fast; what mutation testing runs).

Documentation each case follows:
- Account password policy (IAM User Guide, "Set an account password policy for IAM users",
  https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html,
  and the PasswordPolicy type, https://docs.aws.amazon.com/IAM/latest/APIReference/API_PasswordPolicy.html):
  MinimumPasswordLength 6..128, PasswordReusePrevention 1..24 (absent: no reuse prevention),
  MaxPasswordAge 1..1095 (absent: passwords never expire). CIS AWS 2.8 (length >= 14) and 2.9
  (reuse prevention 24).
- Role trust policies (IAM User Guide, "IAM JSON policy elements: Principal",
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
  AssumeRole, AssumeRoleWithSAML and AssumeRoleWithWebIdentity are the ways to assume a role.
- Customer managed policies (CIS AWS 2.15, IAM API GetPolicy ``AttachmentCount``,
  https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html).
- Root user MFA (IAM User Guide, "Multi-factor authentication for AWS account root user",
  https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html); CIS AWS 2.6
  wants a hardware device.
"""

from datetime import timedelta

import pytest

from checks.iam.managed_policy import managed_policy_not_admin
from checks.iam.password_policy import (
    password_policy_expires_passwords,
    password_policy_min_length,
    password_policy_prevents_reuse,
    password_policy_requires_lowercase,
    password_policy_requires_numbers,
    password_policy_requires_symbols,
    password_policy_requires_uppercase,
)
from checks.iam.role import role_trust_policy_not_public
from checks.iam.root_user import (
    root_user_has_mfa,
    root_user_has_no_access_keys,
    root_user_mfa_is_hardware,
)
from checks.iam.user import user_access_keys_rotated, user_unused_credentials_disabled
from scanner.findings import Status
from scanner.model import ConditionClause, PolicyDocument
from tests.checks.factories import (
    NOW,
    access_key,
    admin_document,
    managed_policy,
    password_policy,
    role,
    root_user,
    statement,
    user,
)

# --- password policy: both sides of every documented threshold ---------------------------


@pytest.mark.parametrize(
    ("check", "field", "passing", "failing"),
    [
        (password_policy_min_length, "min_length", 14, 13),
        (password_policy_prevents_reuse, "reuse_prevention", 24, 23),
        # MaxPasswordAge: 90 is the longest compliant value, 91 the shortest failing one
        (password_policy_expires_passwords, "max_age_days", 90, 91),
        # 1 is the shortest age IAM accepts: compliant
        (password_policy_expires_passwords, "max_age_days", 1, 0),
    ],
)
def test_numeric_thresholds_on_both_sides(check, field, passing, failing):
    assert check(password_policy(**{field: passing})).status is Status.PASS
    assert check(password_policy(**{field: failing})).status is Status.FAIL


@pytest.mark.parametrize(
    ("check", "field", "what", "wanted"),
    [
        (password_policy_requires_symbols, "require_symbols", "symbols", "a symbol"),
        (password_policy_requires_numbers, "require_numbers", "numbers", "a number"),
        (
            password_policy_requires_uppercase,
            "require_uppercase",
            "uppercase letters",
            "an uppercase letter",
        ),
        (
            password_policy_requires_lowercase,
            "require_lowercase",
            "lowercase letters",
            "a lowercase letter",
        ),
    ],
)
def test_each_character_class_is_its_own_requirement(check, field, what, wanted):
    on = check(password_policy(**{field: True}))
    assert (on.status, on.reason) == (Status.PASS, f"the policy requires {what}")
    off = check(password_policy(**{field: False}))
    assert (off.status, off.reason) == (
        Status.FAIL,
        f"the policy does not require {what}; needs {wanted}",
    )
    # the other three classes do not stand in for this one
    others = {"require_symbols", "require_numbers", "require_uppercase", "require_lowercase"}
    assert check(password_policy(**dict.fromkeys(others - {field}, False))).status is Status.PASS


def test_expiry_reasons_name_the_age():
    result = password_policy_expires_passwords(password_policy(max_age_days=91))
    assert result.reason == "maximum age 91 days; needs 90 days or less"
    assert password_policy_expires_passwords(password_policy(max_age_days=1)).reason == (
        "maximum age 1 days"
    )
    assert password_policy_prevents_reuse(password_policy(reuse_prevention=23)).reason == (
        "remembers 23 password(s); needs 24"
    )


# --- access keys and unused credentials (thresholds belong to the config work; twins only) --


def _ago(days: int):
    return NOW - timedelta(days=days)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        # two active keys: the older one decides
        ((access_key(created_at=_ago(90)), access_key(id="AKIA2", created_at=_ago(91))),
         Status.FAIL),
        # an inactive old key beside a fresh active one: only active keys count
        ((access_key(created_at=_ago(10)), access_key(id="AKIA2", active=False,
                                                       created_at=_ago(900))), Status.PASS),
    ],
)  # fmt: skip
def test_access_key_age_twins(keys, expected):
    assert user_access_keys_rotated(user(access_keys=keys)).status is expected


def test_unused_credential_twins_for_access_keys():
    # a key last used 44 days ago passes, 45 fails (CIS AWS 2.11: 45 days or greater)
    fresh = user(console_access=False, access_keys=(access_key(last_used_at=_ago(44)),))
    stale = user(console_access=False, access_keys=(access_key(last_used_at=_ago(45)),))
    assert user_unused_credentials_disabled(fresh).status is Status.PASS
    result = user_unused_credentials_disabled(stale)
    assert result.status is Status.FAIL
    assert result.reason == "access key AKIAEXAMPLE000000001 unused for 45 days"
    # a key used recently but created long ago is judged by its use, not its age
    used = access_key(created_at=_ago(400), last_used_at=_ago(1))
    assert user_unused_credentials_disabled(user(access_keys=(used,))).status is Status.PASS
    # a password used recently on a user created long ago
    recent = user(password_last_used=_ago(1), created_at=_ago(1000), access_keys=())
    assert user_unused_credentials_disabled(recent).status is Status.PASS


# --- role trust policies ------------------------------------------------------------------


def _trust(*statements) -> PolicyDocument:
    return PolicyDocument(statements=statements)


ASSUME = ("sts:AssumeRole",)


@pytest.mark.parametrize(
    "action",
    ["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:*", "*"],
)
def test_every_way_to_assume_a_role_counts(action):
    doc = _trust(statement(actions=(action,), principals=("*",), resources=()))
    assert role_trust_policy_not_public(role(trust_policy=doc)).status is Status.FAIL


def test_trust_reason_lists_every_public_statement():
    doc = _trust(
        statement(actions=ASSUME, principals=("arn:aws:iam::111122223333:root",)),
        statement(actions=ASSUME, principals=("*",)),
        statement(actions=ASSUME, principals=("*",)),
    )
    result = role_trust_policy_not_public(role(trust_policy=doc))
    assert result.status is Status.FAIL
    assert result.reason.startswith("trust statement(s) 1, 2 let anyone call sts:AssumeRole")


def test_public_grant_of_a_non_assume_action_is_not_a_public_trust():
    # the closest compliant twin: everyone may tag sessions, nobody may assume
    doc = _trust(statement(actions=("sts:TagSession",), principals=("*",), resources=()))
    assert role_trust_policy_not_public(role(trust_policy=doc)).status is Status.PASS


def test_unclassified_condition_keys_are_named():
    keys = (
        ConditionClause(operator="StringEquals", key="example:Made", values=("x",)),
        ConditionClause(operator="StringEquals", key="example:Other", values=("y",)),
    )
    doc = _trust(statement(actions=ASSUME, principals=("*",), conditions=keys))
    result = role_trust_policy_not_public(role(trust_policy=doc))
    assert result.status is Status.UNKNOWN
    assert "example:Made" in result.reason
    assert "example:Other" in result.reason
    assert ", " in result.reason.split("key(s) ", 1)[1]


# --- customer managed policies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "where"), [(0, "not attached yet"), (1, "attached to 1 identit(ies)"), (3, "3")]
)
def test_admin_policy_fails_attached_or_not(count, where):
    result = managed_policy_not_admin(
        managed_policy(document=admin_document(), attachment_count=count)
    )
    assert result.status is Status.FAIL
    assert where in result.reason


def test_admin_on_one_resource_is_not_full_admin():
    # the closest compliant twin: every action, but on one bucket only
    doc = PolicyDocument(statements=(statement(actions=("*",), resources=("arn:aws:s3:::b",)),))
    assert managed_policy_not_admin(managed_policy(document=doc)).status is Status.PASS


# --- root user ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "mfa", "hardware"),
    [
        ({"mfa_enabled": True, "mfa_device": "hardware"}, Status.PASS, Status.PASS),
        # the failing twin closest to passing for CIS 2.6: MFA on, but a virtual device
        ({"mfa_enabled": True, "mfa_device": "virtual"}, Status.PASS, Status.FAIL),
        ({"mfa_enabled": False, "mfa_device": "none"}, Status.FAIL, Status.FAIL),
        # MFA on but the device list unreadable: which kind is unknown, never PASS
        ({"mfa_enabled": True, "mfa_device": None}, Status.PASS, Status.UNKNOWN),
        ({"mfa_enabled": None, "mfa_device": None}, Status.UNKNOWN, Status.UNKNOWN),
    ],
)
def test_root_mfa_twins(fields, mfa, hardware):
    root = root_user(**fields)
    assert root_user_has_mfa(root).status is mfa
    assert root_user_mfa_is_hardware(root).status is hardware


def test_root_mfa_reason_names_the_device_kind():
    assert root_user_has_mfa(root_user(mfa_device="virtual")).reason == (
        "MFA enabled (virtual device)"
    )
    assert root_user_has_mfa(root_user(mfa_device=None)).reason == "MFA enabled"


@pytest.mark.parametrize(
    ("present", "expected"),
    [(False, Status.PASS), (True, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_root_access_key_twins(present, expected):
    assert root_user_has_no_access_keys(root_user(access_keys_present=present)).status is expected
