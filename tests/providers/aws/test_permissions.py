"""Every API call a collector makes is covered by the permissions it declares.

Each collector runs against the seeded demo estate (moto, in-process) through real boto3
clients; a botocore ``before-call`` hook records the operations it sends. The recorded
operations, translated to IAM action names, must be a subset of ``Collector.permissions``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from typer.testing import CliRunner

from providers.aws import PROVIDER
from providers.aws.demo import DEMO_REGIONS, seed_demo_estate
from providers.aws.session import AwsSession
from scanner.cli import app

#: API operation -> IAM action, where the IAM name differs from the operation name.
IAM_ACTION_NAMES = {
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
}
#: boto3 service name -> IAM service prefix, where they differ.
IAM_PREFIXES = {"efs": "elasticfilesystem", "s3control": "s3"}
IAM_PREFIXES["opensearch"] = "es"  # OpenSearch Service kept the Elasticsearch prefix
#: API Gateway (v1 and v2) authorises every read with one action, apigateway:GET.
for _op in ("GetRestApis", "GetResources", "GetStages", "GetApis", "GetRoutes", "GetDomainNames"):
    IAM_ACTION_NAMES["apigateway", _op] = IAM_ACTION_NAMES["apigatewayv2", _op] = "apigateway:GET"
IAM_PREFIXES["accessanalyzer"] = "access-analyzer"
IAM_PREFIXES |= {"elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing"}
IAM_PREFIXES["opensearchserverless"] = "aoss"  # OpenSearch Serverless authorises as aoss:
#: Calls the session itself makes (identity check); they need no permission.
EXEMPT = {"sts:GetCallerIdentity"}


def iam_action(service: str, operation: str) -> str:
    """The IAM action authorising ``operation`` of boto3 ``service``."""
    return IAM_ACTION_NAMES.get(
        (service, operation), f"{IAM_PREFIXES.get(service, service)}:{operation}"
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Any:
    mp = pytest.MonkeyPatch()
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
        mp.delenv(var, raising=False)
    mp.setenv("AWS_ACCESS_KEY_ID", "testing")
    mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
    mp.setenv("AWS_CONFIG_FILE", "/dev/null")
    mp.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
    with mock_aws():
        session = AwsSession.from_config(region="us-east-1", concurrency=4)
        seed_demo_estate(session.boto, DEMO_REGIONS)
        yield session
        session.close()
    mp.undo()


def test_declared_permissions_cover_every_call(seeded: AwsSession):
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(iam_action(model.service_model.service_name, model.name))

    seeded.boto.events.register("before-call", record)
    # clients created before the hook was registered would not report: start afresh
    seeded._clients.clear()
    missing: dict[str, set[str]] = {}
    exercised = 0
    for collector in PROVIDER.collectors:
        calls.clear()
        scopes = ["global"] if collector.scope == "global" else list(DEMO_REGIONS)
        for scope in scopes:
            list(collector.collect(seeded, scope))
        used = set(calls) - EXEMPT
        exercised += bool(used)
        undeclared = used - set(collector.permissions)
        if undeclared:
            missing[collector.label] = undeclared
    assert not missing, f"calls not covered by declared permissions: {missing}"
    assert exercised == len(PROVIDER.collectors)


def test_declared_permissions_are_read_only():
    verbs = ("Describe", "List", "Get", "GenerateCredentialReport", "GET")
    verbs += ("BatchGet",)  # aoss:BatchGetCollection reads collection details
    for collector in PROVIDER.collectors:
        for action in collector.permissions:
            assert action.split(":", 1)[1].startswith(verbs), (collector.label, action)


# --- what `complyscan permissions aws --org / --push` adds -------------------------------
#
# Organisation mode and the agent's pushers run end to end through the CLI against moto;
# every boto3 client any session creates (the member sessions the org scan assumes into, the
# sessions the pushers open) records its calls, which the printed policy must then allow.

runner = CliRunner()
OPEN_SSH = {
    "IpProtocol": "tcp",
    "FromPort": 22,
    "ToPort": 22,
    "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
}


@contextmanager
def recording_calls() -> Iterator[list[str]]:
    """Every API call made by any boto3 client created inside the block, as IAM actions."""
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(iam_action(model.service_model.service_name, model.name))

    real_client = boto3.Session.client

    def client(self: boto3.Session, *args: Any, **kwargs: Any) -> Any:
        made = real_client(self, *args, **kwargs)
        made.meta.events.register("before-call", record)
        return made

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(boto3.Session, "client", client)
        yield calls


def allowed(*flags: str) -> set[str]:
    """The actions of the policy ``complyscan permissions aws FLAGS`` prints."""
    printed = runner.invoke(app, ["permissions", "aws", *flags])
    assert printed.exit_code == 0, printed.output
    return {a for s in json.loads(printed.output)["Statement"] for a in s["Action"]}


def test_org_policy_covers_every_call_of_an_org_scan(mocked_aws: None, tmp_path: Path) -> None:
    org = boto3.client("organizations", region_name="us-east-1")
    org.create_organization(FeatureSet="ALL")
    org.create_account(AccountName="member", Email="member@example.com")
    args = ["scan", "--org", "--region", "us-east-1", "--checks", "NET-002"]
    args += ["--output-dir", str(tmp_path), "--fail-on", "none", "--quiet"]
    with recording_calls() as calls:
        done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    used = set(calls) - EXEMPT
    assert {"organizations:ListAccounts", "sts:AssumeRole"} <= used  # the org code ran
    assert used <= allowed("--org"), used - allowed("--org")
    assert not used <= allowed()  # the read-only policy alone would not do


def test_push_policy_covers_every_call_of_the_agent_pushers(
    mocked_aws: None, tmp_path: Path
) -> None:
    boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="lake")
    boto3.client("securityhub", region_name="us-east-1").enable_security_hub()
    ec2 = boto3.client("ec2", region_name="us-east-1")
    group = ec2.create_security_group(GroupName="opened", Description="d")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[OPEN_SSH])
    args = ["agent", "--once", "--region", "us-east-1", "--checks", "NET-002"]
    args += ["--history", str(tmp_path / "h.sqlite"), "--push", "securityhub,s3://lake/cs"]
    with recording_calls() as calls:
        done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    used = set(calls) - EXEMPT
    assert {"securityhub:BatchImportFindings", "s3:PutObject"} <= used  # both pushers ran
    granted = allowed("--push", "securityhub", "--push", "s3://lake/cs")
    assert used <= granted, used - granted
    assert not used <= allowed()
