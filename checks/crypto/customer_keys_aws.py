"""AWS resources that encrypt at rest with a customer managed KMS key.

"Encrypted at rest" passes on AWS owned or AWS managed keys; these checks ask the stricter
question a control asks where key custody matters: is the key a customer managed KMS key,
whose key policy, rotation, disabling and CloudTrail record the organisation controls?

- AWS owned keys (SSE-SQS, DynamoDB's default, ECR's AES256) and AWS managed keys
  (``alias/aws/sqs``, ``aws/sns``, ``aws/dynamodb``, ``aws/elasticfilesystem``, ``aws/ecr``,
  ``aws/ebs``, ``aws/rds``) are provider-managed: FAIL.
- A key named only by ARN or id is resolved from the account's KMS inventory
  (providers/aws/link.py); when it cannot be, the manager is unknown: UNKNOWN, never PASS.
- Encryption off: FAIL. Kinds AWS always encrypts (SQS queues created since 2022 default
  to SSE-SQS, DynamoDB tables, ECR repositories) are mapped as provider-managed, never off.
"""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.crypto._controls import CUSTOMER_KEY
from scanner.findings import Result, Severity
from scanner.model import (
    DatabaseCluster,
    DataWarehouse,
    FileSystem,
    ImageRepository,
    Queue,
    SearchDomain,
    Snapshot,
    Table,
    Topic,
)
from scanner.registry import check


@check(
    id="CRYPTO-601",
    title="SQS queues encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=Queue,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def queue_customer_managed_key(queue: Queue) -> Result:
    """Messages under SSE-SQS or the AWS managed aws/sqs key cannot be cut off by a key
    policy the organisation writes, and cross-account producers cannot be granted the key.

    Remediation: set the queue's KmsMasterKeyId to a customer managed KMS key.
    """
    return encryption_at_rest(queue.encryption, customer_key=True)


@check(
    id="CRYPTO-602",
    title="SNS topics encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=Topic,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def topic_customer_managed_key(topic: Topic) -> Result:
    """A topic under the AWS managed aws/sns key cannot deliver to services or accounts
    outside the key's fixed policy, and key use cannot be restricted or revoked.

    Remediation: set the topic's KmsMasterKeyId to a customer managed KMS key.
    """
    return encryption_at_rest(topic.encryption, customer_key=True)


@check(
    id="CRYPTO-603",
    title="DynamoDB tables encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=Table,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def table_customer_managed_key(table: Table) -> Result:
    """Tables under the AWS owned key or the aws/dynamodb key leave the organisation no
    way to revoke or audit decryption of its items independently of IAM.

    Remediation: update the table's SSESpecification to KMS with a customer managed key.
    """
    return encryption_at_rest(table.encryption, customer_key=True)


@check(
    id="CRYPTO-604",
    title="EFS file systems encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=FileSystem,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def file_system_customer_managed_key(file_system: FileSystem) -> Result:
    """A file system under the aws/elasticfilesystem key is decryptable by any principal
    the account allows to mount it; a customer managed key adds a policy and audit trail.

    Remediation: create a file system encrypted with a customer managed key (encryption
    is fixed at creation) and copy the data across (AWS DataSync or AWS Backup restore).
    """
    return encryption_at_rest(file_system.encryption, customer_key=True)


@check(
    id="CRYPTO-605",
    title="ECR repositories encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=ImageRepository,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def image_repository_customer_managed_key(repo: ImageRepository) -> Result:
    """Images under AES256 or the aws/ecr key cannot be made unreadable by disabling a key
    the organisation holds.

    Remediation: create the repository with encryptionType KMS and a customer managed
    kmsKey (fixed at creation) and push the images to it.
    """
    return encryption_at_rest(repo.encryption, customer_key=True)


@check(
    id="CRYPTO-606",
    title="Snapshots and images encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=Snapshot,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def snapshot_customer_managed_key(snapshot: Snapshot) -> Result:
    """A snapshot or AMI under an AWS managed key (aws/ebs, aws/rds) cannot be shared with
    another account, and its decryption cannot be revoked apart from the source account.
    An AMI whose volumes use more than one key names no single key: UNKNOWN.

    Remediation: copy the snapshot with a customer managed KMS key (copy-snapshot or
    copy-db-snapshot --kms-key-id; copy-image for an AMI) and delete the provider-keyed copy.
    """
    return encryption_at_rest(snapshot.encryption, customer_key=True)


@check(
    id="CRYPTO-607",
    title="RDS and Aurora DB clusters encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=DatabaseCluster,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def database_cluster_customer_managed_key(cluster: DatabaseCluster) -> Result:
    """Cluster storage, backups and snapshots under the aws/rds key cannot be shared across
    accounts or cut off by a key policy the organisation writes.

    Remediation: restore a cluster snapshot copied with a customer managed KMS key
    (copy-db-cluster-snapshot --kms-key-id) and switch to the restored cluster.
    """
    return encryption_at_rest(cluster.encryption, customer_key=True)


@check(
    id="CRYPTO-608",
    title="OpenSearch domains encrypt at rest with a customer managed KMS key",
    severity=Severity.LOW,
    resource=SearchDomain,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def search_domain_customer_managed_key(domain: SearchDomain) -> Result:
    """Indices under the aws/es key cannot be made unreadable by disabling a key the
    organisation holds, and key use stays outside its own key policy.

    Remediation: create the domain with encryption at rest under a customer managed key
    (the key is fixed at creation) and restore a snapshot of the indices into it.
    """
    return encryption_at_rest(domain.encryption, customer_key=True)


@check(
    id="CRYPTO-609",
    title="Redshift clusters encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=DataWarehouse,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def data_warehouse_customer_managed_key(warehouse: DataWarehouse) -> Result:
    """A cluster under the aws/redshift key or an AWS owned key leaves its key hierarchy
    outside the organisation's key policy, rotation and revocation. A key the account's KMS
    inventory cannot place (an AWS owned key is not listed) stays UNKNOWN.

    Remediation: change the cluster's encryption to a customer managed KMS key
    (modify-cluster --encrypted --kms-key-id).
    """
    return encryption_at_rest(warehouse.encryption, customer_key=True)
