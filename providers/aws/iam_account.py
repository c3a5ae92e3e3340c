"""Account-level IAM settings: the password policy and the root user."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal

import botocore.exceptions

from providers.aws.credential_report import ROOT_ROW, credential_rows, report_bool
from providers.aws.iam import iam_client
from providers.aws.session import (
    SDK_ERRORS,
    AwsSession,
    error_code,
    paginate,
    translate_error,
)
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


_LIST_MFA = "iam:ListVirtualMFADevices"
#: The serial number IAM gives the root user's virtual MFA device.
ROOT_VIRTUAL_MFA = "root-account-mfa-device"


def root_mfa_device(
    mfa: bool | None, virtual: Sequence[Mapping[str, Any]] | None, *, account: str
) -> Literal["hardware", "virtual", "none"] | None:
    """Pure: root MFA on/off + ListVirtualMFADevices (None: unread) -> the device kind.

    The root user's virtual device has serial ``arn:aws:iam::ACCOUNT:mfa/{ROOT_VIRTUAL_MFA}``
    (or is assigned to ``arn:aws:iam::ACCOUNT:root``); MFA on without one means a hardware
    device (a TOTP token or a FIDO security key), as CIS 2.6 audits it.
    """
    if mfa is None:
        return None
    if not mfa:
        return "none"
    if virtual is None:
        return None
    serial = f"arn:aws:iam::{account}:mfa/{ROOT_VIRTUAL_MFA}"
    root = f"arn:aws:iam::{account}:root"
    is_root = [
        d for d in virtual
        if d.get("SerialNumber") == serial or (d.get("User") or {}).get("Arn") == root
    ]  # fmt: skip
    return "virtual" if is_root else "hardware"


def to_root_user(
    row: Mapping[str, str] | None,
    summary: Mapping[str, Any] | None,
    *,
    account: str,
    collected_at: datetime,
    virtual_devices: Sequence[Mapping[str, Any]] | None = None,
) -> RootUser:
    """Pure: the credential report ``<root_account>`` row, else GetAccountSummary's map.

    Access keys count when *active*, as CIS audits them (``access_key_N_active``); the
    summary's ``AccountAccessKeysPresent`` counts inactive keys too. Neither: None.
    ``virtual_devices`` (ListVirtualMFADevices; None unread) tells hardware from virtual MFA.
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
        mfa_device=root_mfa_device(mfa, virtual_devices, account=account),
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

    GetAccountSummary is called only when the report has no root row (emulators);
    ListVirtualMFADevices only when root MFA is on (to tell hardware from virtual).
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
    now = session.now()
    root = to_root_user(row, summary, account=session.account, collected_at=now)
    if not root.mfa_enabled:
        yield root
        return
    try:
        devices = paginate(iam, "list_virtual_mfa_devices", "VirtualMFADevices")
    except SDK_ERRORS as err:
        yield root  # MFA on; which kind stays unknown
        yield translate_error(
            err, scope=scope, resource="RootUser", permission=_LIST_MFA, uid=root.uid
        )
        return
    yield to_root_user(
        row, summary, account=session.account, collected_at=now, virtual_devices=devices
    )


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
            _LIST_MFA,
        ),
        scope="global",
    ),
)
