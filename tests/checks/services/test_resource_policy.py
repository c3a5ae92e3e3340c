# ruff: noqa: E501 (one near-miss twin per table row)
"""SVC-006..009 and CRYPTO-003: resource policies that let everyone act.

Sources: SNS Developer Guide "Example cases for Amazon SNS access control" (the default
topic policy's AWS:SourceOwner condition); SQS Developer Guide "Basic examples of Amazon
SQS policies" (aws:SourceArn for an SNS sender); KMS Developer Guide "kms:CallerAccount";
Secrets Manager "Attach a permissions policy to a secret"; ECR "Repository policy examples".
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.services.resource_policy import (
    key_policy_not_public,
    queue_policy_not_public,
    repository_policy_not_public,
    secret_policy_not_public,
    topic_policy_not_public,
)
from scanner.findings import Status
from tests.checks.factories import image_repository, kms_key, queue, secret, topic
from tests.checks.factories_policy import policy

ACCOUNT = "111122223333"


def everyone(action: str | list[str], **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": action, "Resource": "*"} | extra


SNS_DEFAULT = everyone(
    ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes"],
    Condition={"StringEquals": {"AWS:SourceOwner": ACCOUNT}},
)


@pytest.mark.parametrize(
    ("statement", "expected", "says"),
    [
        (SNS_DEFAULT, Status.PASS, "AWS:SourceOwner"),
        (SNS_DEFAULT | {"Condition": {}}, Status.FAIL, "sns:Publish"),
        (everyone("sns:Publish", Condition={"Bool": {"aws:SecureTransport": "true"}}), Status.FAIL, "sns:Publish"),
        (everyone("sns:Publish", Effect="Deny"), Status.PASS, "nothing"),
        (everyone("sns:Publish", Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), Status.PASS, "nothing"),
        (everyone("sns:Publish", Condition={"StringEquals": {"example:Unknown": "x"}}), Status.UNKNOWN, "example:Unknown"),
    ],
)  # fmt: skip
def test_topic_policy(statement: dict[str, Any], expected: Status, says: str) -> None:
    result = topic_policy_not_public(topic(policy_document=policy(statement)))
    assert result.status is expected, result.reason
    assert says in result.reason


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"ArnEquals": {"aws:SourceArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:orders"}}, Status.PASS),
        # near miss: a wildcard ARN names no one in particular
        ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}, Status.FAIL),
        ({"ArnEqualsIfExists": {"aws:SourceArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:orders"}}, Status.FAIL),
        (None, Status.FAIL),
    ],
)  # fmt: skip
def test_queue_policy(condition: dict[str, Any] | None, expected: Status) -> None:
    extra = {"Condition": condition} if condition else {}
    result = queue_policy_not_public(
        queue(policy_document=policy(everyone("sqs:SendMessage", **extra)))
    )
    assert result.status is expected, result.reason


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (everyone("kms:*"), Status.FAIL),
        (everyone(["kms:Decrypt", "kms:DescribeKey"], Condition={"StringEquals": {"kms:CallerAccount": ACCOUNT}}), Status.PASS),
        (everyone(["kms:Decrypt"], Condition={"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}), Status.FAIL),
        (everyone("kms:*", Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), Status.PASS),
    ],
)  # fmt: skip
def test_key_policy(statement: dict[str, Any], expected: Status) -> None:
    assert key_policy_not_public(kms_key(policy_document=policy(statement))).status is expected


def test_secret_and_repository_policies_name_actions() -> None:
    result = secret_policy_not_public(
        secret(policy_document=policy(everyone("secretsmanager:GetSecretValue")))
    )
    assert result.status is Status.FAIL
    assert "secretsmanager:GetSecretValue" in result.reason
    pull = everyone(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
    result = repository_policy_not_public(image_repository(policy_document=policy(pull)))
    assert result.status is Status.FAIL
    assert "ecr:BatchGetImage" in result.reason
    org = pull | {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    assert (
        repository_policy_not_public(image_repository(policy_document=policy(org))).status
        is Status.PASS
    )
    assert secret_policy_not_public(secret(policy_document=None)).status is Status.UNKNOWN
