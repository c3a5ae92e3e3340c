"""CloudWatch log groups, CloudTrail trails, AWS Config recording and GuardDuty."""

from __future__ import annotations

from providers.aws.demo.estate import Estate, Tier
from providers.aws.demo.identity import CLOUDTRAIL_ROLE, CONFIG_ROLE
from scanner.model import ConfigRecording, LogGroup, ThreatDetection, Trail

FLOW_LOG_GROUP = "/demo/vpc-flow-logs"
TRAIL_LOG_GROUP = "/demo/cloudtrail"
AUDIT_LOGS = "audit-logs"  # purpose of the trail and Config bucket, see Estate.bucket


def seed_log_groups(estate: Estate, region: str, key_arn: str) -> None:
    """Three groups: 365 days + KMS (trail), 30 days without KMS (flow logs), never-expire."""
    logs = estate.boto.client("logs", region_name=region)
    groups: tuple[tuple[str, int | None, str | None, tuple[str, ...]], ...] = (
        (TRAIL_LOG_GROUP, 365, key_arn, ()),
        (FLOW_LOG_GROUP, 30, None, ("retention 30 days (< 365)", "not encrypted with a KMS key")),
        ("/demo/app", None, None, ("not encrypted with a KMS key",)),
    )
    for name, days, key, problems in groups:
        if key is None:
            logs.create_log_group(logGroupName=name, tags={"Environment": "demo"})
        else:
            logs.create_log_group(logGroupName=name, kmsKeyId=key, tags={"Environment": "demo"})
        if days is not None:
            logs.put_retention_policy(logGroupName=name, retentionInDays=days)
        estate.ledger.add(
            LogGroup, estate.arn("logs", region, f"log-group:{name}"), region, *problems
        )


def seed_trail(estate: Estate, region: str, tier: Tier, key_arn: str | None) -> None:
    """Primary: a well-configured, logging multi-region trail; secondary: a neglected
    single-region trail (no validation, no KMS, no CloudWatch Logs, not logging)."""
    if tier == "sandbox":
        return
    cloudtrail = estate.boto.client("cloudtrail", region_name=region)
    if tier == "primary" and key_arn is not None:
        arn = cloudtrail.create_trail(
            Name="demo-org-trail",
            S3BucketName=estate.bucket(AUDIT_LOGS),
            IsMultiRegionTrail=True,
            IncludeGlobalServiceEvents=True,
            EnableLogFileValidation=True,
            KmsKeyId=key_arn,
            CloudWatchLogsLogGroupArn=estate.arn("logs", region, f"log-group:{TRAIL_LOG_GROUP}:*"),
            CloudWatchLogsRoleArn=estate.role_arn(CLOUDTRAIL_ROLE),
        )["TrailARN"]
        cloudtrail.start_logging(Name=arn)
        estate.ledger.add(Trail, arn, region)
    elif tier == "secondary":
        arn = cloudtrail.create_trail(
            Name="demo-eu-trail", S3BucketName=estate.bucket(AUDIT_LOGS), IsMultiRegionTrail=False
        )["TrailARN"]
        estate.ledger.add(
            Trail,
            arn,
            region,
            "not logging",
            "log file validation disabled",
            "not encrypted with a KMS key",
            "not delivered to CloudWatch Logs",
        )


def seed_config_recorder(estate: Estate, region: str, tier: Tier) -> None:
    """Record every resource type in the primary region only."""
    uid = estate.arn("config", region, "configuration-recorder/default")
    if tier != "primary":
        estate.ledger.add(ConfigRecording, uid, region, "no AWS Config recorder")
        return
    config = estate.boto.client("config", region_name=region)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": estate.role_arn(CONFIG_ROLE),
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True},
        }
    )
    config.put_delivery_channel(
        DeliveryChannel={
            "name": "default",
            "s3BucketName": estate.bucket(AUDIT_LOGS),
            "s3KeyPrefix": "config",
        }
    )
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    estate.ledger.add(ConfigRecording, uid, region)


def seed_guardduty(estate: Estate, region: str, tier: Tier) -> None:
    """Enable a GuardDuty detector everywhere except in sandbox regions."""
    if tier == "sandbox":
        uid = estate.arn("guardduty", region, "detector")
        estate.ledger.add(ThreatDetection, uid, region, "GuardDuty not enabled")
        return
    guardduty = estate.boto.client("guardduty", region_name=region)
    detector = guardduty.create_detector(Enable=True, FindingPublishingFrequency="SIX_HOURS")
    uid = estate.arn("guardduty", region, f"detector/{detector['DetectorId']}")
    estate.ledger.add(ThreatDetection, uid, region)
