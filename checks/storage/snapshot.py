"""Checks over volume and database snapshots."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.storage._controls import AT_REST, NOT_PUBLIC
from scanner.findings import Result, Severity
from scanner.model import Snapshot
from scanner.registry import check


@check(
    id="STOR-009",
    title="Snapshots are encrypted at rest",
    severity=Severity.MEDIUM,
    resource=Snapshot,
    controls=AT_REST,
    providers=("aws",),
)
def snapshot_encrypted(snapshot: Snapshot) -> Result:
    """A snapshot is a full copy of a disk or database; unencrypted, it can be restored
    and read by anyone it is shared with, without any key policy standing in the way.

    Remediation: copy the snapshot with encryption enabled, delete the plaintext original,
    and encrypt the source volume or database so future snapshots are encrypted.
    """
    return encryption_at_rest(snapshot.encryption)


@check(
    id="STOR-010",
    title="Snapshots are not shared publicly",
    severity=Severity.CRITICAL,
    resource=Snapshot,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def snapshot_not_public(snapshot: Snapshot) -> Result:
    """A public snapshot can be copied and restored by any account in the world, handing
    over the whole disk or database including credentials stored on it.

    Remediation: remove the public ('all') restore permission and share only with named
    accounts; rotate any secrets the snapshot contained.
    """
    return setting(
        negated(snapshot.public),
        on="not shared publicly",
        off=f"{snapshot.source} snapshot is restorable by anyone",
        unread="sharing permissions unreadable",
    )
