"""Customer managed KMS key checks on AWS kinds: near-miss twins per kind.

Each case pairs the closest compliant configuration (a customer managed key) with the
closest failing ones (an AWS managed ``aws/*`` key or an AWS owned key), the unreadable
key manager (UNKNOWN) and no encryption (FAIL). The mapper cases feed documented API
shapes through the real collector helpers, so the verdict follows what AWS reports.

AWS documentation each kind's key semantics come from (docs.aws.amazon.com):

- S3, SSE-S3 on every bucket since 5 Jan 2023 and the aws/s3 AWS managed key:
  AmazonS3/latest/userguide/default-encryption-faq.html, .../UsingKMSEncryption.html
- RDS, the aws/rds key: AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
- EBS, the aws/ebs key: ebs/latest/userguide/ebs-encryption.html
- SQS, SSE-SQS (owned key, default for new queues) and alias/aws/sqs:
  AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
- SNS, aws/sns and no encryption by default: sns/latest/dg/sns-server-side-encryption.html
- DynamoDB, AWS owned key by default, aws/dynamodb or customer managed:
  amazondynamodb/latest/developerguide/EncryptionAtRest.html
- EFS, aws/elasticfilesystem: efs/latest/ug/encryption-at-rest.html
- ECR, AES256 or aws/ecr: AmazonECR/latest/userguide/encryption-at-rest.html
- RDS/Aurora clusters, aws/rds: AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html
- OpenSearch, aws/es or a customer key (KmsKeyId):
  opensearch-service/latest/developerguide/encryption-at-rest.html
- Redshift, aws/redshift or a customer key (KmsKeyId):
  redshift/latest/mgmt/working-with-db-encryption.html
- Snapshots under an AWS managed key cannot be shared:
  ebs/latest/userguide/ebs-modifying-snapshot-permissions.html
"""

from typing import Any

import pytest

from checks.crypto.customer_keys_aws import (
    data_warehouse_customer_managed_key,
    database_cluster_customer_managed_key,
    file_system_customer_managed_key,
    image_repository_customer_managed_key,
    queue_customer_managed_key,
    search_domain_customer_managed_key,
    snapshot_customer_managed_key,
    table_customer_managed_key,
    topic_customer_managed_key,
)
from checks.storage.customer_keys import bucket_customer_managed_key, database_customer_managed_key
from checks.storage.volume import volume_customer_managed_key
from providers.aws.ami import image_encryption
from providers.aws.dynamodb import to_table_encryption
from providers.aws.ecr import repository_encryption
from providers.aws.link import link_key_managers
from providers.aws.messaging import sse_encryption
from providers.aws.s3 import to_bucket_encryption
from providers.aws.shapes import kms_encryption
from scanner.findings import Status
from scanner.model import Encryption, KmsKey, Resource, Volume
from scanner.registry import load
from tests.checks.factories import (
    bucket,
    cmk_encryption,
    database_instance,
    file_system,
    image_repository,
    kms_key,
    no_encryption,
    provider_encryption,
    queue,
    snapshot,
    table,
    topic,
    volume,
)
from tests.checks.factories_breadth import database_cluster
from tests.checks.factories_workloads import data_warehouse, search_domain

CMK_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
AWS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321"
UNREAD = Encryption(enabled=True, key_managed_by=None, key_id=CMK_ARN)

KINDS: list[tuple[Any, Any]] = [
    (bucket, bucket_customer_managed_key),
    (database_instance, database_customer_managed_key),
    (volume, volume_customer_managed_key),
    (queue, queue_customer_managed_key),
    (topic, topic_customer_managed_key),
    (table, table_customer_managed_key),
    (file_system, file_system_customer_managed_key),
    (image_repository, image_repository_customer_managed_key),
    (snapshot, snapshot_customer_managed_key),
    (database_cluster, database_cluster_customer_managed_key),
    (search_domain, search_domain_customer_managed_key),
    (data_warehouse, data_warehouse_customer_managed_key),
]


@pytest.mark.parametrize(("factory", "check"), KINDS, ids=lambda x: getattr(x, "__name__", ""))
@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (cmk_encryption(), Status.PASS),
        (provider_encryption(), Status.FAIL),
        (Encryption(enabled=True, key_managed_by="provider", key_id=AWS_KEY_ARN), Status.FAIL),
        (UNREAD, Status.UNKNOWN),
        (Encryption(enabled=True), Status.UNKNOWN),
        (no_encryption(), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_customer_key_twins(factory, check, encryption, expected):
    result = check(factory(encryption=encryption))
    assert result.status is expected, result.reason


def test_provider_key_fails_as_provider_managed_not_unencrypted():
    result = queue_customer_managed_key(queue(encryption=provider_encryption()))
    assert "provider-managed" in result.reason
    assert "not encrypted" not in result.reason


@pytest.mark.parametrize(
    "check_id",
    ["STOR-103", "STOR-104", "DB-125", *(f"CRYPTO-60{n}" for n in range(1, 10))],
)
def test_checks_claim_aws(check_id):
    assert "aws" in load().get(check_id).providers


# --- documented API shapes through the real mappers ------------------------------------


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # SSE-S3 (the default since January 2023): S3 owned key
        ({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}, Status.FAIL),
        # SSE-KMS without a key id: the AWS managed aws/s3 key
        ({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]}}, Status.FAIL),
        ({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": "arn:aws:kms:us-east-1:111122223333:alias/aws/s3"}}]}},
         Status.FAIL),
        # a key ARN alone may be the AWS managed aws/s3 key: unknown until the link step
        # reads its KeyManager; see test_s3_key_manager.py under tests/providers/aws
        ({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": CMK_ARN}}]}}, Status.UNKNOWN),
        ({"ServerSideEncryptionConfiguration": {"Rules": [
            {"ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms:dsse", "KMSMasterKeyID": CMK_ARN}}]}}, Status.UNKNOWN),
        ({}, Status.FAIL),
    ],
)  # fmt: skip
def test_s3_default_encryption_shapes(answer, expected):
    enc = to_bucket_encryption(answer)
    assert bucket_customer_managed_key(bucket(encryption=enc)).status is expected


@pytest.mark.parametrize(
    ("key_id", "sqs_managed", "expected"),
    [
        (None, True, Status.FAIL),  # SSE-SQS
        ("alias/aws/sqs", False, Status.FAIL),  # AWS managed key
        ("alias/orders-key", False, Status.PASS),  # a customer alias
        (CMK_ARN, False, Status.UNKNOWN),  # ARN alone: manager unread until linked
        (None, False, Status.FAIL),  # SSE off (queues created before SSE-SQS default)
    ],
)
def test_sqs_attribute_shapes(key_id, sqs_managed, expected):
    enc = sse_encryption(key_id, sqs_managed=sqs_managed)
    assert queue_customer_managed_key(queue(encryption=enc)).status is expected


@pytest.mark.parametrize(
    ("key_id", "expected"),
    [
        ("alias/aws/sns", Status.FAIL),
        ("alias/alerts-key", Status.PASS),
        (None, Status.FAIL),  # SNS topics are unencrypted unless a key is set
    ],
)
def test_sns_attribute_shapes(key_id, expected):
    assert topic_customer_managed_key(topic(encryption=sse_encryption(key_id))).status is expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ({}, Status.FAIL),  # AWS owned key (no SSEDescription)
        ({"SSEDescription": {"Status": "DISABLED"}}, Status.FAIL),
        ({"SSEDescription": {"SSEType": "KMS", "Status": "ENABLED",
                             "KMSMasterKeyArn": CMK_ARN}}, Status.UNKNOWN),
    ],
)  # fmt: skip
def test_dynamodb_shapes(description, expected):
    enc = to_table_encryption(description)
    assert table_customer_managed_key(table(encryption=enc)).status is expected


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (None, Status.FAIL),
        ({"encryptionType": "AES256"}, Status.FAIL),
        ({"encryptionType": "KMS"}, Status.FAIL),  # no kmsKey: aws/ecr
        ({"encryptionType": "KMS", "kmsKey": CMK_ARN}, Status.UNKNOWN),
    ],
)
def test_ecr_shapes(config, expected):
    enc = repository_encryption(config)
    assert (
        image_repository_customer_managed_key(image_repository(encryption=enc)).status is expected
    )


@pytest.mark.parametrize(
    ("managed_by", "expected"), [("customer", Status.PASS), ("provider", Status.FAIL)]
)
def test_linked_kms_inventory_resolves_arn(managed_by, expected):
    key = kms_key(uid=CMK_ARN, name=CMK_ARN.rsplit("/", 1)[-1], managed_by=managed_by)
    vol = volume(encryption=kms_encryption(True, CMK_ARN))
    inventory: dict[type[Resource], list[Resource]] = {KmsKey: [key], Volume: [vol]}
    (linked,) = link_key_managers(inventory)[Volume]
    assert isinstance(linked, Volume)
    assert volume_customer_managed_key(linked).status is expected


def test_ami_with_two_keys_is_unknown():
    image = {"BlockDeviceMappings": [
        {"Ebs": {"Encrypted": True, "KmsKeyId": CMK_ARN}},
        {"Ebs": {"Encrypted": True, "KmsKeyId": AWS_KEY_ARN}},
    ]}  # fmt: skip
    enc = image_encryption(image)
    assert snapshot_customer_managed_key(snapshot(encryption=enc)).status is Status.UNKNOWN


def test_ami_with_an_unencrypted_volume_fails():
    image = {"BlockDeviceMappings": [
        {"Ebs": {"Encrypted": True, "KmsKeyId": CMK_ARN}}, {"Ebs": {"Encrypted": False}},
    ]}  # fmt: skip
    enc = image_encryption(image)
    assert snapshot_customer_managed_key(snapshot(encryption=enc)).status is Status.FAIL


def test_ebs_alias_of_aws_managed_key_fails_without_inventory():
    enc = kms_encryption(True, "alias/aws/ebs")
    assert volume_customer_managed_key(volume(encryption=enc)).status is Status.FAIL


@pytest.mark.parametrize(
    ("key_id", "expected"),
    [
        (None, Status.UNKNOWN),  # encrypted, key not named: an AWS owned key cannot be told
        ("AWS_OWNED_KMS_KEY", Status.UNKNOWN),  # not in the KMS inventory
    ],
)
def test_redshift_unplaced_key_is_unknown(key_id, expected):
    enc = kms_encryption(True, key_id)
    assert data_warehouse_customer_managed_key(data_warehouse(encryption=enc)).status is expected


def test_redshift_unencrypted_fails():
    enc = kms_encryption(False, None)
    assert data_warehouse_customer_managed_key(data_warehouse(encryption=enc)).status is Status.FAIL
