"""DynamoDB tables: ListTables, DescribeTable and DescribeContinuousBackups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from providers.aws.shapes import kms_encryption
from scanner.model import Encryption, Table
from scanner.provider import Collector, Item

#: Detail reads per table: client method -> IAM action.
_DETAILS = {
    "describe_table": "dynamodb:DescribeTable",
    "describe_continuous_backups": "dynamodb:DescribeContinuousBackups",
}


def to_table_encryption(table: Mapping[str, Any]) -> Encryption:
    """Pure: a table description's ``SSEDescription`` -> Encryption.

    Tables are always encrypted: without an ``SSEDescription`` (or once KMS is disabled) the
    key is owned by DynamoDB; with KMS the key is named by ARN only, so its manager is unknown.
    """
    sse = table.get("SSEDescription") or {}
    if sse.get("SSEType") == "KMS" and sse.get("Status", "ENABLED") in {"ENABLED", "UPDATING"}:
        return kms_encryption(True, sse.get("KMSMasterKeyArn"))
    return Encryption(enabled=True, key_managed_by="provider")


def to_table(
    name: str, table: Mapping[str, Any] | None, backups: Mapping[str, Any] | None, *,
    region: str, account: str, collected_at: datetime,
) -> Table:  # fmt: skip
    """Pure: DescribeTable ``Table`` + DescribeContinuousBackups answer (None: unread) -> Table."""
    pitr = None
    if backups is not None:
        description = backups.get("ContinuousBackupsDescription", {})
        status = description.get("PointInTimeRecoveryDescription", {})
        pitr = status.get("PointInTimeRecoveryStatus") == "ENABLED"
    arn = (table or {}).get("TableArn") or f"arn:aws:dynamodb:{region}:{account}:table/{name}"
    return Table(
        uid=str(arn), provider="aws", account=account, region=region, service="dynamodb",
        name=name, collected_at=collected_at,
        encryption=None if table is None else to_table_encryption(table),
        point_in_time_recovery=pitr,
        deletion_protection=None if table is None else bool(table.get("DeletionProtectionEnabled")),
    )  # fmt: skip


def _gone(answer: Mapping[str, Any] | Exception) -> bool:
    """The table was deleted between the listing and a detail read."""
    if isinstance(answer, botocore.exceptions.ClientError):
        return error_code(answer) in {"ResourceNotFoundException", "TableNotFoundException"}
    return False


def collect_tables(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every table in ``region``: one ListTables + 2 concurrent reads per table."""
    ddb = session.client("dynamodb", region)
    try:
        names = [str(n) for n in paginate(ddb, "list_tables", "TableNames")]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="Table", permission="dynamodb:ListTables"
        ) from err

    def read(job: tuple[str, str]) -> Mapping[str, Any] | Exception:
        name, method = job
        try:
            answer: Mapping[str, Any] = getattr(ddb, method)(TableName=name)
        except SDK_ERRORS as err:
            return err
        return answer

    jobs = [(name, method) for name in names for method in _DETAILS]
    answers = dict(zip(jobs, session.map(read, jobs), strict=True))
    now = session.now()
    for name in names:
        described, backups = (answers[(name, m)] for m in _DETAILS)
        if _gone(described) or _gone(backups):
            continue
        table = to_table(
            name,
            None if isinstance(described, Exception) else described.get("Table", {}),
            None if isinstance(backups, Exception) else backups,
            region=region, account=session.account, collected_at=now,
        )  # fmt: skip
        yield table
        for method, permission in _DETAILS.items():
            answer = answers[(name, method)]
            if isinstance(answer, Exception):
                yield translate_error(answer, scope=region, resource="Table",
                                      permission=permission, uid=table.uid)  # fmt: skip


COLLECTORS = (
    Collector(Table, collect_tables, permissions=("dynamodb:ListTables", *_DETAILS.values())),
)
