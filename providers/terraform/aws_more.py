"""More AWS resources in a plan: RDS instances, CloudTrail trails, IAM roles and policies.

As in ``providers.terraform.aws``: the planned attributes are rewritten as the API answers
the live collectors read and mapped by the live ``to_*`` functions, so a policy in a plan
(a JSON string, or the rendered ``json`` of an ``aws_iam_policy_document``) is parsed and
judged by the same code as a live one. Defaults: registry.terraform.io/providers/hashicorp/
aws/latest/docs (per resource) and the AWS API reference where the provider leaves it to AWS.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from providers.aws.cloudtrail import to_trail
from providers.aws.iam import parse_or_none, to_managed_policy, to_role
from providers.aws.rds import to_database_instance
from providers.terraform.aws_trails import trail_selectors
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model import DatabaseInstance, ManagedPolicy, Role, Trail
from scanner.model.base import Resource
from scanner.provider import Collector, Item

#: Attachments of a managed policy to a role (policy_arn) in a plan.
_ATTACHMENTS = ("aws_iam_role_policy_attachment",)


R = TypeVar("R", bound=Resource)


def _relabel(model: R, resource: Planned) -> R:
    return model.model_copy(update={"uid": resource.address, "name": resource.address})


# -- RDS -------------------------------------------------------------------------------------


def plan_database(db: Planned, session: TerraformSession) -> DatabaseInstance:
    """``aws_db_instance``: storage_encrypted, publicly_accessible, multi_az and
    deletion_protection default false, auto_minor_version_upgrade true (registry:
    aws_db_instance); ``backup_retention_period`` omitted is AWS's CreateDBInstance default,
    1 day (docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html)."""
    values = db.values
    unknown: list[str] = []
    retention: Any = values.get("backup_retention_period")
    if retention is None:
        if db.configured("backup_retention_period"):
            unknown.append(f"{db.address}.backup_retention_period")
        elif db.created:
            retention = 1
        else:
            unknown.append(f"{db.address}.backup_retention_period")
    answer = {
        "DBInstanceArn": db.address,
        "DBInstanceIdentifier": db.address,
        "Engine": values.get("engine") or "",
        "StorageEncrypted": bool(values.get("storage_encrypted", False)),
        "KmsKeyId": values.get("kms_key_id"),
        "BackupRetentionPeriod": retention,
        "PubliclyAccessible": bool(values.get("publicly_accessible", False)),
        "MultiAZ": bool(values.get("multi_az", False)),
        "DeletionProtection": bool(values.get("deletion_protection", False)),
        "AutoMinorVersionUpgrade": values.get("auto_minor_version_upgrade", True) is not False,
    }
    for attribute in ("storage_encrypted", "publicly_accessible", "multi_az"):
        if db.is_unknown(attribute) and db.configured(attribute):
            unknown.append(f"{db.address}.{attribute}")
    session.note_unknown(db, unknown)
    model = _relabel(
        to_database_instance(
            answer, region=session.region(db), account="", collected_at=session.collected_at
        ),
        db,
    )
    updates: dict[str, Any] = {}
    if f"{db.address}.storage_encrypted" in unknown:
        updates["encryption"] = None
    if f"{db.address}.publicly_accessible" in unknown:
        updates["publicly_accessible"] = None
    if f"{db.address}.multi_az" in unknown:
        updates["multi_az"] = None
    return model.model_copy(update=updates) if updates else model


def collect_databases(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_db_instance``."""
    for db in session.judged("aws_db_instance"):
        if db.opaque:
            yield opaque_resource("aws", db, "DatabaseInstance")
            continue
        yield plan_database(db, session)


# -- CloudTrail ------------------------------------------------------------------------------


def plan_trail(trail: Planned, session: TerraformSession) -> Trail:
    """``aws_cloudtrail``: is_multi_region_trail and enable_log_file_validation default
    false, enable_logging and include_global_service_events true; without
    ``event_selector``/``advanced_event_selector`` a trail records management events
    (registry: aws_cloudtrail; CloudTrail User Guide, "Logging management events")."""
    values = trail.values
    # every FieldSelector operator, as the live GetEventSelectors answer carries it
    selectors = trail_selectors(trail)
    if selectors is None:
        selected = ("event_selector", "advanced_event_selector")
        session.note_unknown(
            trail, [f"{trail.address}.{a}" for a in selected if trail.is_unknown(a)]
        )
    answer = {
        "TrailARN": trail.address,
        "Name": values.get("name") or trail.address,
        "HomeRegion": session.region(trail),
        "IsMultiRegionTrail": bool(values.get("is_multi_region_trail", False)),
        "IsOrganizationTrail": bool(values.get("is_organization_trail", False)),
        "LogFileValidationEnabled": bool(values.get("enable_log_file_validation", False)),
        "KmsKeyId": values.get("kms_key_id"),
        "CloudWatchLogsLogGroupArn": values.get("cloud_watch_logs_group_arn"),
        "S3BucketName": values.get("s3_bucket_name"),
    }
    unknown = []
    if trail.is_unknown("kms_key_id") and trail.configured("kms_key_id"):
        # a key created in the same plan is a customer key; anything else is unknown
        refs = trail.references("kms_key_id")
        if any(r.startswith("aws_kms_key.") for r in refs):
            answer["KmsKeyId"] = "(customer key created by this plan)"
        else:
            unknown.append(f"{trail.address}.kms_key_id")
    if trail.is_unknown("cloud_watch_logs_group_arn") and trail.configured(
        "cloud_watch_logs_group_arn"
    ):
        answer["CloudWatchLogsLogGroupArn"] = "(log group created by this plan)"
    status = {"IsLogging": values.get("enable_logging", True) is not False}
    session.note_unknown(trail, unknown)
    model = _relabel(
        to_trail(answer, status, selectors, account="", region=session.region(trail),
                 collected_at=session.collected_at),
        trail,
    )  # fmt: skip
    return model.model_copy(update={"encryption": None}) if unknown else model


def collect_trails(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_cloudtrail``."""
    for trail in session.judged("aws_cloudtrail"):
        if trail.opaque:
            yield opaque_resource("aws", trail, "Trail")
            continue
        yield plan_trail(trail, session)


# -- IAM -------------------------------------------------------------------------------------


def _policy_text(resource: Planned, attribute: str) -> str | None:
    """A policy JSON known at plan time, else None (the session records why)."""
    if resource.is_unknown(attribute):
        return None
    text = resource.values.get(attribute)
    return str(text) if text else None


def plan_managed_policy(policy: Planned, session: TerraformSession) -> ManagedPolicy:
    """``aws_iam_policy``: its ``policy`` JSON, judged like a live default version."""
    text = _policy_text(policy, "policy")
    if text is None:
        session.note_unknown(policy, [f"{policy.address}.policy"])
    attachments = session.joined(policy, _ATTACHMENTS, "policy_arn")
    answer = {
        "Arn": policy.address,
        "PolicyName": policy.values.get("name") or policy.address,
        "AttachmentCount": len(attachments),
        "PolicyVersionList": [{"IsDefaultVersion": True, "Document": text}] if text else [],
    }
    model = to_managed_policy(answer, account="", collected_at=session.collected_at)
    return _relabel(model, policy)


def _attached(
    role: Planned, session: TerraformSession
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The role's policy attachments as ``AttachedManagedPolicies`` plus the documents of
    customer policies created in the plan (AWS managed ones are judged by ARN, as live)."""
    attached: list[dict[str, Any]] = []
    local: dict[str, Any] = {}
    owner = {
        a.address: p
        for p in session.all_of("aws_iam_policy")
        for a in session.joined(p, _ATTACHMENTS, "policy_arn")
    }
    for attachment in session.joined(role, _ATTACHMENTS, "role"):
        arn = attachment.values.get("policy_arn")
        target = owner.get(attachment.address)
        if target is not None:
            arn = target.address
            text = _policy_text(target, "policy")
            local[arn] = parse_or_none(text) if text else None
        if not arn:  # an ARN known after apply that no planned policy explains: unknown
            arn = f"{attachment.address} (policy known after apply)"
        attached.append({"PolicyArn": str(arn), "PolicyName": str(arn).rsplit("/", 1)[-1]})
    return attached, local


def plan_role(role: Planned, session: TerraformSession) -> Role:
    """``aws_iam_role`` with its ``inline_policy`` blocks, ``aws_iam_role_policy`` and
    ``aws_iam_role_policy_attachment`` resources; the trust policy and every inline or
    customer policy document go through the live parser."""
    unknown: list[str] = []
    trust = _policy_text(role, "assume_role_policy")
    if trust is None:
        unknown.append(f"{role.address}.assume_role_policy")
    inline = [
        {"PolicyName": b.get("name") or "", "PolicyDocument": b.get("policy")}
        for b in role.values.get("inline_policy") or ()
        if b.get("policy")
    ]
    for policy in session.joined(role, ("aws_iam_role_policy",), "role"):
        text = _policy_text(policy, "policy")
        if text is None:
            unknown.append(f"{policy.address}.policy")
            continue
        inline.append(
            {"PolicyName": policy.values.get("name") or policy.address, "PolicyDocument": text}
        )
    attached, local = _attached(role, session)
    session.note_unknown(role, unknown)
    detail = {
        "Arn": role.address,
        "RoleName": role.values.get("name") or role.address,
        "Path": role.values.get("path") or "/",
        "AssumeRolePolicyDocument": trust,
        "AttachedManagedPolicies": attached,
        "RolePolicyList": inline,
    }
    model = to_role(detail, local, account="", collected_at=session.collected_at)
    return _relabel(model, role)


def collect_managed_policies(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_iam_policy``."""
    for policy in session.judged("aws_iam_policy"):
        if policy.opaque:
            yield opaque_resource("aws", policy, "ManagedPolicy")
            continue
        yield plan_managed_policy(policy, session)


def collect_roles(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_iam_role``."""
    joins = [(("aws_iam_role_policy",), "role"), (_ATTACHMENTS, "role")]
    for role in session.judged("aws_iam_role", joins=joins):
        if role.opaque:
            yield opaque_resource("aws", role, "Role")
            continue
        yield plan_role(role, session)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(DatabaseInstance, collect_databases, permissions=(), scope="global", name="plan_db"),
    Collector(Trail, collect_trails, permissions=(), scope="global", name="plan_trails"),
    Collector(ManagedPolicy, collect_managed_policies, permissions=(), scope="global",
              name="plan_iam_policies"),
    Collector(Role, collect_roles, permissions=(), scope="global", name="plan_iam_roles"),
)  # fmt: skip
