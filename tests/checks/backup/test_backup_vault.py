import pytest

from checks.backup.backup_vault import (
    backup_vault_encrypted,
    backup_vault_encrypted_with_customer_key,
)
from scanner.findings import Status
from tests.checks.factories import backup_vault, no_encryption, provider_encryption


@pytest.mark.parametrize(
    ("encryption", "any_key", "customer_key"),
    [
        ("cmk", Status.PASS, Status.PASS),
        (provider_encryption(), Status.PASS, Status.FAIL),
        (no_encryption(), Status.FAIL, Status.FAIL),
        (None, Status.UNKNOWN, Status.UNKNOWN),
    ],
)
def test_vault_encryption(encryption, any_key, customer_key):
    vault = backup_vault() if encryption == "cmk" else backup_vault(encryption=encryption)
    assert backup_vault_encrypted(vault).status is any_key
    assert backup_vault_encrypted_with_customer_key(vault).status is customer_key
