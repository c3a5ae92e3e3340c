"""S3: buckets (listed per region) and the account-level public access block."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.policy import MalformedPolicyError
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import Bucket, Encryption, ObjectStorageDefaults
from scanner.provider import Collector, Item

#: Detail reads per bucket: name -> (client method, IAM action, error code meaning "not set").
_DETAILS: dict[str, tuple[str, str, str]] = {
    "encryption": (
        "get_bucket_encryption",
        "s3:GetEncryptionConfiguration",
        "ServerSideEncryptionConfigurationNotFoundError",
    ),
    "public_access_block": (
        "get_public_access_block",
        "s3:GetBucketPublicAccessBlock",
        "NoSuchPublicAccessBlockConfiguration",
    ),
    "policy": ("get_bucket_policy", "s3:GetBucketPolicy", "NoSuchBucketPolicy"),
    "versioning": ("get_bucket_versioning", "s3:GetBucketVersioning", ""),
    "logging": ("get_bucket_logging", "s3:GetBucketLogging", ""),
}
_PAB_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def to_bucket_encryption(answer: Mapping[str, Any]) -> Encryption:
    """Pure: a GetBucketEncryption answer (``{}`` when none is configured) -> Encryption.

    SSE-S3 uses an S3-owned key; SSE-KMS without a key id, or with ``alias/aws/s3``, uses the
    AWS managed key; any other key id names a customer key.
    """
    rules = answer.get("ServerSideEncryptionConfiguration", {}).get("Rules", ())
    defaults = next((r["ApplyServerSideEncryptionByDefault"] for r in rules
                     if "ApplyServerSideEncryptionByDefault" in r), None)  # fmt: skip
    if not defaults:
        return Encryption(enabled=False)
    key_id = defaults.get("KMSMasterKeyID")
    if str(defaults.get("SSEAlgorithm", "")).startswith("aws:kms") and key_id:
        customer = not str(key_id).endswith("alias/aws/s3")
        return Encryption(
            enabled=True, key_managed_by="customer" if customer else "provider", key_id=key_id
        )
    return Encryption(enabled=True, key_managed_by="provider", key_id=key_id)


def _values(value: Any) -> list[Any]:
    """A policy field that may be one value or a list, as a list."""
    return list(value) if isinstance(value, list) else [value]


def _anyone(principal: Any) -> bool:
    """Whether a Principal element names every principal."""
    if isinstance(principal, Mapping):
        return "*" in _values(principal.get("AWS", []))
    return bool(principal == "*")


def _denies_plain_http(statement: Mapping[str, Any]) -> bool:
    """A Deny statement conditioned on ``aws:SecureTransport`` being false."""
    if str(statement.get("Effect", "")).lower() != "deny":
        return False
    condition = statement.get("Condition")
    operator = condition.get("Bool") if isinstance(condition, Mapping) else None
    if not isinstance(operator, Mapping):
        return False
    flags = {str(k).lower(): v for k, v in operator.items()}
    return any(str(v).lower() == "false" for v in _values(flags.get("aws:securetransport", [])))


def policy_flags(policy: str) -> tuple[bool, bool]:
    """Pure: a bucket policy JSON -> (allows anyone without condition, denies non-TLS).

    Raises:
        MalformedPolicyError: (a ``ValueError``) not JSON, or not a JSON object.
    """
    try:
        document = json.loads(policy)
    except (json.JSONDecodeError, RecursionError) as err:
        raise MalformedPolicyError(f"bucket policy is not valid JSON: {err}") from err
    if not isinstance(document, Mapping):
        raise MalformedPolicyError("bucket policy must be a JSON object")
    statements = [s for s in _values(document.get("Statement", [])) if isinstance(s, Mapping)]
    public = any(
        str(s.get("Effect", "")).lower() == "allow"
        and not s.get("Condition")
        and _anyone(s.get("Principal"))
        for s in statements
    )
    return public, any(_denies_plain_http(s) for s in statements)


def to_bucket(
    name: str, details: Mapping[str, Mapping[str, Any] | None], *,
    region: str, account: str, collected_at: datetime,
) -> Bucket:  # fmt: skip
    """Pure: a bucket name + its detail answers (``{}`` = not configured, None = unread)."""
    enc, pab, policy = details["encryption"], details["public_access_block"], details["policy"]
    flags: tuple[bool | None, bool | None] = (None, None)
    if policy is not None and not policy.get("Policy"):
        flags = (False, False)
    elif policy is not None:
        with contextlib.suppress(ValueError):  # malformed: unknown, reported by the collector
            flags = policy_flags(str(policy["Policy"]))
    config = (pab or {}).get("PublicAccessBlockConfiguration", {})
    versioning, logging = details["versioning"], details["logging"]
    return Bucket(
        uid=f"arn:aws:s3:::{name}", provider="aws", account=account, region=region,
        service="s3", name=name, collected_at=collected_at,
        encryption=None if enc is None else to_bucket_encryption(enc),
        public_access_block=None if pab is None else all(config.get(f) for f in _PAB_FLAGS),
        policy_allows_public=flags[0], policy_requires_tls=flags[1],
        versioning=None if versioning is None else versioning.get("Status") == "Enabled",
        access_logging=None if logging is None else "LoggingEnabled" in logging,
    )  # fmt: skip


def _in_region(buckets: Iterable[Mapping[str, Any]], region: str) -> list[str]:
    """Bucket names, dropping any an endpoint reports for another region."""
    return [str(b["Name"]) for b in buckets if b.get("BucketRegion", region) == region]


def _gone(answer: Mapping[str, Any] | Exception) -> bool:
    """The bucket was deleted between the listing and a detail read."""
    if isinstance(answer, botocore.exceptions.ClientError):
        return error_code(answer) == "NoSuchBucket"
    return False


def collect_buckets(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the buckets located in ``region``: one ListBuckets(BucketRegion) + 5 reads each."""
    s3 = session.client("s3", region)
    try:
        names = _in_region(paginate(s3, "list_buckets", "Buckets", BucketRegion=region), region)
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Bucket", permission="s3:ListAllMyBuckets"
        ) from err

    def read(job: tuple[str, str]) -> Mapping[str, Any] | Exception:
        """One detail answer; ``{}`` when the setting is absent, the error when unreadable."""
        name, detail = job
        method, _, absent = _DETAILS[detail]
        try:
            answer: Mapping[str, Any] = getattr(s3, method)(Bucket=name)
        except SDK_ERRORS as err:
            if isinstance(err, botocore.exceptions.ClientError) and error_code(err) == absent:
                return {}
            return err
        return answer

    jobs = [(name, detail) for name in names for detail in _DETAILS]
    answers = dict(zip(jobs, session.map(read, jobs), strict=True))
    now = session.now()
    for name in names:
        raw = {d: answers[(name, d)] for d in _DETAILS}
        if any(_gone(a) for a in raw.values()):
            continue
        details = {d: None if isinstance(a, Exception) else a for d, a in raw.items()}
        bucket = to_bucket(name, details, region=region, account=session.account,
                           collected_at=now)  # fmt: skip
        yield bucket
        if details["policy"] and bucket.policy_allows_public is None:
            yield CollectionError("aws", region, "Bucket", "MalformedPolicyDocument",
                                  uid=bucket.uid, detail="bucket policy unreadable",
                                  hint="The bucket policy could not be parsed; checks on it "
                                  "report UNKNOWN")  # fmt: skip
        for detail, answer in raw.items():
            if isinstance(answer, Exception):
                yield translate_error(answer, scope=region, resource="Bucket",
                                      permission=_DETAILS[detail][1], uid=bucket.uid)  # fmt: skip


def to_object_storage_defaults(
    answer: Mapping[str, Any] | None, *, account: str, collected_at: datetime
) -> ObjectStorageDefaults:
    """Pure: S3 Control GetPublicAccessBlock (``{}`` = none set, None = unread) -> defaults."""
    config = (answer or {}).get("PublicAccessBlockConfiguration", {})
    return ObjectStorageDefaults(
        uid=f"arn:aws:s3:::account/{account}", provider="aws", account=account,
        region="global", service="s3", name=account, collected_at=collected_at,
        public_access_block=None if answer is None else all(config.get(f) for f in _PAB_FLAGS),
    )  # fmt: skip


def collect_object_storage_defaults(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield the account's S3 public access block (one S3 Control GetPublicAccessBlock)."""
    control = session.client("s3control", session.default_region)
    try:
        answer: Mapping[str, Any] = control.get_public_access_block(AccountId=session.account)
    except botocore.exceptions.ClientError as err:
        if error_code(err) != "NoSuchPublicAccessBlockConfiguration":
            raise translate_error(err, scope=scope, resource="ObjectStorageDefaults",
                                  permission="s3:GetAccountPublicAccessBlock") from err  # fmt: skip
        answer = {}
    except SDK_ERRORS as err:
        raise translate_error(err, scope=scope, resource="ObjectStorageDefaults",
                              permission="s3:GetAccountPublicAccessBlock") from err  # fmt: skip
    yield to_object_storage_defaults(answer, account=session.account, collected_at=session.now())


COLLECTORS = (
    Collector(
        Bucket,
        collect_buckets,
        permissions=("s3:ListAllMyBuckets", *(perm for _, perm, _ in _DETAILS.values())),
    ),
    Collector(
        ObjectStorageDefaults,
        collect_object_storage_defaults,
        permissions=("s3:GetAccountPublicAccessBlock",),
        scope="global",
    ),
)
