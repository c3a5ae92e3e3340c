"""Secrets Manager secrets: mapper on API JSON and collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.secretsmanager import collect_secrets, to_secret
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import Secret
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
ARN = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-AbCdEf"


def test_to_secret_rotating() -> None:
    secret = to_secret(
        {
            "ARN": ARN,
            "Name": "db",
            "RotationEnabled": True,
            "RotationRules": {"AutomaticallyAfterDays": 30},
            "LastRotatedDate": NOW,
            "Tags": [{"Key": "env", "Value": "prod"}],
        },
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert (secret.uid, secret.name, secret.tags) == (ARN, "db", {"env": "prod"})
    assert (secret.rotation_enabled, secret.rotation_days, secret.last_rotated) == (True, 30, NOW)


def test_to_secret_never_rotated() -> None:
    secret = to_secret(
        {"ARN": ARN, "Name": "db"}, account=ACCOUNT, region="us-east-1", collected_at=NOW
    )
    assert (secret.rotation_enabled, secret.rotation_days, secret.last_rotated) == (
        False,
        None,
        None,
    )
    assert secret.tags == {}


def test_collect_secrets_from_moto(aws_session: AwsSession) -> None:
    client = aws_session.client("secretsmanager", "us-east-1")
    client.create_secret(Name="plain", SecretString="x", Tags=[{"Key": "a", "Value": "b"}])
    (secret,) = collect_secrets(aws_session, "us-east-1")
    assert isinstance(secret, Secret)
    assert secret.uid.startswith(f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:plain-")
    assert (secret.name, secret.tags, secret.rotation_enabled) == ("plain", {"a": "b"}, False)


def test_listing_failure_is_scope_wide(aws_session: AwsSession) -> None:
    api = aws_session.client("secretsmanager", "us-east-1")
    script(api, "ListSecrets", "AccessDeniedException")
    with pytest.raises(CollectionError, match="secretsmanager:ListSecrets"):
        list(collect_secrets(aws_session, "us-east-1"))
