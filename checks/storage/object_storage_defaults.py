"""Checks over account-level object storage settings."""

from __future__ import annotations

from checks._common import setting
from checks.storage._controls import NOT_PUBLIC
from scanner.findings import Result, Severity
from scanner.model import ObjectStorageDefaults
from scanner.registry import check


@check(
    id="STOR-007",
    title="Account-level object storage public access block is on",
    severity=Severity.HIGH,
    resource=ObjectStorageDefaults,
    controls=(*NOT_PUBLIC, "cis-aws:3.1.4"),
    providers=("aws",),
)
def object_storage_blocks_public_access(defaults: ObjectStorageDefaults) -> Result:
    """The account-wide public access block covers every existing and future bucket, so a
    new bucket or a mistaken policy cannot be made public by one careless change.

    Remediation: turn on all four public access block settings at the account level, after
    confirming no bucket must stay public (serve those through a CDN instead).
    """
    return setting(
        defaults.public_access_block,
        on="account public access block fully on",
        off="account public access block off or partial",
        unread="account public access block unreadable",
    )
