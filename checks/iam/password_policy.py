"""Checks over the account password policy (AWS IAM only)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed
from scanner.model import PasswordPolicy
from scanner.registry import Threshold, check

_CONTROLS = (
    "soc2:CC6.1",
    "iso27001-2022:A.5.17",
    "nist-csf-2.0:PR.AA-01",
    "nist-800-53-r5:IA-5(1)",
)


def _required(what: str, ok: bool) -> str:
    """A sentence for a yes/no policy setting (never ``symbols required: False``)."""
    return f"the policy requires {what}" if ok else f"the policy does not require {what}"


def _verdict(policy: PasswordPolicy, ok: bool, *, actual: str, wanted: str) -> Result:
    """FAIL when no policy exists (provider defaults are weak) or ``ok`` is False."""
    if not policy.exists:
        return failed(f"no password policy set; {wanted} is not enforced")
    return passed(actual) if ok else failed(f"{actual}; needs {wanted}")


@check(
    id="IAM-010",
    title="Password policy requires at least 14 characters",
    severity=Severity.MEDIUM,
    resource=PasswordPolicy,
    controls=(*_CONTROLS, "cis-aws:2.8"),
    providers=("aws",),
    thresholds=(
        Threshold(
            "min_length",
            14,
            unit="characters",
            minimum=6,
            maximum=128,
            description="the policy's minimum password length must be at least this",
            source="CIS AWS Foundations Benchmark 'IAM password policy requires minimum length "
            "of 14 or greater'; AWS Security Hub IAM.15 (IAM accepts 6 to 128)",
        ),
    ),
)
def password_policy_min_length(policy: PasswordPolicy, *, min_length: int) -> Result:
    """Short passwords fall quickly to offline cracking and guessing; length adds far more
    strength than any composition rule.

    Remediation: set the account password policy's minimum length to 14 or more.
    """
    n = policy.min_length
    wanted = f"at least {min_length}"
    return _verdict(policy, n >= min_length, actual=f"minimum length {n}", wanted=wanted)


@check(
    id="IAM-011",
    title="Password policy requires at least one symbol",
    severity=Severity.LOW,
    resource=PasswordPolicy,
    controls=_CONTROLS,
    providers=("aws",),
)
def password_policy_requires_symbols(policy: PasswordPolicy) -> Result:
    """Without a symbol requirement users pick from a smaller alphabet, shrinking the search
    space of every password.

    Remediation: require at least one non-alphanumeric character in the password policy.
    """
    ok = policy.require_symbols
    return _verdict(policy, ok, actual=_required("symbols", ok), wanted="a symbol")


@check(
    id="IAM-012",
    title="Password policy requires at least one number",
    severity=Severity.LOW,
    resource=PasswordPolicy,
    controls=_CONTROLS,
    providers=("aws",),
)
def password_policy_requires_numbers(policy: PasswordPolicy) -> Result:
    """Letters-only passwords are dictionary words more often than not and crack fast.

    Remediation: require at least one digit in the password policy.
    """
    ok = policy.require_numbers
    return _verdict(policy, ok, actual=_required("numbers", ok), wanted="a number")


@check(
    id="IAM-013",
    title="Password policy requires at least one uppercase letter",
    severity=Severity.LOW,
    resource=PasswordPolicy,
    controls=_CONTROLS,
    providers=("aws",),
)
def password_policy_requires_uppercase(policy: PasswordPolicy) -> Result:
    """Mixed case widens the alphabet an attacker has to search for each character.

    Remediation: require at least one uppercase letter in the password policy.
    """
    ok = policy.require_uppercase
    return _verdict(
        policy, ok, actual=_required("uppercase letters", ok), wanted="an uppercase letter"
    )


@check(
    id="IAM-014",
    title="Password policy requires at least one lowercase letter",
    severity=Severity.LOW,
    resource=PasswordPolicy,
    controls=_CONTROLS,
    providers=("aws",),
)
def password_policy_requires_lowercase(policy: PasswordPolicy) -> Result:
    """Mixed case widens the alphabet an attacker has to search for each character.

    Remediation: require at least one lowercase letter in the password policy.
    """
    ok = policy.require_lowercase
    return _verdict(
        policy, ok, actual=_required("lowercase letters", ok), wanted="a lowercase letter"
    )


@check(
    id="IAM-015",
    title="Password policy prevents reuse of the last 24 passwords",
    severity=Severity.MEDIUM,
    resource=PasswordPolicy,
    controls=(*_CONTROLS, "cis-aws:2.9"),
    providers=("aws",),
    thresholds=(
        Threshold(
            "min_remembered",
            24,
            unit="passwords",
            minimum=1,
            maximum=24,
            description="the policy must remember at least this many previous passwords",
            source="CIS AWS Foundations Benchmark 'IAM password policy prevents password reuse' "
            "(24); AWS Security Hub IAM.16 (IAM accepts 1 to 24)",
        ),
    ),
)
def password_policy_prevents_reuse(policy: PasswordPolicy, *, min_remembered: int) -> Result:
    """If old passwords can be reused, a password exposed in a past breach stays valid and
    forced changes just cycle between the same few values.

    Remediation: set the password policy to remember the last 24 passwords.
    """
    n = policy.reuse_prevention
    actual = f"remembers {n} password(s)"
    return _verdict(policy, n >= min_remembered, actual=actual, wanted=str(min_remembered))


@check(
    id="IAM-016",
    title="Password policy expires passwords within 90 days",
    severity=Severity.LOW,
    resource=PasswordPolicy,
    controls=_CONTROLS,
    providers=("aws",),
    thresholds=(
        Threshold(
            "max_age_days",
            90,
            unit="days",
            minimum=1,
            maximum=1095,
            description="passwords must expire after at most this many days (never fails)",
            source="AWS Config iam-password-policy (MaxPasswordAge, default 90); CIS AWS "
            "Foundations v1.2 1.11 (90 days or less); IAM accepts 1 to 1095",
        ),
    ),
)
def password_policy_expires_passwords(policy: PasswordPolicy, *, max_age_days: int) -> Result:
    """A password that never expires keeps working indefinitely after it leaks unnoticed;
    expiry bounds that window for users without MFA.

    Remediation: set the password policy's maximum age to 90 days or less.
    """
    days = policy.max_age_days
    actual = "passwords never expire" if days == 0 else f"maximum age {days} days"
    wanted = f"{max_age_days} days or less"
    return _verdict(policy, 0 < days <= max_age_days, actual=actual, wanted=wanted)
