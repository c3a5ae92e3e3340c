"""AWS Organizations: list member accounts and open a session in each via a member role."""

from __future__ import annotations

from typing import Any

import botocore.exceptions

from providers.aws.session import SDK_ERRORS, AwsSession, assume_role, error_code, paginate
from scanner.config import ScanConfig
from scanner.errors import AuthenticationError


def org_statements(member_role: str) -> list[dict[str, Any]]:
    """The IAM statements ``scan --org`` needs on top of the collectors' read-only policy.

    For the calling identity: list the accounts (``member_accounts``) and assume
    ``member_role`` in each member (``connect_member``). The member role itself needs only
    the read-only policy.
    """
    return [
        {
            "Sid": "ComplyscanOrgListAccounts",
            "Effect": "Allow",
            "Action": ["organizations:ListAccounts"],
            "Resource": "*",
        },
        {
            "Sid": "ComplyscanOrgAssumeMemberRole",
            "Effect": "Allow",
            "Action": ["sts:AssumeRole"],
            "Resource": f"arn:aws:iam::*:role/{member_role}",
        },
    ]


def member_accounts(session: AwsSession, config: ScanConfig) -> list[str]:  # noqa: ARG001 - ProviderSpec.members signature
    """Every ACTIVE account of the organisation.

    Call it from the management account or a delegated administrator.
    """
    org = session.client("organizations", session.default_region)
    try:
        accounts = paginate(org, "list_accounts", "Accounts")
    except SDK_ERRORS as err:
        code = error_code(err) if isinstance(err, botocore.exceptions.ClientError) else ""
        raise AuthenticationError(
            "aws",
            f"cannot list the organisation's accounts ({code or type(err).__name__})",
            hint="Run --org from the management account or a delegated administrator with "
            "organizations:ListAccounts",
        ) from err
    return sorted(str(a["Id"]) for a in accounts if a.get("Status", "ACTIVE") == "ACTIVE")


def connect_member(session: AwsSession, account: str, config: ScanConfig) -> AwsSession:
    """A session in ``account``.

    The caller's own credentials serve its own account; elsewhere the member role
    (``--member-role``) is assumed.
    """
    if account == session.account:
        boto = session.boto
    else:
        partition = session.identity.split(":")[1] if session.identity.startswith("arn:") else "aws"
        role = f"arn:{partition}:iam::{account}:role/{config.member_role}"
        boto = assume_role(session.boto, role, session.default_region)
    member = AwsSession(
        boto=boto,
        account="",
        identity="",
        default_region=session.default_region,
        concurrency=session.concurrency,
        max_attempts=session.max_attempts,
        error_attempts=session.error_attempts,
        rate_limits=session.rate_limits,
    )
    member.account, member.identity = member.whoami()
    return member
