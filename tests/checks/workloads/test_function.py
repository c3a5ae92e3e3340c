"""FN-001..006 on serverless functions.

Semantics: Lambda function URL auth types
(https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html), the runtime deprecation
table (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), Security Hub
Lambda.3 / Lambda.7 (https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html)
and asynchronous invocation failure handling
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from checks.workloads.function import (
    function_dead_letter,
    function_in_vpc,
    function_multi_az,
    function_policy_not_public,
    function_runtime_supported,
    function_tracing_active,
    function_urls_require_auth,
)
from scanner.findings import Status
from scanner.model import FunctionUrl, PolicyDocument, SupportWindow
from scanner.policy import parse_policy_document
from tests.checks.factories_workloads import serverless_function

IAM = FunctionUrl(qualifier="$LATEST", url="https://a.lambda-url.aws", auth="iam")
OPEN = FunctionUrl(qualifier="live", url="https://b.lambda-url.aws", auth="none")


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        ((), Status.PASS),
        ((IAM,), Status.PASS),
        ((OPEN,), Status.FAIL),
        ((IAM, OPEN), Status.FAIL),  # the alias URL is open although $LATEST's is not
        (None, Status.UNKNOWN),
    ],
)
def test_function_url_auth(urls, expected):
    result = function_urls_require_auth(serverless_function(urls=urls))
    assert result.status is expected
    if expected is Status.FAIL:
        assert result.reason.endswith("on live")


def _window(ends: date | None) -> SupportWindow:
    return SupportWindow(version="nodejs20.x", ends=ends, source="lambda-runtimes.html")


@pytest.mark.parametrize(
    ("collected", "expected"),
    [
        (datetime(2026, 4, 29, 23, 59, tzinfo=UTC), Status.PASS),  # the day before
        (datetime(2026, 4, 30, 0, 0, tzinfo=UTC), Status.FAIL),  # the deprecation date
        (datetime(2026, 5, 1, tzinfo=UTC), Status.FAIL),
    ],
)
def test_runtime_judged_against_collected_at_not_the_clock(collected, expected):
    fn = serverless_function(
        runtime="nodejs20.x", runtime_support=_window(date(2026, 4, 30)), collected_at=collected
    )
    assert function_runtime_supported(fn).status is expected


def test_runtime_without_announced_end_passes_and_unlisted_is_unknown():
    assert (
        function_runtime_supported(serverless_function(runtime_support=_window(None))).status
        is Status.PASS
    )
    unlisted = serverless_function(runtime="python9.9", runtime_support=None)
    result = function_runtime_supported(unlisted)
    assert result.status is Status.UNKNOWN
    assert "python9.9" in result.reason


def test_container_images_have_no_managed_runtime():
    fn = serverless_function(package="image", runtime="", runtime_support=None)
    assert function_runtime_supported(fn).status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("check", "field"),
    [(function_in_vpc, "in_vpc"), (function_tracing_active, "tracing_active")],
)
@pytest.mark.parametrize(("value", "expected"), [(True, Status.PASS), (False, Status.FAIL)])
def test_boolean_settings(check, field, value, expected):
    assert check(serverless_function(**{field: value})).status is expected


def test_tracing_unknown():
    assert function_tracing_active(serverless_function(tracing_active=None)).status is (
        Status.UNKNOWN
    )


@pytest.mark.parametrize(
    ("value", "expected"), [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)]
)
def test_dead_letter(value, expected):
    assert function_dead_letter(serverless_function(dead_letter=value)).status is expected


@pytest.mark.parametrize(
    ("in_vpc", "zones", "expected"),
    [
        (True, ("us-east-1a", "us-east-1b"), Status.PASS),
        (True, ("us-east-1a",), Status.FAIL),  # two subnets, one zone: near miss
        (True, (), Status.FAIL),
        (True, None, Status.UNKNOWN),
        (False, (), Status.NOT_APPLICABLE),
    ],
)
def test_multi_az(in_vpc, zones, expected):
    fn = serverless_function(in_vpc=in_vpc, availability_zones=zones)
    assert function_multi_az(fn).status is expected


ARN = "arn:aws:lambda:us-east-1:123456789012:function:f"


def _policy(*statements: dict[str, object]) -> PolicyDocument:
    return parse_policy_document({"Version": "2012-10-17", "Statement": list(statements)})


def _grant(principal: object, action: str = "lambda:InvokeFunction", **condition: object):
    statement: dict[str, object] = {"Effect": "Allow", "Principal": principal,
                                    "Action": action, "Resource": ARN}  # fmt: skip
    if condition:
        statement["Condition"] = condition
    return statement


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        # what the console adds for a public function URL: auth type is the caller's choice
        ((_grant("*", "lambda:InvokeFunctionUrl",
                 StringEquals={"lambda:FunctionUrlAuthType": "NONE"}),), Status.FAIL),
        ((_grant({"AWS": "*"}),), Status.FAIL),
        ((_grant("*", Bool={"aws:SecureTransport": "true"}),), Status.FAIL),  # caller's choice
        # near misses: who is calling is fixed
        ((_grant("*", StringEquals={"aws:SourceAccount": "123456789012"}),), Status.PASS),
        ((_grant("*", StringEquals={"aws:PrincipalOrgID": "o-abc123"}),), Status.PASS),
        ((_grant({"Service": "s3.amazonaws.com"},
                 ArnLike={"aws:SourceArn": "arn:aws:s3:::uploads"}),), Status.PASS),
        ((_grant({"AWS": "arn:aws:iam::111122223333:root"}),), Status.PASS),
        ((), Status.PASS),
    ],
)  # fmt: skip
def test_resource_policy_public(statements, expected):
    """Lambda resource policies: https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
    and function URL auth: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"""
    fn = serverless_function(policy=_policy(*statements) if statements else PolicyDocument())
    assert function_policy_not_public(fn).status is expected


def test_resource_policy_unknown_cases():
    assert function_policy_not_public(serverless_function(policy=None)).status is Status.UNKNOWN
    odd = _policy(_grant("*", StringEquals={"custom:TeamKey": "x"}))
    result = function_policy_not_public(serverless_function(policy=odd))
    assert result.status is Status.UNKNOWN
    assert "custom:TeamKey" in result.reason
