"""Backup selections, coverage and restore testing: mappers on API JSON, collectors on moto.

moto implements ListBackupPlans but not ListBackupSelections (in-process it raises
NotImplementedError), ListRestoreTestingPlans or ListRestoreJobs (404 "Not yet
implemented"). Those paths are proven to end UNKNOWN; the full paths run with those
answers scripted on the real client.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import botocore.exceptions
import pytest

from providers.aws import PROVIDER
from providers.aws.backup_selection import Candidate, selects, to_backup_coverage
from providers.aws.resilience import (
    collect_backup_coverage,
    collect_restore_testing,
    is_unimplemented,
    to_restore_testing,
)
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import BackupCoverage, RestoreTesting
from scanner.registry import load
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"
VOLUME = f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-1"
TABLE = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
TAG_DAILY = {"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}


def _condition(key: str, value: str) -> dict[str, str]:
    return {"ConditionKey": f"aws:ResourceTag/{key}", "ConditionValue": value}


@pytest.mark.parametrize(
    ("selection", "arn", "tags", "expected"),
    [
        ({"Resources": ["*"]}, VOLUME, {}, True),
        ({}, VOLUME, {}, True),  # nothing given: every supported resource
        ({"Resources": ["arn:aws:ec2:*:*:volume/*"]}, VOLUME, {}, True),
        ({"Resources": ["arn:aws:ec2:*:*:volume/*"]}, TABLE, {}, False),
        ({"Resources": [TABLE]}, TABLE, {}, True),
        ({"ListOfTags": [TAG_DAILY]}, VOLUME, {"backup": "daily"}, True),
        ({"ListOfTags": [TAG_DAILY]}, VOLUME, {"backup": "weekly"}, False),
        # Resources OR ListOfTags
        ({"Resources": [TABLE], "ListOfTags": [TAG_DAILY]}, VOLUME, {"backup": "daily"}, True),
        # Resources AND Conditions
        (
            {"Resources": ["*"], "Conditions": {"StringEquals": [_condition("backup", "daily")]}},
            VOLUME,
            {"backup": "daily"},
            True,
        ),
        (
            {"Resources": ["*"], "Conditions": {"StringEquals": [_condition("backup", "daily")],
                                                "StringNotEquals": [_condition("env", "dev")]}},
            VOLUME,
            {"backup": "daily", "env": "dev"},
            False,
        ),
        ({"Conditions": {"StringLike": [_condition("backup", "dai*")]}}, VOLUME,
         {"backup": "daily"}, True),
        ({"Conditions": {"StringNotLike": [_condition("tier", "scratch*")]}}, VOLUME, {}, True),
        ({"Resources": ["*"], "NotResources": ["arn:aws:ec2:*:*:volume/*"]}, VOLUME, {}, False),
    ],
)  # fmt: skip
def test_selects(selection: dict[str, Any], arn: str, tags: dict[str, str], expected: bool):
    assert selects(selection, arn, tags) is expected


def test_coverage_counts_attached_volumes_of_selected_instances() -> None:
    instance = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-1"
    candidates = [
        Candidate(VOLUME, {}, (instance, {"backup": "daily"})),
        Candidate(f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-2", {}),
        Candidate(TABLE, {}),
    ]
    selections = [{"ListOfTags": [TAG_DAILY]}, {"Resources": [TABLE]}]
    coverage = to_backup_coverage(
        selections, candidates, plans=2, account=ACCOUNT, region=REGION, collected_at=NOW
    )
    assert (coverage.backup_plans, coverage.stateful_resources) == (2, 3)
    assert coverage.unprotected == (f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-2",)


def _client_error(code: str, message: str, status: int) -> botocore.exceptions.ClientError:
    response: Any = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
    }
    return botocore.exceptions.ClientError(response, "ListRestoreJobs")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (NotImplementedError("list_backup_selections"), True),
        (_client_error("404", "Not yet implemented", 404), True),
        (_client_error("InternalFailure", "The action has not been implemented", 500), True),
        (_client_error("NotImplemented", "", 501), True),
        (_client_error("AccessDeniedException", "not authorized", 400), False),
        (_client_error("ResourceNotFoundException", "no such plan", 404), False),
        (ValueError("x"), False),
    ],
)
def test_is_unimplemented(error: BaseException, expected: bool) -> None:
    assert is_unimplemented(error) is expected


def test_to_restore_testing_keeps_newest_completed() -> None:
    jobs = [
        {"Status": "COMPLETED", "CompletionDate": NOW - timedelta(days=40)},
        {"Status": "FAILED", "CompletionDate": NOW - timedelta(days=1)},
        {"Status": "COMPLETED", "CompletionDate": NOW - timedelta(days=5)},
        {"Status": "COMPLETED"},
    ]
    testing = to_restore_testing(
        1, [{"RestoreTestingPlanName": "weekly"}], jobs,
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert testing.testing_plans == ("weekly",)
    assert testing.completed_restores == (NOW - timedelta(days=5), NOW - timedelta(days=40))


def _seed_stateful(session: AwsSession) -> dict[str, str]:
    """A tagged and an untagged volume, a table and a file system; name -> ARN."""
    ec2 = session.boto.client("ec2", region_name=REGION)
    daily = ec2.create_volume(
        AvailabilityZone=f"{REGION}a",
        Size=8,
        TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "backup", "Value": "daily"}]}
        ],
    )["VolumeId"]
    loose = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8)["VolumeId"]
    session.boto.client("dynamodb", region_name=REGION).create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    fs = session.boto.client("efs", region_name=REGION).create_file_system(CreationToken="shared")[
        "FileSystemArn"
    ]
    return {
        "daily": f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{daily}",
        "loose": f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/{loose}",
        "table": TABLE,
        "fs": fs,
    }


def _plan(session: AwsSession) -> str:
    backup = session.client("backup", REGION)
    backup.create_backup_vault(BackupVaultName="main")
    rule = {"RuleName": "daily", "TargetBackupVaultName": "main"}
    return str(
        backup.create_backup_plan(BackupPlan={"BackupPlanName": "daily", "Rules": [rule]})[
            "BackupPlanId"
        ]
    )


def test_no_backup_plan_leaves_every_stateful_resource_unprotected(aws_session: AwsSession):
    arns = _seed_stateful(aws_session)
    [coverage] = collect_backup_coverage(aws_session, REGION)
    assert isinstance(coverage, BackupCoverage)
    assert (coverage.backup_plans, coverage.stateful_resources) == (0, 4)
    assert set(coverage.unprotected) == set(arns.values())
    [testing] = collect_restore_testing(aws_session, REGION)
    assert isinstance(testing, RestoreTesting)
    assert (testing.backup_plans, testing.testing_plans, testing.completed_restores) == (0, (), ())


def test_unimplemented_selections_are_unknown_never_pass(aws_session: AwsSession):
    _seed_stateful(aws_session)
    _plan(aws_session)
    [error] = collect_backup_coverage(aws_session, REGION)  # moto lacks ListBackupSelections
    assert isinstance(error, CollectionError)
    assert (error.cause, error.permission, error.resource) == (
        "NotImplemented",
        "backup:ListBackupSelections",
        "BackupCoverage",
    )
    assert error.uid == f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-coverage"
    [error] = collect_restore_testing(aws_session, REGION)  # nor ListRestoreTestingPlans
    assert isinstance(error, CollectionError)
    assert (error.cause, error.permission) == ("NotImplemented", "backup:ListRestoreTestingPlans")


def test_unimplemented_calls_reach_the_report_as_unknown(aws_session: AwsSession):
    _seed_stateful(aws_session)
    _plan(aws_session)
    registry = load().select(ids=["BACKUP-301", "BACKUP-303", "BACKUP-304"])
    result = run_scan(PROVIDER, aws_session, registry, [REGION])
    by_check = {f.check_id: f for f in result.findings}
    assert set(by_check) == {"BACKUP-301", "BACKUP-303", "BACKUP-304"}
    for finding in by_check.values():
        assert finding.status is Status.UNKNOWN
        assert finding.reason.startswith("not evaluated: NotImplemented; The endpoint does not ")
    assert "backup:ListBackupSelections" in by_check["BACKUP-301"].reason
    assert "backup:ListRestoreTestingPlans" in by_check["BACKUP-304"].reason


def test_scripted_selections_decide_coverage(aws_session: AwsSession):
    arns = _seed_stateful(aws_session)
    _plan(aws_session)
    backup = aws_session.client("backup", REGION)
    listed = {"BackupSelectionsList": [{"SelectionId": "by-tag"}, {"SelectionId": "by-arn"}]}
    script(backup, "ListBackupSelections", listed)
    documents = script(
        backup,
        "GetBackupSelection",
        {"BackupSelection": {"SelectionName": "by-tag", "IamRoleArn": "r",
                             "ListOfTags": [TAG_DAILY]}},
        {"BackupSelection": {"SelectionName": "by-arn", "IamRoleArn": "r",
                             "Resources": ["arn:aws:dynamodb:*:*:table/*",
                                           "arn:aws:elasticfilesystem:*"]}},
    )  # fmt: skip
    [coverage] = collect_backup_coverage(aws_session, REGION)
    assert isinstance(coverage, BackupCoverage)
    assert len(documents) == 2  # one GetBackupSelection per listed selection
    assert coverage.stateful_resources == 4
    assert coverage.unprotected == (arns["loose"],)


def test_scripted_restore_testing(aws_session: AwsSession):
    _plan(aws_session)
    backup = aws_session.client("backup", REGION)
    script(backup, "ListRestoreTestingPlans",
           {"RestoreTestingPlans": [{"RestoreTestingPlanName": "quarterly"}]})  # fmt: skip
    done = datetime.now(UTC) - timedelta(days=12)
    requests = script(
        backup,
        "ListRestoreJobs",
        {"RestoreJobs": [{"RestoreJobId": "j1", "Status": "COMPLETED", "CompletionDate": done}]},
    )
    [testing] = collect_restore_testing(aws_session, REGION)
    assert isinstance(testing, RestoreTesting)
    assert (testing.backup_plans, testing.testing_plans) == (1, ("quarterly",))
    assert testing.completed_restores == (done,)
    assert len(requests) == 1


def test_denied_restore_jobs_are_an_access_error(aws_session: AwsSession):
    _plan(aws_session)
    backup = aws_session.client("backup", REGION)
    script(backup, "ListRestoreTestingPlans", {"RestoreTestingPlans": []})
    script(backup, "ListRestoreJobs", "AccessDeniedException")
    [error] = collect_restore_testing(aws_session, REGION)
    assert isinstance(error, CollectionError)
    assert (error.cause, error.permission) == ("AccessDeniedException", "backup:ListRestoreJobs")
    assert "Grant backup:ListRestoreJobs" in error.hint
