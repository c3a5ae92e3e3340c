"""Checks over backup vaults (containers of recovery points)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.backup._controls import BACKUP_AT_REST
from scanner.findings import Result, Severity
from scanner.model import BackupVault
from scanner.registry import check


@check(
    id="BACKUP-001",
    title="Backup vaults are encrypted at rest",
    severity=Severity.MEDIUM,
    resource=BackupVault,
    controls=BACKUP_AT_REST,
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
)
def backup_vault_encrypted_with_customer_key(vault: BackupVault) -> Result:
    """With a provider-managed key, anyone allowed to restore can read the backups and the
    key cannot be shared for cross-account copies; a customer-managed key puts a separately
    governed, audited policy in front of every restore.

    Remediation: create a vault encrypted with a customer-managed KMS key, point backup
    plans at it and copy existing recovery points across.
    """
    return encryption_at_rest(vault.encryption, customer_key=True)
