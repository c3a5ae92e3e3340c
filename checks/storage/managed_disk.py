"""Checks over Azure managed disks."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.storage._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import Volume
from scanner.registry import check


@check(
    id="STOR-210",
    title="Managed disks are encrypted with a customer-managed key",
    severity=Severity.LOW,
    resource=Volume,
    controls=(*AT_REST, "nist-800-53-r5:SC-12"),
    providers=("azure",),
)
def managed_disk_customer_key(disk: Volume) -> Result:
    """Platform-managed keys cannot be revoked or audited by you; a disk encryption set
    with a Key Vault key lets you cut off access to the disk and its snapshots.

    Remediation: create a disk encryption set with a Key Vault key and assign it to the
    disk (deallocate the VM first).
    """
    return encryption_at_rest(disk.encryption, customer_key=True)


@check(
    id="STOR-211",
    title="Managed disks cannot be exported over the public internet",
    severity=Severity.MEDIUM,
    resource=Volume,
    controls=(
        "soc2:CC6.6",
        "soc2:CC6.7",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
    ),
    providers=("azure",),
)
def managed_disk_no_public_access(disk: Volume) -> Result:
    """With network access AllowAll anyone holding a SAS URL can download a full copy of
    the disk from anywhere.

    Remediation: set the disk's network access policy to DenyAll (or AllowPrivate with a
    disk access resource) and disable public network access.
    """
    return setting(
        negated(disk.public_network_access),
        on="export/import restricted to private networks or denied",
        off="export/import allowed from all networks (AllowAll)",
        unread="disk network access policy unreadable",
    )
