"""Customer-managed keys for buckets and database instances, apart from "encrypted at rest".

Cloud Storage and Cloud SQL always encrypt at rest (STOR-001, DB-001 pass on Google-managed
keys); these checks ask the stricter question frameworks ask where key custody matters:
is the key one the organisation controls in Cloud KMS (bucket ``encryption.defaultKmsKeyName``,
instance ``diskEncryptionConfiguration.kmsKeyName``)? On AWS the same question covers S3
default encryption (SSE-S3, or SSE-KMS/DSSE-KMS with the AWS managed ``aws/s3`` key, are
provider-managed; S3 has applied SSE-S3 to every bucket since January 2023) and RDS storage
encryption (the ``aws/rds`` key is provider-managed; the manager of a key named by ARN comes
from the account's KMS inventory, else the verdict is UNKNOWN).
"""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.storage._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import Bucket, DatabaseInstance
from scanner.registry import check

_CMEK = (*AT_REST, "nist-800-53-r5:SC-12")


@check(
    id="STOR-104",
    title="Buckets encrypt with a customer-managed key by default",
    severity=Severity.LOW,
    resource=Bucket,
    controls=_CMEK,
    providers=("gcp", "aws"),  # Cloud Storage default KMS key; S3 default SSE-KMS/DSSE-KMS key
)
def bucket_customer_managed_key(bucket: Bucket) -> Result:
    """Objects under Google-managed keys cannot be made unreadable by disabling a key the
    organisation holds, and key use leaves no trail in its own audit logs.

    Remediation: set a Cloud KMS key as the bucket's default encryption key
    (gcloud storage buckets update gs://BUCKET --default-encryption-key=KEY); on S3, set
    default encryption to SSE-KMS with a customer managed key (aws s3api
    put-bucket-encryption, SSEAlgorithm aws:kms and KMSMasterKeyID).
    """
    return encryption_at_rest(bucket.encryption, customer_key=True)


@check(
    id="DB-125",
    title="Database instances encrypt with a customer-managed key",
    severity=Severity.LOW,
    resource=DatabaseInstance,
    controls=_CMEK,
    providers=("gcp", "aws"),  # Cloud SQL CMEK; RDS storage encryption KmsKeyId
)
def database_customer_managed_key(db: DatabaseInstance) -> Result:
    """Database disks and backups under Google-managed keys stay outside the organisation's
    key controls: no revocation, rotation policy or key-use audit trail of its own.

    Remediation: create the instance with a Cloud KMS key (--disk-encryption-key) and
    migrate the data; CMEK cannot be added to an existing instance. On RDS, restore an
    encrypted copy of a snapshot under a customer managed KMS key (copy-db-snapshot
    --kms-key-id) and switch to the restored instance.
    """
    return encryption_at_rest(db.encryption, customer_key=True)
