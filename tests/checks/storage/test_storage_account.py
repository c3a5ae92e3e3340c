"""Azure storage account and managed disk checks on plain models."""

from __future__ import annotations

import pytest

from checks.storage import managed_disk as md
from checks.storage import storage_account as sa
from scanner.findings import Status
from scanner.model import Encryption
from tests.checks.factories import managed_disk, storage_account

PROVIDER_KEY = Encryption(enabled=True, key_managed_by="provider")


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (sa.storage_account_https_only, {"https_only": False}, Status.FAIL),
        (sa.storage_account_min_tls, {"min_tls_version": "1.0"}, Status.FAIL),
        (sa.storage_account_min_tls, {"min_tls_version": "1.3"}, Status.PASS),
        (sa.storage_account_min_tls, {"min_tls_version": None}, Status.UNKNOWN),
        (sa.storage_account_no_anonymous_access, {"anonymous_access": True}, Status.FAIL),
        (sa.storage_account_no_shared_key, {"shared_key_access": True}, Status.FAIL),
        (
            sa.storage_account_infrastructure_encryption,
            {"infrastructure_encryption": False},
            Status.FAIL,
        ),
        (sa.storage_account_customer_key, {"encryption": PROVIDER_KEY}, Status.FAIL),
        (sa.storage_account_default_deny, {"network_default_deny": False}, Status.FAIL),
        (sa.storage_account_public_network_disabled, {"public_network_access": True}, Status.FAIL),
        (sa.storage_account_blob_soft_delete, {"soft_delete_days": 0}, Status.FAIL),
        (sa.storage_account_blob_soft_delete, {"soft_delete_days": 3}, Status.FAIL),
        (sa.storage_account_blob_soft_delete, {"soft_delete_days": None}, Status.UNKNOWN),
        (sa.storage_account_https_only, {"https_only": None}, Status.UNKNOWN),
        (md.managed_disk_customer_key, {"encryption": PROVIDER_KEY}, Status.FAIL),
        (md.managed_disk_no_public_access, {"public_network_access": True}, Status.FAIL),
        (md.managed_disk_no_public_access, {"public_network_access": None}, Status.UNKNOWN),
    ],
)
def test_storage_and_disk_checks(check, overrides, expected):
    factory = managed_disk if check.module.endswith("managed_disk") else storage_account
    assert check(factory()).status is Status.PASS
    assert check(factory(**overrides)).status is expected
