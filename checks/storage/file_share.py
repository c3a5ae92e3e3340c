"""Azure Files service settings (CIS Azure 9.1.x).

Semantics: Storage RP ``FileServiceProperties`` (shareDeleteRetentionPolicy,
protocolSettings.smb.versions / channelEncryption: ';'-separated, every supported value
when unset) and "SMB file shares in Azure Files" (security profiles: maximum security is
SMB 3.1.1 with AES-256-GCM only).
"""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import FileSystem
from scanner.registry import check

_TRANSPORT = ("soc2:CC6.7", "iso27001-2022:A.8.24", "nist-csf-2.0:PR.DS-02", "nist-800-53-r5:SC-8")
#: Accepted values at or above the CIS minimum (SMB 3.1.1; AES-256-GCM).
STRONG_SMB = frozenset({"smb3.1.1"})
STRONG_CIPHERS = frozenset({"aes-256-gcm"})


@check(
    id="STOR-258",
    title="Azure file shares keep deleted shares (soft delete)",
    severity=Severity.MEDIUM,
    resource=FileSystem,
    controls=(
        "soc2:A1.2",
        "iso27001-2022:A.8.13",
        "nist-csf-2.0:PR.DS-11",
        "nist-800-53-r5:CP-9",
        "cis-azure:9.1.1",
    ),
    providers=("azure",),
)
def file_share_soft_delete(files: FileSystem) -> Result:
    """Without share soft delete, deleting a file share (by mistake or by an attacker with
    the account key) destroys all of its data immediately.

    Remediation: enable soft delete for file shares on the storage account's file service
    (Data protection > Enable soft delete for file shares), with a retention period.
    """
    days = files.share_soft_delete_days
    if days is None:
        return unknown("file service properties unreadable")
    if days == 0:
        return failed("file share soft delete off")
    return passed(f"deleted shares kept {days} day(s)")


def _weak(accepted: tuple[str, ...] | None, strong: frozenset[str]) -> list[str] | None:
    if accepted is None:
        return None
    return [v for v in accepted if v.lower() not in strong]


@check(
    id="STOR-259",
    title="Azure file shares accept only SMB 3.1.1",
    severity=Severity.MEDIUM,
    resource=FileSystem,
    controls=(*_TRANSPORT, "cis-azure:9.1.2"),
    providers=("azure",),
)
def file_share_smb_version(files: FileSystem) -> Result:
    """SMB 2.1 has no encryption and SMB 3.0 lacks pre-authentication integrity; allowing
    them lets clients (and downgrade attacks) use weaker protocol versions.

    Remediation: in the file service's SMB settings, allow only SMB 3.1.1
    (protocolSettings.smb.versions = "SMB3.1.1").
    """
    weak = _weak(files.smb_versions, STRONG_SMB)
    if weak is None:
        return unknown("SMB settings unreadable")
    if weak:
        return failed(f"also accepts {', '.join(weak)}")
    return passed("only SMB 3.1.1 accepted")


@check(
    id="STOR-260",
    title="Azure file shares accept only AES-256-GCM SMB channel encryption",
    severity=Severity.MEDIUM,
    resource=FileSystem,
    controls=(*_TRANSPORT, "cis-azure:9.1.3"),
    providers=("azure",),
)
def file_share_channel_encryption(files: FileSystem) -> Result:
    """AES-128 channel ciphers give a smaller security margin than AES-256-GCM, which
    current baselines require for data in transit to file shares.

    Remediation: in the file service's SMB settings, allow only AES-256-GCM channel
    encryption (protocolSettings.smb.channelEncryption = "AES-256-GCM").
    """
    weak = _weak(files.smb_channel_encryption, STRONG_CIPHERS)
    if weak is None:
        return unknown("SMB settings unreadable")
    if weak:
        return failed(f"also accepts {', '.join(weak)}")
    return passed("only AES-256-GCM channel encryption accepted")
