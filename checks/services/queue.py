"""Checks over message queues (SQS, Pub/Sub subscriptions, Service Bus queues)."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.services._controls import AT_REST
from scanner.findings import Result, Severity
from scanner.model import Queue
from scanner.registry import check


@check(
    id="SVC-001",
    title="Queues encrypt messages at rest",
    severity=Severity.MEDIUM,
    resource=Queue,
    controls=AT_REST,
    providers=("aws",),
)
def queue_encrypted(queue: Queue) -> Result:
    """Queued messages often carry orders, personal data or tokens; stored unencrypted they
    are exposed outside any key policy. Service-managed keys satisfy this check.

    Remediation: enable server-side encryption on the queue (service-managed keys, or a
    customer-managed KMS key for tighter control).
    """
    return encryption_at_rest(queue.encryption)
