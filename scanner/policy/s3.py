"""S3 exposure as S3 decides it: grants to everyone, then Block Public Access.

S3 User Guide, "Blocking public access to your Amazon S3 storage" and "The meaning of
public": S3 applies the most restrictive combination of the bucket's and the account's
settings. ``RestrictPublicBuckets`` limits a public bucket policy to the owner account and
AWS services; ``IgnorePublicAcls`` makes S3 ignore public ACLs; ``BlockPublicPolicy`` and
``BlockPublicAcls`` only refuse *new* public grants and leave existing ones in force. With
Object Ownership ``BucketOwnerEnforced`` ACLs are disabled and grant nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scanner.model.storage import Bucket, PublicAccessBlock
from scanner.policy.exposure import Exposure, denies_insecure_transport, public_access

Status = Literal["public", "neutralised", "private", "unknown"]
_LABELS = {
    "block_public_acls": "BlockPublicAcls",
    "ignore_public_acls": "IgnorePublicAcls",
    "block_public_policy": "BlockPublicPolicy",
    "restrict_public_buckets": "RestrictPublicBuckets",
}


@dataclass(frozen=True)
class Verdict:
    """One exposure verdict and the sentence that explains it."""

    status: Status
    reason: str


def setting_on(bucket: Bucket, name: str) -> tuple[bool | None, str]:
    """Whether a Block Public Access setting is in force for the bucket, and where.

    On at either level -> (True, 'bucket'|'account'); off at both -> (False, ...); off or
    unread at one and unread at the other -> (None, what is unread).
    """
    levels: list[tuple[str, PublicAccessBlock | None]] = [
        ("bucket", bucket.block_settings),
        ("account", bucket.account_block_settings),
    ]
    on = [where for where, s in levels if s is not None and getattr(s, name)]
    if on:
        return True, " and ".join(on)
    unread = [where for where, s in levels if s is None]
    if unread:
        return None, " and ".join(unread)
    return False, "bucket and account"


def block_public_access(bucket: Bucket) -> tuple[bool | None, tuple[str, ...]]:
    """All four settings in force (at bucket or account level); the settings not in force
    (or unread, as 'X unread')."""
    missing: list[str] = []
    unknown = False
    for name, label in _LABELS.items():
        on, where = setting_on(bucket, name)
        if on is None:
            unknown = True
            missing.append(f"{label} ({where} setting unread)")
        elif not on:
            missing.append(label)
    if not missing:
        return True, ()
    known_off = [m for m in missing if "unread" not in m]
    return (False if known_off else (None if unknown else False)), tuple(missing)


def policy_exposure(bucket: Bucket) -> Exposure | None:
    """What the bucket policy grants to everyone (None: policy unread)."""
    if bucket.policy_document is None:
        return None
    return public_access(bucket.policy_document, service="s3")


def policy_verdict(bucket: Bucket) -> Verdict:
    """Is the bucket public through its policy, after RestrictPublicBuckets?"""
    exposure = policy_exposure(bucket)
    if exposure is None:
        return Verdict("unknown", "bucket policy unreadable")
    if not exposure.public:
        if exposure.undetermined:
            keys = ", ".join(exposure.undetermined_keys)
            return Verdict("unknown", f"a grant to everyone depends on unclassified key(s) {keys}")
        narrowed = (
            f" (grants to everyone narrowed by {', '.join(exposure.restricted_by)})"
            if exposure.restricted_by
            else ""
        )
        return Verdict("private", f"policy grants no public access{narrowed}")
    granted = f"policy lets anyone call {exposure.describe()}"
    restrict, where = setting_on(bucket, "restrict_public_buckets")
    if restrict:
        return Verdict(
            "neutralised",
            f"{granted}, but RestrictPublicBuckets ({where}) limits it to the owner account "
            "and AWS services",
        )
    if restrict is None:
        return Verdict("unknown", f"{granted}; RestrictPublicBuckets unread at {where} level")
    note = ""
    block, _ = setting_on(bucket, "block_public_policy")
    if block:
        note = " (BlockPublicPolicy only refuses new public policies)"
    return Verdict("public", f"{granted}; RestrictPublicBuckets is off{note}")


def acl_verdict(bucket: Bucket) -> Verdict:
    """Is the bucket public through its ACL, after IgnorePublicAcls and Object Ownership?"""
    if bucket.acl_public_grants is None:
        return Verdict("unknown", "bucket ACL unreadable")
    if not bucket.acl_public_grants:
        return Verdict("private", "ACL grants nothing to AllUsers or AuthenticatedUsers")
    granted = f"ACL grants {', '.join(bucket.acl_public_grants)}"
    if bucket.acls_disabled:
        return Verdict("neutralised", f"{granted}, but Object Ownership disables ACLs")
    ignore, where = setting_on(bucket, "ignore_public_acls")
    if ignore:
        return Verdict("neutralised", f"{granted}, but IgnorePublicAcls ({where}) ignores it")
    if ignore is None:
        return Verdict("unknown", f"{granted}; IgnorePublicAcls unread at {where} level")
    block, _ = setting_on(bucket, "block_public_acls")
    note = " (BlockPublicAcls only refuses new public ACLs)" if block else ""
    return Verdict("public", f"{granted}; IgnorePublicAcls is off{note}")


def tls_verdict(bucket: Bucket) -> Verdict:
    """Does the policy deny every S3 request without TLS, by anyone, on bucket and objects?"""
    if bucket.policy_document is None:
        return Verdict("unknown", "bucket policy unreadable")
    arn = bucket.uid
    proven, open_ = denies_insecure_transport(
        bucket.policy_document, (arn, f"{arn}/*"), service="s3"
    )
    if proven:
        return Verdict("private", "policy denies every request made without TLS")
    if not bucket.policy_document.statements:
        return Verdict("public", "no bucket policy, so plain-HTTP requests are not denied")
    return Verdict("public", f"plain-HTTP requests not denied, e.g. {'; '.join(open_)}")
