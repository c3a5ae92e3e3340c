"""Recovery Services vaults (Resource Graph), backup policies and protected items (ARM)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any, Literal

from azure.mgmt.recoveryservicesbackup import RecoveryServicesBackupClient

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.network import GRAPH_READ
from providers.azure.rows import base_fields, of_type, props, resource_group, rest_dict, timestamp
from providers.azure.session import AzureSession
from scanner.model import BackupPlan, BackupRule, BackupVault, Encryption, ProtectedItem
from scanner.provider import Collector, Item

VAULT = "microsoft.recoveryservices/vaults"
POLICY_READ = "Microsoft.RecoveryServices/vaults/backupPolicies/read"
ITEM_READ = "Microsoft.RecoveryServices/vaults/backupProtectedItems/read"
_UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30, "years": 365}
_IMMUTABILITY: dict[str, Literal["disabled", "enabled", "locked"]] = {
    "disabled": "disabled",
    "unlocked": "enabled",
    "locked": "locked",
}


def to_backup_vault(
    row: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> BackupVault:
    """Pure: a Recovery Services vault -> BackupVault (always encrypted; CMK if configured)."""
    p = props(row)
    key = ((p.get("encryption") or {}).get("keyVaultProperties") or {}).get("keyUri")
    security = p.get("securitySettings")
    soft_delete: bool | None = None
    immutability: Literal["disabled", "enabled", "locked"] | None = None
    if isinstance(security, Mapping):
        state = str((security.get("softDeleteSettings") or {}).get("softDeleteState", ""))
        soft_delete = state.lower() in {"enabled", "alwayson"} if state else None
        lock = str((security.get("immutabilitySettings") or {}).get("state", "disabled"))
        immutability = _IMMUTABILITY.get(lock.lower(), "disabled")
    return BackupVault(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        encryption=Encryption(
            enabled=True, key_managed_by="customer" if key else "provider", key_id=key
        ),
        locked=None if immutability is None else immutability == "locked",
        soft_delete_enabled=soft_delete,
        immutability=immutability,
    )


def _rules(retention: Mapping[str, Any], schedule: Mapping[str, Any]) -> list[BackupRule]:
    """One rule per retention schedule (daily/weekly/monthly/yearly, or a simple one)."""
    frequency = str(schedule.get("scheduleRunFrequency") or "") or None
    rules = []
    simple = retention.get("retentionDuration")
    named = [(k.removesuffix("Schedule"), v) for k, v in retention.items() if "Schedule" in k and v]
    for name, spec in [("retention", {"retentionDuration": simple})] if simple else named:
        duration = (spec or {}).get("retentionDuration") or {}
        unit = _UNIT_DAYS.get(str(duration.get("durationType", "")).lower())
        days = int(duration.get("count") or 0) * unit if unit else None
        rules.append(BackupRule(name=name, schedule=frequency, retention_days=days))
    return rules


def to_backup_plan(
    policy: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> BackupPlan:
    """Pure: a backup policy (VM, file share or workload sub-policies) -> BackupPlan."""
    p = props(policy)
    parts = p.get("subProtectionPolicy") or [p]
    rules = [
        rule
        for part in parts
        for rule in _rules(part.get("retentionPolicy") or {}, part.get("schedulePolicy") or {})
    ]
    fields = base_fields(policy, subscription=subscription, collected_at=collected_at)
    fields["region"] = str(policy.get("location") or "global")
    return BackupPlan(**fields, rules=tuple(rules))


def to_protected_item(
    item: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> ProtectedItem:
    """Pure: a backup protected item -> ProtectedItem."""
    p = props(item)
    status = str(p.get("lastBackupStatus") or "").lower()
    policy = str(p.get("policyName") or p.get("policyId") or "").rsplit("/", 1)[-1]
    fields = base_fields(item, subscription=subscription, collected_at=collected_at)
    fields["name"] = str(p.get("friendlyName") or fields["name"])
    return ProtectedItem(
        **fields,
        workload=str(p.get("workloadType") or p.get("protectedItemType") or "unknown"),
        policy=policy or None,
        protection_state=str(p.get("protectionState") or "") or None,
        last_backup_succeeded=None if not status else status in {"completed", "healthy"},
        last_backup_at=timestamp(p.get("lastBackupTime")),
    )


def collect_backup_vaults(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every Recovery Services vault of ``subscription``."""
    rows = session.graph_rows(subscription, "BackupVault")
    now = session.now()
    for row in of_type(rows, VAULT):
        yield to_backup_vault(row, subscription=subscription, collected_at=now)


def _per_vault(
    session: AzureSession,
    subscription: str,
    *,
    resource: str,
    list_call: Callable[[RecoveryServicesBackupClient, str, str], Any],
    mapper: Callable[..., Item],
    permission: str,
) -> Iterator[Item]:
    """One paged ARM list per vault, mapped; a failing vault yields an error for its uid."""
    session.require_online(subscription, resource, "Recovery Services backup data")
    vaults = of_type(session.graph_rows(subscription, resource), VAULT)
    client = session.client(RecoveryServicesBackupClient, subscription)

    def detail(vault: dict[str, Any]) -> list[Item]:
        try:
            found = [rest_dict(i) for i in list_call(client, vault["name"], vault["id"])]
        except SDK_ERRORS as err:
            return [
                translate_error(
                    err,
                    scope=subscription,
                    resource=resource,
                    permission=permission,
                    uid=str(vault["id"]),
                )
            ]
        now = session.now()
        return [mapper(i, subscription=subscription, collected_at=now) for i in found]

    for items in session.map(detail, vaults):
        yield from items


def collect_backup_plans(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every backup policy of every vault."""
    yield from _per_vault(
        session,
        subscription,
        resource="BackupPlan",
        list_call=lambda c, name, rid: c.backup_policies.list(name, resource_group(rid) or ""),
        mapper=to_backup_plan,
        permission=POLICY_READ,
    )


def collect_protected_items(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every protected item of every vault."""
    yield from _per_vault(
        session,
        subscription,
        resource="ProtectedItem",
        list_call=lambda c, name, rid: c.backup_protected_items.list(
            name, resource_group(rid) or ""
        ),
        mapper=to_protected_item,
        permission=ITEM_READ,
    )


_VAULT_READ = (*GRAPH_READ, "Microsoft.RecoveryServices/vaults/read")
COLLECTORS = (
    Collector(BackupVault, collect_backup_vaults, permissions=_VAULT_READ),
    Collector(BackupPlan, collect_backup_plans, permissions=(*_VAULT_READ, POLICY_READ)),
    Collector(ProtectedItem, collect_protected_items, permissions=(*_VAULT_READ, ITEM_READ)),
)
