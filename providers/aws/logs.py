"""CloudWatch Logs log groups: DescribeLogGroups only (retention and KMS key are listed)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.model import Encryption, LogGroup
from scanner.provider import Collector, Item


def log_group_arn(group: Mapping[str, Any]) -> str:
    """The log group ARN without the ``:*`` stream wildcard DescribeLogGroups appends."""
    arn = str(group.get("logGroupArn") or group["arn"])
    return arn.removesuffix(":*")


def to_log_group(
    group: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> LogGroup:
    """Pure: a DescribeLogGroups item -> LogGroup.

    No ``retentionInDays`` means logs never expire (0). CloudWatch Logs always encrypts at
    rest, with an AWS-owned key unless a customer KMS key is associated.
    """
    key = group.get("kmsKeyId")
    return LogGroup(
        uid=log_group_arn(group),
        provider="aws",
        account=account,
        region=region,
        service="logs",
        name=str(group["logGroupName"]),
        collected_at=collected_at,
        retention_days=int(group.get("retentionInDays") or 0),
        encryption=Encryption(enabled=True, key_managed_by="customer", key_id=str(key))
        if key
        else Encryption(enabled=True, key_managed_by="provider"),
    )


def collect_log_groups(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every log group in ``region`` (one paginated listing, no detail calls)."""
    try:
        groups = paginate(session.client("logs", region), "describe_log_groups", "logGroups")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="LogGroup", permission="logs:DescribeLogGroups"
        ) from err
    now = session.now()
    for group in groups:
        yield to_log_group(group, account=session.account, region=region, collected_at=now)


COLLECTORS = (Collector(LogGroup, collect_log_groups, permissions=("logs:DescribeLogGroups",)),)
