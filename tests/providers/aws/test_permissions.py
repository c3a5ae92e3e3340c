"""Every API call a collector makes is covered by the permissions it declares.

Each collector runs against the seeded demo estate (moto, in-process) through real boto3
clients; a botocore ``before-call`` hook records the operations it sends. The recorded
operations, translated to IAM action names, must be a subset of ``Collector.permissions``.
"""

from __future__ import annotations

from typing import Any

import pytest
from moto import mock_aws

from providers.aws import PROVIDER
from providers.aws.demo import DEMO_REGIONS, seed_demo_estate
from providers.aws.session import AwsSession

#: API operation -> IAM action, where the IAM name differs from the operation name.
IAM_ACTION_NAMES = {
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
}
#: boto3 service name -> IAM service prefix, where they differ.
IAM_PREFIXES = {"efs": "elasticfilesystem", "s3control": "s3"}
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
    verbs = ("Describe", "List", "Get", "GenerateCredentialReport")
    for collector in PROVIDER.collectors:
        for action in collector.permissions:
            assert action.split(":", 1)[1].startswith(verbs), (collector.label, action)
