import pytest

from checks.logging.log_group import (
    log_group_encrypted_with_customer_key,
    log_group_retention_one_year,
)
from scanner.findings import Status
from tests.checks.factories import log_group, no_encryption, provider_encryption


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (365, Status.PASS),
        (3653, Status.PASS),
        (0, Status.PASS),
        (364, Status.FAIL),
        (1, Status.FAIL),
    ],
)
def test_retention(days, expected):
    assert log_group_retention_one_year(log_group(retention_days=days)).status is expected


def test_retention_reason():
    result = log_group_retention_one_year(log_group(retention_days=30))
    assert result.reason == "logs expire after 30 days; needs at least 365"


@pytest.mark.parametrize(
    ("overrides", "expected", "reason"),
    [
        ({}, Status.PASS, "encrypted with a customer-managed key arn:aws:kms:key/1"),
        (
            {"encryption": provider_encryption()},
            Status.FAIL,
            "encrypted with a provider-managed key only",
        ),
        ({"encryption": no_encryption()}, Status.FAIL, "not encrypted at rest"),
        ({"encryption": None}, Status.UNKNOWN, "encryption settings unreadable"),
    ],
)
def test_customer_key(overrides, expected, reason):
    result = log_group_encrypted_with_customer_key(log_group(**overrides))
    assert (result.status, result.reason) == (expected, reason)
