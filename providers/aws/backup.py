"""AWS Backup: vaults (ListBackupVaults) and plans (ListBackupPlans + GetBackupPlan)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import key_manager_of, kms_encryption
from scanner.model import BackupPlan, BackupRule, BackupVault, Encryption
from scanner.provider import Collector, Item

_KEY_TYPES = {"AWS_OWNED_KMS_KEY": "provider", "CUSTOMER_MANAGED_KMS_KEY": "customer"}


def vault_encryption(vault: Mapping[str, Any], *, account: str = "") -> Encryption:
    """Vaults are always encrypted. AWS_OWNED_KMS_KEY is AWS's; a KMS key ARN (whatever
    EncryptionKeyType says: the default vault's ``aws/backup`` key is an AWS managed KMS key
    given by its ARN) is judged by the key's DescribeKey ``KeyManager`` in the link step,
    unknown until then, never assumed "customer" (``shapes.key_manager_of``)."""
    key = vault.get("EncryptionKeyArn")
    managed = _KEY_TYPES.get(str(vault.get("EncryptionKeyType")))
    if managed == "customer" and key:
        owner = key_manager_of(str(key), account=account)
        return Encryption(enabled=True, key_managed_by=owner, key_id=str(key))
    if managed == "provider" or not key:
        return Encryption(enabled=True, key_managed_by="provider", key_id=key)
    return kms_encryption(True, str(key))


def to_backup_vault(
    vault: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> BackupVault:
    """Pure: a ListBackupVaults ``BackupVaultList`` item -> BackupVault."""
    return BackupVault(
        uid=str(vault["BackupVaultArn"]),
        provider="aws",
        account=account,
        region=region,
        service="backup",
        name=str(vault["BackupVaultName"]),
        collected_at=collected_at,
        encryption=vault_encryption(vault, account=account),
        locked=bool(vault.get("Locked")),
        recovery_points=int(vault.get("NumberOfRecoveryPoints") or 0),
    )


def arn_region(arn: str) -> str:
    """Pure: the region field of an ARN ('' if it has none)."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 3 else ""


def to_backup_rule(rule: Mapping[str, Any]) -> BackupRule:
    """Pure: one GetBackupPlan rule -> BackupRule (no DeleteAfterDays: kept until deleted).

    ``copy_regions`` are the regions of the copy actions' destination vaults.
    """
    days = (rule.get("Lifecycle") or {}).get("DeleteAfterDays")
    copies = rule.get("CopyActions") or ()
    return BackupRule(
        name=str(rule.get("RuleName", "")),
        schedule=rule.get("ScheduleExpression") or None,
        retention_days=None if days is None else int(days),
        copy_regions=tuple(
            dict.fromkeys(arn_region(str(c.get("DestinationBackupVaultArn", ""))) for c in copies)
        ),
    )


def to_backup_plan(
    listed: Mapping[str, Any],
    plan: Mapping[str, Any],
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> BackupPlan:
    """Pure: a ListBackupPlans item + GetBackupPlan's ``BackupPlan`` -> BackupPlan."""
    return BackupPlan(
        uid=str(listed["BackupPlanArn"]),
        provider="aws",
        account=account,
        region=region,
        service="backup",
        name=str(listed.get("BackupPlanName") or plan.get("BackupPlanName", "")),
        collected_at=collected_at,
        rules=tuple(to_backup_rule(r) for r in plan.get("Rules") or ()),
    )


def collect_backup_vaults(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every backup vault in ``region`` (one paginated listing)."""
    try:
        vaults = paginate(session.client("backup", region), "list_backup_vaults", "BackupVaultList")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="BackupVault", permission="backup:ListBackupVaults"
        ) from err
    now = session.now()
    for vault in vaults:
        yield to_backup_vault(vault, account=session.account, region=region, collected_at=now)


def collect_backup_plans(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every backup plan with its rules (GetBackupPlan per plan, concurrently).

    A plan whose rules cannot be read is not yielded (an empty rule list would claim it
    backs up nothing); its CollectionError is yielded instead.
    """
    client = session.client("backup", region)
    try:
        plans = paginate(client, "list_backup_plans", "BackupPlansList")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="BackupPlan", permission="backup:ListBackupPlans"
        ) from err

    def detail(listed: Mapping[str, Any]) -> Item:
        try:
            plan = client.get_backup_plan(BackupPlanId=listed["BackupPlanId"])["BackupPlan"]
        except SDK_ERRORS as err:
            return translate_error(
                err,
                scope=region,
                resource="BackupPlan",
                permission="backup:GetBackupPlan",
                uid=str(listed["BackupPlanArn"]),
            )
        return to_backup_plan(
            listed, plan, account=session.account, region=region, collected_at=session.now()
        )

    yield from session.map(detail, plans)


COLLECTORS = (
    Collector(BackupVault, collect_backup_vaults, permissions=("backup:ListBackupVaults",)),
    Collector(
        BackupPlan,
        collect_backup_plans,
        permissions=("backup:ListBackupPlans", "backup:GetBackupPlan"),
    ),
)
