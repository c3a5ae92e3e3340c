"""Secrets Manager secrets: ListSecrets only (rotation facts are listed, no per-secret call)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.resource_policy import read_policy
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import PolicyDocument, Secret
from scanner.provider import Collector, Item


def to_secret(
    secret: Mapping[str, Any],
    *,
    account: str,
    region: str,
    collected_at: datetime,
    policy: PolicyDocument | None = None,
) -> Secret:
    """Pure: a ListSecrets ``SecretList`` item -> Secret.

    ``rotation_days`` is ``RotationRules.AutomaticallyAfterDays``; a rotation set only by a
    ``ScheduleExpression`` leaves it None.
    """
    days = (secret.get("RotationRules") or {}).get("AutomaticallyAfterDays")
    return Secret(
        uid=str(secret["ARN"]),
        provider="aws",
        account=account,
        region=region,
        service="secretsmanager",
        name=str(secret["Name"]),
        tags=tag_map(secret.get("Tags")),
        collected_at=collected_at,
        rotation_enabled=bool(secret.get("RotationEnabled")),
        rotation_days=None if days is None else int(days),
        last_rotated=secret.get("LastRotatedDate"),
        policy_document=policy,
    )


def collect_secrets(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every secret in ``region`` (one paginated listing)."""
    client = session.client("secretsmanager", region)
    try:
        secrets = paginate(client, "list_secrets", "SecretList")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Secret", permission="secretsmanager:ListSecrets"
        ) from err

    def policy(secret: Mapping[str, Any]) -> tuple[PolicyDocument | None, Exception | None]:
        return read_policy(
            lambda: client.get_resource_policy(SecretId=secret["ARN"]),
            "ResourcePolicy",
            frozenset(),
        )

    now = session.now()
    for secret, (document, error) in zip(secrets, session.map(policy, secrets), strict=True):
        if error is not None and _gone(error):
            continue
        item = to_secret(secret, account=session.account, region=region, collected_at=now,
                         policy=document)  # fmt: skip
        yield item
        if error is not None:
            yield translate_error(
                error,
                scope=region,
                resource="Secret",
                permission="secretsmanager:GetResourcePolicy",
                uid=item.uid,
            )


def _gone(err: Exception) -> bool:
    """Deleted between the listing and the policy read."""
    return isinstance(err, botocore.exceptions.ClientError) and (
        error_code(err) == "ResourceNotFoundException"
    )


COLLECTORS = (
    Collector(
        Secret,
        collect_secrets,
        permissions=("secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"),
    ),
)
