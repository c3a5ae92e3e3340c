"""Lambda functions: mappers on API JSON, collector on moto (URLs, destinations, policy)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import pytest

from providers.aws.awslambda import (
    FunctionDetails,
    collect_functions,
    has_on_failure_destination,
    to_serverless_function,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import ServerlessFunction
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"


def _fn(**extra: Any) -> dict[str, Any]:
    return {
        "FunctionName": "f",
        "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f",
        **extra,
    }


def test_mapper_defaults_follow_the_api_reference():
    # PackageType absent = Zip; TracingConfig absent = PassThrough; empty VpcConfig = no VPC
    fn = to_serverless_function(
        _fn(Runtime="python3.12", VpcConfig={"SubnetIds": [], "SecurityGroupIds": []}),
        FunctionDetails(urls=(), on_failure=False),
        account=ACCOUNT,
        region=REGION,
        collected_at=NOW,
    )
    assert (fn.package, fn.in_vpc, fn.tracing_active, fn.dead_letter) == (
        "zip",
        False,
        False,
        False,
    )
    assert fn.runtime_support is not None
    assert fn.runtime_support.ends == date(2028, 10, 31)


def test_a_dead_letter_queue_alone_is_enough():
    fn = to_serverless_function(
        _fn(Runtime="nodejs22.x", DeadLetterConfig={"TargetArn": "arn:aws:sqs:r:1:dlq"}),
        FunctionDetails(urls=(), on_failure=None),
        account=ACCOUNT,
        region=REGION,
        collected_at=NOW,
    )
    assert fn.dead_letter is True


def test_image_functions_have_no_runtime_window():
    fn = to_serverless_function(
        _fn(PackageType="Image"), FunctionDetails(), account=ACCOUNT, region=REGION,
        collected_at=NOW,
    )  # fmt: skip
    assert (fn.package, fn.runtime, fn.runtime_support) == ("image", "", None)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (None, False),
        ({"MaximumRetryAttempts": 0}, False),
        ({"DestinationConfig": {"OnSuccess": {"Destination": "arn:q"}}}, False),
        ({"DestinationConfig": {"OnFailure": {}}}, False),
        ({"DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:r:1:q"}}}, True),
    ],
)
def test_on_failure_destination(config, expected):
    assert has_on_failure_destination(config) is expected


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


def _role(session: AwsSession) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
             "Action": "sts:AssumeRole"}
        ],
    }  # fmt: skip
    iam = session.client("iam", REGION)
    return str(
        iam.create_role(RoleName="fn", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    )


def _create(session: AwsSession, name: str, **extra: Any) -> str:
    client = session.client("lambda", REGION)
    return str(
        client.create_function(
            FunctionName=name, Runtime=extra.pop("Runtime", "python3.13"), Role=_role_arn(session),
            Handler="index.handler", Code={"ZipFile": _zip()}, **extra,
        )["FunctionArn"]
    )  # fmt: skip


def _role_arn(session: AwsSession) -> str:
    iam = session.client("iam", REGION)
    try:
        return str(iam.get_role(RoleName="fn")["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        return _role(session)


def test_collects_urls_per_alias_destinations_and_policy(aws_session: AwsSession):
    client = aws_session.client("lambda", REGION)
    _create(aws_session, "hardened", TracingConfig={"Mode": "Active"})
    _create(aws_session, "exposed", Runtime="python3.9")
    client.create_function_url_config(FunctionName="hardened", AuthType="AWS_IAM")
    client.create_function_url_config(FunctionName="exposed", AuthType="NONE")
    client.put_function_event_invoke_config(
        FunctionName="hardened",
        DestinationConfig={"OnFailure": {"Destination": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"}},
    )
    client.add_permission(
        FunctionName="exposed", StatementId="public", Action="lambda:InvokeFunctionUrl",
        Principal="*", FunctionUrlAuthType="NONE",
    )  # fmt: skip
    found = {f.name: f for f in collect_functions(aws_session, REGION)}
    hardened, exposed = found["hardened"], found["exposed"]
    assert isinstance(hardened, ServerlessFunction)
    assert isinstance(exposed, ServerlessFunction)
    assert hardened.urls is not None
    assert [(u.qualifier, u.auth) for u in hardened.urls] == [("$LATEST", "iam")]
    assert exposed.urls is not None
    assert [(u.qualifier, u.auth) for u in exposed.urls] == [("$LATEST", "none")]
    assert (hardened.tracing_active, exposed.tracing_active) == (True, False)
    assert (hardened.dead_letter, exposed.dead_letter) == (True, False)
    assert hardened.policy is not None
    assert hardened.policy.statements == ()
    assert exposed.policy is not None
    assert exposed.policy.statements[0].principals == ("*",)
    assert exposed.runtime_support is not None
    assert exposed.runtime_support.ends == date(2025, 12, 15)


def test_listing_failure_is_scope_wide(aws_session: AwsSession):
    script(aws_session.client("lambda", REGION), "ListFunctions", "AccessDeniedException")
    with pytest.raises(CollectionError, match="lambda:ListFunctions"):
        list(collect_functions(aws_session, REGION))


def test_unreadable_details_are_unknown_not_absent(aws_session: AwsSession):
    _create(aws_session, "f")
    client = aws_session.client("lambda", REGION)
    script(client, "GetFunctionUrlConfig", "AccessDeniedException")
    script(client, "GetPolicy", "AccessDeniedException")
    fn, *errors = collect_functions(aws_session, REGION)
    assert isinstance(fn, ServerlessFunction)
    assert (fn.urls, fn.policy, fn.dead_letter) == (None, None, False)
    assert {e.permission for e in errors if isinstance(e, CollectionError)} == {
        "lambda:GetFunctionUrlConfig",
        "lambda:GetPolicy",
    }
    assert all(isinstance(e, CollectionError) and e.uid == fn.uid for e in errors)


def test_alias_urls_are_read_one_by_one(aws_session: AwsSession):
    # moto keeps one URL per function whatever the qualifier; real Lambda keeps one per
    # alias and one for $LATEST, so the per-qualifier answers are scripted here
    _create(aws_session, "f")
    client = aws_session.client("lambda", REGION)
    script(client, "ListAliases", {"Aliases": [{"Name": "live"}, {"Name": "beta"}]})
    url = "https://abc.lambda-url.us-east-1.on.aws/"
    requests = script(
        client,
        "GetFunctionUrlConfig",
        "ResourceNotFoundException",  # $LATEST has none
        {"FunctionUrl": url, "AuthType": "NONE"},  # live
        {"FunctionUrl": url, "AuthType": "AWS_IAM"},  # beta
    )
    [fn] = collect_functions(aws_session, REGION)
    assert isinstance(fn, ServerlessFunction)
    assert fn.urls is not None
    assert [(u.qualifier, u.auth) for u in fn.urls] == [("live", "none"), ("beta", "iam")]
    assert len(requests) == 3


def test_vpc_functions_get_their_subnet_zones(aws_session: AwsSession):
    ec2 = aws_session.client("ec2", REGION)
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    by_zone = {s["AvailabilityZone"]: s["SubnetId"] for s in subnets["Subnets"]}
    first, second = sorted(by_zone)[:2]
    _create(
        aws_session,
        "spread",
        VpcConfig={"SubnetIds": [by_zone[first], by_zone[second]], "SecurityGroupIds": []},
    )
    _create(
        aws_session, "single", VpcConfig={"SubnetIds": [by_zone[first]], "SecurityGroupIds": []}
    )
    found = {f.name: f for f in collect_functions(aws_session, REGION)}
    spread, single = found["spread"], found["single"]
    assert isinstance(spread, ServerlessFunction)
    assert isinstance(single, ServerlessFunction)
    assert spread.availability_zones == (first, second)
    assert single.availability_zones == (first,)
