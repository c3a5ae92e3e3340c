"""Backup checks over block storage volumes (snapshot schedules on disks)."""

from __future__ import annotations

from checks._common import setting
from checks.backup._controls import BACKUP_POLICY
from scanner.findings import Result, Severity, not_applicable
from scanner.model import Volume
from scanner.registry import check


@check(
    id="BACKUP-101",
    title="Disks in use have a snapshot schedule",
    severity=Severity.MEDIUM,
    resource=Volume,
    controls=BACKUP_POLICY,
    providers=("gcp",),
)
def volume_has_snapshot_schedule(volume: Volume) -> Result:
    """A disk without scheduled snapshots can only be restored from whatever someone
    remembered to copy by hand; deletion, corruption or ransomware loses its data.

    Remediation: attach a snapshot schedule resource policy to the disk, with a retention
    matching your recovery point objective.
    """
    if volume.attached is False:
        return not_applicable("disk is not attached to any VM")
    return setting(
        volume.snapshot_schedule,
        on="snapshot schedule attached",
        off="no snapshot schedule",
        unread="resource policies unreadable",
    )
