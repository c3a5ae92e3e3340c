# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""What the plan's trails prove (providers/terraform/aws_trails.py): the account-wide trail
(LOG-006), a region's coverage (LOG-005) and S3 object-level logging (LOG-502/503) pass
when a planned trail counts, and nothing is claimed otherwise (trails outside the plan may
count). Defaults from registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail:
enable_logging true, is_multi_region_trail / is_organization_trail false,
event_selector.read_write_type All, include_management_events true."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scanner.api import ScanResult, Status, scan
from tests.providers.terraform.plans import Res, plan, ref, write

BASE = {"name": "audit", "s3_bucket_name": "acme-trail-logs"}


def _trail(
    name: str = "t",
    unknown: dict[str, Any] | None = None,
    expressions: dict[str, Any] | None = None,
    **values: Any,
) -> Res:
    return Res(
        "aws_cloudtrail", name, {**BASE, **values}, unknown=unknown or {}, expressions=expressions
    )


def _scan(tmp_path: Path, *resources: Res, document: dict[str, Any] | None = None) -> ScanResult:
    return scan("terraform", snapshot=write(tmp_path / "plan.json", document or plan(*resources)))


def _statuses(result: ScanResult, check: str) -> list[Status]:
    return [f.status for f in result.findings if f.check_id == check]


def _mgmt(**extra: Any) -> dict[str, Any]:
    return {"field": "eventCategory", "equals": ["Management"], **extra}


# -- LOG-006 (account-wide trail) and LOG-005 (the trail's home region) ------------------------

TRAIL_TWINS = [
    # multi-region, logging by default, default selector: all management events
    (_trail(is_multi_region_trail=True), [Status.PASS], [Status.PASS]),
    (_trail(is_multi_region_trail=True, enable_logging=True), [Status.PASS], [Status.PASS]),
    # an organisation trail is account-wide too
    (_trail(is_organization_trail=True), [Status.PASS], [Status.PASS]),
    # single-region: covers its region, not the account; other trails may: no LOG-006 claim
    (_trail(), [], [Status.PASS]),
    (_trail(is_multi_region_trail=False), [], [Status.PASS]),
    # logging off: this trail proves nothing (LOG-3xx judge the trail itself)
    (_trail(is_multi_region_trail=True, enable_logging=False), [], []),
    (_trail(unknown={"enable_logging": True}, expressions={"enable_logging": ref("var.on")}, is_multi_region_trail=True), [], []),
    # management events: both kinds needed
    (_trail(is_multi_region_trail=True, event_selector=[{"read_write_type": "All", "include_management_events": True}]), [Status.PASS], [Status.PASS]),
    (_trail(is_multi_region_trail=True, event_selector=[{"read_write_type": "WriteOnly", "include_management_events": True}]), [], []),
    (_trail(is_multi_region_trail=True, event_selector=[{"read_write_type": "ReadOnly", "include_management_events": True}]), [], []),
    (_trail(is_multi_region_trail=True, event_selector=[{"read_write_type": "All", "include_management_events": False,
            "data_resource": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}]}]), [], []),
    # a data resource known only after apply leaves the management events decidable
    (_trail(is_multi_region_trail=True, event_selector=[{"read_write_type": "All", "include_management_events": True,
            "data_resource": [{"type": "AWS::S3::Object"}]}], unknown={"event_selector": [{"data_resource": [{"values": True}]}]}), [Status.PASS], [Status.PASS]),
    # advanced selectors: eventCategory Management; readOnly narrows to reads or writes
    (_trail(is_multi_region_trail=True, advanced_event_selector=[{"name": "m", "field_selector": [_mgmt()]}]), [Status.PASS], [Status.PASS]),
    (_trail(is_multi_region_trail=True, advanced_event_selector=[{"name": "m", "field_selector": [_mgmt(), {"field": "readOnly", "equals": ["false"]}]}]), [], []),
    (_trail(is_multi_region_trail=True, advanced_event_selector=[{"name": "m", "field_selector": [_mgmt(), {"field": "readOnly", "not_equals": ["true"]}]}]), [], []),
    # eventSource NotEquals drops only the excluded service's events (the live rule)
    (_trail(is_multi_region_trail=True, advanced_event_selector=[{"name": "m", "field_selector": [_mgmt(), {"field": "eventSource", "not_equals": ["kms.amazonaws.com"]}]}]), [Status.PASS], [Status.PASS]),
    (_trail(is_multi_region_trail=True, advanced_event_selector=[{"name": "m", "field_selector": [_mgmt(), {"field": "eventSource", "equals": ["iam.amazonaws.com"]}]}]), [], []),
]  # fmt: skip


@pytest.mark.parametrize(("trail", "account_wide", "region"), TRAIL_TWINS)
def test_trail_twins(tmp_path, trail, account_wide, region):
    result = _scan(tmp_path, trail)
    assert _statuses(result, "LOG-006") == account_wide
    assert _statuses(result, "LOG-005") == region


def test_trail_readonly_not_equals_fails_the_trail_check(tmp_path):
    # readOnly NotEquals true records only writes: LOG-301 fails on the plan as it does live
    # (the plan mapper used to drop not_equals and pass it)
    trail = _trail(
        advanced_event_selector=[
            {
                "name": "m",
                "field_selector": [_mgmt(), {"field": "readOnly", "not_equals": ["true"]}],
            }
        ]
    )
    [finding] = [f for f in _scan(tmp_path, trail).findings if f.check_id == "LOG-301"]
    assert finding.status is Status.FAIL
    assert "only write" in finding.reason


def test_trail_selectors_known_after_apply_are_unknown(tmp_path):
    trail = _trail(is_multi_region_trail=True, advanced_event_selector=[{"name": "m", "field_selector": [{"field": "eventCategory"}]}],
                   unknown={"advanced_event_selector": [{"field_selector": [{"equals": True}]}]})  # fmt: skip
    result = _scan(tmp_path, trail)
    [finding] = [f for f in result.findings if f.check_id == "LOG-301"]
    assert finding.status is Status.UNKNOWN
    assert "aws_cloudtrail.t.advanced_event_selector" in finding.reason
    assert _statuses(result, "LOG-006") == _statuses(result, "LOG-005") == []


def test_coverage_per_home_region(tmp_path):
    document = plan(_trail("east"), _trail("west"))
    document["configuration"]["provider_config"]["aws.west"] = {
        "name": "aws", "alias": "west", "expressions": {"region": {"constant_value": "us-west-2"}}}  # fmt: skip
    document["configuration"]["root_module"]["resources"][1]["provider_config_key"] = "aws.west"
    found = {
        (f.resource_uid, f.region, f.status)
        for f in _scan(tmp_path, document=document).findings
        if f.check_id == "LOG-005"
    }
    assert found == {
        ("aws_cloudtrail.east", "eu-west-1", Status.PASS),
        ("aws_cloudtrail.west", "us-west-2", Status.PASS),
    }


# -- LOG-502 / LOG-503: S3 object-level data events ---------------------------------------------

BUCKET = Res("aws_s3_bucket", "data", {"bucket": "acme-data"})


def _data(values: list[str], kind: str = "All") -> list[dict[str, Any]]:
    return [
        {
            "read_write_type": kind,
            "include_management_events": True,
            "data_resource": [{"type": "AWS::S3::Object", "values": values}],
        }
    ]


def _objects(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": "s3", "field_selector": [{"field": "eventCategory", "equals": ["Data"]},
                                             {"field": "resources.type", "equals": ["AWS::S3::Object"]}, *extra]}]  # fmt: skip


OBJECT_TWINS = [
    # CloudTrail "Logging data events": arn:aws:s3 selects every bucket's objects
    (_trail(event_selector=_data(["arn:aws:s3"])), Status.PASS, Status.PASS),
    (_trail(event_selector=_data(["arn:aws:s3:::acme-data/"])), Status.PASS, Status.PASS),
    # writes only: reads are unknown (another trail outside the plan may record them)
    (_trail(event_selector=_data(["arn:aws:s3:::acme-data/"], "WriteOnly")), Status.PASS, Status.UNKNOWN),
    (_trail(event_selector=_data(["arn:aws:s3:::acme-data/"], "ReadOnly")), Status.UNKNOWN, Status.PASS),
    # a prefix of the bucket, another bucket, a bucket ARN known only after apply: no claim
    (_trail(event_selector=_data(["arn:aws:s3:::acme-data/logs/"])), None, None),
    (_trail(event_selector=_data(["arn:aws:s3:::acme-data-2/"])), None, None),
    (_trail(event_selector=[{"read_write_type": "All", "include_management_events": True, "data_resource": [{"type": "AWS::S3::Object"}]}],
            unknown={"event_selector": [{"data_resource": [{"values": True}]}]}), None, None),
    (_trail(event_selector=_data(["arn:aws:s3"]), enable_logging=False), None, None),
    (_trail(), None, None),  # management events only
    # advanced selectors
    (_trail(advanced_event_selector=_objects()), Status.PASS, Status.PASS),
    (_trail(advanced_event_selector=_objects({"field": "resources.ARN", "starts_with": ["arn:aws:s3:::acme-data/"]})), Status.PASS, Status.PASS),
    (_trail(advanced_event_selector=_objects({"field": "resources.ARN", "starts_with": ["arn:aws:s3:::acme-data/tmp/"]})), None, None),
    (_trail(advanced_event_selector=_objects({"field": "resources.ARN", "not_starts_with": ["arn:aws:s3:::acme-data/"]})), None, None),
    (_trail(advanced_event_selector=_objects({"field": "readOnly", "equals": ["false"]})), Status.PASS, Status.UNKNOWN),
    (_trail(advanced_event_selector=_objects({"field": "readOnly", "not_equals": ["false"]})), Status.UNKNOWN, Status.PASS),
    (_trail(advanced_event_selector=_objects({"field": "eventName", "equals": ["PutObject"]})), None, None),
]  # fmt: skip


@pytest.mark.parametrize(("trail", "writes", "reads"), OBJECT_TWINS)
def test_object_logging_twins(tmp_path, trail, writes, reads):
    result = _scan(tmp_path, BUCKET, trail)
    assert _statuses(result, "LOG-502") == ([] if writes is None else [writes])
    assert _statuses(result, "LOG-503") == ([] if reads is None else [reads])


def test_object_logging_finding_names_bucket_and_what_is_unknown(tmp_path):
    result = _scan(
        tmp_path, BUCKET, _trail(event_selector=_data(["arn:aws:s3:::acme-data/"], "WriteOnly"))
    )
    [reads] = [f for f in result.findings if f.check_id == "LOG-503"]
    assert (reads.resource_uid, reads.resource_name) == (
        "arn:aws:s3:::acme-data",
        "aws_s3_bucket.data",
    )
    assert "aws_s3_bucket.data object reads (recorded by no trail in the plan)" in reads.reason


def test_object_logging_trail_of_another_region(tmp_path):
    document = plan(
        BUCKET,
        _trail(event_selector=_data(["arn:aws:s3"])),
        _trail(
            "multi", is_multi_region_trail=True, event_selector=_data(["arn:aws:s3"], "WriteOnly")
        ),
    )
    document["configuration"]["provider_config"]["aws.west"] = {
        "name": "aws", "alias": "west", "expressions": {"region": {"constant_value": "us-west-2"}}}  # fmt: skip
    for resource in document["configuration"]["root_module"]["resources"][1:]:
        resource["provider_config_key"] = "aws.west"
    # the single-region trail in us-west-2 does not see eu-west-1's bucket; the multi-region one does
    result = _scan(tmp_path, document=document)
    assert (_statuses(result, "LOG-502"), _statuses(result, "LOG-503")) == (
        [Status.PASS],
        [Status.UNKNOWN],
    )


def test_object_logging_bucket_name_known_after_apply(tmp_path):
    bucket = Res("aws_s3_bucket", "data", {"bucket_prefix": "acme-"}, unknown={"bucket": True})
    result = _scan(tmp_path, bucket, _trail(event_selector=_data(["arn:aws:s3"])))
    assert _statuses(result, "LOG-502") == []


def test_real_plan_single_region_trail():
    # regula's issue355_infra.json (a real `terraform show -json`, see fixtures/regula/
    # PROVENANCE.md): one single-region trail, logging by default, no selectors, provider
    # region us-east-2: its region is covered; the account-wide trail and the buckets' data
    # events are not claimed
    fixture = Path(__file__).parent / "fixtures" / "regula" / "issue355_infra.json"
    result = scan("terraform", snapshot=fixture)
    found = {
        (f.check_id, f.resource_uid, f.region, f.status)
        for f in result.findings
        if f.check_id in {"LOG-005", "LOG-006", "LOG-502", "LOG-503"}
    }
    assert found == {("LOG-005", "aws_cloudtrail.cloudtrail", "us-east-2", Status.PASS)}
