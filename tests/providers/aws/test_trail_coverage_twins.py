"""Audit coverage counts only trails that record the control plane here, now (moto).

A region (LOG-005) or the account (LOG-006) is covered by a trail only while it is logging
(GetTrailStatus IsLogging) and records both read and write management events:

* CloudTrail User Guide, "Logging management events" (basic selectors: ReadWriteType
  All / ReadOnly / WriteOnly, IncludeManagementEvents; advanced selectors: eventCategory
  = Management, readOnly = true/false):
  https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
* CIS AWS Foundations "CloudTrail is enabled in all regions": a multi-region trail that is
  logging, with IncludeManagementEvents true and ReadWriteType All; Security Hub
  CloudTrail.1 ("read and write management events").
* GetTrailStatus / GetEventSelectors API references.

Each twin changes one thing from the covering trail: stopped, ReadOnly, WriteOnly,
IncludeManagementEvents false, an advanced selector with readOnly = true, one narrowed to one
event source; beside the compliant twins closest to them (two selectors, ReadOnly plus
WriteOnly, that together record both; an advanced selector excluding KMS events).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.logging.audit_coverage import region_covered_by_audit_trail
from checks.logging.audit_log_config import account_has_account_wide_trail
from checks.logging.trail import trail_records_management_events
from providers.aws.cloudtrail import (
    collect_audit_coverage,
    collect_audit_log_configs,
    collect_trails,
    management_event_kinds,
)
from providers.aws.session import AwsSession
from scanner.findings import Status
from scanner.model import AuditCoverage, AuditLogConfig, Trail

HOME, ELSEWHERE = "us-east-1", "eu-west-1"
MANAGEMENT = {"Field": "eventCategory", "Equals": ["Management"]}


def _advanced(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"AdvancedEventSelectors": [{"Name": "m", "FieldSelectors": [MANAGEMENT, *fields]}]}


def _basic(*selectors: dict[str, Any]) -> dict[str, Any]:
    return {"EventSelectors": list(selectors)}


#: (selectors put on the trail, or None to leave the default; covers?)
TWINS = {
    "default selectors": (None, True),
    "basic All": (_basic({"ReadWriteType": "All", "IncludeManagementEvents": True}), True),
    "basic ReadOnly": (_basic({"ReadWriteType": "ReadOnly"}), False),
    "basic WriteOnly": (_basic({"ReadWriteType": "WriteOnly"}), False),
    "basic ReadOnly + WriteOnly": (
        _basic({"ReadWriteType": "ReadOnly"}, {"ReadWriteType": "WriteOnly"}),
        True,
    ),
    "basic All without management events": (
        _basic({"ReadWriteType": "All", "IncludeManagementEvents": False}),
        False,
    ),
    "advanced Management": (_advanced(), True),
    "advanced Management readOnly=true": (
        _advanced({"Field": "readOnly", "Equals": ["true"]}),
        False,
    ),
    "advanced Management readOnly=false": (
        _advanced({"Field": "readOnly", "Equals": ["false"]}),
        False,
    ),
    "advanced Management excluding KMS events": (
        _advanced({"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]}),
        True,
    ),
    "advanced Management of one service only": (
        _advanced({"Field": "eventSource", "Equals": ["iam.amazonaws.com"]}),
        False,
    ),
}


def _trail(session: AwsSession, *, selectors: dict[str, Any] | None, logging: bool) -> None:
    session.client("s3", HOME).create_bucket(Bucket="audit-archive-7")
    client = session.client("cloudtrail", HOME)
    client.create_trail(
        Name="account-trail", S3BucketName="audit-archive-7", IsMultiRegionTrail=True
    )
    if logging:
        client.start_logging(Name="account-trail")
    if selectors is not None:
        client.put_event_selectors(TrailName="account-trail", **selectors)


@pytest.mark.parametrize(("label"), list(TWINS))
def test_region_and_account_coverage_twins(aws_session: AwsSession, label: str) -> None:
    selectors, covers = TWINS[label]
    _trail(aws_session, selectors=selectors, logging=True)
    # the shadow of the multi-region trail in another region: selectors read at home
    (coverage,) = collect_audit_coverage(aws_session, ELSEWHERE)
    assert isinstance(coverage, AuditCoverage)
    assert coverage.covered is covers
    (config,) = collect_audit_log_configs(aws_session, "global")
    assert isinstance(config, AuditLogConfig)
    assert config.account_wide_trail is covers
    expected = Status.PASS if covers else Status.FAIL
    assert region_covered_by_audit_trail(coverage).status is expected
    assert account_has_account_wide_trail(config).status is expected
    (trail,) = collect_trails(aws_session, HOME)
    assert isinstance(trail, Trail)
    assert trail_records_management_events(trail).status is expected


def test_a_stopped_trail_with_every_selector_right_is_no_coverage(aws_session: AwsSession) -> None:
    _trail(aws_session, selectors=TWINS["basic All"][0], logging=False)
    (coverage,) = collect_audit_coverage(aws_session, ELSEWHERE)
    assert isinstance(coverage, AuditCoverage)
    assert coverage.covered is False
    assert coverage.not_counted == ("account-trail: logging stopped",)
    result = region_covered_by_audit_trail(coverage)
    assert result.status is Status.FAIL
    assert "logging stopped" in result.reason


def test_the_reason_names_the_partial_selector(aws_session: AwsSession) -> None:
    _trail(aws_session, selectors=TWINS["basic ReadOnly"][0], logging=True)
    (coverage,) = collect_audit_coverage(aws_session, HOME)
    assert isinstance(coverage, AuditCoverage)
    assert "account-trail: records only read management events" in coverage.not_counted
    (trail,) = collect_trails(aws_session, HOME)
    assert isinstance(trail, Trail)
    assert trail.management_event_kinds == ("read",)
    assert trail_records_management_events(trail).reason == "records only read management events"


def test_a_second_trail_that_records_everything_covers(aws_session: AwsSession) -> None:
    """A ReadOnly account-wide trail beside a regional trail recording all: covered, by the
    regional one (trails are tried account-wide first, then the rest)."""
    _trail(aws_session, selectors=TWINS["basic ReadOnly"][0], logging=True)
    regional = aws_session.client("cloudtrail", ELSEWHERE)
    regional.create_trail(Name="regional-trail", S3BucketName="audit-archive-7")
    regional.start_logging(Name="regional-trail")
    (coverage,) = collect_audit_coverage(aws_session, ELSEWHERE)
    assert isinstance(coverage, AuditCoverage)
    assert coverage.covered is True
    assert coverage.trails[0].endswith(":trail/regional-trail")
    (config,) = collect_audit_log_configs(aws_session, "global")
    assert isinstance(config, AuditLogConfig)
    assert config.account_wide_trail is False, "the regional trail is not account-wide"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ({"Field": "readOnly", "NotEquals": ["true"]}, ("write",)),
        ({"Field": "readOnly", "Equals": ["true", "false"]}, ("read", "write")),
        ({"Field": "eventName", "Equals": ["CreateUser"]}, ()),
        ({"Field": "eventSource", "StartsWith": ["iam"]}, ()),
    ],
)
def test_advanced_selector_edges(field: dict[str, Any], expected: tuple[str, ...]) -> None:
    kinds = management_event_kinds(_advanced(field))
    assert tuple(sorted(kinds or ())) == expected
