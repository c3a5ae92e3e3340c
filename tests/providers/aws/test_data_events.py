"""S3 object-level logging from CloudTrail event selectors: twins per the CloudTrail user
guide, "Logging data events" (basic and advanced selectors), and a moto collector run."""

from __future__ import annotations

from typing import Any

import pytest

from providers.aws.data_events import collect_object_access_logging, recorded_events
from providers.aws.session import AwsSession
from scanner.model import ObjectAccessLogging

TRAIL = "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"
BOTH, READ, WRITE, NONE = {"read", "write"}, {"read"}, {"write"}, set()


def _basic(values: list[str], rw: str = "All", kind: str = "AWS::S3::Object") -> dict[str, Any]:
    return {"EventSelectors": [
        {"ReadWriteType": rw, "IncludeManagementEvents": True,
         "DataResources": [{"Type": kind, "Values": values}]}
    ]}  # fmt: skip


def _advanced(*fields: dict[str, Any]) -> dict[str, Any]:
    base = [
        {"Field": "eventCategory", "Equals": ["Data"]},
        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    ]
    return {"AdvancedEventSelectors": [{"Name": "s3", "FieldSelectors": [*base, *fields]}]}


@pytest.mark.parametrize(
    ("selectors", "expected"),
    [
        ({}, NONE),  # no custom selectors: management events only
        (_basic(["arn:aws:s3"]), BOTH),  # all current and future buckets
        (_basic(["arn:aws:s3:::"]), BOTH),
        (_basic(["arn:aws:s3:::logs/"]), BOTH),  # this bucket, every object
        (_basic(["arn:aws:s3:::logs/private/"]), NONE),  # near miss: only a prefix
        (_basic(["arn:aws:s3:::logs-archive/"]), NONE),  # near miss: another bucket
        (_basic(["arn:aws:s3"], "WriteOnly"), WRITE),
        (_basic(["arn:aws:s3"], "ReadOnly"), READ),
        (_basic(["arn:aws:s3"], kind="AWS::Lambda::Function"), NONE),
        (_basic(["arn:aws-cn:s3"]), NONE),  # another partition
        (_advanced(), BOTH),
        (_advanced({"Field": "readOnly", "Equals": ["false"]}), WRITE),
        (_advanced({"Field": "readOnly", "Equals": ["true"]}), READ),
        (_advanced({"Field": "readOnly", "NotEquals": ["true"]}), WRITE),
        (_advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::logs/"]}), BOTH),
        (_advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::"]}), BOTH),
        (_advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::logs/a/"]}), NONE),
        (_advanced({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::other/"]}), NONE),
        (_advanced({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::logs/"]}), NONE),
        (_advanced({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::other/"]}), BOTH),
        (_advanced({"Field": "resources.ARN", "Equals": ["arn:aws:s3:::logs/a.txt"]}), NONE),
        (_advanced({"Field": "eventName", "Equals": ["PutObject"]}), NONE),  # some writes only
        (_advanced({"Field": "eventSource", "Equals": ["s3.amazonaws.com"]}), BOTH),
        (
            {
                "AdvancedEventSelectors": [
                    {
                        "Name": "m",
                        "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}],
                    }
                ]
            },
            NONE,
        ),
        (
            {
                "AdvancedEventSelectors": [
                    {
                        "Name": "lambda",
                        "FieldSelectors": [
                            {"Field": "eventCategory", "Equals": ["Data"]},
                            {"Field": "resources.type", "Equals": ["AWS::S3::AccessPoint"]},
                        ],
                    }
                ]
            },
            NONE,
        ),
    ],
)
def test_recorded_events(selectors: dict[str, Any], expected: set[str]):
    assert set(recorded_events(selectors, "logs", trail_arn=TRAIL)) == expected


def test_read_and_write_selectors_combine():
    selectors = {
        **_basic(["arn:aws:s3:::logs/"], "ReadOnly"),
        **_advanced({"Field": "readOnly", "Equals": ["false"]}),
    }
    assert set(recorded_events(selectors, "logs", trail_arn=TRAIL)) == BOTH


def test_collect_on_moto(aws_session: AwsSession):
    region = "us-east-1"
    s3 = aws_session.boto.client("s3", region_name=region)
    for name in ("logged-bucket", "other-bucket", "trail-store"):
        s3.create_bucket(Bucket=name)
    ct = aws_session.boto.client("cloudtrail", region_name=region)
    ct.create_trail(Name="data", S3BucketName="trail-store", IsMultiRegionTrail=True)
    ct.put_event_selectors(
        TrailName="data",
        EventSelectors=[{"ReadWriteType": "WriteOnly", "DataResources": [
            {"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::logged-bucket/"]}]}],
    )  # fmt: skip
    found = {m.name: m for m in collect_object_access_logging(aws_session, region)}
    assert all(isinstance(m, ObjectAccessLogging) for m in found.values())
    # not logging yet: selectors of a stopped trail record nothing
    assert found["logged-bucket"].writes_logged is False
    ct.start_logging(Name="data")
    found = {m.name: m for m in collect_object_access_logging(aws_session, region)}
    assert (found["logged-bucket"].writes_logged, found["logged-bucket"].reads_logged) == (
        True, False,
    )  # fmt: skip
    assert (found["other-bucket"].writes_logged, found["other-bucket"].reads_logged) == (
        False, False,
    )  # fmt: skip
    assert list(collect_object_access_logging(aws_session, "eu-west-1")) == []
