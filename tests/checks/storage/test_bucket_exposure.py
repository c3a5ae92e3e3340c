# ruff: noqa: E501 (one near-miss twin per table row)
"""S3 exposure as S3 decides it: STOR-002/003/004/013 near-miss twins.

Sources: S3 User Guide "Blocking public access to your Amazon S3 storage" (each setting's
effect, bucket vs account: the stricter applies), "The meaning of public", "Controlling
ownership of objects" (BucketOwnerEnforced disables ACLs), and the S3 security best
practices page (deny requests when aws:SecureTransport is false).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.storage.bucket import (
    bucket_acl_not_public,
    bucket_blocks_public_access,
    bucket_policy_not_public,
    bucket_requires_tls,
)
from scanner.findings import Status
from tests.checks.factories import bucket
from tests.checks.factories_policy import (
    ALL_ON,
    BUCKET_ARN,
    DENY_PLAIN_HTTP,
    NONE_ON,
    PUBLIC_READ,
    block,
    policy,
)


def aws_bucket(**overrides: Any) -> Any:
    base: dict[str, Any] = {
        "uid": BUCKET_ARN,
        "name": "example-bucket",
        "block_settings": NONE_ON,
        "account_block_settings": NONE_ON,
        "policy_document": policy(DENY_PLAIN_HTTP),
        "acl_public_grants": (),
        "acls_disabled": False,
    }
    return bucket(**(base | overrides))


@pytest.mark.parametrize(
    ("overrides", "expected", "says"),
    [
        ({"policy_document": policy(PUBLIC_READ)}, Status.FAIL, "s3:GetObject"),
        # RestrictPublicBuckets at either level neutralises an existing public policy
        ({"policy_document": policy(PUBLIC_READ), "block_settings": block(restrict_public_buckets=True)}, Status.PASS, "RestrictPublicBuckets (bucket)"),
        ({"policy_document": policy(PUBLIC_READ), "account_block_settings": block(restrict_public_buckets=True)}, Status.PASS, "RestrictPublicBuckets (account)"),
        # near miss: BlockPublicPolicy only refuses new public policies
        ({"policy_document": policy(PUBLIC_READ), "block_settings": block(block_public_policy=True)}, Status.FAIL, "BlockPublicPolicy only refuses new"),
        # near miss: the account level is unread and the bucket's setting is off
        ({"policy_document": policy(PUBLIC_READ), "account_block_settings": None}, Status.UNKNOWN, "unread"),
        # a fixed aws:SourceVpce restricts who; a wildcard one does not
        ({"policy_document": policy(PUBLIC_READ | {"Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}})}, Status.PASS, "aws:SourceVpce"),
        ({"policy_document": policy(PUBLIC_READ | {"Condition": {"StringLike": {"aws:SourceVpce": "vpce-*"}}})}, Status.FAIL, "s3:GetObject"),
        ({"policy_document": policy(PUBLIC_READ | {"Principal": {"AWS": "arn:aws:iam::111122223333:root"}})}, Status.PASS, "no public access"),
        ({"policy_document": None, "policy_allows_public": None}, Status.UNKNOWN, "unreadable"),
    ],
)  # fmt: skip
def test_policy_exposure(overrides: dict[str, Any], expected: Status, says: str) -> None:
    result = bucket_policy_not_public(aws_bucket(**overrides))
    assert result.status is expected
    assert says in result.reason


@pytest.mark.parametrize(
    ("overrides", "expected", "says"),
    [
        ({"acl_public_grants": ("AllUsers:READ",)}, Status.FAIL, "AllUsers:READ"),
        ({"acl_public_grants": ("AuthenticatedUsers:WRITE",)}, Status.FAIL, "AuthenticatedUsers"),
        ({"acl_public_grants": ("AllUsers:READ",), "acls_disabled": True}, Status.PASS, "Object Ownership"),
        ({"acl_public_grants": ("AllUsers:READ",), "account_block_settings": block(ignore_public_acls=True)}, Status.PASS, "IgnorePublicAcls (account)"),
        # near miss: BlockPublicAcls leaves existing ACLs in force
        ({"acl_public_grants": ("AllUsers:READ",), "block_settings": block(block_public_acls=True)}, Status.FAIL, "BlockPublicAcls only refuses new"),
        ({"acl_public_grants": ()}, Status.PASS, "grants nothing"),
        ({"acl_public_grants": None}, Status.UNKNOWN, "unreadable"),
    ],
)  # fmt: skip
def test_acl_exposure(overrides: dict[str, Any], expected: Status, says: str) -> None:
    result = bucket_acl_not_public(aws_bucket(**overrides))
    assert result.status is expected
    assert says in result.reason


def test_no_contradiction_between_policy_and_block_checks() -> None:
    """Whenever STOR-003 fails, STOR-002 fails too (RestrictPublicBuckets is off)."""
    combos = [NONE_ON, ALL_ON, block(restrict_public_buckets=True), block(block_public_policy=True)]
    for own in combos:
        for account in combos:
            b = aws_bucket(policy_document=policy(PUBLIC_READ), block_settings=own,
                           account_block_settings=account)  # fmt: skip
            if bucket_policy_not_public(b).status is Status.FAIL:
                assert bucket_blocks_public_access(b).status is Status.FAIL
            if bucket_blocks_public_access(b).status is Status.PASS:
                assert bucket_policy_not_public(b).status is Status.PASS


@pytest.mark.parametrize(
    ("own", "account", "expected"),
    [
        (ALL_ON, NONE_ON, Status.PASS),
        (NONE_ON, ALL_ON, Status.PASS),
        (block(block_public_acls=True, ignore_public_acls=True), block(block_public_policy=True, restrict_public_buckets=True), Status.PASS),
        # near miss: three of four at both levels
        (block(block_public_acls=True, ignore_public_acls=True, block_public_policy=True), NONE_ON, Status.FAIL),
        (block(block_public_acls=True, ignore_public_acls=True, block_public_policy=True), None, Status.UNKNOWN),
    ],
)  # fmt: skip
def test_block_public_access_either_level(own: Any, account: Any, expected: Status) -> None:
    b = aws_bucket(block_settings=own, account_block_settings=account)
    assert bucket_blocks_public_access(b).status is expected


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (policy(DENY_PLAIN_HTTP), Status.PASS),
        (policy(PUBLIC_READ, DENY_PLAIN_HTTP), Status.PASS),
        (policy(DENY_PLAIN_HTTP | {"Resource": f"{BUCKET_ARN}/*"}), Status.FAIL),
        (policy(DENY_PLAIN_HTTP | {"Resource": ["arn:aws:s3:::other", "arn:aws:s3:::other/*"]}), Status.FAIL),
        (policy(DENY_PLAIN_HTTP | {"Action": ["s3:GetObject", "s3:PutObject"]}), Status.FAIL),
        (policy(DENY_PLAIN_HTTP | {"Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}), Status.FAIL),
        (policy(), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)  # fmt: skip
def test_tls_only(document: Any, expected: Status) -> None:
    unread = {"policy_requires_tls": None} if document is None else {}
    assert bucket_requires_tls(aws_bucket(policy_document=document, **unread)).status is expected
