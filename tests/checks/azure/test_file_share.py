"""Near-miss twins for Azure Files (CIS 9.1.x): FileServiceProperties semantics (unset
versions/ciphers mean every supported value, see providers/azure/files.py)."""

from __future__ import annotations

import pytest

from checks.storage import file_share as f
from scanner.findings import Status
from tests.checks.factories_azure import file_service


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (f.file_share_soft_delete, {"share_soft_delete_days": 1}, "pass"),
        (f.file_share_soft_delete, {"share_soft_delete_days": 0}, "fail"),
        (f.file_share_soft_delete, {"share_soft_delete_days": None}, "unknown"),
        (f.file_share_smb_version, {"smb_versions": ("SMB3.0", "SMB3.1.1")}, "fail"),
        (f.file_share_smb_version, {"smb_versions": ("SMB2.1", "SMB3.0", "SMB3.1.1")}, "fail"),
        (f.file_share_smb_version, {"smb_versions": ("smb3.1.1",)}, "pass"),
        (f.file_share_smb_version, {"smb_versions": None}, "unknown"),
        (
            f.file_share_channel_encryption,
            {"smb_channel_encryption": ("AES-128-GCM", "AES-256-GCM")},
            "fail",
        ),
        (f.file_share_channel_encryption, {"smb_channel_encryption": ("AES-128-CCM",)}, "fail"),
        (f.file_share_channel_encryption, {"smb_channel_encryption": None}, "unknown"),
    ],
)
def test_file_share_twins(check, overrides, expected):
    assert check(file_service()).status is Status.PASS
    assert check(file_service(**overrides)).status is Status(expected)
