"""Near-miss twins for the backup-coverage and bucket checks at model level (fast; what
mutation testing runs).

Sources: AWS Backup resource assignments name resources by ARN
(https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html); ARN
formats, where the resource id follows the last ``/`` or ``:``
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html); Cloud Storage
Bucket Lock, a retention period of 1 second or more can be locked
(https://cloud.google.com/storage/docs/bucket-lock).
"""

import pytest

from checks.backup.backup_coverage import stateful_resources_selected_for_backup
from checks.storage.bucket import bucket_retention_locked
from scanner.findings import Status
from tests.checks.factories import backup_coverage, bucket

ARNS = (
    "arn:aws:rds:us-east-1:111122223333:db:orders",
    "arn:aws:dynamodb:us-east-1:111122223333:table/carts",
    "arn:aws:ec2:us-east-1:111122223333:volume/vol-0a1",
    "arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1",
    "arn:aws:rds:us-east-1:111122223333:cluster:ledger",
    "arn:aws:ec2:us-east-1:111122223333:volume/vol-0a2",
)


def test_unprotected_resources_are_named_by_their_id():
    result = stateful_resources_selected_for_backup(
        backup_coverage(stateful_resources=6, unprotected=ARNS[:2])
    )
    assert result.status is Status.FAIL
    assert result.reason == "2 of 6 stateful resource(s) in no backup plan: orders, carts"


@pytest.mark.parametrize(
    ("missing", "tail"),
    [
        # exactly SHOWN (5) missing: all named, nothing "more"
        (ARNS[:5], "vol-0a1, fs-1, ledger"),
        # one past SHOWN: five named and "1 more"
        (ARNS, "vol-0a1, fs-1, ledger and 1 more"),
    ],
)
def test_at_most_five_are_named(missing, tail):
    result = stateful_resources_selected_for_backup(
        backup_coverage(stateful_resources=6, unprotected=missing)
    )
    assert result.reason.endswith(tail)


def test_coverage_twins():
    assert stateful_resources_selected_for_backup(backup_coverage()).status is Status.PASS
    # the closest failing twin: one of four resources unselected
    one = backup_coverage(stateful_resources=4, unprotected=ARNS[:1])
    assert stateful_resources_selected_for_backup(one).status is Status.FAIL
    none = backup_coverage(stateful_resources=0)
    assert stateful_resources_selected_for_backup(none).status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("days", "locked", "expected"),
    [
        (0, None, Status.NOT_APPLICABLE),
        # the shortest retention policy there is: still one to lock
        (1, True, Status.PASS),
        (1, False, Status.FAIL),
        (None, True, Status.UNKNOWN),
    ],
)
def test_retention_lock_twins(days, locked, expected):
    result = bucket_retention_locked(
        bucket(provider="gcp", retention_days=days, retention_locked=locked)
    )
    assert result.status is expected
