"""Checks over object storage buckets (S3, Cloud Storage, Azure Blob)."""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.storage._controls import AT_REST, NOT_PUBLIC
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Bucket
from scanner.policy.s3 import Verdict, acl_verdict, block_public_access, policy_verdict, tls_verdict
from scanner.registry import check


def _verdict(verdict: Verdict) -> Result:
    """public -> FAIL; neutralised/private -> PASS; unknown -> UNKNOWN."""
    if verdict.status == "unknown":
        return unknown(verdict.reason)
    if verdict.status == "public":
        return failed(verdict.reason)
    return passed(verdict.reason)


@check(
    id="STOR-001",
    title="Buckets encrypt objects at rest by default",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=AT_REST,
)
def bucket_encrypted_by_default(bucket: Bucket) -> Result:
    """Without default encryption, objects written by clients that do not ask for it are
    stored in plaintext, readable from leaked media, backups or misrouted replicas.

    Remediation: enable default server-side encryption on the bucket (a customer-managed
    KMS key where key policies should govern access).
    """
    return encryption_at_rest(bucket.encryption)


@check(
    id="STOR-002",
    title="Buckets block public access",
    severity=Severity.HIGH,
    resource=Bucket,
    controls=(*NOT_PUBLIC, "cis-aws:3.1.4", "cis-gcp:5.1"),
    # Azure: anonymous blob access is judged by STOR-203
    providers=("aws", "gcp"),
)
def bucket_blocks_public_access(bucket: Bucket) -> Result:
    """The public access block is the guard rail that stops a later ACL or policy change
    from publishing the bucket; without it one mistaken grant exposes every object.

    S3 applies the stricter of the bucket's and the account's settings, so each of the four
    counts when it is on at either level.

    Remediation: turn on all four public access block settings for the bucket (block and
    ignore public ACLs, block and restrict public policies).
    """
    if bucket.provider == "aws" and bucket.block_settings is not None:
        on, missing = block_public_access(bucket)
        if on:
            return passed("all four public access block settings in force")
        if on is None:
            return unknown(f"not shown in force: {', '.join(missing)}")
        return failed(
            f"public access block setting(s) off at bucket and account: {', '.join(missing)}"
        )
    return setting(
        bucket.public_access_block,
        on="public access block fully on",
        off="public access block off or partial",
        unread="public access block settings unreadable"
        + (f" ({bucket.org_policy_hint})" if bucket.org_policy_hint else ""),
    )


@check(
    id="STOR-003",
    title="Bucket policies do not grant public access",
    severity=Severity.CRITICAL,
    resource=Bucket,
    controls=(*NOT_PUBLIC, "cis-aws:2.21", "cis-gcp:5.1"),
    # Azure storage accounts have no resource policy
    providers=("aws", "gcp"),
)
def bucket_policy_not_public(bucket: Bucket) -> Result:
    """A bucket policy granting anyone access publishes data to the whole internet; public
    buckets are one of the most common causes of cloud data breaches.

    A grant to everyone counts unless a condition restricts who may call (a fixed
    ``aws:SourceVpce``, ``aws:PrincipalOrgID``...); on AWS a public policy is neutralised by
    RestrictPublicBuckets at bucket or account level (BlockPublicPolicy only refuses new
    ones), and the finding says which setting applies.

    Remediation: remove statements whose principal is ``*`` without restricting conditions,
    and serve public content through a CDN with origin access control instead.
    """
    if bucket.provider == "aws" and bucket.policy_document is not None:
        return _verdict(policy_verdict(bucket))
    return setting(
        negated(bucket.policy_allows_public),
        on="policy grants no public access",
        off="bucket policy grants access to anyone",
        unread="bucket policy unreadable",
    )


@check(
    id="STOR-004",
    title="Bucket policies deny requests not made over TLS",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(
        "soc2:CC6.7",
        "iso27001-2022:A.8.24",
        "nist-csf-2.0:PR.DS-02",
        "nist-800-53-r5:SC-8",
        "cis-aws:3.1.1",
    ),
    # Cloud Storage has no setting that refuses plain-HTTP requests; Azure's HTTPS-only
    # setting is judged by STOR-201 (storage accounts have no bucket policy)
    providers=("aws",),
)
def bucket_requires_tls(bucket: Bucket) -> Result:
    """Plain HTTP requests expose objects and request signatures to anyone on the network
    path; only a policy can make the bucket refuse them.

    Passes only when the policy denies every S3 action made without TLS, by anyone, on the
    bucket and on its objects.

    Remediation: add a Deny statement for all principals and actions when
    ``aws:SecureTransport`` is false (or the provider's equivalent HTTPS-only setting).
    """
    if bucket.provider == "aws" and bucket.policy_document is not None:
        return _verdict(tls_verdict(bucket))
    return setting(
        bucket.policy_requires_tls,
        on="policy denies non-TLS requests",
        off="no policy statement denies non-TLS requests",
        unread="bucket policy unreadable",
    )


@check(
    id="STOR-005",
    title="Buckets keep object versions",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(
        "soc2:A1.2",
        "iso27001-2022:A.8.13",
        "nist-csf-2.0:PR.DS-11",
        "nist-800-53-r5:CP-9",
        "cis-azure:9.2.3",
    ),
)
def bucket_versioning_enabled(bucket: Bucket) -> Result:
    """Without versioning an overwrite or delete, accidental or by ransomware, destroys the
    only copy of an object.

    Remediation: enable versioning on the bucket and add a lifecycle rule that expires
    noncurrent versions after the retention period you need.
    """
    return setting(
        bucket.versioning,
        on="versioning enabled",
        off="versioning off or suspended",
        unread="versioning status unreadable",
    )


@check(
    id="STOR-006",
    title="Buckets log access requests",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:PR.PS-04",
        "nist-800-53-r5:AU-12",
    ),
    providers=("aws", "gcp"),
)
def bucket_access_logging_enabled(bucket: Bucket) -> Result:
    """Access logs are the only record of who read or changed which objects; without them a
    data exposure cannot be scoped or investigated.

    Remediation: enable server access logging to a separate, access-restricted log bucket.
    """
    return setting(
        bucket.access_logging,
        on="access logging enabled",
        off="access logging off",
        unread="logging configuration unreadable",
    )


@check(
    id="STOR-101",
    title="Buckets use uniform bucket-level access",
    severity=Severity.MEDIUM,
    resource=Bucket,
    controls=(*NOT_PUBLIC, "cis-gcp:5.2"),
    providers=("gcp",),
)
def bucket_uniform_access(bucket: Bucket) -> Result:
    """With object ACLs in play, access is decided per object as well as by IAM, so a
    single object ACL can publish data that the bucket's IAM policy never grants.

    Remediation: enable uniform bucket-level access on the bucket (after moving any needed
    ACL grants into IAM) and enforce the storage.uniformBucketLevelAccess policy.
    """
    return setting(
        bucket.uniform_access,
        on="uniform bucket-level access on",
        off="object ACLs in use (uniform bucket-level access off)",
        unread="access control mode unreadable",
    )


@check(
    id="STOR-102",
    title="Bucket retention policies are locked",
    severity=Severity.LOW,
    resource=Bucket,
    controls=(
        "soc2:A1.2",
        "iso27001-2022:A.8.13",
        "nist-csf-2.0:PR.DS-11",
        "nist-800-53-r5:AU-11",
        "cis-gcp:2.4",
    ),
    providers=("gcp",),
)
def bucket_retention_locked(bucket: Bucket) -> Result:
    """An unlocked retention policy can be shortened or removed by anyone with bucket admin
    rights, so records kept for audit or legal reasons can still be deleted early.

    Remediation: once the retention period is right, lock the policy (Bucket Lock); lock
    every bucket that receives exported logs.
    """
    if bucket.retention_days is None:
        return unknown("retention policy unreadable")
    if bucket.retention_days == 0:
        return not_applicable("bucket has no retention policy")
    return setting(
        bucket.retention_locked,
        on=f"{bucket.retention_days}-day retention policy locked",
        off=f"{bucket.retention_days}-day retention policy not locked",
        unread="retention lock unreadable",
    )


@check(
    id="STOR-013",
    title="Bucket ACLs do not grant public access",
    severity=Severity.CRITICAL,
    resource=Bucket,
    controls=NOT_PUBLIC,
    providers=("aws",),
)
def bucket_acl_not_public(bucket: Bucket) -> Result:
    """An ACL grant to AllUsers (anyone) or AuthenticatedUsers (any AWS account) publishes
    the bucket's listing or objects, or lets anyone write to it.

    S3 ignores such grants when IgnorePublicAcls is on at bucket or account level, and when
    Object Ownership is BucketOwnerEnforced (ACLs disabled); BlockPublicAcls only refuses
    new public ACLs and leaves existing ones in force.

    Remediation: set Object Ownership to BucketOwnerEnforced (or remove the AllUsers and
    AuthenticatedUsers grants), and turn on IgnorePublicAcls.
    """
    return _verdict(acl_verdict(bucket))
