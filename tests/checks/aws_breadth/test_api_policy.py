"""Near-miss twins for API-101 (REST API resource policy open to everyone).

Source: API Gateway developer guide, "API Gateway resource policy examples"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html):
private APIs allow ``execute-api:Invoke`` to ``*`` and Deny requests whose ``aws:SourceVpce``
is not the listed endpoint; IP allowlists Deny ``NotIpAddress aws:SourceIp``.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.workloads.api_policy import rest_api_policy_not_public
from scanner.findings import Status
from scanner.policy import parse_policy_document
from tests.checks.factories_workloads import api

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
ARN = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3/*"
INVOKE = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ARN}


def _deny(condition: dict[str, Any]) -> dict[str, Any]:
    return {**INVOKE, "Effect": "Deny", "Condition": condition}


def _judge(*statements: dict[str, Any], **overrides: Any) -> Status:
    doc = parse_policy_document({"Version": "2012-10-17", "Statement": list(statements)})
    return rest_api_policy_not_public(api(resource_policy=doc, **overrides)).status


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ((INVOKE,), FAIL),
        (({**INVOKE, "Principal": {"AWS": "*"}},), FAIL),
        (({**INVOKE, "Action": "execute-api:*"},), FAIL),
        (({**INVOKE, "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}}},), PASS),
        (({**INVOKE, "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1a2b"}}},), PASS),
        (({**INVOKE, "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},), PASS),
        # near miss: an allow on NOT one range still admits every other address
        (({**INVOKE, "Condition": {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},), FAIL),
        (({**INVOKE, "Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}},), FAIL),
        # the documented private-API pattern: allow all, deny other endpoints
        ((INVOKE, _deny({"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b"}})), PASS),
        ((INVOKE, _deny({"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})), PASS),
        # near miss: the deny only refuses one range, everyone else stays allowed
        ((INVOKE, _deny({"IpAddress": {"aws:SourceIp": "198.51.100.0/24"}})), FAIL),
        (({**INVOKE, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}},), PASS),
        (({**INVOKE, "Condition": {"Bool": {"aws:SecureTransport": "true"}}},), FAIL),
    ],
)
def test_rest_api_policy(statements: tuple[dict[str, Any], ...], expected: Status):
    assert _judge(*statements) is expected


def test_absent_unreadable_and_other_protocols():
    assert rest_api_policy_not_public(api()).status is PASS  # no policy at all
    assert rest_api_policy_not_public(api(resource_policy=None)).status is UNKNOWN
    assert _judge(INVOKE, protocol="http") is NA
    assert rest_api_policy_not_public(api(protocol="websocket")).status is NA
