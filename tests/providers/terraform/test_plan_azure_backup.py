# ruff: noqa: E501 - plan fixtures are written inline
"""Recovery Services vaults, backup policies and protected VMs in plans.

registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/:
recovery_services_vault (``encryption.key_id``, ``soft_delete_enabled`` default true,
``immutability`` Locked/Unlocked/Disabled), backup_policy_vm and backup_policy_file_share
(``backup.frequency``, ``retention_daily|weekly|monthly|yearly.count``),
backup_protected_vm (``protection_state``, ``backup_policy_id``).
"""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import status_of as _verdict

AZ = {"location": "westeurope", "resource_group_name": "rg"}
VAULT = "azurerm_recovery_services_vault.v"


def _vault(actions: tuple[str, ...] = ("create",), **values: object) -> Res:
    return Res(
        "azurerm_recovery_services_vault",
        "v",
        {"name": "v", **AZ, "sku": "Standard", **values},
        actions=actions,
    )


@pytest.mark.parametrize(
    ("vault", "check", "expected"),
    [
        (_vault(), "BACKUP-001", Status.PASS),  # always encrypted
        (_vault(), "BACKUP-002", Status.FAIL),  # platform key
        (_vault(encryption=[{"key_id": "https://kv.vault.azure.net/keys/k", "infrastructure_encryption_enabled": True}]), "BACKUP-002", Status.PASS),
        (_vault(), "BACKUP-201", Status.PASS),  # soft_delete_enabled defaults to true
        (_vault(soft_delete_enabled=True), "BACKUP-201", Status.PASS),
        (_vault(soft_delete_enabled=False), "BACKUP-201", Status.FAIL),
        (_vault(), "BACKUP-202", Status.FAIL),  # immutability off on a new vault
        (_vault(immutability="Disabled"), "BACKUP-202", Status.FAIL),
        (_vault(immutability="Unlocked"), "BACKUP-202", Status.PASS),
        (_vault(immutability="Locked"), "BACKUP-202", Status.PASS),
        (_vault(actions=("no-op",)), "BACKUP-202", Status.UNKNOWN),  # what Azure holds
    ],
)  # fmt: skip
def test_recovery_vault(tmp_path, vault, check, expected):
    assert _verdict(_scan(tmp_path, vault), VAULT, check) is expected


def test_recovery_vault_key_known_after_apply_is_customer(tmp_path):
    vault = Res("azurerm_recovery_services_vault", "v", {"name": "v", **AZ, "sku": "Standard",
                "encryption": [{"infrastructure_encryption_enabled": False}]},
                unknown={"encryption": [{"key_id": True}]},
                expressions={"encryption": [{"key_id": ref("azurerm_key_vault_key.k.id")}]})  # fmt: skip
    assert _verdict(_scan(tmp_path, vault), VAULT, "BACKUP-002") is Status.PASS


POLICY = "azurerm_backup_policy_vm.p"


def _policy(kind: str = "azurerm_backup_policy_vm", **retention: object) -> Res:
    values = {
        "name": "p",
        "resource_group_name": "rg",
        "recovery_vault_name": "v",
        "backup": [{"frequency": "Daily", "time": "23:00"}],
        **retention,
    }
    return Res(kind, "p", values)


@pytest.mark.parametrize(
    ("policy", "check", "expected"),
    [
        (_policy(retention_daily=[{"count": 7}]), "BACKUP-004", Status.PASS),
        (_policy(retention_daily=[{"count": 6}]), "BACKUP-004", Status.FAIL),  # 1..6 allowed before
        (_policy(retention_daily=[{"count": 1}]), "BACKUP-004", Status.FAIL),
        (_policy(retention_weekly=[{"count": 1, "weekdays": ["Sunday"]}]), "BACKUP-004", Status.PASS),  # 7 days
        (_policy(retention_daily=[{"count": 30}], retention_monthly=[{"count": 1, "weekdays": ["Sunday"], "weeks": ["First"]}]), "BACKUP-004", Status.PASS),
        (_policy(retention_daily=[{"count": 7}]), "BACKUP-003", Status.PASS),
        (_policy(), "BACKUP-003", Status.FAIL),  # no retention: no rule
    ],
)  # fmt: skip
def test_backup_policy(tmp_path, policy, check, expected):
    assert _verdict(_scan(tmp_path, policy), POLICY, check) is expected


def test_file_share_policy(tmp_path):
    policy = _policy("azurerm_backup_policy_file_share", retention_daily=[{"count": 6}])
    assert (
        _verdict(_scan(tmp_path, policy), "azurerm_backup_policy_file_share.p", "BACKUP-004")
        is Status.FAIL
    )


def test_backup_policy_retention_known_after_apply(tmp_path):
    policy = Res("azurerm_backup_policy_vm", "p", {"name": "p", "backup": [{"frequency": "Daily", "time": "23:00"}], "retention_daily": [{}]},
                 unknown={"retention_daily": [{"count": True}]},
                 expressions={"retention_daily": [{"count": {"references": ["var.days"]}}]})  # fmt: skip
    result = _scan(tmp_path, policy)
    found = [f for f in result.findings if f.check_id in {"BACKUP-003", "BACKUP-004"}]
    assert {f.status for f in found} == {Status.UNKNOWN}
    assert all("retention_daily" in f.reason for f in found)


ITEM = "azurerm_backup_protected_vm.i"


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (None, Status.UNKNOWN),  # the last backup is only known once backups run
        ("Protected", Status.UNKNOWN),
        ("ProtectionStopped", Status.FAIL),
        ("BackupsSuspended", Status.FAIL),
    ],
)
def test_protected_vm(tmp_path, state, expected):
    values = {
        "resource_group_name": "rg",
        "recovery_vault_name": "v",
        **({"protection_state": state} if state else {}),
    }
    item = Res("azurerm_backup_protected_vm", "i", values, unknown={"source_vm_id": True, "backup_policy_id": True},
               expressions={"source_vm_id": ref("azurerm_linux_virtual_machine.m.id"), "backup_policy_id": ref("azurerm_backup_policy_vm.p.id")})  # fmt: skip
    assert _verdict(_scan(tmp_path, item), ITEM, "BACKUP-203") is expected
