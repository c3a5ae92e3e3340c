"""Checks over pub/sub topics (SNS, Pub/Sub, Event Grid)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.services._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import Topic
from scanner.registry import check


@check(
    id="SVC-002",
    title="Topics encrypt messages at rest with a KMS key",
    severity=Severity.MEDIUM,
    resource=Topic,
    controls=AT_REST,
    providers=("aws",),
)
def topic_encrypted(topic: Topic) -> Result:
    """Messages held by a topic for delivery are stored unencrypted unless a KMS key is set,
    exposing whatever the publishers send.

    Remediation: enable server-side encryption on the topic with a KMS key (the provider's
    default key, or a customer-managed key that publishers may use).
    """
    return encryption_at_rest(topic.encryption)
