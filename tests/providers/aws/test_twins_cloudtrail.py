"""Near-miss twins for LOG-301 (trails record management events, read and write, as CIS AWS
4.1 asks), on the documented GetEventSelectors shapes and through moto and the collector.

AWS documentation each case follows (CloudTrail API reference):
- EventSelector: ``IncludeManagementEvents`` defaults to true, ``ReadWriteType`` (ReadOnly |
  WriteOnly | All) to All; a trail without custom selectors logs all read and write
  management events:
  https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
- AdvancedEventSelector / AdvancedFieldSelector: ``eventCategory`` Management, and the
  ``readOnly`` field ("true" read-only, "false" write-only events) with Equals / NotEquals:
  https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
"""

import pytest

from checks.logging.trail import trail_records_management_events
from providers.aws.cloudtrail import collect_trails, management_events
from scanner.findings import Status
from scanner.model import Trail


def _basic(**fields):
    return {"EventSelectors": [fields]}


def _adv(*extra):
    fields = [{"Field": "eventCategory", "Equals": ["Management"]}, *extra]
    return {"FieldSelectors": fields}


@pytest.mark.parametrize(
    ("selectors", "expected"),
    [
        ({}, True),
        (_basic(), True),
        (_basic(ReadWriteType="All", IncludeManagementEvents=True), True),
        # the failing twins closest to passing: only reads, only writes, none
        (_basic(ReadWriteType="ReadOnly"), False),
        (_basic(ReadWriteType="WriteOnly", IncludeManagementEvents=True), False),
        (_basic(IncludeManagementEvents=False), False),
        # read from one selector and write from another is all of them
        (
            {"EventSelectors": [{"ReadWriteType": "ReadOnly"}, {"ReadWriteType": "WriteOnly"}]},
            True,
        ),
        ({"AdvancedEventSelectors": [_adv()]}, True),
        ({"AdvancedEventSelectors": [_adv({"Field": "readOnly", "Equals": ["true"]})]}, False),
        ({"AdvancedEventSelectors": [_adv({"Field": "readOnly", "Equals": ["false"]})]}, False),
        ({"AdvancedEventSelectors": [_adv({"Field": "readOnly", "NotEquals": ["true"]})]}, False),
        (
            {
                "AdvancedEventSelectors": [
                    _adv({"Field": "readOnly", "Equals": ["true"]}),
                    _adv({"Field": "readOnly", "Equals": ["false"]}),
                ]
            },
            True,
        ),
        # data events only
        (
            {
                "AdvancedEventSelectors": [
                    {"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}]}
                ]
            },
            False,
        ),
        (None, None),
    ],
)
def test_management_event_twins(selectors, expected):
    assert management_events(selectors) is expected


def _trail(aws_session, name, **selectors):
    s3 = aws_session.client("s3", "us-east-1")
    s3.create_bucket(Bucket=f"{name}-logs")
    ct = aws_session.client("cloudtrail", "us-east-1")
    ct.create_trail(Name=name, S3BucketName=f"{name}-logs", IsMultiRegionTrail=True)
    ct.start_logging(Name=name)
    if selectors:
        ct.put_event_selectors(TrailName=name, **selectors)


def test_read_write_twins_through_moto(aws_session):
    _trail(aws_session, "all-events")
    _trail(aws_session, "writes-only", EventSelectors=[
        {"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}
    ])  # fmt: skip
    _trail(aws_session, "explicit-all", EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": True}
    ])  # fmt: skip
    trails = {t.name: t for t in collect_trails(aws_session, "us-east-1") if isinstance(t, Trail)}
    assert trail_records_management_events(trails["all-events"]).status is Status.PASS
    assert trail_records_management_events(trails["explicit-all"]).status is Status.PASS
    assert trail_records_management_events(trails["writes-only"]).status is Status.FAIL
