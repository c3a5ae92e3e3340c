"""Account-level IAM settings: the password policy and the root user."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.credential_report import ROOT_ROW, credential_rows, report_bool
from providers.aws.iam import iam_client
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, translate_error
from scanner.model import PasswordPolicy, RootUser
from scanner.provider import Collector, Item


def to_password_policy(
    policy: Mapping[str, Any] | None, *, account: str, collected_at: datetime
) -> PasswordPolicy:
    """Pure: GetAccountPasswordPolicy ``PasswordPolicy`` (None: no policy) -> PasswordPolicy."""
    base: dict[str, Any] = {
        "uid": f"arn:aws:iam::{account}:account-password-policy",
        "provider": "aws",
        "account": account,
        "region": "global",
        "service": "iam",
        "name": "account-password-policy",
        "collected_at": collected_at,
    }
    if policy is None:
        return PasswordPolicy(**base, exists=False)
    return PasswordPolicy(
        **base,
        exists=True,
        min_length=int(policy.get("MinimumPasswordLength") or 0),
        require_symbols=bool(policy.get("RequireSymbols")),
        require_numbers=bool(policy.get("RequireNumbers")),
        require_uppercase=bool(policy.get("RequireUppercaseCharacters")),
        require_lowercase=bool(policy.get("RequireLowercaseCharacters")),
        reuse_prevention=int(policy.get("PasswordReusePrevention") or 0),
        max_age_days=int(policy.get("MaxPasswordAge") or 0),
    )


def to_root_user(
    row: Mapping[str, str] | None,
    summary: Mapping[str, Any] | None,
    *,
    account: str,
    collected_at: datetime,
) -> RootUser:
    """Pure: the credential report ``<root_account>`` row, else GetAccountSummary's map.

    Access keys count when *active*, as CIS audits them (``access_key_N_active``); the
    summary's ``AccountAccessKeysPresent`` counts inactive keys too. Neither: None.
    """
    mfa: bool | None = None
    keys: bool | None = None
    if row is not None:
        mfa = report_bool(row.get("mfa_active"))
        slots = [report_bool(row.get(f"access_key_{n}_active")) for n in (1, 2)]
        keys = None if None in slots else any(slots)
    elif summary is not None:
        mfa = bool(summary.get("AccountMFAEnabled"))
        keys = bool(summary.get("AccountAccessKeysPresent"))
    return RootUser(
        uid=f"arn:aws:iam::{account}:root",
        provider="aws",
        account=account,
        region="global",
        service="iam",
        name="root",
        collected_at=collected_at,
        mfa_enabled=mfa,
        access_keys_present=keys,
    )


def collect_password_policies(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield the account password policy (``exists=False`` when none is set)."""
    try:
        policy = iam_client(session).get_account_password_policy()["PasswordPolicy"]
    except botocore.exceptions.ClientError as err:
        if error_code(err) != "NoSuchEntity":
            raise translate_error(
                err,
                scope=scope,
                resource="PasswordPolicy",
                permission="iam:GetAccountPasswordPolicy",
            ) from err
        policy = None
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=scope, resource="PasswordPolicy", permission="iam:GetAccountPasswordPolicy"
        ) from err
    yield to_password_policy(policy, account=session.account, collected_at=session.now())


def collect_root_users(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield the root user from the credential report (usually already generated: 1 request).

    GetAccountSummary is called only when the report has no root row (emulators).
    """
    iam = iam_client(session)
    row = credential_rows(iam, scope=scope, resource="RootUser").get(ROOT_ROW)
    summary = None
    if row is None:
        try:
            summary = iam.get_account_summary()["SummaryMap"]
        except SDK_ERRORS as err:
            raise translate_error(
                err, scope=scope, resource="RootUser", permission="iam:GetAccountSummary"
            ) from err
    yield to_root_user(row, summary, account=session.account, collected_at=session.now())


COLLECTORS = (
    Collector(
        PasswordPolicy,
        collect_password_policies,
        permissions=("iam:GetAccountPasswordPolicy",),
        scope="global",
    ),
    Collector(
        RootUser,
        collect_root_users,
        permissions=(
            "iam:GenerateCredentialReport",
            "iam:GetCredentialReport",
            "iam:GetAccountSummary",
        ),
        scope="global",
    ),
)
