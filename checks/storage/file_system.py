"""Checks over managed network file systems (EFS, Filestore, Azure Files)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.storage._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import FileSystem
from scanner.registry import check


@check(
    id="STOR-012",
    title="File systems are encrypted at rest",
    severity=Severity.MEDIUM,
    resource=FileSystem,
    controls=(*AT_REST, "cis-aws:3.3.1"),
    providers=("aws",),
)
def file_system_encrypted(file_system: FileSystem) -> Result:
    """Shared file systems collect data from many workloads; stored unencrypted, it is
    readable from underlying media and backups outside any key policy.

    Remediation: encryption at rest is fixed at creation: create an encrypted file system,
    copy the data across (e.g. with a managed data sync job) and retire the old one.
    """
    return encryption_at_rest(file_system.encryption)
