"""Checks over Recovery Services vaults' protection of backup data (Azure)."""

from __future__ import annotations

from checks._common import setting
from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import BackupVault
from scanner.registry import check


@check(
    id="BACKUP-201",
    title="Recovery Services vaults keep deleted backups recoverable (soft delete)",
    severity=Severity.HIGH,
    resource=BackupVault,
    controls=BACKUP_POLICY,
    providers=("azure",),
)
def recovery_vault_soft_delete(vault: BackupVault) -> Result:
    """Ransomware operators delete backups before encrypting production; soft delete keeps
    deleted backup data for 14 days or more so it can still be restored.

    Remediation: enable soft delete (preferably "always on") in the vault's security
    settings.
    """
    return setting(
        vault.soft_delete_enabled,
        on="soft delete enabled",
        off="soft delete disabled",
        unread="security settings unreadable",
    )


@check(
    id="BACKUP-202",
    title="Recovery Services vaults are immutable",
    severity=Severity.MEDIUM,
    resource=BackupVault,
    controls=(*BACKUP_POLICY, "nist-800-53-r5:SI-12"),
    providers=("azure",),
)
def recovery_vault_immutable(vault: BackupVault) -> Result:
    """Without immutability an administrator, or anyone who steals their token, can cut
    retention or delete recovery points before they expire.

    Remediation: enable immutability on the vault and lock it once retention is settled.
    """
    if vault.immutability is None:
        return unknown("immutability setting unreadable")
    if vault.immutability == "disabled":
        return failed("immutability disabled")
    return passed(f"immutability {vault.immutability}")
