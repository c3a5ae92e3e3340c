"""Where trails deliver: bucket owner and exposure, log group retention (mappers and moto)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from providers.aws.cloudtrail import collect_trails
from providers.aws.session import AwsSession
from providers.aws.trail_storage import (
    log_group_location,
    to_log_destination,
    to_retention,
)
from scanner.errors import CollectionError
from scanner.model import LogDestination, Trail
from tests.providers.aws.scripted import script

ACCOUNT = "123456789012"
LOG_ARCHIVE = "222222222222"
BLOCK_ALL = {
    "PublicAccessBlockConfiguration": dict.fromkeys(
        ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"),
        True,
    )
}
PUBLIC_POLICY = json.dumps(
    {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::logs/*"}]}
)  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"own": False}, LogDestination(bucket="logs", owner="other-account")),
        ({"own": False, "exists": False}, LogDestination(bucket="logs", owner="missing")),
        ({"own": False, "exists": None}, None),
        (
            {"own": True, "bucket_block": BLOCK_ALL, "account_block": {}, "policy": {}},
            LogDestination(bucket="logs", owner="this-account", public_access_blocked=True,
                           policy_allows_public=False),
        ),
        (
            {"own": True, "bucket_block": {}, "account_block": BLOCK_ALL, "policy": None},
            LogDestination(bucket="logs", owner="this-account", public_access_blocked=True),
        ),
        (
            {"own": True, "bucket_block": {}, "account_block": {},
             "policy": {"Policy": PUBLIC_POLICY}},
            LogDestination(bucket="logs", owner="this-account", public_access_blocked=False,
                           policy_allows_public=True),
        ),
        (  # one level unread and the other off: cannot say it is blocked, nor that it is not
            {"own": True, "bucket_block": None, "account_block": {}, "policy": {}},
            LogDestination(bucket="logs", owner="this-account", policy_allows_public=False),
        ),
        (  # a malformed policy is unknown, not "closed"
            {"own": True, "bucket_block": BLOCK_ALL, "account_block": {},
             "policy": {"Policy": "{not json"}},
            LogDestination(bucket="logs", owner="this-account", public_access_blocked=True),
        ),
    ],
)  # fmt: skip
def test_to_log_destination(kwargs: dict[str, Any], expected: LogDestination | None) -> None:
    assert to_log_destination("logs", **kwargs) == expected


def test_log_group_location_and_retention() -> None:
    arn = f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/aws/cloudtrail/org:*"
    assert log_group_location(arn) == ("eu-west-1", "/aws/cloudtrail/org")
    assert log_group_location("arn:aws:s3:::bucket") is None
    groups = [
        {"logGroupName": "/aws/cloudtrail/org-old"},
        {"logGroupName": "/aws/cloudtrail/org", "retentionInDays": 400},
    ]
    assert to_retention(groups, "/aws/cloudtrail/org") == 400
    assert to_retention([{"logGroupName": "/x"}], "/x") == 0  # never expires
    assert to_retention([], "/x") is None


def _trails(session: AwsSession) -> dict[str, Trail]:
    items = list(collect_trails(session, "us-east-1"))
    errors = [i for i in items if isinstance(i, CollectionError)]
    assert not errors, errors
    return {t.name: t for t in items if isinstance(t, Trail)}


def test_collect_trails_reads_destination_and_retention(aws_session: AwsSession) -> None:
    boto = aws_session.boto
    creds = boto.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{LOG_ARCHIVE}:role/log-archive", RoleSessionName="seed"
    )["Credentials"]
    archive = boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )
    archive.client("s3").create_bucket(Bucket="org-log-archive")
    s3 = boto.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="local-closed")
    s3.put_public_access_block(Bucket="local-closed", **BLOCK_ALL)
    s3.create_bucket(Bucket="local-open")
    s3.put_bucket_policy(Bucket="local-open", Policy=PUBLIC_POLICY)
    logs = boto.client("logs", region_name="us-east-1")
    logs.create_log_group(logGroupName="/trail/org")
    logs.put_retention_policy(logGroupName="/trail/org", retentionInDays=400)
    logs.create_log_group(logGroupName="/trail/org-short")  # a prefix sibling, not the group
    logs.put_retention_policy(logGroupName="/trail/org-short", retentionInDays=30)
    cloudtrail = boto.client("cloudtrail", region_name="us-east-1")
    cloudtrail.create_trail(
        Name="org-trail",
        S3BucketName="org-log-archive",
        IsMultiRegionTrail=True,
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/trail/org:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{ACCOUNT}:role/ct",
    )
    cloudtrail.create_trail(Name="closed-trail", S3BucketName="local-closed")
    cloudtrail.create_trail(Name="open-trail", S3BucketName="local-open")
    trails = _trails(aws_session)
    org = trails["org-trail"]
    assert org.destination == LogDestination(bucket="org-log-archive", owner="other-account")
    assert (org.cloudwatch_logs, org.log_group_retention_days) == (True, 400)
    closed = trails["closed-trail"].destination
    assert closed == LogDestination(
        bucket="local-closed",
        owner="this-account",
        public_access_blocked=True,
        policy_allows_public=False,
    )
    opened = trails["open-trail"].destination
    assert opened is not None
    assert (opened.public_access_blocked, opened.policy_allows_public) == (False, True)
    assert trails["open-trail"].log_group_retention_days is None  # no log group


def test_trail_to_a_deleted_bucket_is_missing(aws_session: AwsSession) -> None:
    s3 = aws_session.boto.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="short-lived")
    aws_session.boto.client("cloudtrail", region_name="us-east-1").create_trail(
        Name="orphan-trail", S3BucketName="short-lived"
    )
    s3.delete_bucket(Bucket="short-lived")
    dest = _trails(aws_session)["orphan-trail"].destination
    assert dest == LogDestination(bucket="short-lived", owner="missing")


def test_denied_bucket_listing_leaves_destination_unknown(aws_session: AwsSession) -> None:
    s3 = aws_session.boto.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="trail-bucket")
    aws_session.boto.client("cloudtrail", region_name="us-east-1").create_trail(
        Name="some-trail", S3BucketName="trail-bucket"
    )
    script(aws_session.client("s3", "us-east-1"), "ListBuckets", "AccessDenied")
    items = list(collect_trails(aws_session, "us-east-1"))
    [trail] = [i for i in items if isinstance(i, Trail)]
    [error] = [i for i in items if isinstance(i, CollectionError)]
    assert trail.destination is None
    assert (error.permission, error.uid, error.cause) == (
        "s3:ListAllMyBuckets",
        trail.uid,
        "AccessDenied",
    )
