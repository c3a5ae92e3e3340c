# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Edge cases of the API Gateway plan mappers (providers/terraform/aws_apis.py): near-miss
twins on each attribute a check reads, defaults, joins, and values known after apply.

Attributes and defaults: registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/
api_gateway_stage (xray_tracing_enabled false, client_certificate_id, access_log_settings),
api_gateway_method_settings (method_path ``*/*`` or ``{path}/{METHOD}``; settings.logging_level
OFF/ERROR/INFO, cache_data_encrypted), api_gateway_method (authorization, api_key_required),
api_gateway_domain_name (security_policy TLS_1_0 / TLS_1_2, computed when omitted),
apigatewayv2_domain_name (domain_name_configuration.security_policy, required),
apigatewayv2_stage (default_route_settings.logging_level, WebSocket only), apigatewayv2_route
(authorization_type, default NONE), apigatewayv2_api (target: quick create, route_key $default).
"""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import verdict_of as _verdict

# fmt: off

API = {"rest_api_id": ref("aws_api_gateway_rest_api.a.id")}
REST = Res("aws_api_gateway_rest_api", "a", {"name": "a"}, unknown={"id": True, "root_resource_id": True})






def _stage(values: dict, unknown: dict | None = None, expressions: dict | None = None) -> Res:
    base = {"stage_name": "prod", **values}
    exprs = {**API, **{k: {"constant_value": v} for k, v in base.items() if not isinstance(v, list)}, **(expressions or {})}
    return Res("aws_api_gateway_stage", "s", base, unknown={"rest_api_id": True, **(unknown or {})}, expressions=exprs)


def _settings(name: str, path: str, level: str | None, encrypted: bool | None = None, stage: dict | None = None) -> Res:
    block = {k: v for k, v in {"logging_level": level, "cache_data_encrypted": encrypted}.items() if v is not None}
    literal = (stage or {}).get("constant_value", "prod")
    return Res("aws_api_gateway_method_settings", name, {"method_path": path, "settings": [block], "stage_name": literal},
               unknown={"rest_api_id": True},
               expressions={**API, "method_path": {"constant_value": path},
                            "stage_name": stage if stage is not None else ref("aws_api_gateway_stage.s.stage_name"),
                            "settings": [{k: {"constant_value": v} for k, v in block.items()}]})  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        # client certificate: set (moto cannot seed it, so judged here) vs omitted; one the
        # plan creates is set, though its id is known only after apply
        ([_stage({"client_certificate_id": "abc123"})], "API-005", Status.PASS),
        ([_stage({})], "API-005", Status.FAIL),
        ([_stage({}, unknown={"client_certificate_id": True}, expressions={"client_certificate_id": ref("aws_api_gateway_client_certificate.c.id")})], "API-005", Status.PASS),
        # tracing: xray_tracing_enabled defaults to false
        ([_stage({"xray_tracing_enabled": True})], "API-003", Status.PASS),
        ([_stage({})], "API-003", Status.FAIL),
        # access logs only with access_log_settings
        ([_stage({"access_log_settings": [{"destination_arn": "arn:aws:logs:eu-west-1:1:log-group:g", "format": "f"}]})], "API-002", Status.PASS),
        ([_stage({})], "API-002", Status.FAIL),
        # execution logging: no method settings = OFF; */* at ERROR passes, OFF fails
        ([_stage({})], "API-001", Status.FAIL),
        ([_stage({}), _settings("all", "*/*", "ERROR")], "API-001", Status.PASS),
        ([_stage({}), _settings("all", "*/*", "INFO")], "API-001", Status.PASS),
        ([_stage({}), _settings("all", "*/*", "OFF")], "API-001", Status.FAIL),
        # a method override that turns logging off counts against the stage; one at ERROR does not
        ([_stage({}), _settings("all", "*/*", "INFO"), _settings("get", "pets/GET", "OFF")], "API-001", Status.FAIL),
        ([_stage({}), _settings("all", "*/*", "INFO"), _settings("get", "pets/GET", "ERROR")], "API-001", Status.PASS),
        # settings naming the stage by a literal name for the same API join too
        ([_stage({}), _settings("all", "*/*", "ERROR", stage={"constant_value": "prod"})], "API-001", Status.PASS),
        ([_stage({}), _settings("all", "*/*", "ERROR", stage={"constant_value": "test"})], "API-001", Status.FAIL),
        # settings known only after apply are UNKNOWN
        ([_stage({}), Res("aws_api_gateway_method_settings", "all", {"method_path": "*/*", "stage_name": "prod"}, unknown={"settings": True, "rest_api_id": True},
                          expressions={**API, "stage_name": ref("aws_api_gateway_stage.s.stage_name"), "settings": ref("var.settings")})], "API-001", Status.UNKNOWN),
        # cache: none = not applicable; encrypted via */* settings or not
        ([_stage({})], "API-006", Status.NOT_APPLICABLE),
        ([_stage({"cache_cluster_enabled": True}), _settings("all", "*/*", "INFO", encrypted=True)], "API-006", Status.PASS),
        ([_stage({"cache_cluster_enabled": True}), _settings("all", "*/*", "INFO", encrypted=False)], "API-006", Status.FAIL),
        ([_stage({"cache_cluster_enabled": True})], "API-006", Status.FAIL),
        ([_stage({}, unknown={"cache_cluster_enabled": True}, expressions={"cache_cluster_enabled": ref("var.cache")})], "API-006", Status.UNKNOWN),
        ([_stage({}, unknown={"xray_tracing_enabled": True}, expressions={"xray_tracing_enabled": ref("var.trace")})], "API-003", Status.UNKNOWN),
        # web ACL: an association naming the stage, or none
        ([_stage({}), Res("aws_wafv2_web_acl_association", "w", {}, unknown={"resource_arn": True},
                          expressions={"resource_arn": ref("aws_api_gateway_stage.s.arn")})], "API-004", Status.PASS),
        ([_stage({}), Res("aws_wafv2_web_acl_association", "w", {}, unknown={"resource_arn": True},
                          expressions={"resource_arn": ref("aws_api_gateway_stage.other.arn")})], "API-004", Status.FAIL),
    ],
)
def test_rest_stage_twins(tmp_path, resources, check, expected):
    status, _ = _verdict(_scan(tmp_path, REST, *resources), "aws_api_gateway_stage.s", check)
    assert status is expected


def _method(name: str, verb: str, auth: str, unknown: bool = False) -> Res:
    return Res("aws_api_gateway_method", name, {"http_method": verb, **({} if unknown else {"authorization": auth})},
               unknown={"rest_api_id": True, **({"authorization": True} if unknown else {})},
               expressions={**API, "resource_id": ref("aws_api_gateway_rest_api.a.root_resource_id"), "http_method": {"constant_value": verb},
                            "authorization": ref("var.auth") if unknown else {"constant_value": auth}})  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_method("get", "GET", "COGNITO_USER_POOLS")], "API-007", Status.PASS),
        ([_method("get", "GET", "CUSTOM"), _method("post", "POST", "NONE")], "API-007", Status.FAIL),
        # CORS preflight is not judged
        ([_method("get", "GET", "AWS_IAM"), _method("opt", "OPTIONS", "NONE")], "API-007", Status.PASS),
        ([_method("opt", "OPTIONS", "NONE")], "API-007", Status.NOT_APPLICABLE),
        ([], "API-007", Status.NOT_APPLICABLE),
        ([_method("get", "GET", "", unknown=True)], "API-007", Status.UNKNOWN),
        # a policy resource joins the API: open to everyone vs restricted to a VPC endpoint
        ([Res("aws_api_gateway_rest_api_policy", "p", {"policy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}'},
              unknown={"rest_api_id": True}, expressions={**API, "policy": {"constant_value": "x"}})], "API-101", Status.FAIL),
        ([Res("aws_api_gateway_rest_api_policy", "p", {"policy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}'},
              unknown={"rest_api_id": True}, expressions={**API, "policy": {"constant_value": "x"}})], "API-101", Status.PASS),
        ([], "API-101", Status.PASS),  # no policy: method authorization decides
        ([Res("aws_api_gateway_rest_api_policy", "p", {}, unknown={"rest_api_id": True, "policy": True},
              expressions={**API, "policy": ref("data.aws_iam_policy_document.p.json")})], "API-101", Status.UNKNOWN),
    ],
)
def test_rest_api_twins(tmp_path, resources, check, expected):
    status, _ = _verdict(_scan(tmp_path, REST, *resources), "aws_api_gateway_rest_api.a", check)
    assert status is expected


def test_an_openapi_body_leaves_the_methods_unknown(tmp_path):
    api = Res("aws_api_gateway_rest_api", "a", {"name": "a", "body": '{"openapi":"3.0.1","paths":{"/x":{"get":{}}}}'})
    status, reason = _verdict(_scan(tmp_path, api), "aws_api_gateway_rest_api.a", "API-007")
    assert status is Status.UNKNOWN
    assert "aws_api_gateway_rest_api.a.body" in reason


def test_method_paths_follow_the_resource_tree(tmp_path):
    result = _scan(
        tmp_path, REST,
        Res("aws_api_gateway_resource", "v1", {"path_part": "v1"}, unknown={"id": True, "path": True, "rest_api_id": True, "parent_id": True},
            expressions={**API, "parent_id": ref("aws_api_gateway_rest_api.a.root_resource_id")}),
        Res("aws_api_gateway_resource", "pets", {"path_part": "pets"}, unknown={"id": True, "path": True, "rest_api_id": True, "parent_id": True},
            expressions={**API, "parent_id": ref("aws_api_gateway_resource.v1.id")}),
        Res("aws_api_gateway_method", "del", {"http_method": "DELETE", "authorization": "NONE"}, unknown={"rest_api_id": True, "resource_id": True},
            expressions={**API, "resource_id": ref("aws_api_gateway_resource.pets.id")}),
    )  # fmt: skip
    status, reason = _verdict(result, "aws_api_gateway_rest_api.a", "API-007")
    assert status is Status.FAIL
    assert "DELETE /v1/pets" in reason


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        (Res("aws_api_gateway_domain_name", "d", {"domain_name": "a.example", "security_policy": "TLS_1_2"}), Status.PASS),
        (Res("aws_api_gateway_domain_name", "d", {"domain_name": "a.example", "security_policy": "TLS_1_0"}), Status.FAIL),
        # omitted: API Gateway computes it ("must be configured to perform drift detection")
        (Res("aws_api_gateway_domain_name", "d", {"domain_name": "a.example"}, unknown={"security_policy": True}), Status.UNKNOWN),
        (Res("aws_apigatewayv2_domain_name", "d", {"domain_name": "a.example", "domain_name_configuration": [
            {"certificate_arn": "arn:aws:acm:eu-west-1:1:certificate/c", "endpoint_type": "REGIONAL", "security_policy": "TLS_1_2"}]}), Status.PASS),
    ],
)
def test_domain_twins(tmp_path, resource, expected):
    status, reason = _verdict(_scan(tmp_path, resource), resource.address, "API-008")
    assert status is expected
    if expected is Status.UNKNOWN:
        assert "security_policy" in reason


WS = Res("aws_apigatewayv2_api", "w", {"name": "w", "protocol_type": "WEBSOCKET", "route_selection_expression": "$request.body.action"}, unknown={"id": True})


@pytest.mark.parametrize(
    ("level", "expected"),
    [(None, Status.FAIL), ("OFF", Status.FAIL), ("ERROR", Status.PASS), ("INFO", Status.PASS)],
)
def test_websocket_stage_logging(tmp_path, level, expected):
    settings = [{"logging_level": level}] if level else []
    stage = Res("aws_apigatewayv2_stage", "s", {"name": "prod", "default_route_settings": settings}, unknown={"api_id": True},
                expressions={"api_id": ref("aws_apigatewayv2_api.w.id")})  # fmt: skip
    status, _ = _verdict(_scan(tmp_path, WS, stage), "aws_apigatewayv2_stage.s", "API-001")
    assert status is expected


@pytest.mark.parametrize(
    ("routes", "expected"),
    [
        # $connect is the only WebSocket route that takes an authorizer
        ([("$connect", "AWS_IAM"), ("$default", "NONE")], Status.PASS),
        ([("$connect", "NONE"), ("sendmessage", "NONE")], Status.FAIL),
    ],
)
def test_websocket_routes(tmp_path, routes, expected):
    resources = [
        Res("aws_apigatewayv2_route", f"r{n}", {"route_key": key, "authorization_type": auth}, unknown={"api_id": True},
            expressions={"api_id": ref("aws_apigatewayv2_api.w.id")})
        for n, (key, auth) in enumerate(routes)
    ]  # fmt: skip
    status, _ = _verdict(_scan(tmp_path, WS, *resources), "aws_apigatewayv2_api.w", "API-007")
    assert status is expected


def test_quick_create_adds_an_open_default_route(tmp_path):
    api = Res("aws_apigatewayv2_api", "q", {"name": "q", "protocol_type": "HTTP", "target": "arn:aws:lambda:eu-west-1:1:function:f"})
    status, reason = _verdict(_scan(tmp_path, api), "aws_apigatewayv2_api.q", "API-007")
    assert (status, "$default" in reason) == (Status.FAIL, True)


def test_route_authorization_defaults_to_none(tmp_path):
    route = Res("aws_apigatewayv2_route", "r", {"route_key": "GET /x"}, unknown={"api_id": True},
                expressions={"api_id": ref("aws_apigatewayv2_api.h.id"), "route_key": {"constant_value": "GET /x"}})  # fmt: skip
    api = Res("aws_apigatewayv2_api", "h", {"name": "h", "protocol_type": "HTTP"}, unknown={"id": True})
    status, _ = _verdict(_scan(tmp_path, api, route), "aws_apigatewayv2_api.h", "API-007")
    assert status is Status.FAIL


def test_a_flag_known_after_apply_is_named(tmp_path):
    stage = _stage({}, unknown={"xray_tracing_enabled": True}, expressions={"xray_tracing_enabled": ref("var.trace")})
    status, reason = _verdict(_scan(tmp_path, REST, stage), "aws_api_gateway_stage.s", "API-003")
    assert status is Status.UNKNOWN
    assert "aws_api_gateway_stage.s.xray_tracing_enabled" in reason


def test_websocket_logging_known_after_apply(tmp_path):
    stage = Res("aws_apigatewayv2_stage", "s", {"name": "prod"}, unknown={"api_id": True, "default_route_settings": True},
                expressions={"api_id": ref("aws_apigatewayv2_api.w.id"), "default_route_settings": ref("var.s")})  # fmt: skip
    status, _ = _verdict(_scan(tmp_path, WS, stage), "aws_apigatewayv2_stage.s", "API-001")
    assert status is Status.UNKNOWN


@pytest.mark.parametrize(("acl", "expected"), [("arn:aws:wafv2:eu-west-1:1:regional/webacl/w/1", Status.PASS), ("", Status.FAIL)])
def test_a_state_knows_the_stage_web_acl(tmp_path, acl, expected):
    stage = Res("aws_api_gateway_stage", "s", {"stage_name": "prod", "rest_api_id": "a1b2c3", "web_acl_arn": acl}, actions=("no-op",))
    status, _ = _verdict(_scan(tmp_path, stage), "aws_api_gateway_stage.s", "API-004")
    assert status is expected
# fmt: on
