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


@check(
    id="STOR-103",
    title="Disks are encrypted with customer-managed keys",
    severity=Severity.LOW,
    resource=Volume,
    controls=(*AT_REST, "nist-800-53-r5:SC-12", "cis-gcp:4.7"),
    providers=("gcp", "aws"),  # persistent disks; EBS volumes (KmsKeyId, aws/ebs is AWS managed)
)
def volume_customer_managed_key(volume: Volume) -> Result:
    """With provider-managed keys, who may decrypt a disk is governed only by the provider;
    a customer-managed (Cloud KMS) or customer-supplied key lets you audit, rotate and
    revoke access to the data, including every snapshot and image made from it.

    Remediation: create the disk (or a copy from a snapshot) with a Cloud KMS key
    (--kms-key) or a customer-supplied key, and retire the provider-keyed disk. On EBS,
    copy a snapshot with a customer managed KMS key (copy-snapshot --kms-key-id), create a
    volume from it and swap it in.
    """
    return encryption_at_rest(volume.encryption, customer_key=True)
