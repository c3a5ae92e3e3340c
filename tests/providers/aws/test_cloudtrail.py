"""CloudTrail trails, region coverage and account-wide trail: mappers and moto collectors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.cloudtrail import (
    collect_audit_coverage,
    collect_audit_log_configs,
    collect_trails,
    management_events,
    to_trail,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import AuditCoverage, AuditLogConfig, Encryption, Trail
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
MULTI = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/org-wide"
LOCAL = f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:trail/local"


@pytest.mark.parametrize(
    ("selectors", "expected"),
    [
        (None, None),
        ({"EventSelectors": [], "AdvancedEventSelectors": []}, True),
        ({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]}, True),
        ({"EventSelectors": [{"ReadWriteType": "All"}]}, True),
        ({"EventSelectors": [{"IncludeManagementEvents": False, "DataResources": [{}]}]}, False),
        (
            {
                "AdvancedEventSelectors": [
                    {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}
                ]
            },
            True,
        ),
        (
            {
                "AdvancedEventSelectors": [
                    {
                        "FieldSelectors": [
                            {"Field": "eventCategory", "Equals": ["Data"]},
                            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                        ]
                    }
                ]
            },
            False,
        ),
    ],
)
def test_management_events(selectors: dict[str, object] | None, expected: bool | None) -> None:
    assert management_events(selectors) is expected


def test_to_trail_full() -> None:
    trail = to_trail(
        {
            "Name": "org-wide",
            "TrailARN": MULTI,
            "HomeRegion": "us-east-1",
            "IsMultiRegionTrail": True,
            "IsOrganizationTrail": True,
            "S3BucketName": "logs",
            "LogFileValidationEnabled": True,
            "KmsKeyId": "arn:aws:kms:us-east-1:1:key/k",
            "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:1:log-group:ct:*",
        },
        {"IsLogging": True},
        {"EventSelectors": [{"IncludeManagementEvents": True}]},
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert trail.uid == MULTI
    assert (trail.multi_region, trail.organization, trail.logging) == (True, True, True)
    assert (trail.log_file_validation, trail.cloudwatch_logs, trail.bucket) == (True, True, "logs")
    assert trail.encryption == Encryption(
        enabled=True, key_managed_by="customer", key_id="arn:aws:kms:us-east-1:1:key/k"
    )
    assert trail.management_events is True


def test_to_trail_minimal_with_unread_details() -> None:
    trail = to_trail(
        {"Name": "local", "TrailARN": LOCAL},
        None,
        None,
        account=ACCOUNT,
        region="eu-west-1",
        collected_at=NOW,
    )
    assert trail.home_region == "eu-west-1"
    assert (trail.logging, trail.management_events) == (None, None)
    assert (trail.multi_region, trail.log_file_validation, trail.cloudwatch_logs) == (
        False,
        False,
        False,
    )
    assert trail.encryption == Encryption(enabled=True, key_managed_by="provider")


# --- collectors against moto ------------------------------------------------------------


@pytest.fixture
def trails(aws_session: AwsSession) -> AwsSession:
    """A logging multi-region trail homed in us-east-1 and a stopped trail in eu-west-1."""
    aws_session.client("s3", "us-east-1").create_bucket(Bucket="trail-logs")
    east = aws_session.client("cloudtrail", "us-east-1")
    east.create_trail(
        Name="org-wide",
        S3BucketName="trail-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
    )
    east.start_logging(Name="org-wide")
    aws_session.client("cloudtrail", "eu-west-1").create_trail(
        Name="local", S3BucketName="trail-logs"
    )
    return aws_session


def test_collect_trails_only_yields_home_trails(trails: AwsSession) -> None:
    (east,) = collect_trails(trails, "us-east-1")
    assert isinstance(east, Trail)
    assert (east.uid, east.logging, east.multi_region) == (MULTI, True, True)
    assert east.log_file_validation
    assert east.management_events is True
    (west,) = collect_trails(trails, "eu-west-1")
    assert isinstance(west, Trail)
    assert (west.uid, west.logging, west.multi_region) == (LOCAL, False, False)
    assert west.region == "eu-west-1"


def test_collect_trails_reads_custom_selectors(trails: AwsSession) -> None:
    trails.client("cloudtrail", "eu-west-1").put_event_selectors(
        TrailName="local",
        EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": False}],
    )
    (west,) = collect_trails(trails, "eu-west-1")
    assert isinstance(west, Trail)
    assert west.management_events is False


def test_coverage_through_a_shadow_trail(trails: AwsSession) -> None:
    (coverage,) = collect_audit_coverage(trails, "eu-west-1")
    assert isinstance(coverage, AuditCoverage)
    assert coverage.uid == f"arn:aws:cloudtrail:eu-west-1:{ACCOUNT}:coverage"
    assert (coverage.covered, coverage.trails) == (True, (MULTI,))


def test_no_coverage_when_only_trail_is_stopped(trails: AwsSession) -> None:
    trails.client("cloudtrail", "us-east-1").stop_logging(Name="org-wide")
    (coverage,) = collect_audit_coverage(trails, "eu-west-1")
    assert isinstance(coverage, AuditCoverage)
    assert (coverage.covered, coverage.trails) == (False, ())


def test_no_trails_means_not_covered_and_no_account_trail(aws_session: AwsSession) -> None:
    (coverage,) = collect_audit_coverage(aws_session, "ap-south-1")
    assert isinstance(coverage, AuditCoverage)
    assert coverage.covered is False
    (config,) = collect_audit_log_configs(aws_session, "global")
    assert isinstance(config, AuditLogConfig)
    assert config.account_wide_trail is False
    assert list(collect_trails(aws_session, "ap-south-1")) == []


def test_account_wide_trail(trails: AwsSession) -> None:
    (config,) = collect_audit_log_configs(trails, "global")
    assert isinstance(config, AuditLogConfig)
    assert config.uid == f"arn:aws:cloudtrail::{ACCOUNT}:account-audit-config"
    assert (config.account_wide_trail, config.trails, config.region) == (True, (MULTI,), "global")


def test_unreadable_status_is_unknown_with_an_error(aws_session: AwsSession) -> None:
    trail = {"Name": "t", "TrailARN": LOCAL, "HomeRegion": "eu-west-1"}
    api = aws_session.client("cloudtrail", "eu-west-1")
    script(api, "DescribeTrails", {"trailList": [trail]})
    script(api, "GetTrailStatus", "AccessDeniedException")
    coverage, error = collect_audit_coverage(aws_session, "eu-west-1")
    assert isinstance(coverage, AuditCoverage)
    assert coverage.covered is None
    assert isinstance(error, CollectionError)
    assert (error.uid, error.permission) == (LOCAL, "cloudtrail:GetTrailStatus")


def test_unreadable_trail_details_are_none_with_errors(aws_session: AwsSession) -> None:
    trail = {"Name": "t", "TrailARN": LOCAL, "HomeRegion": "eu-west-1"}
    api = aws_session.client("cloudtrail", "eu-west-1")
    script(api, "DescribeTrails", {"trailList": [trail]})
    script(api, "GetTrailStatus", "AccessDeniedException")
    script(api, "GetEventSelectors", "AccessDeniedException")
    model, *errors = collect_trails(aws_session, "eu-west-1")
    assert isinstance(model, Trail)
    assert (model.logging, model.management_events) == (None, None)
    assert [e.permission for e in errors if isinstance(e, CollectionError)] == [
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
    ]


def test_describe_failure_is_scope_wide(aws_session: AwsSession) -> None:
    api = aws_session.client("cloudtrail", "us-east-1")
    script(api, "DescribeTrails", "AccessDeniedException")
    with pytest.raises(CollectionError, match="DescribeTrails") as info:
        list(collect_trails(aws_session, "us-east-1"))
    assert info.value.scope == "us-east-1"
