"""Credential report polling/parsing, password policy and root user."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws.credential_report import (
    ROOT_ROW,
    credential_rows,
    fetch_credential_report,
    parse_credential_report,
    report_bool,
    report_time,
)
from providers.aws.iam import iam_client
from providers.aws.iam_account import (
    collect_password_policies,
    collect_root_users,
    to_password_policy,
    to_root_user,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import PasswordPolicy, RootUser
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,"
    "access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated"
)
REPORT = (
    f"{HEADER}\n"
    f"<root_account>,arn:aws:iam::{ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,"
    "2026-11-20T08:00:00+00:00,true,false,N/A,true,2021-01-01T00:00:00+00:00\n"
    f"alice,arn:aws:iam::{ACCOUNT}:user/alice,2024-01-01T00:00:00+00:00,true,no_information,"
    "false,true,2026-01-01T00:00:00+00:00,false,N/A\n"
)


@pytest.fixture
def iam_api(aws_session: AwsSession) -> Any:
    """The session's real IAM client (moto behind it)."""
    return iam_client(aws_session)


def test_existing_report_costs_one_request(iam_api: Any) -> None:
    gets = script(iam_api, "GetCredentialReport", {"Content": b"csv"})
    generates = script(iam_api, "GenerateCredentialReport")
    assert fetch_credential_report(iam_api) == b"csv"
    assert (len(gets), len(generates)) == (1, 0)


def test_missing_report_is_generated_then_polled_with_bounded_waits(iam_api: Any) -> None:
    gets = script(
        iam_api,
        "GetCredentialReport",
        "ReportNotPresent",
        "ReportInProgress",
        "ReportNotPresent",
        {"Content": b"csv"},
    )
    generates = script(iam_api, "GenerateCredentialReport", {"State": "STARTED"})
    waits: list[float] = []
    assert fetch_credential_report(iam_api, delay=0.5, sleep=waits.append) == b"csv"
    assert (len(gets), len(generates)) == (4, 1)
    assert waits == [0.5, 0.5, 0.5]


def test_expired_report_completed_at_once_needs_no_wait(iam_api: Any) -> None:
    gets = script(iam_api, "GetCredentialReport", "ReportExpired", {"Content": b"csv"})
    generates = script(iam_api, "GenerateCredentialReport", {"State": "COMPLETE"})
    waits: list[float] = []
    assert fetch_credential_report(iam_api, sleep=waits.append) == b"csv"
    assert (len(gets), len(generates), waits) == (2, 1, [])


def test_report_never_ready_gives_up(iam_api: Any) -> None:
    gets = script(iam_api, "GetCredentialReport", *["ReportInProgress"] * 3)
    assert fetch_credential_report(iam_api, attempts=3, sleep=lambda _: None) is None
    assert len(gets) == 3


def test_report_never_ready_fails_the_collector(iam_api: Any, aws_session: AwsSession) -> None:
    script(iam_api, "GetCredentialReport", *["ReportInProgress"] * 15)
    with pytest.raises(CollectionError, match="ReportInProgress"):
        credential_rows(iam_api, scope="global", resource="User", sleep=lambda _: None)


def test_other_report_errors_propagate(iam_api: Any) -> None:
    script(iam_api, "GetCredentialReport", "AccessDenied")
    with pytest.raises(iam_api.exceptions.ClientError):
        fetch_credential_report(iam_api, sleep=lambda _: None)


def test_moto_report_round_trip(iam_api: Any) -> None:
    iam_api.create_user(UserName="carol")
    rows = parse_credential_report(fetch_credential_report(iam_api) or b"")
    assert report_bool(rows["carol"]["password_enabled"]) is False


def test_parse_report_rows_and_values() -> None:
    rows = parse_credential_report(REPORT.encode())
    assert set(rows) == {ROOT_ROW, "alice"}
    assert report_bool(rows["alice"]["password_enabled"]) is True
    assert report_bool(rows[ROOT_ROW]["password_enabled"]) is None
    assert report_time(rows["alice"]["password_last_used"]) is None
    assert report_time(rows[ROOT_ROW]["password_last_used"]) == datetime(
        2026, 11, 20, 8, tzinfo=UTC
    )


@pytest.mark.parametrize("value", ["N/A", "no_information", "not_supported", "", None, "garbage"])
def test_report_time_empty_values(value: str | None) -> None:
    assert report_time(value) is None


def test_root_user_from_report_row() -> None:
    row = parse_credential_report(REPORT)[ROOT_ROW]
    root = to_root_user(row, None, account=ACCOUNT, collected_at=NOW)
    assert root.uid == f"arn:aws:iam::{ACCOUNT}:root"
    assert (root.mfa_enabled, root.access_keys_present) == (True, True)


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ({"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0}, (True, False)),
        ({"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 1}, (False, True)),
        (None, (None, None)),
    ],
)
def test_root_user_from_summary(
    summary: dict[str, int] | None, expected: tuple[object, ...]
) -> None:
    root = to_root_user(None, summary, account=ACCOUNT, collected_at=NOW)
    assert (root.mfa_enabled, root.access_keys_present) == expected


def test_password_policy_absent_is_explicit() -> None:
    policy = to_password_policy(None, account=ACCOUNT, collected_at=NOW)
    assert policy.uid == f"arn:aws:iam::{ACCOUNT}:account-password-policy"
    assert (policy.exists, policy.min_length, policy.max_age_days) == (False, 0, 0)


def test_password_policy_fields() -> None:
    policy = to_password_policy(
        {
            "MinimumPasswordLength": 14,
            "RequireSymbols": True,
            "RequireNumbers": True,
            "RequireUppercaseCharacters": True,
            "RequireLowercaseCharacters": False,
            "PasswordReusePrevention": 24,
            "MaxPasswordAge": 90,
            "ExpirePasswords": True,
        },
        account=ACCOUNT,
        collected_at=NOW,
    )
    assert policy.exists
    assert (policy.min_length, policy.reuse_prevention, policy.max_age_days) == (14, 24, 90)
    assert (policy.require_symbols, policy.require_lowercase) == (True, False)


# --- collectors against moto ------------------------------------------------------------


def test_collect_password_policy_absent(aws_session: AwsSession) -> None:
    (policy,) = collect_password_policies(aws_session, "global")
    assert isinstance(policy, PasswordPolicy)
    assert not policy.exists


def test_collect_password_policy_set(aws_session: AwsSession) -> None:
    iam_client(aws_session).update_account_password_policy(
        MinimumPasswordLength=16, RequireSymbols=True, PasswordReusePrevention=5, MaxPasswordAge=60
    )
    (policy,) = collect_password_policies(aws_session, "global")
    assert isinstance(policy, PasswordPolicy)
    assert (policy.exists, policy.min_length, policy.require_symbols) == (True, 16, True)
    assert (policy.reuse_prevention, policy.max_age_days, policy.require_numbers) == (5, 60, False)
    assert policy.account == ACCOUNT


def test_collect_password_policy_denied(aws_session: AwsSession) -> None:
    script(iam_client(aws_session), "GetAccountPasswordPolicy", "AccessDenied")
    with pytest.raises(CollectionError, match="GetAccountPasswordPolicy"):
        list(collect_password_policies(aws_session, "global"))


def test_collect_root_user_falls_back_to_summary_on_moto(aws_session: AwsSession) -> None:
    # moto's credential report has no <root_account> row, so GetAccountSummary answers.
    (root,) = collect_root_users(aws_session, "global")
    assert isinstance(root, RootUser)
    assert root.uid == f"arn:aws:iam::{ACCOUNT}:root"
    assert (root.mfa_enabled, root.access_keys_present) == (False, False)


def test_collect_root_user_from_report(aws_session: AwsSession) -> None:
    script(iam_client(aws_session), "GetCredentialReport", {"Content": REPORT.encode()})
    (root,) = collect_root_users(aws_session, "global")
    assert isinstance(root, RootUser)
    assert (root.mfa_enabled, root.access_keys_present) == (True, True)
