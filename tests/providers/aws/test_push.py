"""Agent pushers against moto: Security Hub (ASFF, updated in place, resolved) and S3 (OCSF)."""

from __future__ import annotations

import io
import sys
import threading
from datetime import timedelta

import boto3
import pyarrow.parquet as pq
import pytest

from providers.aws.push import (
    S3Pusher,
    SecurityHubPusher,
    asff_id,
    parse_s3_uri,
    partition_of,
    pusher,
    securityhub_batch,
)
from providers.aws.session import AwsSession
from scanner.agent import Agent, CycleOutcome, Every
from scanner.errors import ConfigError, OutputError, ProviderError
from scanner.findings import Status
from scanner.result import ScanResult
from tests.agent.test_agent import T0, finding, result, scripted

A, B, C = (f"arn:aws:ec2:us-east-1:123456789012:security-group/sg-{x}" for x in "abc")


def connect() -> AwsSession:
    return AwsSession.from_config(region="us-east-1", concurrency=2)


def cycles(*steps: ScanResult | Exception) -> list[CycleOutcome]:
    outcomes: list[CycleOutcome] = []
    runner = Agent(
        scan=scripted(*steps),
        provider="aws",
        schedule=Every(timedelta(hours=1)),
        hooks=(outcomes.append,),
    )
    for _ in steps:
        runner.run_cycle(threading.Event())
    return outcomes


def test_securityhub_imports_updates_in_place_and_resolves_fixed(mocked_aws: None) -> None:
    hub = boto3.client("securityhub", region_name="us-east-1")
    hub.enable_security_hub()
    push = SecurityHubPusher(connect)
    first, failed, second = cycles(
        result(finding("NET-002", A, Status.FAIL), finding("NET-002", B, Status.FAIL)),
        ProviderError("aws", "throttled to death"),
        result(
            finding("NET-002", A, Status.PASS),
            finding("NET-002", B, Status.FAIL),
            finding("NET-002", C, Status.FAIL),
            when=T0 + timedelta(hours=2),
        ),
    )
    push(first)
    push(failed)  # nothing to push for a failed scan
    found = {f["Id"]: f for f in hub.get_findings()["Findings"]}
    assert len(found) == 2
    push(second)
    found = {f["Id"]: f for f in hub.get_findings()["Findings"]}
    ids = {uid: asff_id(finding("NET-002", uid, Status.FAIL)) for uid in (A, B, C)}
    assert set(found) == set(ids.values())  # B updated in place, not duplicated
    fixed, still, new = found[ids[A]], found[ids[B]], found[ids[C]]
    assert fixed["Compliance"]["Status"] == "PASSED"
    assert fixed["Workflow"]["Status"] == "RESOLVED"
    assert fixed["RecordState"] == "ARCHIVED"
    for active in (still, new):
        assert active["Compliance"]["Status"] == "FAILED"
        assert active["RecordState"] == "ACTIVE"
        assert active["Severity"]["Label"] == "HIGH"
        assert active["FindingProviderFields"]["Severity"]["Label"] == "HIGH"
        assert active["ProductArn"] == (
            "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"
        )
        assert active["Compliance"]["RelatedRequirements"] == ["soc2:CC6.6"]
    assert still["UpdatedAt"].startswith("2026-01-05T12:00")
    assert new["Resources"][0]["Id"] == C


def test_s3_push_writes_ocsf_in_a_security_lake_layout(mocked_aws: None) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="lake")
    target = pusher("s3://lake/complyscan/", connect)
    assert isinstance(target, S3Pusher)
    eu = finding("NET-002", "sg-eu", Status.PASS).model_copy(update={"region": "eu-west-1"})
    (outcome,) = cycles(result(finding("NET-002", A, Status.FAIL), eu))
    target(outcome)
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="lake")["Contents"])
    assert keys == [
        f"complyscan/ext/complyscan/region={r}/accountId=123456789012/eventDay=20260105/"
        "20260105T120000Z-aws.parquet"
        for r in ("eu-west-1", "us-east-1")
    ]
    obj = s3.get_object(Bucket="lake", Key=keys[1])
    assert obj["ContentType"] == "application/vnd.apache.parquet"
    (event,) = pq.read_table(io.BytesIO(obj["Body"].read())).to_pylist()
    assert event["class_uid"] == 2003  # OCSF Compliance Finding
    assert event["compliance"]["status"] == "Fail"
    assert event["finding_info"]["uid"]
    (passing,) = pq.read_table(
        io.BytesIO(s3.get_object(Bucket="lake", Key=keys[0])["Body"].read())
    ).to_pylist()
    assert passing["compliance"]["status"] == "Pass"


def test_s3_push_without_pyarrow_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    # the package is absent (an import of it fails), as in a plain `pip install complyscan`
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ConfigError, match=r"complyscan\[securitylake\]"):
        pusher("s3://lake/cs", connect)


def test_push_errors_are_actionable(mocked_aws: None) -> None:
    (outcome,) = cycles(result(finding("NET-002", A, Status.FAIL)))
    with pytest.raises(OutputError, match="PutObject"):
        S3Pusher(connect, "no-such-bucket", "p")(outcome)
    with pytest.raises(ConfigError):
        parse_s3_uri("s3:///nobucket")
    with pytest.raises(ConfigError):
        pusher("splunk", connect)


def test_security_hub_findings_take_the_callers_partition() -> None:
    # GovCloud and China identities: ARNs and ASFF resources must carry their partition
    assert partition_of("arn:aws-us-gov:iam::123456789012:user/a") == "aws-us-gov"
    assert partition_of("arn:aws-cn:sts::123456789012:assumed-role/r/s") == "aws-cn"
    assert partition_of("arn:aws:iam::123456789012:root") == "aws"
    assert partition_of("not-an-arn") == "aws"
    (outcome,) = cycles(result(finding("NET-002", A, Status.FAIL)))
    arn = "arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default"
    (asff,) = securityhub_batch(
        outcome, product_arn=arn, region="us-gov-west-1", partition="aws-us-gov"
    )
    assert asff["ProductArn"] == arn
    assert asff["Resources"][0]["Partition"] == "aws-us-gov"
