"""Twins for the shared check helpers (checks/_common.py) and small checks whose mutants the
mutation run left alive (reason text that names what was read, the rotation thresholds of
the Cloud KMS check living beside the AWS KMS checks).

Sources: S3 default encryption (https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html);
Secrets Manager DescribeSecret ``RotationRules.AutomaticallyAfterDays``
(https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html);
Cloud KMS rotation period and next rotation time, CIS GCP 1.10 (90 days)
(https://cloud.google.com/kms/docs/key-rotation).
"""

from datetime import timedelta

import pytest

from checks._common import age_days, encryption_at_rest, named, negated, setting
from checks.crypto.kms_key import kms_key_rotates_within_90_days
from checks.services.secret import secret_rotation_enabled
from scanner.findings import Status, passed
from scanner.model import Encryption
from tests.checks.factories import NOW, kms_key, secret


@pytest.mark.parametrize(
    ("enc", "customer", "status", "reason"),
    [
        (Encryption(enabled=True, key_managed_by="customer", key_id="k-1"), False, Status.PASS,
         "encrypted at rest with a customer-managed key k-1"),
        (Encryption(enabled=True, key_managed_by="provider"), False, Status.PASS,
         "encrypted at rest with a provider-managed key"),
        # who manages the key unread: named as such, and never a customer-key PASS
        (Encryption(enabled=True), False, Status.PASS,
         "encrypted at rest with a unknown-manager-managed key"),
        (Encryption(enabled=True), True, Status.UNKNOWN,
         "encrypted, but who manages the key is unreadable"),
        (Encryption(enabled=True, key_managed_by="provider"), True, Status.FAIL,
         "encrypted with a provider-managed key only"),
        (Encryption(enabled=True, key_managed_by="customer", key_id="arn:k"), True, Status.PASS,
         "encrypted with a customer-managed key arn:k"),
        (Encryption(enabled=False), True, Status.FAIL, "not encrypted at rest"),
        (None, False, Status.UNKNOWN, "encryption settings unreadable"),
    ],
)  # fmt: skip
def test_encryption_at_rest_twins(enc, customer, status, reason):
    result = encryption_at_rest(enc, customer_key=customer)
    assert (result.status, result.reason) == (status, reason)


def test_setting_and_negated_keep_unknown_unknown():
    assert setting(None, on="a", off="b", unread="c").status is Status.UNKNOWN
    assert setting(False, on="a", off="b", unread="c").reason == "b"
    assert negated(None) is None
    assert negated(True) is False


def test_age_days_counts_whole_days():
    assert age_days(NOW - timedelta(days=90, hours=23), NOW) == 90
    assert age_days(NOW - timedelta(days=91), NOW) == 91


def test_named_gives_a_factory_function_a_declared_identity():
    def built(_: object):
        return passed("x")

    out = named(built, name="declared", module="checks.example", doc="Why.\n\nRemediation: do.")
    assert out is built
    assert (out.__name__, out.__qualname__, out.__module__) == (
        "declared",
        "declared",
        "checks.example",
    )
    assert out.__doc__ == "Why.\n\nRemediation: do."


def test_secret_rotation_reason_names_the_period_only_when_known():
    assert secret_rotation_enabled(secret(rotation_days=30)).reason == (
        "automatic rotation on every 30 days"
    )
    assert secret_rotation_enabled(secret(rotation_days=None)).reason == "automatic rotation on"
    assert secret_rotation_enabled(secret(rotation_enabled=False)).status is Status.FAIL


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"rotation_period_days": 90}, Status.PASS),
        ({"rotation_period_days": 91}, Status.FAIL),
        # rotation switched off but a period still configured
        ({"rotation_enabled": False, "rotation_period_days": 30}, Status.FAIL),
        ({"rotation_enabled": True, "rotation_period_days": None}, Status.FAIL),
        ({"next_rotation_at": NOW + timedelta(days=90)}, Status.PASS),
        ({"next_rotation_at": NOW + timedelta(days=91)}, Status.FAIL),
    ],
)
def test_cloud_kms_rotation_on_both_sides_of_90_days(fields, expected):
    key = kms_key(provider="gcp", **fields)
    assert kms_key_rotates_within_90_days(key).status is expected
