"""Recovery Services vaults, their backup policies and protected VMs in a plan.

Rewritten as the Microsoft.RecoveryServices bodies the live collector reads and mapped by
providers/azure/recovery.py. Attributes and defaults: registry.terraform.io/providers/
hashicorp/azurerm/latest/docs/resources/<type>, per mapper. The live scan reads no Data
Protection (``azurerm_data_protection_backup_vault``) vaults, so neither does this.
"""

from __future__ import annotations

from typing import Any

from providers.terraform.azure_more import _row
from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import BackupPlan, BackupVault, ProtectedItem
from scanner.provider import Collector, Item

#: retention block -> (ARM schedule, ARM duration unit)
_RETENTION = (
    ("retention_daily", "dailySchedule", "Days"),
    ("retention_weekly", "weeklySchedule", "Weeks"),
    ("retention_monthly", "monthlySchedule", "Months"),
    ("retention_yearly", "yearlySchedule", "Years"),
)


def plan_recovery_vault(vault: Planned, session: TerraformSession) -> BackupVault:
    """``azurerm_recovery_services_vault`` (registry: azurerm_recovery_services_vault):
    always encrypted, with the customer's key when an ``encryption`` block gives ``key_id``;
    ``soft_delete_enabled`` defaults to true (deprecated in 4.x: Azure's secure-by-default
    vaults keep soft delete always on), false asks for it off; ``immutability`` Locked /
    Unlocked / Disabled, omitted on a new vault is Disabled (Azure's default), on an
    existing one what Azure holds (unknown when the plan does not say)."""
    from providers.azure.recovery import to_backup_vault  # noqa: PLC0415 - Azure SDK

    values = vault.values
    key = first(values.get("encryption"))
    key_id = key.get("key_id") or (
        "planned key" if key and vault.is_unknown("encryption") else None
    )
    immutability = values.get("immutability")
    if immutability is None and vault.created and not vault.is_unknown("immutability"):
        immutability = "Disabled"
    soft = values.get("soft_delete_enabled")
    security: dict[str, Any] = {
        "softDeleteSettings": {"softDeleteState": "Disabled" if soft is False else "Enabled"},
        "immutabilitySettings": {"state": immutability or "Disabled"},
    }
    properties = {
        "encryption": {"keyVaultProperties": {"keyUri": key_id}},
        "securitySettings": security,
    }
    row = _row(vault, session, "microsoft.recoveryservices/vaults", properties)
    model = to_backup_vault(row, subscription="", collected_at=session.collected_at)
    update: dict[str, Any] = {"uid": vault.address, "name": vault.address}
    if immutability is None:
        if vault.is_unknown("immutability"):
            session.note_unknown(vault, [f"{vault.address}.immutability"])
        update.update(immutability=None, locked=None)
    return model.model_copy(update=update)


def plan_backup_policy(policy: Planned, session: TerraformSession) -> Item:
    """``azurerm_backup_policy_vm`` / ``azurerm_backup_policy_file_share`` (registry pages
    of the same names): ``backup.frequency`` Hourly/Daily/Weekly; ``retention_daily``
    (count of days), ``retention_weekly`` (weeks), ``retention_monthly`` (months),
    ``retention_yearly`` (years) -> the ARM ``retentionPolicy`` schedules, one rule each, as
    the live mapper counts them (a month 30 days, a year 365). A retention block known only
    after apply leaves the policy unjudged (a rule not seen could be the short one)."""
    from providers.azure.recovery import to_backup_plan  # noqa: PLC0415 - Azure SDK

    values = policy.values
    retention = {
        arm: {"retentionDuration": {"count": first(values.get(tf)).get("count"),
                                    "durationType": unit}}
        for tf, arm, unit in _RETENTION
        if first(values.get(tf))
    }  # fmt: skip
    body = {
        "id": policy.address,
        "name": str(values.get("name") or policy.address),
        "properties": {
            "schedulePolicy": {
                "scheduleRunFrequency": first(values.get("backup")).get("frequency")
            },
            "retentionPolicy": retention,
        },
    }
    unknown = [f"{policy.address}.{tf}" for tf, _, _ in _RETENTION if policy.is_unknown(tf)]
    if unknown:
        return known_after_apply("azure", policy, "BackupPlan", unknown)
    model = to_backup_plan(body, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": policy.address, "name": policy.address})


def plan_protected_vm(item: Planned, session: TerraformSession) -> ProtectedItem:
    """``azurerm_backup_protected_vm`` (registry: azurerm_backup_protected_vm):
    ``protection_state`` Protected / BackupsSuspended / ProtectionStopped when set; whether
    the last backup succeeded is only known once backups run (unknown on a plan)."""
    from providers.azure.recovery import to_protected_item  # noqa: PLC0415 - Azure SDK

    values = item.values
    body = {
        "id": item.address,
        "name": item.address,
        "properties": {
            "workloadType": "VM",
            "protectionState": values.get("protection_state"),
            "policyId": values.get("backup_policy_id")
            or next(iter(item.references("backup_policy_id")), None),
        },
    }
    model = to_protected_item(body, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": item.address, "name": item.address})


_POLICIES = ("azurerm_backup_policy_vm", "azurerm_backup_policy_file_share")

COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("azure", BackupVault, ("azurerm_recovery_services_vault",), plan_recovery_vault,
              name="plan_recovery_vaults"),
    collector("azure", BackupPlan, _POLICIES, plan_backup_policy, name="plan_backup_policies"),
    collector("azure", ProtectedItem, ("azurerm_backup_protected_vm",), plan_protected_vm,
              name="plan_protected_vms"),
)  # fmt: skip
