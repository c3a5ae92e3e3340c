"""Cloud Storage buckets from CAI (resource data plus the bucket's IAM policy)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.gcp.assets import AssetRecord, Policy
from providers.gcp.common import collect_with_policies, is_public
from providers.gcp.org_policy import LIST_ORG_POLICY, PUBLIC_ACCESS_PREVENTION, read_constraints
from providers.gcp.session import GcpSession
from providers.gcp.spelling import flag
from scanner.model import Bucket, Encryption
from scanner.model.access import PUBLIC_MEMBERS
from scanner.provider import Collector, Item

BUCKET = "storage.googleapis.com/Bucket"


def _uniform(body: Mapping[str, Any]) -> bool:
    cfg = body.get("iamConfiguration") or {}
    ubla = cfg.get("uniformBucketLevelAccess") or cfg.get("bucketPolicyOnly") or {}
    return bool(flag(ubla.get("enabled")))


def _public_acl(body: Mapping[str, Any]) -> bool:
    entries = [*(body.get("acl") or ()), *(body.get("defaultObjectAcl") or ())]
    return any(str(e.get("entity", "")).lower() in PUBLIC_MEMBERS for e in entries)


def to_bucket(
    record: AssetRecord,
    fields: dict[str, Any],
    *,
    policy: Policy | None,
    org_prevention: bool | None = False,
) -> Bucket:
    """Pure: a Bucket REST body + its IAM policy (None unknown) -> Bucket.

    ``org_prevention``: the storage.publicAccessPrevention constraint is in force above
    the bucket (None: unknown); it applies when the bucket's own setting is ``inherited``.
    """
    body = record.body
    kms = (body.get("encryption") or {}).get("defaultKmsKeyName")
    encryption = (
        Encryption(enabled=True, key_managed_by="customer", key_id=str(kms))
        if kms
        else Encryption(enabled=True, key_managed_by="provider")
    )
    uniform = _uniform(body)
    public_iam = is_public(policy)
    acl_public = not uniform and _public_acl(body)
    retention = body.get("retentionPolicy") or {}
    period = retention.get("retentionPeriod")
    return Bucket(
        **fields,
        encryption=encryption,
        public_access_block=True
        if str((body.get("iamConfiguration") or {}).get("publicAccessPrevention", "")).lower()
        == "enforced"
        else org_prevention,
        policy_allows_public=True if acl_public else public_iam,
        policy_requires_tls=None,  # Cloud Storage has no setting that refuses plain HTTP
        versioning=bool(flag((body.get("versioning") or {}).get("enabled"))),
        access_logging=bool((body.get("logging") or {}).get("logBucket")),
        uniform_access=uniform,
        retention_days=0 if period is None else int(float(period)) // 86400,
        retention_locked=bool(flag(retention.get("isLocked"))),
    )


def collect_buckets(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every bucket in ``scope``; public access is judged from IAM and, without UBLA, ACLs."""
    constraints, errors = read_constraints(session, scope, "Bucket")
    yield from errors

    def mapper(record: AssetRecord, fields: dict[str, Any], *, policy: Policy | None) -> Bucket:
        prevention, hint = constraints.enforced(PUBLIC_ACCESS_PREVENTION, record)
        bucket = to_bucket(record, fields, policy=policy, org_prevention=prevention)
        if bucket.public_access_block is None and hint:
            return bucket.model_copy(update={"org_policy_hint": hint})
        return bucket

    yield from collect_with_policies(session, scope, BUCKET, Bucket, mapper)


RESOURCE_TYPES = {BUCKET: "Bucket"}
POLICY_TYPES = {BUCKET: "Bucket"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(
        Bucket,
        collect_buckets,
        permissions=(
            "cloudasset.assets.listResource",
            "cloudasset.assets.listIamPolicy",
            LIST_ORG_POLICY,
        ),
    ),
)
