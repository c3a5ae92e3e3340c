"""Workloads protected by a backup service (Recovery Services protected items)."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from scanner.model.base import Resource


class ProtectedItem(Resource):
    """A workload (VM, database, file share) enrolled in backup under a policy."""

    workload: str = Field(description="What is protected, e.g. 'VM', 'SQLDataBase'.")
    policy: str | None = Field(default=None, description="Name of the backup policy; None none.")
    protection_state: str | None = Field(description="e.g. 'Protected', 'ProtectionStopped'.")
    last_backup_succeeded: bool | None = Field(
        description="The last backup completed; None unknown or never run."
    )
    last_backup_at: datetime | None = None
