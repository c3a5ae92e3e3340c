"""Near-miss twins for the AWS logging checks at model level (fast; what mutation testing
runs). Collector-level twins: tests/providers/aws/test_twins_cloudtrail.py and
test_twins_config.py.

Documentation each case follows:
- CloudWatch Logs PutRetentionPolicy: retentionInDays is one of 1, 3, 5, 7, 14, 30, 60, 90,
  120, 150, 180, 365, 400, 545, 731, ...; a log group without a policy never expires
  (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
  365 is the shortest compliant value for a one-year rule, 180 the longest failing one.
- CloudTrail trails (CIS AWS 4.1): multi-region and logging
  (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html,
  API_GetTrailStatus.html ``IsLogging``).
"""

import pytest

from checks.logging.audit_coverage import region_covered_by_audit_trail
from checks.logging.audit_log_config import account_has_account_wide_trail
from checks.logging.config_recording import config_recording_enabled
from checks.logging.log_group import log_group_retention_one_year
from checks.logging.trail import trail_log_group_retention_one_year, trail_multi_region_and_logging
from scanner.findings import Status
from tests.checks.factories import (
    audit_coverage,
    audit_log_config,
    config_recording,
    log_group,
    trail,
)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, Status.PASS),
        (365, Status.PASS),
        (400, Status.PASS),
        (180, Status.FAIL),
        (364, Status.FAIL),
    ],
)
def test_log_group_retention_on_both_sides_of_a_year(days, expected):
    assert log_group_retention_one_year(log_group(retention_days=days)).status is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, Status.PASS), (365, Status.PASS), (364, Status.FAIL), (1, Status.FAIL)],
)
def test_trail_log_group_retention_on_both_sides_of_a_year(days, expected):
    result = trail_log_group_retention_one_year(trail(log_group_retention_days=days))
    assert result.status is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, Status.PASS),
        ({"multi_region": False}, Status.FAIL),
        ({"logging": False}, Status.FAIL),
        # stopped AND single-region: both named
        ({"logging": False, "multi_region": False}, Status.FAIL),
        ({"logging": None}, Status.UNKNOWN),
        # unknown logging never hides a known problem
        ({"logging": None, "multi_region": False}, Status.FAIL),
    ],
)
def test_trail_multi_region_and_logging_twins(fields, expected):
    assert trail_multi_region_and_logging(trail(**fields)).status is expected


def test_trail_problems_are_all_named():
    result = trail_multi_region_and_logging(trail(logging=False, multi_region=False))
    assert result.reason == "logging is stopped; records only its home region us-east-1"


@pytest.mark.parametrize(
    ("trails", "named"),
    [(("org-trail",), "org-trail"), (("a", "b"), "a, b"), ((), "none listed")],
)
def test_coverage_reasons_name_the_trails(trails, named):
    covered = region_covered_by_audit_trail(audit_coverage(trails=trails))
    assert covered.status is Status.PASS
    assert covered.reason == f"covered by {named}"
    wide = account_has_account_wide_trail(audit_log_config(trails=trails))
    assert wide.status is Status.PASS
    assert wide.reason == f"account-wide trail(s): {named}"


@pytest.mark.parametrize(
    ("value", "expected"), [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)]
)
def test_coverage_twins(value, expected):
    assert region_covered_by_audit_trail(audit_coverage(covered=value)).status is expected
    assert (
        account_has_account_wide_trail(audit_log_config(account_wide_trail=value)).status
        is expected
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, Status.PASS),
        # recording, but what it records is unread: UNKNOWN, never PASS
        ({"all_resources": None}, Status.UNKNOWN),
        ({"all_resources": False}, Status.FAIL),
        ({"recording": False}, Status.FAIL),
        ({"recording": None}, Status.UNKNOWN),
    ],
)
def test_config_recording_twins(fields, expected):
    assert config_recording_enabled(config_recording(**fields)).status is expected
