"""Application services: queues, topics, secrets and container image repositories."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from scanner.model.base import Encryption, Resource
from scanner.model.iam import PolicyDocument

_POLICY = "AWS: the resource policy (empty: none set); None unread."


class Queue(Resource):
    """A message queue (SQS, Pub/Sub subscription, Service Bus queue)."""

    encryption: Encryption | None
    policy_document: PolicyDocument | None = Field(default=None, description=_POLICY)


class Topic(Resource):
    """A pub/sub topic (SNS, Pub/Sub topic, Event Grid topic)."""

    encryption: Encryption | None
    policy_document: PolicyDocument | None = Field(default=None, description=_POLICY)


class Secret(Resource):
    """A managed secret (Secrets Manager, Secret Manager, Key Vault secret)."""

    rotation_enabled: bool | None
    rotation_days: int | None = None
    last_rotated: datetime | None = None
    has_expiry: bool | None = Field(
        default=None, description="Azure: the secret has an expiration date set."
    )
    policy_document: PolicyDocument | None = Field(default=None, description=_POLICY)


class ImageRepository(Resource):
    """A container image repository (ECR, Artifact Registry, ACR)."""

    scan_on_push: bool | None = Field(description="Images are scanned for CVEs when pushed.")
    tags_immutable: bool | None
    encryption: Encryption | None = None
    policy_document: PolicyDocument | None = Field(default=None, description=_POLICY)
