"""Backup plans and vaults."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Encryption, Frozen, Resource


class BackupRule(Frozen):
    """One schedule of a backup plan."""

    name: str
    schedule: str | None = None
    retention_days: int | None = Field(default=None, description="None: kept until deleted.")
    copy_regions: tuple[str, ...] | None = Field(
        default=None,
        description="Regions recovery points are copied to (copy actions; () none); None unknown.",
    )


class BackupPlan(Resource):
    """A backup plan/policy (AWS Backup plan, Recovery Services policy)."""

    rules: tuple[BackupRule, ...] = ()


class BackupVault(Resource):
    """A container for recovery points."""

    encryption: Encryption | None
    locked: bool | None = None
    recovery_points: int | None = None
    soft_delete_enabled: bool | None = Field(
        default=None, description="Azure: deleted backup data stays recoverable for a while."
    )
    immutability: Literal["disabled", "enabled", "locked"] | None = Field(
        default=None, description="Azure: recovery points cannot be deleted before expiry."
    )
