"""CloudWatch log groups: mapper on API JSON and collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.logs import collect_log_groups, to_log_group
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import Encryption, LogGroup
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"


def test_to_log_group_defaults_to_forever_and_aws_owned_key() -> None:
    group = to_log_group(
        {"logGroupName": "/app", "arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app:*"},
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert group.uid == f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app"
    assert (group.name, group.retention_days, group.retains_forever) == ("/app", 0, True)
    assert group.encryption == Encryption(enabled=True, key_managed_by="provider")


def test_to_log_group_with_retention_and_customer_key() -> None:
    group = to_log_group(
        {
            "logGroupName": "/app",
            "arn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app:*",
            "logGroupArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app",
            "retentionInDays": 365,
            "kmsKeyId": KEY,
        },
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert group.uid == f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/app"
    assert group.retention_days == 365
    assert group.encryption == Encryption(enabled=True, key_managed_by="customer", key_id=KEY)


def test_collect_log_groups_from_moto(aws_session: AwsSession) -> None:
    logs = aws_session.client("logs", "eu-west-1")
    logs.create_log_group(logGroupName="/kept")
    logs.create_log_group(logGroupName="/short", kmsKeyId=KEY)
    logs.put_retention_policy(logGroupName="/short", retentionInDays=7)
    groups = {
        g.name: g for g in collect_log_groups(aws_session, "eu-west-1") if isinstance(g, LogGroup)
    }
    kept, short = groups["/kept"], groups["/short"]
    assert isinstance(kept, LogGroup)
    assert isinstance(short, LogGroup)
    assert kept.uid == f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/kept"
    assert (kept.region, kept.account, kept.retention_days) == ("eu-west-1", ACCOUNT, 0)
    assert short.retention_days == 7
    assert short.encryption is not None
    assert short.encryption.key_managed_by == "customer"


def test_listing_failure_is_scope_wide(aws_session: AwsSession) -> None:
    api = aws_session.client("logs", "us-east-1")
    script(api, "DescribeLogGroups", "AccessDeniedException")
    with pytest.raises(CollectionError, match="logs:DescribeLogGroups"):
        list(collect_log_groups(aws_session, "us-east-1"))
