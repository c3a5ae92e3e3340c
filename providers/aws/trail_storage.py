"""Where CloudTrail delivers: the S3 bucket's owner and exposure, the log group's retention.

A trail's bucket is "dedicated" when another account owns it (a log archive account);
CloudTrail cannot deliver to a bucket that does not exist. For a bucket of the scanned
account, exposure is read like STOR-002/003 read it: the public access block (bucket or
account level) and the bucket policy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import botocore.exceptions

from providers.aws.s3 import policy_flags
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import LogDestination

LIST_BUCKETS = "s3:ListAllMyBuckets"
HEAD_BUCKET = "s3:ListBucket"
BUCKET_PAB = "s3:GetBucketPublicAccessBlock"
ACCOUNT_PAB = "s3:GetAccountPublicAccessBlock"
BUCKET_POLICY = "s3:GetBucketPolicy"
LOG_GROUPS = "logs:DescribeLogGroups"
PERMISSIONS = (LIST_BUCKETS, HEAD_BUCKET, BUCKET_PAB, ACCOUNT_PAB, BUCKET_POLICY, LOG_GROUPS)
_NOT_FOUND = {"404", "NoSuchBucket", "NotFound"}
_BLOCKS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def blocks_all_public_access(answer: Mapping[str, Any]) -> bool:
    """Pure: a GetPublicAccessBlock answer (``{}`` = none set) turns on all four settings."""
    config = answer.get("PublicAccessBlockConfiguration", {})
    return all(config.get(flag) for flag in _BLOCKS)


def _policy_public(policy: Mapping[str, Any] | None) -> bool | None:
    """Pure: a GetBucketPolicy answer -> lets anyone in (None: unread or malformed)."""
    if policy is None:
        return None
    if not policy.get("Policy"):
        return False
    try:
        return policy_flags(str(policy["Policy"]))[0]
    except ValueError:  # malformed document: unknown, not "closed"
        return None


def to_log_destination(
    bucket: str,
    *,
    own: bool,
    exists: bool | None = True,
    bucket_block: Mapping[str, Any] | None = None,
    account_block: Mapping[str, Any] | None = None,
    policy: Mapping[str, Any] | None = None,
) -> LogDestination | None:
    """Pure: a trail bucket and what could be read about it -> LogDestination (None unknown).

    ``own``: the bucket is in this account's ListBuckets. ``exists`` (HeadBucket on a bucket
    that is not): False when S3 says it does not exist. The block/policy answers are ``{}``
    when not configured and None when unread.
    """
    if not own:
        if exists is None:
            return None
        return LogDestination(bucket=bucket, owner="other-account" if exists else "missing")
    blocked = [blocks_all_public_access(a) for a in (bucket_block, account_block) if a is not None]
    return LogDestination(
        bucket=bucket,
        owner="this-account",
        # either level fully on blocks public access; both must be read to say it is off
        public_access_blocked=True if any(blocked) else (False if len(blocked) == 2 else None),
        policy_allows_public=_policy_public(policy),
    )


def log_group_location(arn: str) -> tuple[str, str] | None:
    """Pure: ``arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]`` -> (region, name)."""
    parts = arn.split(":", 6)
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        return None
    return parts[3], parts[6].removesuffix(":*")


def own_buckets(session: AwsSession, region: str) -> set[str] | Exception:
    """Names of the buckets this account owns (one paginated ListBuckets), or the SDK error."""
    try:
        listed = paginate(session.client("s3", region), "list_buckets", "Buckets")
    except SDK_ERRORS as err:
        return err
    return {str(b["Name"]) for b in listed}


def _read(
    call: Any, absent: str, permission: str, *, region: str, uid: str, **kwargs: Any
) -> tuple[Mapping[str, Any] | None, list[CollectionError]]:
    """One read: the answer, ``{}`` when S3 says ``absent``, None plus the error otherwise."""
    try:
        answer: Mapping[str, Any] = call(**kwargs)
    except botocore.exceptions.ClientError as err:
        if error_code(err) == absent:
            return {}, []
        error = translate_error(err, scope=region, resource="Trail", permission=permission, uid=uid)
        return None, [error]
    except SDK_ERRORS as err:
        error = translate_error(err, scope=region, resource="Trail", permission=permission, uid=uid)
        return None, [error]
    return answer, []


def read_destination(
    session: AwsSession, region: str, bucket: str, owned: set[str] | Exception, *, uid: str
) -> tuple[LogDestination | None, list[CollectionError]]:
    """The trail bucket's owner and exposure (1-3 S3 reads); errors name the trail."""
    if isinstance(owned, Exception):
        error = translate_error(
            owned, scope=region, resource="Trail", permission=LIST_BUCKETS, uid=uid
        )
        return None, [error]
    s3 = session.client("s3", region)
    if bucket not in owned:
        try:
            s3.head_bucket(Bucket=bucket)
        except botocore.exceptions.ClientError as err:
            if error_code(err) in _NOT_FOUND:
                return to_log_destination(bucket, own=False, exists=False), []
            if error_code(err) not in {"403", "AccessDenied"}:  # 403: someone else's bucket
                error = translate_error(
                    err, scope=region, resource="Trail", permission=HEAD_BUCKET, uid=uid
                )
                return None, [error]
        except SDK_ERRORS as err:
            error = translate_error(
                err, scope=region, resource="Trail", permission=HEAD_BUCKET, uid=uid
            )
            return None, [error]
        return to_log_destination(bucket, own=False), []
    control = session.client("s3control", session.default_region)
    reads = (
        (s3.get_public_access_block, "NoSuchPublicAccessBlockConfiguration", BUCKET_PAB,
         {"Bucket": bucket}),
        (control.get_public_access_block, "NoSuchPublicAccessBlockConfiguration", ACCOUNT_PAB,
         {"AccountId": session.account}),
        (s3.get_bucket_policy, "NoSuchBucketPolicy", BUCKET_POLICY, {"Bucket": bucket}),
    )  # fmt: skip
    answers, errors = [], []
    for call, absent, permission, kwargs in reads:
        answer, failed = _read(call, absent, permission, region=region, uid=uid, **kwargs)
        answers.append(answer)
        errors += failed
    destination = to_log_destination(
        bucket, own=True, bucket_block=answers[0], account_block=answers[1], policy=answers[2]
    )
    return destination, errors


def to_retention(groups: Iterable[Mapping[str, Any]], name: str) -> int | None:
    """Pure: DescribeLogGroups items -> retention of group ``name`` (0 forever; None absent)."""
    group = next((g for g in groups if g.get("logGroupName") == name), None)
    return None if group is None else int(group.get("retentionInDays") or 0)


def read_retention(
    session: AwsSession, arn: str | None, *, scope: str, uid: str
) -> tuple[int | None, list[CollectionError]]:
    """Retention of the trail's CloudWatch Logs group (one prefix-filtered listing)."""
    location = log_group_location(arn or "")
    if location is None:
        return None, []
    region, name = location
    try:
        groups = paginate(
            session.client("logs", region),
            "describe_log_groups",
            "logGroups",
            logGroupNamePrefix=name,
        )
    except SDK_ERRORS as err:
        error = translate_error(err, scope=scope, resource="Trail", permission=LOG_GROUPS, uid=uid)
        return None, [error]
    return to_retention(groups, name), []
