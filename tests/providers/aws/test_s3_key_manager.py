"""S3 default encryption: who manages the KMS key, read from the key, never guessed.

A bucket's ``KMSMasterKeyID`` may be an alias, an alias ARN, a key id or a key ARN
(S3 API reference, ServerSideEncryptionByDefault). The AWS managed ``aws/s3`` key can be
given by its key ARN like any customer key, so the mapper leaves the manager unknown for
key ids and ARNs and the link step fills it from DescribeKey ``KeyManager`` (AWS |
CUSTOMER; KMS API reference, KeyMetadata). Alias names decide on their own: ``alias/aws/``
is reserved for AWS managed keys (KMS Developer Guide, "Aliases in AWS KMS").

moto answers DescribeKey for its ``aws/s3`` key with KeyManager CUSTOMER; the test answers
that one call as AWS does (KeyManager AWS, KeyMetadata shape of the API reference) and lets
every other call reach moto.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from providers.aws import PROVIDER
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load
from tests.providers.aws.scripted import _Http

REGION = "us-east-1"
OTHER_ACCOUNT_KEY = "arn:aws:kms:us-east-1:444455556666:key/0f0e0d0c-1111-2222-3333-444455556666"


def _answer_as_aws(session: AwsSession, managed_key_id: str) -> None:
    """DescribeKey of the aws/s3 key says KeyManager AWS, as AWS answers it."""
    kms = session.client("kms", REGION)
    real = kms.describe_key(KeyId=managed_key_id)["KeyMetadata"]

    def respond(params: dict[str, Any], **_: Any) -> Any:
        body = json.loads(params.get("body") or b"{}")
        if body.get("KeyId") not in {managed_key_id, real["Arn"]}:
            return None
        meta = {**real, "KeyManager": "AWS", "Description": "Default key that protects my S3 "
                "objects when no other key is defined"}  # fmt: skip
        return _Http(200), {"KeyMetadata": meta, "ResponseMetadata": {"HTTPStatusCode": 200}}

    kms.meta.events.register_first("before-call.kms.DescribeKey", respond)


def _bucket(session: AwsSession, name: str, key: str) -> None:
    s3 = session.client("s3", REGION)
    s3.create_bucket(Bucket=name)
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {
            "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]},
    )  # fmt: skip


@pytest.fixture
def estate(aws_session: AwsSession) -> dict[str, Status]:
    """Buckets keyed every way S3 accepts, with the verdict STOR-104 must give each."""
    kms = aws_session.client("kms", REGION)
    managed = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]  # moto creates it
    _answer_as_aws(aws_session, managed["KeyId"])
    customer = kms.create_key(Description="team data")["KeyMetadata"]
    kms.create_alias(AliasName="alias/team-data", TargetKeyId=customer["KeyId"])
    cases = {
        "enc-aws-alias": ("alias/aws/s3", Status.FAIL),
        "enc-aws-alias-arn": (f"arn:aws:kms:{REGION}:123456789012:alias/aws/s3", Status.FAIL),
        "enc-aws-key-arn": (managed["Arn"], Status.FAIL),  # the near miss this fixes
        "enc-aws-key-id": (managed["KeyId"], Status.FAIL),
        "enc-cust-key-arn": (customer["Arn"], Status.PASS),
        "enc-cust-alias": ("alias/team-data", Status.PASS),
        "enc-cust-other-account": (OTHER_ACCOUNT_KEY, Status.PASS),
        # a key ARN of this account the inventory does not hold: unknown, never "customer"
        "enc-unlisted-key-arn": (
            f"arn:aws:kms:{REGION}:123456789012:key/9d9d9d9d-0000-4000-8000-000000000000",
            Status.UNKNOWN,
        ),
    }
    for name, (key, _) in cases.items():
        _bucket(aws_session, name, key)
    return {name: expected for name, (_, expected) in cases.items()}


def test_customer_key_verdicts_follow_the_key_manager(
    aws_session: AwsSession, estate: dict[str, Status]
) -> None:
    registry = load().select(ids=["STOR-104"])
    result = run_scan(PROVIDER, aws_session, registry, [REGION])
    verdicts = {f.resource_name: f.status for f in result.findings}
    assert verdicts == estate
