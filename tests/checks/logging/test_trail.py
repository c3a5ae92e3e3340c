import pytest

from checks.logging.trail import (
    trail_delivers_to_log_service,
    trail_encrypted_with_customer_key,
    trail_log_file_validation,
    trail_multi_region_and_logging,
)
from scanner.findings import Status
from scanner.model import Encryption
from tests.checks.factories import no_encryption, provider_encryption, trail


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"organization": True}, Status.PASS),
        ({"multi_region": False}, Status.FAIL),
        ({"logging": False}, Status.FAIL),
        ({"logging": None}, Status.UNKNOWN),
        ({"logging": None, "multi_region": False}, Status.FAIL),
    ],
)
def test_multi_region_and_logging(overrides, expected):
    assert trail_multi_region_and_logging(trail(**overrides)).status is expected


def test_stopped_single_region_reason():
    result = trail_multi_region_and_logging(trail(logging=False, multi_region=False))
    assert result.reason == "logging is stopped; records only its home region us-east-1"


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (trail_log_file_validation, "log_file_validation"),
        (trail_delivers_to_log_service, "cloudwatch_logs"),
    ],
)
@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_trail_settings(check, field, value, expected):
    assert check(trail(**{field: value})).status is expected


def test_settings_judged_on_stopped_trails_too():
    stopped = trail(logging=False)
    assert trail_log_file_validation(stopped).status is Status.PASS
    assert trail_log_file_validation(trail(logging=False, log_file_validation=False)).status is (
        Status.FAIL
    )


@pytest.mark.parametrize(
    ("encryption", "expected", "reason"),
    [
        (None, Status.UNKNOWN, "encryption settings unreadable"),
        (no_encryption(), Status.FAIL, "log files not encrypted with a KMS key"),
        (provider_encryption(), Status.FAIL, "encrypted with a provider-managed key only"),
        (
            Encryption(enabled=True),
            Status.UNKNOWN,
            "encrypted, but who manages the key is unreadable",
        ),
    ],
)
def test_customer_key(encryption, expected, reason):
    result = trail_encrypted_with_customer_key(trail(encryption=encryption))
    assert (result.status, result.reason) == (expected, reason)


def test_customer_key_passes():
    assert trail_encrypted_with_customer_key(trail()).status is Status.PASS
