"""Volumes, snapshots and file systems share the encryption-at-rest rule."""

import pytest

from checks.storage.file_system import file_system_encrypted
from checks.storage.snapshot import snapshot_encrypted
from checks.storage.volume import volume_encrypted
from scanner.findings import Status
from scanner.model import Encryption
from tests.checks.factories import (
    file_system,
    no_encryption,
    provider_encryption,
    snapshot,
    volume,
)

CASES = [
    (volume_encrypted, volume),
    (snapshot_encrypted, snapshot),
    (file_system_encrypted, file_system),
]


@pytest.mark.parametrize(("check", "factory"), CASES)
@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (provider_encryption(), Status.PASS),
        (Encryption(enabled=True), Status.PASS),
        (no_encryption(), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_encrypted_at_rest(check, factory, encryption, expected):
    assert check(factory()).status is Status.PASS
    assert check(factory(encryption=encryption)).status is expected


def test_reason_names_the_key():
    assert volume_encrypted(volume()).reason == (
        "encrypted at rest with a customer-managed key arn:aws:kms:key/1"
    )
    assert volume_encrypted(volume(encryption=no_encryption())).reason == "not encrypted at rest"
