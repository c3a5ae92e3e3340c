"""S3: buckets (listed per region) and the account-level public access block."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.policy import parse_policy_document
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from providers.aws.shapes import key_manager_of
from scanner.errors import CollectionError
from scanner.model import (
    Bucket,
    Encryption,
    ObjectStorageDefaults,
    PolicyDocument,
    PublicAccessBlock,
)
from scanner.policy import denies_insecure_transport, public_access
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
    "acl": ("get_bucket_acl", "s3:GetBucketAcl", ""),
    "ownership": (
        "get_bucket_ownership_controls",
        "s3:GetBucketOwnershipControls",
        "OwnershipControlsNotFoundError",
    ),
}
_PAB_FLAGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def to_bucket_encryption(answer: Mapping[str, Any], *, account: str = "") -> Encryption:
    """Pure: a GetBucketEncryption answer (``{}`` when none is configured) -> Encryption.

    SSE-S3 uses an S3-owned key; SSE-KMS (or DSSE-KMS) without a key id, or with the
    ``alias/aws/s3`` alias, uses the AWS managed key; another alias names a customer key. A
    key ARN or key id may be the AWS managed ``aws/s3`` key as well: the manager stays
    unknown here and the link step reads it from the key's DescribeKey ``KeyManager``
    (``providers.aws.link``); a key the inventory lacks stays unknown, never "customer"
    (``shapes.key_manager_of``).
    """
    rules = answer.get("ServerSideEncryptionConfiguration", {}).get("Rules", ())
    defaults = next((r["ApplyServerSideEncryptionByDefault"] for r in rules
                     if "ApplyServerSideEncryptionByDefault" in r), None)  # fmt: skip
    if not defaults:
        return Encryption(enabled=False)
    key_id = defaults.get("KMSMasterKeyID")
    if str(defaults.get("SSEAlgorithm", "")).startswith("aws:kms") and key_id:
        manager = key_manager_of(str(key_id), account=account)
        return Encryption(enabled=True, key_managed_by=manager, key_id=str(key_id))
    return Encryption(enabled=True, key_managed_by="provider", key_id=key_id)


_PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}


def policy_flags(policy: str) -> tuple[bool, bool]:
    """Pure: a bucket policy JSON -> (grants everyone some S3 action, denies non-TLS), both
    decided by the policy engine (``scanner.policy``); the bucket ARN is read from the
    policy's own resources, so use ``to_bucket`` where the bucket is known.

    Raises:
        MalformedPolicyError: (a ``ValueError``) not JSON, or not a policy.
    """
    document = parse_policy_document(policy)
    public = public_access(document, service="s3").public
    arns = {r.split("/", 1)[0] for s in document.statements for r in s.resources}
    arns = {a for a in arns if a.startswith("arn:aws:s3:::") and "*" not in a}
    arns = arns or {"arn:aws:s3:::*"}  # only wildcards: judge for any bucket
    tls = all(denies_insecure_transport(document, (a, f"{a}/*"), service="s3")[0] for a in arns)
    return public, tls


def to_public_access_block(answer: Mapping[str, Any]) -> PublicAccessBlock:
    """Pure: a GetPublicAccessBlock answer (``{}`` = none set) -> the four settings."""
    config = answer.get("PublicAccessBlockConfiguration", {})
    return PublicAccessBlock(
        block_public_acls=bool(config.get("BlockPublicAcls")),
        ignore_public_acls=bool(config.get("IgnorePublicAcls")),
        block_public_policy=bool(config.get("BlockPublicPolicy")),
        restrict_public_buckets=bool(config.get("RestrictPublicBuckets")),
    )


def to_acl_public_grants(answer: Mapping[str, Any]) -> tuple[str, ...]:
    """Pure: GetBucketAcl -> ``Group:PERMISSION`` granted to AllUsers/AuthenticatedUsers."""
    out = []
    for grant in answer.get("Grants") or ():
        grantee = grant.get("Grantee") or {}
        group = _PUBLIC_GROUPS.get(str(grantee.get("URI", "")))
        if grantee.get("Type") == "Group" and group:
            out.append(f"{group}:{grant.get('Permission', '')}")
    return tuple(dict.fromkeys(out))


def to_acls_disabled(answer: Mapping[str, Any]) -> bool:
    """Pure: GetBucketOwnershipControls (``{}`` = none) -> ACLs disabled (BucketOwnerEnforced)."""
    rules = (answer.get("OwnershipControls") or {}).get("Rules") or ()
    return any(r.get("ObjectOwnership") == "BucketOwnerEnforced" for r in rules)


def _policy_document(policy: Mapping[str, Any] | None) -> PolicyDocument | None:
    """GetBucketPolicy answer -> document (empty when none; None unread or malformed)."""
    if policy is None:
        return None
    if not policy.get("Policy"):
        return PolicyDocument()
    try:
        return parse_policy_document(str(policy["Policy"]))
    except ValueError:  # malformed: unknown, reported by the collector
        return None


def to_bucket(
    name: str, details: Mapping[str, Mapping[str, Any] | None], *,
    region: str, account: str, collected_at: datetime,
    account_block: Mapping[str, Any] | None = None,
) -> Bucket:  # fmt: skip
    """Pure: a bucket name + its detail answers (``{}`` = not configured, None = unread);
    ``account_block`` is the account's GetPublicAccessBlock answer (None unread)."""
    enc, pab, policy = details["encryption"], details["public_access_block"], details["policy"]
    document = _policy_document(policy)
    arn = f"arn:aws:s3:::{name}"
    flags: tuple[bool | None, bool | None] = (None, None)
    if document is not None:
        tls, _ = denies_insecure_transport(document, (arn, f"{arn}/*"), service="s3")
        flags = (public_access(document, service="s3").public, tls)
    config = (pab or {}).get("PublicAccessBlockConfiguration", {})
    versioning, logging = details["versioning"], details["logging"]
    acl, ownership = details.get("acl"), details.get("ownership")
    return Bucket(
        uid=f"arn:aws:s3:::{name}", provider="aws", account=account, region=region,
        service="s3", name=name, collected_at=collected_at,
        encryption=None if enc is None else to_bucket_encryption(enc, account=account),
        public_access_block=None if pab is None else all(config.get(f) for f in _PAB_FLAGS),
        policy_allows_public=flags[0], policy_requires_tls=flags[1],
        versioning=None if versioning is None else versioning.get("Status") == "Enabled",
        access_logging=None if logging is None else "LoggingEnabled" in logging,
        block_settings=None if pab is None else to_public_access_block(pab),
        account_block_settings=(
            None if account_block is None else to_public_access_block(account_block)),
        policy_document=document,
        acl_public_grants=None if acl is None else to_acl_public_grants(acl),
        acls_disabled=None if ownership is None else to_acls_disabled(ownership),
    )  # fmt: skip


def _in_region(buckets: Iterable[Mapping[str, Any]], region: str) -> list[str]:
    """Bucket names, dropping any an endpoint reports for another region."""
    return [str(b["Name"]) for b in buckets if b.get("BucketRegion", region) == region]


def _gone(answer: Mapping[str, Any] | Exception) -> bool:
    """The bucket was deleted between the listing and a detail read."""
    if isinstance(answer, botocore.exceptions.ClientError):
        return error_code(answer) == "NoSuchBucket"
    return False


_ACCOUNT_PAB = "s3:GetAccountPublicAccessBlock"


def _account_block(session: AwsSession) -> tuple[Mapping[str, Any] | None, Exception | None]:
    """The account's GetPublicAccessBlock answer (``{}`` none set), or None and the error."""
    control = session.client("s3control", session.default_region)
    try:
        answer: Mapping[str, Any] = control.get_public_access_block(AccountId=session.account)
    except SDK_ERRORS as err:
        absent = "NoSuchPublicAccessBlockConfiguration"
        if isinstance(err, botocore.exceptions.ClientError) and error_code(err) == absent:
            return {}, None
        return None, err
    return answer, None


def collect_buckets(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the buckets located in ``region``: one ListBuckets(BucketRegion), 7 reads each,
    and the account's public access block (S3 applies the stricter of the two levels)."""
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
    account_block, account_error = _account_block(session) if names else ({}, None)
    if account_error is not None:
        yield translate_error(account_error, scope=region, resource="Bucket",
                              permission=_ACCOUNT_PAB)  # fmt: skip
    now = session.now()
    for name in names:
        raw = {d: answers[(name, d)] for d in _DETAILS}
        if any(_gone(a) for a in raw.values()):
            continue
        details = {d: None if isinstance(a, Exception) else a for d, a in raw.items()}
        bucket = to_bucket(name, details, region=region, account=session.account,
                           collected_at=now, account_block=account_block)  # fmt: skip
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
        permissions=(
            "s3:ListAllMyBuckets",
            *(perm for _, perm, _ in _DETAILS.values()),
            _ACCOUNT_PAB,
        ),
    ),
    Collector(
        ObjectStorageDefaults,
        collect_object_storage_defaults,
        permissions=("s3:GetAccountPublicAccessBlock",),
        scope="global",
    ),
)
