import pytest

from checks.storage.bucket import (
    bucket_access_logging_enabled,
    bucket_blocks_public_access,
    bucket_encrypted_by_default,
    bucket_policy_not_public,
    bucket_requires_tls,
    bucket_versioning_enabled,
)
from scanner.findings import Status
from tests.checks.factories import bucket, no_encryption, provider_encryption

BOOLEAN_SETTINGS = [
    (bucket_blocks_public_access, "public_access_block", False),
    (bucket_policy_not_public, "policy_allows_public", True),
    (bucket_requires_tls, "policy_requires_tls", False),
    (bucket_versioning_enabled, "versioning", False),
    (bucket_access_logging_enabled, "access_logging", False),
]


@pytest.mark.parametrize(("check", "field", "bad"), BOOLEAN_SETTINGS)
def test_setting(check, field, bad):
    assert check(bucket()).status is Status.PASS
    assert check(bucket(**{field: bad})).status is Status.FAIL
    assert check(bucket(**{field: None})).status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, Status.PASS),
        ({"encryption": provider_encryption()}, Status.PASS),
        ({"encryption": no_encryption()}, Status.FAIL),
        ({"encryption": None}, Status.UNKNOWN),
    ],
)
def test_default_encryption(overrides, expected):
    assert bucket_encrypted_by_default(bucket(**overrides)).status is expected


def test_public_policy_reason():
    result = bucket_policy_not_public(bucket(policy_allows_public=True))
    assert result.reason == "bucket policy grants access to anyone"


# Cloud Storage public access prevention revokes allUsers/allAuthenticatedUsers grants (IAM and
# ACL): https://cloud.google.com/storage/docs/public-access-prevention. STOR-003 and STOR-002
# must agree on such a bucket.
@pytest.mark.parametrize(
    ("prevention", "expected_003", "expected_002"),
    [
        (True, Status.PASS, Status.PASS),  # enforced: the public binding is not in effect
        (False, Status.FAIL, Status.FAIL),  # near miss: not enforced, the binding works
        (None, Status.FAIL, Status.UNKNOWN),  # inherited from an ancestor not in the export
    ],
)
def test_gcp_public_binding_under_public_access_prevention(prevention, expected_003, expected_002):
    b = bucket(provider="gcp", policy_allows_public=True, public_access_block=prevention)
    assert bucket_policy_not_public(b).status is expected_003
    assert bucket_blocks_public_access(b).status is expected_002


def test_public_access_prevention_does_not_neutralise_on_aws_without_a_policy_document():
    # the GCP rule is not applied to AWS buckets: AWS exposure goes through the policy engine
    b = bucket(provider="aws", policy_allows_public=True, public_access_block=True)
    assert bucket_policy_not_public(b).status is Status.FAIL
