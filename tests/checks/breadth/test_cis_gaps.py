"""Near-miss twins for the checks closing the CIS AWS v7.0 automated gaps (issue 14)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from checks.compute.instance_metadata import instance_has_iam_role, instance_requires_imdsv2
from checks.compute.virtual_machine import vm_ip_forwarding_disabled, vm_no_public_ip
from checks.crypto.certificate import (
    certificate_key_strong,
    certificate_not_expired,
    certificate_not_expiring_soon,
)
from checks.iam.access_analysis import region_has_external_access_analyzer, support_role_exists
from checks.logging.posture import (
    bucket_object_reads_logged,
    bucket_object_writes_logged,
    posture_hub_enabled,
)
from checks.storage.data_discovery import data_discovery_enabled
from scanner.findings import Status
from scanner.model import InstanceMetadata
from tests.checks.factories import NOW
from tests.checks.factories_breadth import (
    access_analysis,
    certificate,
    data_discovery,
    ec2_instance,
    object_access_logging,
    posture_management,
    support_access,
)

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


def _imds(endpoint: bool, tokens: bool) -> InstanceMetadata:
    return InstanceMetadata(endpoint_enabled=endpoint, tokens_required=tokens)


# EC2 API reference, InstanceMetadataOptionsResponse: HttpTokens "required" answers only
# IMDSv2; "optional" also IMDSv1; HttpEndpoint "disabled" turns the service off (CIS 6.7).
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"metadata": _imds(True, False)}, FAIL),  # near miss: endpoint on, IMDSv1 accepted
        ({"metadata": _imds(False, False)}, PASS),  # endpoint off: no IMDS at all
        ({"metadata": _imds(False, True)}, PASS),
        ({"metadata": None}, UNKNOWN),
    ],
)
def test_imdsv2(overrides: dict[str, Any], expected: Status):
    assert instance_requires_imdsv2(ec2_instance(**overrides)).status is expected


# CIS 2.16 / EC2 user guide "IAM roles for Amazon EC2": an instance profile attached.
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"state": "stopped"}, PASS),  # a stopped instance keeps its profile
        ({"service_account": ""}, FAIL),
        ({"service_account": "", "state": "stopped"}, FAIL),  # stopped still counts
        ({"service_account": None}, UNKNOWN),
    ],
)
def test_instance_role(overrides: dict[str, Any], expected: Status):
    assert instance_has_iam_role(ec2_instance(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, PASS), ({"public_ip": True}, FAIL), ({"public_ip": None}, UNKNOWN)],
)
def test_ec2_public_ip_is_judged_by_vm_108(overrides: dict[str, Any], expected: Status):
    assert vm_no_public_ip(ec2_instance(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, PASS), ({"ip_forwarding": True}, FAIL), ({"ip_forwarding": None}, UNKNOWN)],
)
def test_ec2_source_dest_check_is_judged_by_vm_106(overrides: dict[str, Any], expected: Status):
    assert vm_ip_forwarding_disabled(ec2_instance(**overrides)).status is expected


# IAM Access Analyzer user guide: an analyzer covers only its own region (CIS 2.18).
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"external_access_active": False, "analyzers": ()}, FAIL),
        ({"external_access_active": None, "analyzers": ()}, UNKNOWN),
    ],
)
def test_access_analyzer(overrides: dict[str, Any], expected: Status):
    assert region_has_external_access_analyzer(access_analysis(**overrides)).status is expected


# CIS 2.15 audit: list-entities-for-policy AWSSupportAccess, PolicyRoles must not be empty.
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"roles": (), "users": ("alice",)}, FAIL),  # near miss: a user, not a role
        ({"roles": (), "groups": ("support",)}, FAIL),
        ({"roles": ()}, FAIL),
        ({"roles": None}, UNKNOWN),
    ],
)
def test_support_role(overrides: dict[str, Any], expected: Status):
    assert support_role_exists(support_access(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"not_after": NOW + timedelta(seconds=1)}, PASS),  # still valid, one second left
        ({"not_after": NOW}, FAIL),  # valid up to and excluding now
        ({"not_after": NOW - timedelta(days=1)}, FAIL),
        ({"not_after": None, "status": "PENDING_VALIDATION"}, NA),
        ({"not_after": None}, UNKNOWN),
    ],
)
def test_certificate_expired(overrides: dict[str, Any], expected: Status):
    assert certificate_not_expired(certificate(**overrides)).status is expected


# Security Hub ACM.1 / Config acm-certificate-expiration-check: 30 days.
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"not_after": NOW + timedelta(days=30)}, PASS),  # exactly 30 days left
        ({"not_after": NOW + timedelta(days=30) - timedelta(seconds=1)}, FAIL),  # 29 days
        ({"not_after": NOW + timedelta(days=1)}, FAIL),
        ({"not_after": NOW - timedelta(days=1)}, NA),  # expired: CRYPTO-501's finding
        ({"not_after": None}, UNKNOWN),
        ({"not_after": None, "status": "FAILED"}, NA),
    ],
)
def test_certificate_expiry_window(overrides: dict[str, Any], expected: Status):
    assert certificate_not_expiring_soon(certificate(**overrides)).status is expected


# Security Hub ACM.2: RSA keys of at least 2,048 bits; ACM KeyAlgorithm values.
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"key_bits": 2047}, FAIL),
        ({"key_bits": 1024}, FAIL),
        ({"key_bits": 4096}, PASS),
        ({"key_type": "ec", "key_bits": 256}, PASS),
        ({"key_type": "ec", "key_bits": 255}, FAIL),
        ({"key_type": "ec", "key_bits": 521}, PASS),
        ({"key_type": "other", "key_bits": None}, UNKNOWN),
        ({"key_type": None, "key_bits": None}, UNKNOWN),
    ],
)
def test_certificate_key(overrides: dict[str, Any], expected: Status):
    assert certificate_key_strong(certificate(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, PASS), ({"enabled": False}, FAIL), ({"enabled": None}, UNKNOWN)],
)
def test_security_hub(overrides: dict[str, Any], expected: Status):
    assert posture_hub_enabled(posture_management(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [({}, PASS), ({"enabled": False}, FAIL), ({"enabled": None}, UNKNOWN)],
)
def test_macie(overrides: dict[str, Any], expected: Status):
    assert data_discovery_enabled(data_discovery(**overrides)).status is expected


# CIS 4.8 (writes) and 4.9 (reads) are judged independently: a WriteOnly selector passes
# 4.8 and fails 4.9, and the other way round.
@pytest.mark.parametrize(
    ("overrides", "writes", "reads"),
    [
        ({}, PASS, PASS),
        ({"reads_logged": False}, PASS, FAIL),
        ({"writes_logged": False}, FAIL, PASS),
        ({"writes_logged": None, "reads_logged": False}, UNKNOWN, FAIL),
        ({"writes_logged": False, "reads_logged": None}, FAIL, UNKNOWN),
    ],
)
def test_object_level_logging(overrides: dict[str, Any], writes: Status, reads: Status):
    model = object_access_logging(**overrides)
    assert bucket_object_writes_logged(model).status is writes
    assert bucket_object_reads_logged(model).status is reads
