"""Checks over region-level block storage defaults."""

from __future__ import annotations

from checks._common import setting
from checks.storage._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import BlockStorageDefaults
from scanner.registry import check


@check(
    id="STOR-011",
    title="Block storage is encrypted by default in the region",
    severity=Severity.MEDIUM,
    resource=BlockStorageDefaults,
    controls=(*AT_REST, "cis-aws:6.1.1"),
    providers=("aws",),
)
def block_storage_encrypted_by_default(defaults: BlockStorageDefaults) -> Result:
    """Without encryption by default every new volume relies on its creator remembering to
    ask for encryption, and one forgotten flag leaves plaintext data behind.

    Remediation: enable EBS encryption by default in every region in use (optionally with a
    customer-managed default key).
    """
    return setting(
        defaults.encryption_by_default,
        on="encryption by default on",
        off="new volumes are not encrypted by default",
        unread="encryption-by-default setting unreadable",
    )
