"""API-001..007 on API Gateway-shaped APIs and stages.

Semantics: API Gateway Stage / MethodSetting references
(https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html), HTTP API features
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html: no
execution logs, X-Ray, WAF or client certificates), API keys are not authentication
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html)
and the Security Hub API Gateway controls
(https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html).
"""

from __future__ import annotations

import pytest

from checks.workloads.api import (
    api_domain_tls,
    api_operations_authorized,
    api_stage_access_logging,
    api_stage_cache_encrypted,
    api_stage_client_certificate,
    api_stage_execution_logging,
    api_stage_tracing,
    api_stage_web_acl,
)
from scanner.findings import Status
from scanner.model import ApiOperation
from tests.checks.factories_workloads import api, api_domain, api_stage

HTTP_STAGE = {
    "protocol": "http",
    "execution_logging": None,
    "tracing": None,
    "web_acl": None,
    "client_certificate": None,
    "cache_enabled": False,
    "cache_encrypted": None,
}


@pytest.mark.parametrize(
    ("level", "overrides", "expected"),
    [
        ("info", (), Status.PASS),
        ("error", (), Status.PASS),
        ("off", (), Status.FAIL),
        ("error", ("pets/GET",), Status.FAIL),  # one method turns it off
        (None, (), Status.NOT_APPLICABLE),
    ],
)
def test_execution_logging(level, overrides, expected):
    stage = api_stage(execution_logging=level, method_logging_off=overrides)
    assert api_stage_execution_logging(stage).status is expected


@pytest.mark.parametrize(("on", "expected"), [(True, Status.PASS), (False, Status.FAIL)])
def test_access_logging_applies_to_http_apis_too(on, expected):
    assert api_stage_access_logging(api_stage(access_logging=on)).status is expected
    http = api_stage(**{**HTTP_STAGE, "access_logging": on})
    assert api_stage_access_logging(http).status is expected


@pytest.mark.parametrize(
    ("check", "field", "present"),
    [
        (api_stage_tracing, "tracing", True),
        (api_stage_web_acl, "web_acl", "arn:aws:wafv2:acl"),
        (api_stage_client_certificate, "client_certificate", True),
    ],
)
def test_rest_only_stage_features(check, field, present):
    assert check(api_stage(**{field: present})).status is Status.PASS
    absent = False if present is True else ""
    assert check(api_stage(**{field: absent})).status is Status.FAIL
    assert check(api_stage(**HTTP_STAGE)).status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("enabled", "encrypted", "expected"),
    [(True, True, Status.PASS), (True, False, Status.FAIL), (False, None, Status.NOT_APPLICABLE),
     (True, None, Status.UNKNOWN)],
)  # fmt: skip
def test_cache_encryption(enabled, encrypted, expected):
    stage = api_stage(cache_enabled=enabled, cache_encrypted=encrypted)
    assert api_stage_cache_encrypted(stage).status is expected


def _ops(*specs: tuple[str, str, str, bool]) -> tuple[ApiOperation, ...]:
    return tuple(ApiOperation(method=m, path=p, authorization=a, api_key_required=k)
                 for m, p, a, k in specs)  # fmt: skip


@pytest.mark.parametrize(
    ("protocol", "ops", "expected"),
    [
        ("rest", _ops(("GET", "/pets", "iam", False)), Status.PASS),
        ("rest", _ops(("GET", "/pets", "custom", False), ("POST", "/pets", "user-pool", False)),
         Status.PASS),
        ("rest", _ops(("GET", "/pets", "none", False)), Status.FAIL),
        ("rest", _ops(("GET", "/pets", "none", True)), Status.FAIL),  # an API key is not auth
        ("rest", _ops(("OPTIONS", "/pets", "none", False), ("GET", "/pets", "jwt", False)),
         Status.PASS),  # CORS preflight is not judged
        ("rest", _ops(("OPTIONS", "/pets", "none", False)), Status.NOT_APPLICABLE),
        ("http", _ops(("GET", "/x", "jwt", False), ("$default", "", "none", False)),
         Status.FAIL),  # the catch-all route is open
        ("websocket", _ops(("$connect", "", "custom", False), ("sendmessage", "", "none", False)),
         Status.PASS),  # only $connect takes an authorizer
        ("websocket", _ops(("$connect", "", "none", False)), Status.FAIL),
    ],
)  # fmt: skip
def test_operations_authorized(protocol, ops, expected):
    assert api_operations_authorized(api(protocol=protocol, operations=ops)).status is expected


def test_open_operations_are_named_and_unknown_when_unread():
    result = api_operations_authorized(
        api(operations=_ops(("GET", "/a", "iam", False), ("DELETE", "/b", "none", False)))
    )
    assert result.reason == "no authorization on: DELETE /b"
    assert api_operations_authorized(api(operations=None)).status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("policy", "tls", "expected"),
    [
        ("TLS_1_0", "1.0", Status.FAIL),
        ("TLS_1_2", "1.2", Status.PASS),
        ("SecurityPolicy_TLS13_1_3_2025_09", "1.3", Status.PASS),
        ("SecurityPolicy_Unknown", None, Status.UNKNOWN),
    ],
)
def test_custom_domain_tls(policy, tls, expected):
    assert api_domain_tls(api_domain(security_policy=policy, min_tls=tls)).status is expected
