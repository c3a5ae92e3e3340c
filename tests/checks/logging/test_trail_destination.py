"""LOG-301..303: management events, where trail logs are stored, trail log group retention."""

import pytest

from checks.logging.trail import (
    trail_log_group_retention_one_year,
    trail_logs_stored_centrally_and_closed,
    trail_records_management_events,
)
from scanner.findings import Status
from scanner.model import LogDestination
from tests.checks.factories import trail


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_management_events(value, expected):
    assert trail_records_management_events(trail(management_events=value)).status is expected


def own(**fields: object) -> LogDestination:
    return LogDestination(
        **{"bucket": "logs", "owner": "this-account", "public_access_blocked": True,
           "policy_allows_public": False, **fields}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        (LogDestination(bucket="logs", owner="other-account"), Status.PASS),
        (own(), Status.PASS),
        (own(public_access_blocked=False), Status.FAIL),
        (own(policy_allows_public=True), Status.FAIL),
        (own(policy_allows_public=True, public_access_blocked=None), Status.FAIL),
        (own(public_access_blocked=None), Status.UNKNOWN),
        (own(policy_allows_public=None), Status.UNKNOWN),
        (LogDestination(bucket="gone", owner="missing"), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_log_destination(destination, expected):
    result = trail_logs_stored_centrally_and_closed(trail(destination=destination))
    assert result.status is expected


def test_public_bucket_reason_names_both_problems():
    result = trail_logs_stored_centrally_and_closed(
        trail(destination=own(public_access_blocked=False, policy_allows_public=True))
    )
    assert (
        result.reason
        == "bucket logs in this account: policy lets anyone in, public access block off"
    )


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"log_group_retention_days": 0}, Status.PASS),
        ({"log_group_retention_days": 365}, Status.PASS),
        ({"log_group_retention_days": 90}, Status.FAIL),
        ({"log_group_retention_days": None}, Status.UNKNOWN),
        ({"cloudwatch_logs": None}, Status.UNKNOWN),
        ({"cloudwatch_logs": False, "log_group_retention_days": None}, Status.NOT_APPLICABLE),
    ],
)
def test_trail_log_group_retention(overrides, expected):
    assert trail_log_group_retention_one_year(trail(**overrides)).status is expected
