"""Secrets Manager secrets: ListSecrets only (rotation facts are listed, no per-secret call)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import Secret
from scanner.provider import Collector, Item


def to_secret(
    secret: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
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
    now = session.now()
    for secret in secrets:
        yield to_secret(secret, account=session.account, region=region, collected_at=now)


COLLECTORS = (Collector(Secret, collect_secrets, permissions=("secretsmanager:ListSecrets",)),)
