"""S3 buckets in a plan: ``aws_s3_bucket`` joined with its AWS provider v4 configuration
resources, rebuilt as the S3 API answers and mapped by the live ``to_bucket``.

Defaults and unknowns as in ``providers.terraform.aws`` (S3 documentation cited per answer).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.aws.s3 import to_bucket
from providers.terraform.common import first as _first
from providers.terraform.common import relabel as _fields
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model import Bucket
from scanner.provider import Item

_SSE = "aws_s3_bucket_server_side_encryption_configuration"
_PAB = "aws_s3_bucket_public_access_block"
_POLICY = "aws_s3_bucket_policy"
_VERSIONING = "aws_s3_bucket_versioning"
_LOGGING = "aws_s3_bucket_logging"
_ACL = "aws_s3_bucket_acl"
_OWNERSHIP = "aws_s3_bucket_ownership_controls"
_ACCOUNT_PAB = "aws_s3_account_public_access_block"
#: The bucket and the configuration resources joined into it.
S3_TYPES = ("aws_s3_bucket", _SSE, _PAB, _POLICY, _VERSIONING, _LOGGING, _ACL, _OWNERSHIP)
_ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
_AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
#: Canned ACLs -> the public group grants they add (S3 User Guide, "Canned ACL").
_CANNED = {
    "public-read": ((_ALL_USERS, "READ"),),
    "public-read-write": ((_ALL_USERS, "READ"), (_ALL_USERS, "WRITE")),
    "authenticated-read": ((_AUTHENTICATED, "READ"),),
}
_PAB_FLAGS = {
    "block_public_acls": "BlockPublicAcls",
    "ignore_public_acls": "IgnorePublicAcls",
    "block_public_policy": "BlockPublicPolicy",
    "restrict_public_buckets": "RestrictPublicBuckets",
}


# -- S3 -------------------------------------------------------------------------------------


def _encryption_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetBucketEncryption as it will answer: the split resource, the inline block (v3),
    else S3's default. Since 5 January 2023 S3 encrypts every new bucket with SSE-S3
    (docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html)."""
    configs = session.joined(bucket, (_SSE,), "bucket")
    rules: Any = None
    source: Planned = bucket
    if configs:
        source = configs[-1]
        rules = source.values.get("rule")
        unknown = source.wholly_unknown("rule")  # the whole block; parts: below
    else:
        inline = _first(bucket.values.get("server_side_encryption_configuration"))
        rules = inline.get("rule") if inline else None
        unknown = bucket.configured(
            "server_side_encryption_configuration"
        ) and bucket.wholly_unknown("server_side_encryption_configuration")
    if unknown:
        return None, [f"{source.address}.rule"]
    if not rules:
        return {
            "ServerSideEncryptionConfiguration": {
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            }
        }, []
    out = []
    for n, rule in enumerate(rules if isinstance(rules, list) else [rules]):
        default = _first(rule.get("apply_server_side_encryption_by_default"))
        if not default:
            continue
        entry = {"SSEAlgorithm": default.get("sse_algorithm", "AES256")}
        key = default.get("kms_master_key_id")
        path = ("rule", n, "apply_server_side_encryption_by_default", 0, "kms_master_key_id")
        if key:
            entry["KMSMasterKeyID"] = key
        elif source.is_unknown(*path):
            # a key ARN known after apply: a customer key when it is one this plan creates
            if not any(r.startswith("aws_kms_key.") for r in _nested_references(source, path)):
                return None, [f"{source.address}.{'.'.join(map(str, path))}"]
            entry["KMSMasterKeyID"] = PLAN_KEY
        out.append({"ApplyServerSideEncryptionByDefault": entry})
    return {"ServerSideEncryptionConfiguration": {"Rules": out}}, []


def _nested_references(resource: Planned, path: tuple[str | int, ...]) -> tuple[str, ...]:
    """The references of a nested block attribute's expression (blocks are lists)."""
    node: Any = resource.expressions
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if part < len(node) else (node[0] if node else None)
        else:
            return ()
    return tuple(node.get("references", ())) if isinstance(node, Mapping) else ()


def _pab_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetPublicAccessBlock: the split resource, else S3's default for a new bucket.

    Since April 2023 every new bucket has all four Block Public Access settings on
    (docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html);
    an existing bucket without the resource: whatever it has (unknown to the plan).
    """
    blocks = session.joined(bucket, (_PAB,), "bucket")
    if not blocks:
        if bucket.created:
            return {"PublicAccessBlockConfiguration": dict.fromkeys(_PAB_FLAGS.values(), True)}, []
        return None, [f"{bucket.address} (no aws_s3_bucket_public_access_block in the plan)"]
    block = blocks[-1]
    unknown = [f"{block.address}.{k}" for k in _PAB_FLAGS if block.is_unknown(k)]
    if unknown:
        return None, unknown
    # each flag defaults to false (registry: aws_s3_bucket_public_access_block)
    return {
        "PublicAccessBlockConfiguration": {
            api: bool(block.values.get(attr, False)) for attr, api in _PAB_FLAGS.items()
        }
    }, []


def _policy_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetBucketPolicy: ``aws_s3_bucket_policy.policy`` or the inline ``policy`` (JSON)."""
    policies = session.joined(bucket, (_POLICY,), "bucket")
    source, attribute = (policies[-1], "policy") if policies else (bucket, "policy")
    if source.is_unknown(attribute) and (policies or bucket.configured("policy")):
        return None, [f"{source.address}.{attribute}"]
    text = source.values.get(attribute)
    return ({"Policy": text} if text else {}), []


def _versioning_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetBucketVersioning: the split resource's status, else the inline block (v3);
    a new bucket is unversioned until enabled."""
    configs = session.joined(bucket, (_VERSIONING,), "bucket")
    if configs:
        config = configs[-1]
        if config.is_unknown("versioning_configuration", 0, "status"):
            return None, [f"{config.address}.versioning_configuration.status"]
        status = _first(config.values.get("versioning_configuration")).get("status")
        return {"Status": status} if status else {}, []
    if bucket.configured("versioning") and bucket.is_unknown("versioning"):
        return None, [f"{bucket.address}.versioning"]
    inline = _first(bucket.values.get("versioning"))
    return ({"Status": "Enabled"} if inline.get("enabled") else {}), []


def _logging_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetBucketLogging: ``aws_s3_bucket_logging`` or the inline block; none by default."""
    if session.joined(bucket, (_LOGGING,), "bucket"):
        return {"LoggingEnabled": {}}, []
    inline = _first(bucket.values.get("logging"))
    blocks = bucket.values.get("logging")
    if isinstance(blocks, list) and blocks and bucket.is_unknown("logging", 0, "target_bucket"):
        # the block is there and target_bucket is required in it (registry: aws_s3_bucket
        # v3/v4 ``logging``): logging is on, whichever bucket the plan creates to receive it
        return {"LoggingEnabled": {}}, []
    if bucket.configured("logging") and bucket.is_unknown("logging"):
        return None, [f"{bucket.address}.logging"]
    return ({"LoggingEnabled": {}} if inline.get("target_bucket") else {}), []


def _acl_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetBucketAcl: ``aws_s3_bucket_acl`` (a canned ``acl`` or an ``access_control_policy``),
    the v3 inline ``acl``, else the private ACL every new bucket gets (owner only)."""
    acls = session.joined(bucket, (_ACL,), "bucket")
    source, values = (acls[-1], acls[-1].values) if acls else (bucket, bucket.values)
    if source.is_unknown("acl") and source.configured("acl"):
        return None, [f"{source.address}.acl"]
    if not acls and not bucket.created and not bucket.values.get("acl"):
        return None, [f"{bucket.address} (ACL outside the plan)"]
    grants = [
        {"Grantee": {"Type": "Group", "URI": uri}, "Permission": permission}
        for uri, permission in _CANNED.get(str(values.get("acl") or "private"), ())
    ]
    for policy in values.get("access_control_policy") or ():
        for grant in policy.get("grant") or ():
            grantee = _first(grant.get("grantee"))
            grants.append({"Grantee": {"Type": grantee.get("type"), "URI": grantee.get("uri")},
                           "Permission": grant.get("permission")})  # fmt: skip
    return {"Grants": grants}, []


def _ownership_answer(
    bucket: Planned, session: TerraformSession
) -> tuple[Mapping[str, Any] | None, list[str]]:
    """GetBucketOwnershipControls: ``aws_s3_bucket_ownership_controls``, else the default of
    every new bucket since April 2023, BucketOwnerEnforced (ACLs disabled; S3 User Guide,
    "Controlling ownership of objects and disabling ACLs")."""
    controls = session.joined(bucket, (_OWNERSHIP,), "bucket")
    if controls:
        control = controls[-1]
        if control.is_unknown("rule"):
            return None, [f"{control.address}.rule"]
        ownership = _first(control.values.get("rule")).get("object_ownership")
        return {"OwnershipControls": {"Rules": [{"ObjectOwnership": ownership}]}}, []
    if bucket.created:
        return {"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}}, []
    return None, [f"{bucket.address} (ownership controls outside the plan)"]


def _account_block(session: TerraformSession) -> Mapping[str, Any] | None:
    """The account's public access block when the plan manages it, else unknown (None)."""
    blocks = session.all_of(_ACCOUNT_PAB)
    if not blocks or any(b.is_unknown(k) for b in blocks for k in _PAB_FLAGS):
        return None
    values = blocks[-1].values
    return {"PublicAccessBlockConfiguration": {
        api: bool(values.get(attr, False)) for attr, api in _PAB_FLAGS.items()}}  # fmt: skip


#: The key id of a bucket whose default key is an ``aws_kms_key`` this plan creates.
PLAN_KEY = "(customer key created by this plan)"


def _plan_key_is_customer(live: Bucket) -> Bucket:
    """A key this plan creates is a customer key (the live mapper cannot tell from its id)."""
    enc = live.encryption
    if enc is None or enc.key_id != PLAN_KEY:
        return live
    return live.model_copy(
        update={"encryption": enc.model_copy(update={"key_managed_by": "customer"})}
    )


def plan_bucket(bucket: Planned, session: TerraformSession) -> Bucket:
    """One ``aws_s3_bucket`` joined with its v4 configuration resources -> Bucket."""
    details: dict[str, Mapping[str, Any] | None] = {}
    unknown: list[str] = []
    for name, answer in (
        ("encryption", _encryption_answer),
        ("public_access_block", _pab_answer),
        ("policy", _policy_answer),
        ("versioning", _versioning_answer),
        ("logging", _logging_answer),
        ("acl", _acl_answer),
        ("ownership", _ownership_answer),
    ):
        details[name], missing = answer(bucket, session)
        unknown += missing
    session.note_unknown(bucket, unknown)
    known = bucket.values.get("bucket") and not bucket.is_unknown("bucket")
    name = str(bucket.values.get("bucket")) if known else bucket.address
    live = to_bucket(
        name,
        details,
        region=session.region(bucket),
        account="",
        collected_at=session.collected_at,
        account_block=_account_block(session),
    )
    live = _plan_key_is_customer(live)
    if not known:
        return _fields(live, bucket)
    # the bucket ARN is known: it stays the uid (policies name it; plan and live findings
    # share ids), the address is the name
    return live.model_copy(update={"name": bucket.address})


def collect_buckets(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_s3_bucket``."""
    joins = [((kind,), "bucket") for kind in S3_TYPES[1:]]
    for bucket in session.judged("aws_s3_bucket", joins=joins):
        if bucket.opaque:
            yield opaque_resource("aws", bucket, "Bucket")
            continue
        yield plan_bucket(bucket, session)
