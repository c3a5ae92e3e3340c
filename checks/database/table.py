"""Checks over managed NoSQL tables (DynamoDB, Firestore, Cosmos DB)."""

from __future__ import annotations

from checks._common import setting
from checks.database._controls import BACKUPS, DELETION_GUARD
from scanner.findings import Result, Severity
from scanner.model import Table
from scanner.registry import check


@check(
    id="DB-007",
    title="Tables have point-in-time recovery enabled",
    severity=Severity.MEDIUM,
    resource=Table,
    controls=BACKUPS,
    providers=("aws",),
)
def table_point_in_time_recovery(table: Table) -> Result:
    """Without continuous backups an erroneous bulk write or delete cannot be undone, only
    restored from the last manual backup, if any.

    Remediation: enable point-in-time recovery (continuous backups) on the table.
    """
    return setting(
        table.point_in_time_recovery,
        on="point-in-time recovery on",
        off="point-in-time recovery off",
        unread="continuous backup status unreadable",
    )


@check(
    id="DB-008",
    title="Tables have deletion protection",
    severity=Severity.LOW,
    resource=Table,
    controls=DELETION_GUARD,
    providers=("aws",),
)
def table_deletion_protected(table: Table) -> Result:
    """Deleting a table drops its data and its point-in-time history at once; protection
    makes that a deliberate two-step change.

    Remediation: enable deletion protection on the table.
    """
    return setting(
        table.deletion_protection,
        on="deletion protection on",
        off="deletion protection off",
        unread="deletion protection unreadable",
    )
