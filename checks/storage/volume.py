"""Checks over block storage volumes (EBS, persistent disks, managed disks)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.storage._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import Volume
from scanner.registry import check


@check(
    id="STOR-008",
    title="Volumes are encrypted at rest",
    severity=Severity.MEDIUM,
    resource=Volume,
    controls=AT_REST,
)
def volume_encrypted(volume: Volume) -> Result:
    """Unencrypted volumes leave data, and every snapshot taken from them, readable to
    anyone who obtains a copy, including through a snapshot shared by mistake.

    Remediation: snapshot the volume, copy the snapshot with encryption on, create a new
    volume from it and swap it in; enable encryption by default for new volumes.
    """
    return encryption_at_rest(volume.encryption)
