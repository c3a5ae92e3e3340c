"""AWS Backup programme per region: what plans select, and whether restores are tested.

* ``BackupCoverage``: ListBackupPlans, ListBackupSelections + GetBackupSelection per plan,
  and the region's stateful resources (see ``backup_selection``).
* ``RestoreTesting``: ListBackupPlans, ListRestoreTestingPlans and ListRestoreJobs
  (completed in the last year).

A region's resource is yielded only when everything it needs was read; otherwise a
CollectionError for its uid is, and its checks report UNKNOWN, never PASS. That includes
endpoints that do not implement a call: moto answers ListBackupSelections with
NotImplementedError in-process (HTTP 500 from its server) and ListRestoreTestingPlans /
ListRestoreJobs with a 404 "Not yet implemented"; those become cause ``NotImplemented``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import botocore.exceptions

from providers.aws.backup_selection import (
    LISTING_PERMISSIONS,
    Unread,
    coverage_uid,
    guarded,
    stateful_resources,
    to_backup_coverage,
    uses_tags,
)
from providers.aws.session import AwsSession, error_code, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import BackupCoverage, RestoreTesting
from scanner.provider import Collector, Item

LIST_PLANS = "backup:ListBackupPlans"
LIST_SELECTIONS = "backup:ListBackupSelections"
GET_SELECTION = "backup:GetBackupSelection"
LIST_TESTING_PLANS = "backup:ListRestoreTestingPlans"
LIST_RESTORE_JOBS = "backup:ListRestoreJobs"
#: How far back restore jobs are listed; the checks judge the newest.
RESTORE_WINDOW = timedelta(days=365)
KEPT_RESTORES = 20
_UNIMPLEMENTED_CODES = {"NotImplemented", "NotImplementedException", "UnknownOperationException"}
_UNIMPLEMENTED_TEXT = ("not yet implemented", "not been implemented", "not implemented")


def is_unimplemented(err: BaseException) -> bool:
    """Pure: the endpoint does not implement the operation (emulators, not AWS itself)."""
    if isinstance(err, NotImplementedError):
        return True
    if not isinstance(err, botocore.exceptions.ClientError):
        return False
    message = str(err.response.get("Error", {}).get("Message", "")).lower()
    status = err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return (
        error_code(err) in _UNIMPLEMENTED_CODES
        or status == 501
        or any(text in message for text in _UNIMPLEMENTED_TEXT)
    )


def unread_error(failure: Unread, *, scope: str, resource: str, uid: str) -> CollectionError:
    """The CollectionError for a failed read: ``NotImplemented`` or the translated SDK error."""
    if is_unimplemented(failure.error):
        return CollectionError(
            "aws",
            scope,
            resource,
            "NotImplemented",
            hint=f"The endpoint does not implement {failure.permission} (an emulator such "
            "as moto?); this stays UNKNOWN until it can be read",
            permission=failure.permission,
            uid=uid,
            detail=str(failure.error)[:200],
        )
    return translate_error(
        failure.error, scope=scope, resource=resource, permission=failure.permission, uid=uid
    )


def _plans(client: Any) -> list[Mapping[str, Any]]:
    return guarded(LIST_PLANS, paginate, client, "list_backup_plans", "BackupPlansList")


def _selections(session: AwsSession, client: Any, plans: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Every selection document of ``plans`` (ListBackupSelections, then GetBackupSelection)."""
    listed = [
        (plan["BackupPlanId"], item["SelectionId"])
        for plan in plans
        for item in guarded(
            LIST_SELECTIONS,
            paginate,
            client,
            "list_backup_selections",
            "BackupSelectionsList",
            BackupPlanId=plan["BackupPlanId"],
        )
    ]

    def document(ids: tuple[str, str]) -> Any:
        answer = guarded(
            GET_SELECTION, client.get_backup_selection, BackupPlanId=ids[0], SelectionId=ids[1]
        )
        return answer["BackupSelection"]

    return session.map(document, listed)


def collect_backup_coverage(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield which stateful resources of ``region`` some backup plan selects."""
    client = session.client("backup", region)
    uid = coverage_uid(session.account, region)
    try:
        plans = _plans(client)
        selections = _selections(session, client, plans)
        candidates = stateful_resources(session, region, with_tags=uses_tags(selections))
    except Unread as failure:
        yield unread_error(failure, scope=region, resource="BackupCoverage", uid=uid)
        return
    yield to_backup_coverage(
        selections,
        candidates,
        plans=len(plans),
        account=session.account,
        region=region,
        collected_at=session.now(),
    )


def to_restore_testing(
    plans: int,
    testing_plans: Sequence[Mapping[str, Any]],
    restore_jobs: Sequence[Mapping[str, Any]],
    *,
    account: str,
    region: str,
    collected_at: datetime,
) -> RestoreTesting:
    """Pure: plan count + ListRestoreTestingPlans + ListRestoreJobs items -> RestoreTesting.

    Only COMPLETED jobs with a completion date count; the newest are kept.
    """
    done = sorted(
        (
            job["CompletionDate"]
            for job in restore_jobs
            if job.get("Status") == "COMPLETED" and isinstance(job.get("CompletionDate"), datetime)
        ),
        reverse=True,
    )
    return RestoreTesting(
        uid=f"arn:aws:backup:{region}:{account}:restore-testing",
        provider="aws",
        account=account,
        region=region,
        service="backup",
        name=f"restore-testing-{region}",
        collected_at=collected_at,
        backup_plans=plans,
        testing_plans=tuple(sorted(str(p["RestoreTestingPlanName"]) for p in testing_plans)),
        completed_restores=tuple(done[:KEPT_RESTORES]),
    )


def collect_restore_testing(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield the region's restore testing plans and recent restores (if it has backup plans)."""
    client = session.client("backup", region)
    now = session.now()
    fields: dict[str, Any] = {"account": session.account, "region": region, "collected_at": now}
    uid = f"arn:aws:backup:{region}:{session.account}:restore-testing"
    try:
        plans = _plans(client)
        if not plans:  # nothing backed up here: nothing to restore-test
            yield to_restore_testing(0, (), (), **fields)
            return
        testing = guarded(
            LIST_TESTING_PLANS,
            paginate,
            client,
            "list_restore_testing_plans",
            "RestoreTestingPlans",
        )
        jobs = guarded(
            LIST_RESTORE_JOBS,
            paginate,
            client,
            "list_restore_jobs",
            "RestoreJobs",
            ByStatus="COMPLETED",
            ByCompleteAfter=now - RESTORE_WINDOW,
        )
    except Unread as failure:
        yield unread_error(failure, scope=region, resource="RestoreTesting", uid=uid)
        return
    yield to_restore_testing(len(plans), testing, jobs, **fields)


COLLECTORS = (
    Collector(
        BackupCoverage,
        collect_backup_coverage,
        permissions=(LIST_PLANS, LIST_SELECTIONS, GET_SELECTION, *LISTING_PERMISSIONS),
    ),
    Collector(
        RestoreTesting,
        collect_restore_testing,
        permissions=(LIST_PLANS, LIST_TESTING_PLANS, LIST_RESTORE_JOBS),
    ),
)
