import pytest

from checks.iam.password_policy import (
    password_policy_expires_passwords,
    password_policy_min_length,
    password_policy_prevents_reuse,
    password_policy_requires_lowercase,
    password_policy_requires_numbers,
    password_policy_requires_symbols,
    password_policy_requires_uppercase,
)
from scanner.findings import Status
from tests.checks.factories import password_policy

CHECKS = [
    (password_policy_min_length, {"min_length": 13}, {"min_length": 30}),
    (password_policy_requires_symbols, {"require_symbols": False}, {}),
    (password_policy_requires_numbers, {"require_numbers": False}, {}),
    (password_policy_requires_uppercase, {"require_uppercase": False}, {}),
    (password_policy_requires_lowercase, {"require_lowercase": False}, {}),
    (password_policy_prevents_reuse, {"reuse_prevention": 5}, {"reuse_prevention": 24}),
    (password_policy_expires_passwords, {"max_age_days": 0}, {"max_age_days": 30}),
]


@pytest.mark.parametrize(("check", "bad", "good"), CHECKS)
def test_password_policy(check, bad, good):
    assert check(password_policy()).status is Status.PASS
    assert check(password_policy(**good)).status is Status.PASS
    assert check(password_policy(**bad)).status is Status.FAIL


@pytest.mark.parametrize(("check", "bad", "good"), CHECKS)
def test_absent_policy_fails(check, bad, good):
    result = check(password_policy(exists=False, **good))
    assert result.status is Status.FAIL
    assert result.reason.startswith("no password policy set")


@pytest.mark.parametrize(("check", "bad", "good"), CHECKS)
def test_aws_only(check, bad, good):
    assert check.providers == ("aws",)


def test_reasons_name_the_setting():
    assert password_policy_min_length(password_policy(min_length=8)).reason == (
        "minimum length 8; needs at least 14"
    )
    assert password_policy_expires_passwords(password_policy(max_age_days=0)).reason == (
        "passwords never expire; needs 90 days or less"
    )
    assert password_policy_expires_passwords(password_policy(max_age_days=91)).status is Status.FAIL
