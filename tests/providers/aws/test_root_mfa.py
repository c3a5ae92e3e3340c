"""Root MFA device kind: ListVirtualMFADevices (moto) tells virtual from hardware."""

from __future__ import annotations

from typing import Any

import pytest

from providers.aws.iam import iam_client
from providers.aws.iam_account import collect_root_users, root_mfa_device
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import RootUser
from tests.providers.aws.scripted import script
from tests.providers.aws.test_iam_account import ACCOUNT, REPORT

ROOT_SERIAL = f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device"


@pytest.mark.parametrize(
    ("mfa", "devices", "expected"),
    [
        (None, [], None),
        (False, None, "none"),
        (True, None, None),
        (True, [], "hardware"),
        (True, [{"SerialNumber": ROOT_SERIAL}], "virtual"),
        (True, [{"SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/phone",
                 "User": {"Arn": f"arn:aws:iam::{ACCOUNT}:root"}}], "virtual"),
        (True, [{"SerialNumber": f"arn:aws:iam::{ACCOUNT}:mfa/alice",
                 "User": {"Arn": f"arn:aws:iam::{ACCOUNT}:user/alice"}}], "hardware"),
    ],
)  # fmt: skip
def test_root_mfa_device(mfa: bool | None, devices: list[Any] | None, expected: str | None):
    assert root_mfa_device(mfa, devices, account=ACCOUNT) == expected


def _root(session: AwsSession) -> tuple[RootUser, list[CollectionError]]:
    items = list(collect_root_users(session, "global"))
    roots = [i for i in items if isinstance(i, RootUser)]
    assert len(roots) == 1
    return roots[0], [i for i in items if isinstance(i, CollectionError)]


def test_root_without_mfa_needs_no_device_listing(aws_session: AwsSession) -> None:
    listings = script(iam_client(aws_session), "ListVirtualMFADevices")
    root, errors = _root(aws_session)  # moto: root MFA off
    assert (root.mfa_enabled, root.mfa_device, errors, listings) == (False, "none", [], [])


@pytest.mark.parametrize(("virtual", "expected"), [(True, "virtual"), (False, "hardware")])
def test_root_mfa_kind_from_moto(aws_session: AwsSession, virtual: bool, expected: str) -> None:
    iam = iam_client(aws_session)
    if virtual:
        iam.create_virtual_mfa_device(VirtualMFADeviceName="root-account-mfa-device")
    iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-phone")
    script(iam, "GetCredentialReport", {"Content": REPORT.encode()})  # root MFA on
    root, errors = _root(aws_session)
    assert (root.mfa_enabled, root.mfa_device, errors) == (True, expected, [])


def test_denied_device_listing_leaves_kind_unknown(aws_session: AwsSession) -> None:
    iam = iam_client(aws_session)
    script(iam, "GetCredentialReport", {"Content": REPORT.encode()})
    script(iam, "ListVirtualMFADevices", "AccessDenied")
    root, [error] = _root(aws_session)
    assert (root.mfa_enabled, root.mfa_device) == (True, None)
    assert (error.permission, error.uid) == ("iam:ListVirtualMFADevices", root.uid)
