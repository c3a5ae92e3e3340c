"""AWS Backup vaults and plans: mappers on API JSON and collectors on moto."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import pytest

from providers.aws.backup import (
    collect_backup_plans,
    collect_backup_vaults,
    to_backup_plan,
    to_backup_vault,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import BackupPlan, BackupRule, BackupVault, Encryption
from scanner.provider import Item
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/abc"
VAULT_ARN = f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-vault:main"
PLAN_ARN = f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-plan:p-1"
DR_VAULT_ARN = f"arn:aws:backup:eu-west-1:{ACCOUNT}:backup-vault:main"


@pytest.mark.parametrize(
    ("extra", "encryption"),
    [
        ({"EncryptionKeyArn": KEY}, Encryption(enabled=True, key_id=KEY)),
        # a KMS key ARN may be the AWS managed aws/backup key: the link step reads DescribeKey
        (
            {"EncryptionKeyArn": KEY, "EncryptionKeyType": "CUSTOMER_MANAGED_KMS_KEY"},
            Encryption(enabled=True, key_managed_by=None, key_id=KEY),
        ),
        (
            {
                "EncryptionKeyArn": "arn:aws:kms:us-east-1:444455556666:key/abc",
                "EncryptionKeyType": "CUSTOMER_MANAGED_KMS_KEY",
            },
            Encryption(
                enabled=True,
                key_managed_by="customer",
                key_id="arn:aws:kms:us-east-1:444455556666:key/abc",
            ),
        ),
        (
            {"EncryptionKeyArn": KEY, "EncryptionKeyType": "AWS_OWNED_KMS_KEY"},
            Encryption(enabled=True, key_managed_by="provider", key_id=KEY),
        ),
        ({}, Encryption(enabled=True, key_managed_by="provider")),
    ],
)
def test_to_backup_vault(extra: dict[str, str], encryption: Encryption) -> None:
    vault = to_backup_vault(
        {
            "BackupVaultName": "main",
            "BackupVaultArn": VAULT_ARN,
            "Locked": True,
            "NumberOfRecoveryPoints": 4,
            **extra,
        },
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert (vault.uid, vault.name, vault.locked, vault.recovery_points) == (
        VAULT_ARN,
        "main",
        True,
        4,
    )
    assert vault.encryption == encryption


def test_to_backup_plan_rules() -> None:
    plan = to_backup_plan(
        {"BackupPlanArn": PLAN_ARN, "BackupPlanId": "p-1", "BackupPlanName": "daily"},
        {
            "Rules": [
                {
                    "RuleName": "d",
                    "ScheduleExpression": "cron(0 5 ? * * *)",
                    "Lifecycle": {"DeleteAfterDays": 35},
                    "CopyActions": [
                        {"DestinationBackupVaultArn": DR_VAULT_ARN},
                        {"DestinationBackupVaultArn": DR_VAULT_ARN.replace("main", "other")},
                    ],
                },
                {"RuleName": "forever"},
            ]
        },
        account=ACCOUNT,
        region="us-east-1",
        collected_at=NOW,
    )
    assert plan.uid == PLAN_ARN
    assert plan.rules == (
        BackupRule(
            name="d",
            schedule="cron(0 5 ? * * *)",
            retention_days=35,
            copy_regions=("eu-west-1",),
        ),
        BackupRule(name="forever", schedule=None, retention_days=None, copy_regions=()),
    )


def test_collect_vaults_and_plans_from_moto(aws_session: AwsSession) -> None:
    backup = aws_session.client("backup", "us-east-1")
    backup.create_backup_vault(BackupVaultName="main", EncryptionKeyArn=KEY)
    rule = {
        "RuleName": "d",
        "TargetBackupVaultName": "main",
        "ScheduleExpression": "cron(0 5 ? * * *)",
        "Lifecycle": {"DeleteAfterDays": 35},
        "CopyActions": [{"DestinationBackupVaultArn": DR_VAULT_ARN}],
    }
    backup.create_backup_plan(BackupPlan={"BackupPlanName": "daily", "Rules": [rule]})
    (vault,) = collect_backup_vaults(aws_session, "us-east-1")
    assert isinstance(vault, BackupVault)
    assert vault.uid == VAULT_ARN
    assert vault.encryption == Encryption(enabled=True, key_id=KEY)
    assert (vault.locked, vault.recovery_points, vault.account) == (False, 0, ACCOUNT)
    (plan,) = collect_backup_plans(aws_session, "us-east-1")
    assert isinstance(plan, BackupPlan)
    assert plan.name == "daily"
    assert plan.uid.startswith(f"arn:aws:backup:us-east-1:{ACCOUNT}:backup-plan:")
    assert plan.rules == (
        BackupRule(
            name="d",
            schedule="cron(0 5 ? * * *)",
            retention_days=35,
            copy_regions=("eu-west-1",),
        ),
    )


def test_unreadable_plan_yields_only_its_error(aws_session: AwsSession) -> None:
    listed = {"BackupPlanArn": PLAN_ARN, "BackupPlanId": "p-1", "BackupPlanName": "daily"}
    api = aws_session.client("backup", "us-east-1")
    script(api, "ListBackupPlans", {"BackupPlansList": [listed]})
    script(api, "GetBackupPlan", "AccessDeniedException")
    (error,) = collect_backup_plans(aws_session, "us-east-1")
    assert isinstance(error, CollectionError)
    assert (error.uid, error.permission) == (PLAN_ARN, "backup:GetBackupPlan")


@pytest.mark.parametrize(
    ("collect", "operation"),
    [(collect_backup_vaults, "ListBackupVaults"), (collect_backup_plans, "ListBackupPlans")],
)
def test_listing_failure_is_scope_wide(
    aws_session: AwsSession, collect: Callable[[AwsSession, str], Iterable[Item]], operation: str
) -> None:
    api = aws_session.client("backup", "us-east-1")
    script(api, operation, "AccessDeniedException")
    with pytest.raises(CollectionError, match="backup:List"):
        list(collect(aws_session, "us-east-1"))
