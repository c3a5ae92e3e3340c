"""CIS Azure 8.3.11 twins: Key Vault CertificatePolicy x509_props.validity_months <= 12."""

from __future__ import annotations

import pytest

from checks.crypto.certificate import certificate_short_validity
from scanner.findings import Status
from tests.checks.factories_azure import certificate


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"validity_months": 12}, "pass"),
        ({"validity_months": 1}, "pass"),
        ({"validity_months": 13}, "fail"),
        ({"validity_months": 24}, "fail"),
        ({"validity_months": None}, "unknown"),
        ({"validity_months": 60, "enabled": False}, "not_applicable"),
    ],
)
def test_certificate_validity(overrides, expected):
    assert certificate_short_validity(certificate(**overrides)).status is Status(expected)
