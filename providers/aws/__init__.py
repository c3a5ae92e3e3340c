"""AWS provider: boto3 collectors behind the neutral model."""

from __future__ import annotations

from providers.aws import (
    backup,
    cloudtrail,
    config,
    dynamodb,
    ebs,
    ec2,
    ecr,
    efs,
    guardduty,
    iam,
    iam_account,
    kms,
    logs,
    messaging,
    rds,
    s3,
    secretsmanager,
)
from providers.aws.regions import enabled_regions
from providers.aws.session import AwsSession
from scanner.provider import Collector, ProviderSpec

COLLECTORS: tuple[Collector[AwsSession], ...] = (
    *ec2.COLLECTORS,
    *ebs.COLLECTORS,
    *kms.COLLECTORS,
    *s3.COLLECTORS,
    *rds.COLLECTORS,
    *dynamodb.COLLECTORS,
    *efs.COLLECTORS,
    *iam.COLLECTORS,
    *iam_account.COLLECTORS,
    *cloudtrail.COLLECTORS,
    *logs.COLLECTORS,
    *config.COLLECTORS,
    *guardduty.COLLECTORS,
    *backup.COLLECTORS,
    *secretsmanager.COLLECTORS,
    *messaging.COLLECTORS,
    *ecr.COLLECTORS,
)

PROVIDER: ProviderSpec[AwsSession] = ProviderSpec(
    name="aws",
    connect=AwsSession.connect,
    scopes=enabled_regions,
    collectors=COLLECTORS,
)

__all__ = ["COLLECTORS", "PROVIDER", "AwsSession"]
