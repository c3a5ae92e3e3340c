"""SQS queues and SNS topics: listing plus one attributes request per queue/topic."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import botocore.exceptions

from providers.aws.resource_policy import policy_from_text
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from providers.aws.shapes import kms_encryption
from scanner.model import Encryption, Queue, Topic
from scanner.provider import Collector, Item

_QUEUE_ATTRIBUTES = ["QueueArn", "KmsMasterKeyId", "SqsManagedSseEnabled", "Policy"]
_GONE = {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "NotFound"}


def sse_encryption(key_id: str | None, *, sqs_managed: bool = False) -> Encryption:
    """SSE-KMS (an ``alias/aws/*`` key is AWS managed, any other alias is the customer's;
    a bare key id or ARN is undetermined), SSE-SQS (provider) or none.
    """
    if key_id:
        if key_id.startswith("alias/") and not key_id.startswith("alias/aws/"):
            return Encryption(enabled=True, key_managed_by="customer", key_id=key_id)
        return kms_encryption(True, key_id)
    if sqs_managed:
        return Encryption(enabled=True, key_managed_by="provider")
    return Encryption(enabled=False)


def queue_arn(url: str, region: str) -> str:
    """The ARN of a queue URL ``https://<endpoint>/<account>/<name>`` in ``region``."""
    account, name = urlparse(url).path.strip("/").split("/")[-2:]
    return f"arn:aws:sqs:{region}:{account}:{name}"


def to_queue(
    url: str,
    attributes: Mapping[str, Any] | None,
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> Queue:
    """Pure: a queue URL + GetQueueAttributes ``Attributes`` (None: unread) -> Queue."""
    encryption = None
    if attributes is not None:
        sqs_managed = str(attributes.get("SqsManagedSseEnabled", "")).lower() == "true"
        encryption = sse_encryption(attributes.get("KmsMasterKeyId"), sqs_managed=sqs_managed)
    return Queue(
        uid=str((attributes or {}).get("QueueArn") or queue_arn(url, region)),
        provider="aws",
        account=account,
        region=region,
        service="sqs",
        name=url.rstrip("/").rsplit("/", 1)[-1],
        collected_at=collected_at,
        encryption=encryption,
        policy_document=None if attributes is None else policy_from_text(attributes.get("Policy")),
    )


def to_topic(
    arn: str,
    attributes: Mapping[str, Any] | None,
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> Topic:
    """Pure: a topic ARN + GetTopicAttributes ``Attributes`` (None: unread) -> Topic."""
    return Topic(
        uid=arn,
        provider="aws",
        account=account,
        region=region,
        service="sns",
        name=arn.rsplit(":", 1)[-1],
        collected_at=collected_at,
        encryption=None if attributes is None else sse_encryption(attributes.get("KmsMasterKeyId")),
        policy_document=None if attributes is None else policy_from_text(attributes.get("Policy")),
    )


def _gone(err: Exception) -> bool:
    """Deleted between listing and reading: skip it, no error."""
    return isinstance(err, botocore.exceptions.ClientError) and error_code(err) in _GONE


def collect_queues(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every SQS queue in ``region`` with its encryption settings."""
    client = session.client("sqs", region)
    try:
        urls = paginate(client, "list_queues", "QueueUrls")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Queue", permission="sqs:ListQueues"
        ) from err

    def detail(url: str) -> list[Item]:
        attrs, errors = None, []
        try:
            reply = client.get_queue_attributes(QueueUrl=url, AttributeNames=_QUEUE_ATTRIBUTES)
            attrs = reply.get("Attributes") or {}
        except SDK_ERRORS as err:
            if _gone(err):
                return []
            errors.append(
                translate_error(
                    err,
                    scope=region,
                    resource="Queue",
                    permission="sqs:GetQueueAttributes",
                    uid=queue_arn(url, region),
                )
            )
        now = session.now()
        queue = to_queue(url, attrs, account=session.account, region=region, collected_at=now)
        return [queue, *errors]

    for items in session.map(detail, urls):
        yield from items


def collect_topics(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every SNS topic in ``region`` with its encryption settings."""
    client = session.client("sns", region)
    try:
        arns = [str(t["TopicArn"]) for t in paginate(client, "list_topics", "Topics")]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Topic", permission="sns:ListTopics"
        ) from err

    def detail(arn: str) -> list[Item]:
        attrs, errors = None, []
        try:
            attrs = client.get_topic_attributes(TopicArn=arn).get("Attributes") or {}
        except SDK_ERRORS as err:
            if _gone(err):
                return []
            errors.append(
                translate_error(
                    err,
                    scope=region,
                    resource="Topic",
                    permission="sns:GetTopicAttributes",
                    uid=arn,
                )
            )
        now = session.now()
        topic = to_topic(arn, attrs, account=session.account, region=region, collected_at=now)
        return [topic, *errors]

    for items in session.map(detail, arns):
        yield from items


COLLECTORS = (
    Collector(Queue, collect_queues, permissions=("sqs:ListQueues", "sqs:GetQueueAttributes")),
    Collector(Topic, collect_topics, permissions=("sns:ListTopics", "sns:GetTopicAttributes")),
)
