"""AWS Backup vaults and plans, and VPCs with their flow logs, in a plan.

As elsewhere in ``providers.terraform``: the planned attributes become the API answers the
live collectors read (ListBackupVaults, GetBackupPlan, DescribeVpcs + DescribeFlowLogs)
and go through the live ``to_*`` functions. Defaults: registry.terraform.io/providers/
hashicorp/aws/latest/docs/resources/<type>; unknown-at-plan values are UNKNOWN, named.
"""

from __future__ import annotations

from typing import Any

from providers.aws.backup import to_backup_plan, to_backup_vault
from providers.aws.ec2 import to_network
from providers.terraform.common import collector, first, planned_key, relabel, with_key
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession
from scanner.model import BackupPlan, BackupVault, Network
from scanner.provider import Collector

_LOCKS = ("aws_backup_vault_lock_configuration",)
_FLOW_LOGS = ("aws_flow_log",)


def plan_backup_vault(vault: Planned, session: TerraformSession) -> BackupVault:
    """``aws_backup_vault`` (+ ``aws_backup_vault_lock_configuration``): without
    ``kms_key_arn`` AWS Backup encrypts with its AWS managed key aws/backup (registry:
    aws_backup_vault; AWS Backup Developer Guide, "Encryption for backups"); a vault is
    locked once a lock configuration names it."""
    values = vault.values
    key = values.get("kms_key_arn")
    listed: dict[str, Any] = {
        "BackupVaultArn": vault.address,
        "BackupVaultName": values.get("name") or vault.address,
        "EncryptionKeyArn": key,
        "Locked": bool(session.joined(vault, _LOCKS, "backup_vault_name")),
        "NumberOfRecoveryPoints": 0,
    }
    if planned_key(vault, "kms_key_arn"):
        listed["EncryptionKeyType"] = "CUSTOMER_MANAGED_KMS_KEY"
        listed["EncryptionKeyArn"] = key or vault.references("kms_key_arn")[0]
    elif not vault.configured("kms_key_arn"):
        listed["EncryptionKeyType"] = "AWS_OWNED_KMS_KEY"
    model = relabel(
        to_backup_vault(listed, account="", region=session.region(vault),
                        collected_at=session.collected_at),
        vault,
    )  # fmt: skip
    model = with_key(model, vault, "kms_key_arn", session)
    # a new vault holds no recovery points; an existing one may (not in the plan)
    return model.model_copy(update={"recovery_points": 0 if vault.created else None})


def _rule(rule: Any, arn_unknown: bool) -> dict[str, Any]:
    lifecycle = first(rule.get("lifecycle"))
    copies = [
        {"DestinationBackupVaultArn": c.get("destination_vault_arn") or ""}
        for c in rule.get("copy_action") or ()
    ]
    answer: dict[str, Any] = {
        "RuleName": rule.get("rule_name") or "",
        "ScheduleExpression": rule.get("schedule"),
        "Lifecycle": {"DeleteAfterDays": lifecycle.get("delete_after")},
        "CopyActions": copies,
    }
    answer["_unknown_copy"] = arn_unknown
    return answer


def plan_backup_plan(plan: Planned, session: TerraformSession) -> BackupPlan:
    """``aws_backup_plan``: each ``rule`` block is a GetBackupPlan rule; no
    ``lifecycle.delete_after`` keeps recovery points until deleted; a copy action's
    destination vault known only after apply leaves the rule's copy regions unknown
    (its region is the vault ARN's)."""
    rules = []
    unknown = []
    for n, rule in enumerate(plan.values.get("rule") or ()):
        arn_unknown = any(
            plan.is_unknown("rule", n, "copy_action", i, "destination_vault_arn")
            for i in range(len(rule.get("copy_action") or ()))
        )
        if arn_unknown:
            unknown.append(f"{plan.address}.rule[{n}].copy_action.destination_vault_arn")
        rules.append(_rule(rule, arn_unknown))
    answer = {
        "BackupPlanName": plan.values.get("name") or plan.address,
        "Rules": [{k: v for k, v in r.items() if k != "_unknown_copy"} for r in rules],
    }
    model = to_backup_plan(
        {"BackupPlanArn": plan.address, "BackupPlanName": answer["BackupPlanName"]}, answer,
        account="", region=session.region(plan), collected_at=session.collected_at,
    )  # fmt: skip
    if unknown:
        session.note_unknown(plan, unknown)
        fixed = tuple(
            r.model_copy(update={"copy_regions": None}) if raw["_unknown_copy"] else r
            for r, raw in zip(model.rules, rules, strict=True)
        )
        model = model.model_copy(update={"rules": fixed})
    return relabel(model, plan)


def plan_network(vpc: Planned, session: TerraformSession) -> Network:
    """``aws_vpc`` joined with the ``aws_flow_log`` resources whose ``vpc_id`` refers to
    it (registry: aws_flow_log; a flow log is ACTIVE once created). A VPC Terraform
    creates is never the default VPC (``aws_default_vpc`` manages that one). A new VPC
    without a flow log in the plan has none; an existing one may have one made elsewhere
    (UNKNOWN)."""
    flow_logs = [
        {"ResourceId": vpc.address, "FlowLogStatus": "ACTIVE"}
        for _ in session.joined(vpc, _FLOW_LOGS, "vpc_id")
    ]
    answer = {
        "VpcId": vpc.address,
        "IsDefault": vpc.type == "aws_default_vpc",
        "Tags": [{"Key": k, "Value": v} for k, v in (vpc.values.get("tags") or {}).items()],
    }
    model = to_network(
        answer, flow_logs, region=session.region(vpc), account="",
        collected_at=session.collected_at,
    )  # fmt: skip
    if not flow_logs and not vpc.created:
        # an existing VPC may have flow logs made outside this configuration
        session.note_unknown(vpc, [f"{vpc.address} (flow logs outside the plan)"])
        model = model.model_copy(update={"flow_logs_enabled": None})
    return relabel(model, vpc)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", BackupVault, ("aws_backup_vault",), plan_backup_vault,
              name="plan_backup_vaults", joins=[(_LOCKS, "backup_vault_name")]),
    collector("aws", BackupPlan, ("aws_backup_plan",), plan_backup_plan,
              name="plan_backup_plans"),
    collector("aws", Network, ("aws_vpc", "aws_default_vpc"), plan_network,
              name="plan_vpcs", joins=[(_FLOW_LOGS, "vpc_id")]),
)  # fmt: skip
