"""Region- and account-level logging settings: coverage, recorders and threat detection."""

import pytest

from checks.logging.audit_coverage import region_covered_by_audit_trail
from checks.logging.audit_log_config import account_has_account_wide_trail
from checks.logging.config_recording import config_recording_enabled
from checks.logging.threat_detection import threat_detection_enabled
from scanner.findings import Status
from tests.checks.factories import (
    audit_coverage,
    audit_log_config,
    config_recording,
    threat_detection,
)

CASES = [
    (region_covered_by_audit_trail, audit_coverage, "covered"),
    (account_has_account_wide_trail, audit_log_config, "account_wide_trail"),
    (config_recording_enabled, config_recording, "recording"),
    (threat_detection_enabled, threat_detection, "enabled"),
]


@pytest.mark.parametrize(("check", "factory", "field"), CASES)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_region_and_account_settings(check, factory, field, value, expected):
    assert check(factory(**{field: value})).status is expected


def test_uncovered_region_reason():
    result = region_covered_by_audit_trail(audit_coverage(covered=False, trails=()))
    assert result.reason == "no logging trail records read and write management events here"


@pytest.mark.parametrize(
    ("all_resources", "expected"),
    # what the recorder records unread: UNKNOWN, never PASS
    [(True, Status.PASS), (None, Status.UNKNOWN), (False, Status.FAIL)],
)
def test_recorder_scope(all_resources, expected):
    recording = config_recording(all_resources=all_resources)
    assert config_recording_enabled(recording).status is expected
