"""AWS data stores in a plan: EFS, DynamoDB, CloudWatch log groups, SQS, SNS, Secrets
Manager and ECR, through the live provider's ``to_*`` functions.

Each mapper rewrites the planned attributes as the API answer the live collector reads.
Defaults are the AWS provider's (registry.terraform.io/providers/hashicorp/aws/latest/docs/
resources/<type>, cited per mapper) or, where the provider leaves an attribute to AWS, the
service's API reference. An attribute known only after apply is UNKNOWN, naming it.
"""

from __future__ import annotations

from typing import Any

from providers.aws.dynamodb import to_table
from providers.aws.ecr import to_image_repository
from providers.aws.efs import to_file_system
from providers.aws.logs import to_log_group
from providers.aws.messaging import to_queue, to_topic
from providers.aws.resource_policy import policy_from_text
from providers.aws.secretsmanager import to_secret
from providers.terraform.common import collector, first, flag, relabel, with_key
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import (
    FileSystem,
    ImageRepository,
    LogGroup,
    PolicyDocument,
    Queue,
    Secret,
    Table,
    Topic,
)
from scanner.provider import Collector, Item


def joined_policy(
    owner: Planned,
    session: TerraformSession,
    types: tuple[str, ...],
    attribute: str,
    extra: tuple[Planned, ...] = (),
) -> PolicyDocument | None:
    """The resource policy of ``owner``: its own ``policy`` attribute, else the policy
    resource that points at it (``aws_sqs_queue_policy.queue_url``...; ``extra``: those
    naming it another way). None when a policy is known only after apply (the session
    records which); no policy: an empty one."""
    texts: list[Any] = []
    unknown: list[str] = []
    joined = session.joined(owner, types, attribute)
    for source in (owner, *joined, *(e for e in extra if e not in joined)):
        if source.configured("policy") and source.is_unknown("policy"):
            unknown.append(f"{source.address}.policy")
        elif source.values.get("policy"):
            texts.append(source.values["policy"])
    if unknown:
        session.note_unknown(owner, unknown)
        return None
    return policy_from_text(texts[-1] if texts else None)


# -- EFS -------------------------------------------------------------------------------------


def plan_file_system(fs: Planned, session: TerraformSession) -> FileSystem:
    """``aws_efs_file_system``: ``encrypted`` defaults to false (registry:
    aws_efs_file_system, "encrypted - (Optional) If true, the disk will be encrypted");
    with no ``kms_key_id`` EFS uses the AWS managed key aws/elasticfilesystem."""
    values = fs.values
    encrypted = flag(values, "encrypted", default=False)
    key = values.get("kms_key_id") or ("alias/aws/elasticfilesystem" if encrypted else None)
    answer: dict[str, Any] = {"FileSystemId": fs.address, "FileSystemArn": fs.address,
                              "Encrypted": encrypted, "KmsKeyId": key, "Tags": []}  # fmt: skip
    model = to_file_system(
        answer, region=session.region(fs), account="", collected_at=session.collected_at
    )
    if fs.configured("encrypted") and fs.is_unknown("encrypted"):
        session.note_unknown(fs, [f"{fs.address}.encrypted"])
        model = model.model_copy(update={"encryption": None})
    return with_key(relabel(model, fs), fs, "kms_key_id", session)


# -- DynamoDB --------------------------------------------------------------------------------


def plan_table(table: Planned, session: TerraformSession) -> Table:
    """``aws_dynamodb_table``: ``server_side_encryption.enabled`` false (the default) is
    an AWS owned key; enabled without ``kms_key_arn`` is the AWS managed key
    aws/dynamodb; ``point_in_time_recovery.enabled`` and ``deletion_protection_enabled``
    default to false (registry: aws_dynamodb_table)."""
    values = table.values
    sse = first(values.get("server_side_encryption"))
    description: dict[str, Any] = {
        "TableArn": table.address,
        "DeletionProtectionEnabled": flag(values, "deletion_protection_enabled", default=False),
    }
    if sse.get("enabled"):
        key = sse.get("kms_key_arn") or "alias/aws/dynamodb"
        description["SSEDescription"] = {"SSEType": "KMS", "Status": "ENABLED",
                                         "KMSMasterKeyArn": key}  # fmt: skip
    pitr = bool(first(values.get("point_in_time_recovery")).get("enabled"))
    backups = {"ContinuousBackupsDescription": {"PointInTimeRecoveryDescription": {
        "PointInTimeRecoveryStatus": "ENABLED" if pitr else "DISABLED"}}}  # fmt: skip
    model = to_table(
        str(values.get("name") or table.address), description, backups,
        region=session.region(table), account="", collected_at=session.collected_at,
    )  # fmt: skip
    model = relabel(model, table)
    if sse.get("enabled"):
        # the block's key expression sits inside the block: judge it by reference
        model = _nested_key(model, table, session)
    return model


def _nested_key(model: Table, table: Planned, session: TerraformSession) -> Table:
    block = table.expressions.get("server_side_encryption")
    blocks = block if isinstance(block, list) else []
    refs = [str(r) for b in blocks for r in (b.get("kms_key_arn") or {}).get("references", ())]
    if model.encryption is not None and any(r.startswith(("aws_kms_key.", "aws_kms_alias."))
                                            for r in refs):  # fmt: skip
        encryption = model.encryption.model_copy(update={"key_managed_by": "customer"})
        return model.model_copy(update={"encryption": encryption})
    if table.is_unknown("server_side_encryption", 0, "kms_key_arn"):
        session.note_unknown(table, [f"{table.address}.server_side_encryption.kms_key_arn"])
        return model.model_copy(update={"encryption": None})
    return model


# -- CloudWatch Logs -------------------------------------------------------------------------


def plan_log_group(group: Planned, session: TerraformSession) -> Item:
    """``aws_cloudwatch_log_group``: ``retention_in_days`` 0 (the default) keeps events
    forever (registry: aws_cloudwatch_log_group); without ``kms_key_id`` CloudWatch Logs
    encrypts with its own key."""
    values = group.values
    retention = values.get("retention_in_days") or 0
    answer = {"arn": group.address, "logGroupName": values.get("name") or group.address,
              "retentionInDays": retention, "kmsKeyId": values.get("kms_key_id")}  # fmt: skip
    model = relabel(
        to_log_group(answer, account="", region=session.region(group),
                     collected_at=session.collected_at),
        group,
    )  # fmt: skip
    if group.configured("retention_in_days") and group.is_unknown("retention_in_days"):
        # the model has no "unknown" retention: the group is not judged
        attribute = f"{group.address}.retention_in_days"
        return known_after_apply("aws", group, "LogGroup", [attribute])
    return with_key(model, group, "kms_key_id", session)


# -- SQS and SNS -----------------------------------------------------------------------------


def plan_queue(queue: Planned, session: TerraformSession) -> Queue:
    """``aws_sqs_queue`` (+ ``aws_sqs_queue_policy``): a ``kms_master_key_id`` is SSE-KMS;
    else ``sqs_managed_sse_enabled``, which AWS turns on for queues created without
    encryption settings since 2022 (SQS Developer Guide, "Encryption at rest"; the
    provider marks it Optional+Computed)."""
    values = queue.values
    sqs_managed = values.get("sqs_managed_sse_enabled")
    attributes: dict[str, Any] = {"QueueArn": queue.address,
                                  "KmsMasterKeyId": values.get("kms_master_key_id")}  # fmt: skip
    unknown = queue.configured("sqs_managed_sse_enabled") and queue.is_unknown(
        "sqs_managed_sse_enabled"
    )
    if sqs_managed is None and not values.get("kms_master_key_id"):
        sqs_managed = True if queue.created and not unknown else None
    attributes["SqsManagedSseEnabled"] = "true" if sqs_managed else "false"
    model = to_queue(
        f"https://sqs.plan/{queue.address}", attributes, account="",
        region=session.region(queue), collected_at=session.collected_at,
    )  # fmt: skip
    update: dict[str, Any] = {
        "policy_document": joined_policy(queue, session, ("aws_sqs_queue_policy",), "queue_url")
    }
    if sqs_managed is None and not values.get("kms_master_key_id"):
        session.note_unknown(queue, [f"{queue.address}.sqs_managed_sse_enabled"])
        update["encryption"] = None
    model = relabel(model.model_copy(update=update), queue)
    return with_key(model, queue, "kms_master_key_id", session)


def plan_topic(topic: Planned, session: TerraformSession) -> Topic:
    """``aws_sns_topic`` (+ ``aws_sns_topic_policy``): encrypted only with a
    ``kms_master_key_id`` (registry: aws_sns_topic; SNS is unencrypted by default)."""
    values = topic.values
    model = to_topic(
        topic.address, {"KmsMasterKeyId": values.get("kms_master_key_id")}, account="",
        region=session.region(topic), collected_at=session.collected_at,
    )  # fmt: skip
    policy = joined_policy(
        topic, session, ("aws_sns_topic_policy",), "arn", _by_literal_arn(topic, session)
    )
    model = relabel(model.model_copy(update={"policy_document": policy}), topic)
    return with_key(model, topic, "kms_master_key_id", session)


def _by_literal_arn(topic: Planned, session: TerraformSession) -> tuple[Planned, ...]:
    """``aws_sns_topic_policy`` resources that name the topic by a literal ARN
    (``arn:aws:sns:<region>:<account>:<name>``) rather than a reference, in the same
    module: same topic name, and the same region where both are known. The account is
    not known at plan time; SetTopicAttributes on that ARN is what applies the policy."""
    name = topic.values.get("name")
    region = session.region(topic)
    found = []
    for policy in session.all_of("aws_sns_topic_policy"):
        arn = policy.values.get("arn")
        if policy.references("arn") or policy.module != topic.module or not isinstance(arn, str):
            continue
        parts = arn.split(":")
        if len(parts) != 6 or parts[2] != "sns" or parts[5] != name or not name:
            continue
        if parts[3] and region != "unknown" and parts[3] != region:
            continue
        found.append(policy)
    return tuple(found)


# -- Secrets Manager and ECR -----------------------------------------------------------------


def plan_secret(secret: Planned, session: TerraformSession) -> Secret:
    """``aws_secretsmanager_secret`` with its ``aws_secretsmanager_secret_rotation``
    (``rotation_rules.automatically_after_days``) and ``_secret_policy``; no rotation
    resource: rotation off (registry: aws_secretsmanager_secret_rotation)."""
    rotations = session.joined(secret, ("aws_secretsmanager_secret_rotation",), "secret_id")
    listed: dict[str, Any] = {"ARN": secret.address,
                              "Name": secret.values.get("name") or secret.address}  # fmt: skip
    if rotations:
        rules = first(rotations[-1].values.get("rotation_rules"))
        listed["RotationEnabled"] = True
        listed["RotationRules"] = {"AutomaticallyAfterDays": rules.get("automatically_after_days")}
    policy = joined_policy(secret, session, ("aws_secretsmanager_secret_policy",), "secret_arn")
    model = to_secret(
        listed, account="", region=session.region(secret), collected_at=session.collected_at,
        policy=policy,
    )  # fmt: skip
    return relabel(model, secret)


def plan_repository(repo: Planned, session: TerraformSession) -> ImageRepository:
    """``aws_ecr_repository`` (+ ``aws_ecr_repository_policy``): ``image_tag_mutability``
    MUTABLE, ``scan_on_push`` false and ``encryption_type`` AES256 by default (registry:
    aws_ecr_repository)."""
    values = repo.values
    encryption = first(values.get("encryption_configuration"))
    scan = first(values.get("image_scanning_configuration"))
    answer = {
        "repositoryArn": repo.address,
        "repositoryName": values.get("name") or repo.address,
        "imageTagMutability": values.get("image_tag_mutability") or "MUTABLE",
        "imageScanningConfiguration": {"scanOnPush": bool(scan.get("scan_on_push"))},
        "encryptionConfiguration": {"encryptionType": encryption.get("encryption_type") or "AES256",
                                    "kmsKey": encryption.get("kms_key")},
    }  # fmt: skip
    policy = joined_policy(repo, session, ("aws_ecr_repository_policy",), "repository")
    model = to_image_repository(
        answer, account="", region=session.region(repo), collected_at=session.collected_at,
        policy=policy,
    )  # fmt: skip
    return relabel(model, repo)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", FileSystem, ("aws_efs_file_system",), plan_file_system,
              name="plan_efs"),
    collector("aws", Table, ("aws_dynamodb_table",), plan_table, name="plan_dynamodb"),
    collector("aws", LogGroup, ("aws_cloudwatch_log_group",), plan_log_group,
              name="plan_log_groups"),
    collector("aws", Queue, ("aws_sqs_queue",), plan_queue, name="plan_sqs",
              joins=[(("aws_sqs_queue_policy",), "queue_url")]),
    collector("aws", Topic, ("aws_sns_topic",), plan_topic, name="plan_sns",
              joins=[(("aws_sns_topic_policy",), "arn")]),
    collector("aws", Secret, ("aws_secretsmanager_secret",), plan_secret, name="plan_secrets",
              joins=[(("aws_secretsmanager_secret_rotation",), "secret_id"),
                     (("aws_secretsmanager_secret_policy",), "secret_arn")]),
    collector("aws", ImageRepository, ("aws_ecr_repository",), plan_repository,
              name="plan_ecr", joins=[(("aws_ecr_repository_policy",), "repository")]),
)  # fmt: skip
