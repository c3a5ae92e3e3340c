"""S3 buckets and account public access block: mappers and moto-backed collectors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from providers.aws import s3
from providers.aws.s3 import (
    collect_buckets,
    collect_object_storage_defaults,
    policy_flags,
    to_bucket,
    to_bucket_encryption,
    to_object_storage_defaults,
)
from scanner.errors import CollectionError
from scanner.model import Bucket, Encryption, ObjectStorageDefaults
from tests.providers.aws.faults import fail

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "123456789012"
POLICIES = json.loads((Path(__file__).parent / "fixtures" / "s3_policies.json").read_text())
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
ALL_BLOCKED = {"PublicAccessBlockConfiguration": {
    "BlockPublicAcls": True, "IgnorePublicAcls": True,
    "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
}}  # fmt: skip
UNSET = {"encryption": {}, "public_access_block": {}, "policy": {}, "versioning": {}, "logging": {}}


def sse(algorithm: str, key: str | None = None) -> dict:
    defaults = {"SSEAlgorithm": algorithm} | ({"KMSMasterKeyID": key} if key else {})
    return {"ServerSideEncryptionConfiguration": {
        "Rules": [{"ApplyServerSideEncryptionByDefault": defaults}]}}  # fmt: skip


# ---- pure mappers


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({}, Encryption(enabled=False)),
        (sse("AES256"), Encryption(enabled=True, key_managed_by="provider")),
        (sse("aws:kms"), Encryption(enabled=True, key_managed_by="provider")),
        # a key ARN may name the AWS managed aws/s3 key: unknown until DescribeKey is linked
        (sse("aws:kms", KEY), Encryption(enabled=True, key_managed_by=None, key_id=KEY)),
        (sse("aws:kms:dsse", KEY), Encryption(enabled=True, key_managed_by=None, key_id=KEY)),
        (sse("aws:kms", "alias/team-data"),
         Encryption(enabled=True, key_managed_by="customer", key_id="alias/team-data")),
        (sse("aws:kms", "alias/aws/s3"),
         Encryption(enabled=True, key_managed_by="provider", key_id="alias/aws/s3")),
    ],
)  # fmt: skip
def test_bucket_encryption(answer, expected):
    assert to_bucket_encryption(answer) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("public_and_tls", (True, True)),
        ("public_aws_list", (True, False)),
        ("conditional_public", (False, False)),
        ("tls_bool_list", (False, True)),
        ("tls_allow_is_not_deny", (False, False)),
        ("private", (False, False)),
    ],
)
def test_policy_flags(name, expected):
    assert policy_flags(json.dumps(POLICIES[name])) == expected


def test_bucket_with_nothing_configured_is_explicitly_off():
    bucket = to_bucket("b", UNSET, region="us-east-1", account=ACCOUNT, collected_at=NOW)
    assert bucket.uid == "arn:aws:s3:::b"
    assert bucket.encryption == Encryption(enabled=False)
    assert (bucket.public_access_block, bucket.policy_allows_public) == (False, False)
    assert (bucket.policy_requires_tls, bucket.versioning, bucket.access_logging) == (
        False, False, False,
    )  # fmt: skip


def test_bucket_fully_configured():
    details = {
        "encryption": sse("aws:kms", KEY),
        "public_access_block": ALL_BLOCKED,
        "policy": {"Policy": json.dumps(POLICIES["public_and_tls"])},
        "versioning": {"Status": "Enabled"},
        "logging": {"LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "b/"}},
    }
    bucket = to_bucket("site", details, region="us-east-1", account=ACCOUNT, collected_at=NOW)
    assert bucket.encryption == Encryption(enabled=True, key_managed_by=None, key_id=KEY)
    assert bucket.public_access_block is True
    assert bucket.policy_allows_public is True
    assert bucket.policy_requires_tls is True
    assert bucket.versioning is True
    assert bucket.access_logging is True


def test_bucket_partial_block_and_suspended_versioning_are_false():
    details = UNSET | {
        "public_access_block": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": True}},
        "versioning": {"Status": "Suspended"},
    }
    bucket = to_bucket("b", details, region="us-east-1", account=ACCOUNT, collected_at=NOW)
    assert bucket.public_access_block is False
    assert bucket.versioning is False


def test_bucket_unread_details_are_none():
    details = dict.fromkeys(UNSET)
    bucket = to_bucket("b", details, region="us-east-1", account=ACCOUNT, collected_at=NOW)
    assert bucket.encryption is None
    assert bucket.public_access_block is None
    assert bucket.policy_allows_public is None
    assert bucket.policy_requires_tls is None
    assert bucket.versioning is None
    assert bucket.access_logging is None


@pytest.mark.parametrize(("answer", "expected"), [(ALL_BLOCKED, True), ({}, False), (None, None)])
def test_object_storage_defaults(answer, expected):
    defaults = to_object_storage_defaults(answer, account=ACCOUNT, collected_at=NOW)
    assert defaults.uid == f"arn:aws:s3:::account/{ACCOUNT}"
    assert defaults.region == "global"
    assert defaults.public_access_block is expected


# ---- collectors against moto


def _configure(client, name: str) -> None:
    client.create_bucket(Bucket="access-logs", ACL="log-delivery-write")
    client.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})  # fmt: skip
    client.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=ALL_BLOCKED[
        "PublicAccessBlockConfiguration"])  # fmt: skip
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(POLICIES["tls_bool_list"]))
    client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    client.put_bucket_logging(Bucket=name, BucketLoggingStatus={"LoggingEnabled": {
        "TargetBucket": "access-logs", "TargetPrefix": "logs/"}})  # fmt: skip


def test_collect_buckets_only_in_region(aws_session):
    east = aws_session.client("s3", "us-east-1")
    east.create_bucket(Bucket="good-east")
    east.create_bucket(Bucket="plain-east")
    _configure(east, "good-east")
    aws_session.client("s3", "eu-west-1").create_bucket(
        Bucket="plain-west", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    items = {i.name: i for i in collect_buckets(aws_session, "us-east-1")}
    assert set(items) == {"good-east", "plain-east", "access-logs"}
    good, plain = items["good-east"], items["plain-east"]
    assert isinstance(good, Bucket)
    assert isinstance(plain, Bucket)
    assert good.uid == "arn:aws:s3:::good-east"
    assert good.region == "us-east-1"
    assert good.encryption == Encryption(enabled=True, key_managed_by="provider")
    assert good.public_access_block is True
    assert good.policy_requires_tls is True
    assert good.policy_allows_public is False
    assert good.versioning is True
    assert good.access_logging is True
    assert plain.encryption == Encryption(enabled=False)
    flags = (plain.public_access_block, plain.policy_allows_public, plain.policy_requires_tls,
             plain.versioning, plain.access_logging)  # fmt: skip
    assert flags == (False, False, False, False, False)
    (west,) = collect_buckets(aws_session, "eu-west-1")
    assert isinstance(west, Bucket)
    assert (west.name, west.region) == ("plain-west", "eu-west-1")


def test_collect_buckets_detail_denied(aws_session):
    client = aws_session.client("s3", "us-east-1")
    client.create_bucket(Bucket="guarded")
    fail(client, "GetBucketPolicy")
    items = list(collect_buckets(aws_session, "us-east-1"))
    bucket = next(i for i in items if isinstance(i, Bucket))
    errors = [i for i in items if isinstance(i, CollectionError)]
    assert bucket.policy_allows_public is None
    assert bucket.policy_requires_tls is None
    assert bucket.versioning is False  # other details still read
    assert len(errors) == 1
    assert (errors[0].uid, errors[0].cause) == ("arn:aws:s3:::guarded", "AccessDenied")
    assert errors[0].permission == "s3:GetBucketPolicy"


def test_collect_buckets_drops_a_bucket_deleted_meanwhile(aws_session):
    client = aws_session.client("s3", "us-east-1")
    client.create_bucket(Bucket="ephemeral")
    fail(client, "GetBucketVersioning", "NoSuchBucket", 404)
    assert list(collect_buckets(aws_session, "us-east-1")) == []


def test_collect_buckets_listing_denied(aws_session):
    fail(aws_session.client("s3", "us-east-1"), "ListBuckets")
    with pytest.raises(CollectionError) as caught:
        list(collect_buckets(aws_session, "us-east-1"))
    assert caught.value.permission == "s3:ListAllMyBuckets"
    assert caught.value.resource == "Bucket"


def test_collect_object_storage_defaults(aws_session):
    (missing,) = collect_object_storage_defaults(aws_session, "global")
    assert isinstance(missing, ObjectStorageDefaults)
    assert missing.public_access_block is False
    aws_session.client("s3control", "us-east-1").put_public_access_block(
        AccountId=ACCOUNT,
        PublicAccessBlockConfiguration=ALL_BLOCKED["PublicAccessBlockConfiguration"],
    )
    (blocked,) = collect_object_storage_defaults(aws_session, "global")
    assert isinstance(blocked, ObjectStorageDefaults)
    assert blocked.public_access_block is True
    assert blocked.uid == f"arn:aws:s3:::account/{ACCOUNT}"


def test_collect_object_storage_defaults_denied(aws_session):
    fail(aws_session.client("s3control", "us-east-1"), "GetPublicAccessBlock")
    with pytest.raises(CollectionError) as caught:
        list(collect_object_storage_defaults(aws_session, "global"))
    assert caught.value.permission == "s3:GetAccountPublicAccessBlock"
    assert caught.value.scope == "global"


def test_collectors_declare_their_calls():
    bucket, defaults = s3.COLLECTORS
    assert bucket.permissions == (
        "s3:ListAllMyBuckets", "s3:GetEncryptionConfiguration", "s3:GetBucketPublicAccessBlock",
        "s3:GetBucketPolicy", "s3:GetBucketVersioning", "s3:GetBucketLogging",
        "s3:GetBucketAcl", "s3:GetBucketOwnershipControls", "s3:GetAccountPublicAccessBlock",
    )  # fmt: skip
    assert bucket.scope == "regional"
    assert defaults.permissions == ("s3:GetAccountPublicAccessBlock",)
    assert defaults.scope == "global"
