"""Checks over workloads enrolled in backup (Recovery Services protected items)."""

from __future__ import annotations

from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ProtectedItem
from scanner.registry import check

_ACTIVE = {"protected", "irpending"}


@check(
    id="BACKUP-203",
    title="Protected items are actively backed up and the last backup succeeded",
    severity=Severity.MEDIUM,
    resource=ProtectedItem,
    controls=(*BACKUP_POLICY, "nist-800-53-r5:CP-10"),
    providers=("azure",),
)
def protected_item_backup_succeeded(item: ProtectedItem) -> Result:
    """An item whose protection stopped or whose backups fail looks covered in inventories
    while no new recovery point is being made.

    Remediation: resume protection (assign a policy) and fix the cause of the failed
    backup job, then run an on-demand backup.
    """
    state = (item.protection_state or "").lower()
    if state and state not in _ACTIVE:
        return failed(f"protection state {item.protection_state}")
    if item.last_backup_succeeded is None:
        return unknown("last backup status unknown")
    if not item.last_backup_succeeded:
        return failed("last backup failed")
    return passed(f"protected by {item.policy or 'a policy'}; last backup succeeded")
