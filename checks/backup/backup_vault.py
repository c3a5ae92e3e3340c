"""Checks over backup vaults (containers of recovery points)."""

from __future__ import annotations

from checks._common import encryption_at_rest, setting
from checks.backup._controls import BACKUP_AT_REST, BACKUP_POLICY
from scanner.findings import Result, Severity, not_applicable
from scanner.model import BackupVault
from scanner.registry import check


@check(
    id="BACKUP-001",
    title="Backup vaults are encrypted at rest",
    severity=Severity.MEDIUM,
    resource=BackupVault,
    controls=BACKUP_AT_REST,
    providers=("aws", "azure"),
)
def backup_vault_encrypted(vault: BackupVault) -> Result:
    """Recovery points hold full copies of production data; unencrypted, they are the
    easiest place to steal it from. A provider-managed key satisfies this check; BACKUP-002
    asks for a customer-managed key separately.

    Remediation: recreate the vault with encryption (recovery points cannot be re-encrypted
    in place) and copy existing recovery points into it.
    """
    return encryption_at_rest(vault.encryption)


@check(
    id="BACKUP-002",
    title="Backup vaults are encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource=BackupVault,
    controls=BACKUP_AT_REST,
    providers=("aws", "azure"),
)
def backup_vault_encrypted_with_customer_key(vault: BackupVault) -> Result:
    """With a provider-managed key, anyone allowed to restore can read the backups and the
    key cannot be shared for cross-account copies; a customer-managed key puts a separately
    governed, audited policy in front of every restore.

    Remediation: create a vault encrypted with a customer-managed KMS key, point backup
    plans at it and copy existing recovery points across.
    """
    return encryption_at_rest(vault.encryption, customer_key=True)


@check(
    id="BACKUP-305",
    title="Backup vaults holding recovery points are locked",
    severity=Severity.LOW,
    resource=BackupVault,
    controls=BACKUP_POLICY,
    providers=("aws",),
)
def backup_vault_locked(vault: BackupVault) -> Result:
    """Without a vault lock, an administrator, or anyone holding their credentials, can
    delete recovery points or shorten their retention; ransomware operators do exactly
    that before encrypting production.

    Remediation: apply a Vault Lock configuration (minimum and maximum retention) to the
    vault; use compliance mode once the retention settings are final.
    """
    if vault.recovery_points == 0:
        return not_applicable("vault holds no recovery points")
    return setting(
        vault.locked,
        on="vault lock applied",
        off="vault is not locked",
        unread="vault lock status unreadable",
    )
