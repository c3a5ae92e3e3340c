"""SQS queues and SNS topics: mappers on API JSON and collectors on moto."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import pytest

from providers.aws.messaging import (
    collect_queues,
    collect_topics,
    queue_arn,
    sse_encryption,
    to_queue,
    to_topic,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import Encryption, Queue, Topic
from scanner.provider import Item
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
URL = f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/jobs"
QUEUE_ARN = f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"
TOPIC_ARN = f"arn:aws:sns:us-east-1:{ACCOUNT}:alerts"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"


@pytest.mark.parametrize(
    ("key", "sqs_managed", "expected"),
    [
        (None, False, Encryption(enabled=False)),
        (None, True, Encryption(enabled=True, key_managed_by="provider")),
        (
            "alias/aws/sqs",
            True,
            Encryption(enabled=True, key_managed_by="provider", key_id="alias/aws/sqs"),
        ),
        (
            "alias/team-key",
            False,
            Encryption(enabled=True, key_managed_by="customer", key_id="alias/team-key"),
        ),
        (KEY, False, Encryption(enabled=True, key_id=KEY)),
    ],
)
def test_sse_encryption(key: str | None, sqs_managed: bool, expected: Encryption) -> None:
    assert sse_encryption(key, sqs_managed=sqs_managed) == expected


def test_queue_arn_from_url() -> None:
    assert queue_arn(URL, "us-east-1") == QUEUE_ARN
    assert queue_arn(f"https://us-east-1.queue.amazonaws.com/{ACCOUNT}/jobs", "us-east-1") == (
        QUEUE_ARN
    )


def test_to_queue() -> None:
    queue = to_queue(
        URL,
        {"QueueArn": QUEUE_ARN, "SqsManagedSseEnabled": "false"},
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert (queue.uid, queue.name, queue.encryption) == (
        QUEUE_ARN,
        "jobs",
        Encryption(enabled=False),
    )
    unread = to_queue(URL, None, account=ACCOUNT, region="us-east-1", collected_at=NOW)
    assert (unread.uid, unread.encryption) == (QUEUE_ARN, None)


def test_to_topic() -> None:
    topic = to_topic(
        TOPIC_ARN,
        {"KmsMasterKeyId": "alias/aws/sns"},
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert (topic.uid, topic.name) == (TOPIC_ARN, "alerts")
    assert topic.encryption == Encryption(
        enabled=True, key_managed_by="provider", key_id="alias/aws/sns"
    )
    assert to_topic(
        TOPIC_ARN, {}, account=ACCOUNT, region="us-east-1", collected_at=NOW
    ).encryption == Encryption(enabled=False)


def test_collect_queues_from_moto(aws_session: AwsSession) -> None:
    sqs = aws_session.client("sqs", "us-east-1")
    sqs.create_queue(QueueName="kms", Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    sqs.create_queue(QueueName="sse", Attributes={"SqsManagedSseEnabled": "true"})
    queues = {q.name: q for q in collect_queues(aws_session, "us-east-1") if isinstance(q, Queue)}
    assert queues["kms"].uid == f"arn:aws:sqs:us-east-1:{ACCOUNT}:kms"
    assert queues["kms"].encryption == Encryption(
        enabled=True, key_managed_by="provider", key_id="alias/aws/sqs"
    )
    assert queues["sse"].encryption == Encryption(enabled=True, key_managed_by="provider")


def test_collect_topics_from_moto(aws_session: AwsSession) -> None:
    sns = aws_session.client("sns", "eu-west-1")
    sns.create_topic(Name="secure", Attributes={"KmsMasterKeyId": KEY})
    sns.create_topic(Name="plain")
    topics = {t.name: t for t in collect_topics(aws_session, "eu-west-1") if isinstance(t, Topic)}
    assert topics["secure"].uid == f"arn:aws:sns:eu-west-1:{ACCOUNT}:secure"
    assert topics["secure"].encryption == Encryption(enabled=True, key_id=KEY)
    assert topics["plain"].encryption == Encryption(enabled=False)
    assert topics["plain"].region == "eu-west-1"


def test_unreadable_queue_is_unknown_with_an_error(aws_session: AwsSession) -> None:
    api = aws_session.client("sqs", "us-east-1")
    script(api, "ListQueues", {"QueueUrls": [URL]})
    script(api, "GetQueueAttributes", "AccessDenied")
    queue, error = collect_queues(aws_session, "us-east-1")
    assert isinstance(queue, Queue)
    assert (queue.uid, queue.encryption) == (QUEUE_ARN, None)
    assert isinstance(error, CollectionError)
    assert (error.uid, error.permission) == (QUEUE_ARN, "sqs:GetQueueAttributes")


def test_deleted_topic_is_skipped(aws_session: AwsSession) -> None:
    api = aws_session.client("sns", "us-east-1")
    script(api, "ListTopics", {"Topics": [{"TopicArn": TOPIC_ARN}]})
    script(api, "GetTopicAttributes", "NotFound")
    assert list(collect_topics(aws_session, "us-east-1")) == []


def test_unreadable_topic_is_unknown_with_an_error(aws_session: AwsSession) -> None:
    api = aws_session.client("sns", "us-east-1")
    script(api, "ListTopics", {"Topics": [{"TopicArn": TOPIC_ARN}]})
    script(api, "GetTopicAttributes", "AuthorizationError")
    topic, error = collect_topics(aws_session, "us-east-1")
    assert isinstance(topic, Topic)
    assert topic.encryption is None
    assert isinstance(error, CollectionError)


@pytest.mark.parametrize(
    ("service", "collect", "operation"),
    [("sqs", collect_queues, "ListQueues"), ("sns", collect_topics, "ListTopics")],
)
def test_listing_failure_is_scope_wide(
    aws_session: AwsSession,
    service: str,
    collect: Callable[[AwsSession, str], Iterable[Item]],
    operation: str,
) -> None:
    api = aws_session.client(service, "us-east-1")
    script(api, operation, "AccessDenied")
    with pytest.raises(CollectionError, match=f"{service}:List"):
        list(collect(aws_session, "us-east-1"))
