"""Region-level backup programme facts: what backup plans select, and restore testing."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from scanner.model.base import Resource


class BackupCoverage(Resource):
    """Region-level: which stateful resources a backup plan selects.

    Stateful resources are databases, tables, block volumes and file systems; a resource is
    selected when some backup plan's resource assignment picks it (by id, wildcard or tag).
    """

    backup_plans: int = Field(description="Backup plans in the region.")
    stateful_resources: int = Field(description="Stateful resources found in the region.")
    unprotected: tuple[str, ...] = Field(
        default=(), description="Uids of stateful resources no backup plan selects."
    )


class RestoreTesting(Resource):
    """Region-level: whether backups are proven restorable (restore tests and restores)."""

    backup_plans: int = Field(description="Backup plans in the region.")
    testing_plans: tuple[str, ...] = Field(
        default=(), description="Names of restore testing plans (scheduled test restores)."
    )
    completed_restores: tuple[datetime, ...] = Field(
        default=(),
        description="Completion times of the newest completed restore jobs of the last year "
        "(at most 20, newest first); () none.",
    )
