"""Secrets Manager, SQS, SNS, ECR and AWS Backup.

Real Secrets Manager needs a rotation Lambda; moto invokes it (which needs Docker) or
fails when it does not exist, but accepts rotation rules without one, so the rotated secret
has rotation enabled every 30 days and no ``RotationLambdaARN``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from providers.aws.demo.estate import Estate
from scanner.model import BackupPlan, BackupVault, ImageRepository, Queue, Secret, Topic

if TYPE_CHECKING:
    from mypy_boto3_sqs.literals import QueueAttributeNameType

_FAKE_SECRET = json.dumps({"username": "demo", "password": "demo-not-a-real-secret"})


def seed_services(estate: Estate, region: str, key_arn: str) -> None:
    """Seed the application services of the primary region."""
    _secrets(estate, region, key_arn)
    _queues(estate, region, key_arn)
    _topics(estate, region, key_arn)
    _repositories(estate, region, key_arn)
    _backup(estate, region, key_arn)


def _secrets(estate: Estate, region: str, key_arn: str) -> None:
    """A CMK-encrypted secret rotated every 30 days and an unrotated one."""
    secrets = estate.boto.client("secretsmanager", region_name=region)
    rotated = secrets.create_secret(
        Name="demo/orders-db", KmsKeyId=key_arn, SecretString=_FAKE_SECRET
    )["ARN"]
    secrets.rotate_secret(SecretId=rotated, RotationRules={"AutomaticallyAfterDays": 30})
    estate.ledger.add(Secret, rotated, region)
    stale = secrets.create_secret(Name="demo/legacy-api-token", SecretString=_FAKE_SECRET)["ARN"]
    estate.ledger.add(Secret, stale, region, "rotation disabled")


def _queues(estate: Estate, region: str, key_arn: str) -> None:
    """Queues with SSE-KMS, with SQS-managed SSE, and without encryption."""
    sqs = estate.boto.client("sqs", region_name=region)
    queues: tuple[tuple[str, dict[QueueAttributeNameType, str], tuple[str, ...]], ...] = (
        ("demo-orders", {"KmsMasterKeyId": key_arn}, ()),
        ("demo-events", {"SqsManagedSseEnabled": "true"}, ()),
        ("demo-legacy-jobs", {"SqsManagedSseEnabled": "false"}, ("not encrypted at rest",)),
    )
    for name, attributes, problems in queues:
        sqs.create_queue(QueueName=name, Attributes=attributes, tags={"Environment": "demo"})
        estate.ledger.add(Queue, estate.arn("sqs", region, name), region, *problems)


def _topics(estate: Estate, region: str, key_arn: str) -> None:
    """A KMS-encrypted topic and an unencrypted one."""
    sns = estate.boto.client("sns", region_name=region)
    alerts = sns.create_topic(Name="demo-alerts", Attributes={"KmsMasterKeyId": key_arn})
    estate.ledger.add(Topic, alerts["TopicArn"], region)
    plain = sns.create_topic(Name="demo-notifications")
    estate.ledger.add(Topic, plain["TopicArn"], region, "not encrypted at rest")


def _repositories(estate: Estate, region: str, key_arn: str) -> None:
    """A hardened repository (scan on push, immutable tags, KMS) and a default one."""
    ecr = estate.boto.client("ecr", region_name=region)
    api = ecr.create_repository(
        repositoryName="demo-api",
        imageScanningConfiguration={"scanOnPush": True},
        imageTagMutability="IMMUTABLE",
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key_arn},
    )["repository"]
    estate.ledger.add(ImageRepository, api["repositoryArn"], region)
    sandbox = ecr.create_repository(repositoryName="demo-sandbox")["repository"]
    estate.ledger.add(
        ImageRepository, sandbox["repositoryArn"], region, "scan on push off", "image tags mutable"
    )


def _backup(estate: Estate, region: str, key_arn: str) -> None:
    """A KMS-encrypted vault and a daily plan keeping recovery points for 35 days."""
    backup = estate.boto.client("backup", region_name=region)
    vault = backup.create_backup_vault(BackupVaultName="demo-vault", EncryptionKeyArn=key_arn)
    estate.ledger.add(BackupVault, vault["BackupVaultArn"], region)
    plan = backup.create_backup_plan(
        BackupPlan={
            "BackupPlanName": "demo-daily-35d",
            "Rules": [
                {
                    "RuleName": "daily",
                    "TargetBackupVaultName": "demo-vault",
                    "ScheduleExpression": "cron(0 5 * * ? *)",
                    "Lifecycle": {"DeleteAfterDays": 35},
                }
            ],
        }
    )
    estate.ledger.add(BackupPlan, plan["BackupPlanArn"], region)
