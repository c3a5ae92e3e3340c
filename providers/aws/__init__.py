"""AWS provider: boto3 collectors behind the neutral model."""

from __future__ import annotations

from providers.aws import (
    ami,
    apigateway,
    awslambda,
    backup,
    cloudfront,
    cloudtrail,
    config,
    dynamodb,
    ebs,
    ec2,
    ecr,
    ecs,
    efs,
    eks,
    elasticache,
    guardduty,
    iam,
    iam_account,
    kms,
    logs,
    messaging,
    opensearch,
    rds,
    redshift,
    resilience,
    s3,
    secretsmanager,
)
from providers.aws.link import link_key_managers
from providers.aws.org import connect_member, member_accounts
from providers.aws.regions import enabled_regions
from providers.aws.session import AwsSession
from scanner.model import (
    BackupVault,
    Bucket,
    DatabaseInstance,
    FileSystem,
    ImageRepository,
    KmsKey,
    LogGroup,
    Queue,
    Snapshot,
    Table,
    Topic,
    Trail,
    Volume,
)
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
    *resilience.COLLECTORS,
    *secretsmanager.COLLECTORS,
    *messaging.COLLECTORS,
    *ecr.COLLECTORS,
    *ami.COLLECTORS,
    *ecs.COLLECTORS,
    *awslambda.COLLECTORS,
    *eks.COLLECTORS,
    *cloudfront.COLLECTORS,
    *opensearch.COLLECTORS,
    *redshift.COLLECTORS,
    *elasticache.COLLECTORS,
    *apigateway.COLLECTORS,
)

PROVIDER: ProviderSpec[AwsSession] = ProviderSpec(
    name="aws",
    connect=AwsSession.connect,
    scopes=enabled_regions,
    collectors=COLLECTORS,
    members=member_accounts,
    connect_member=connect_member,
    link=link_key_managers,
    link_requires=(KmsKey,),
    link_targets=(
        Bucket,
        Volume,
        Snapshot,
        FileSystem,
        DatabaseInstance,
        Table,
        BackupVault,
        Trail,
        LogGroup,
        Queue,
        Topic,
        ImageRepository,
    ),
)

__all__ = ["COLLECTORS", "PROVIDER", "AwsSession"]
