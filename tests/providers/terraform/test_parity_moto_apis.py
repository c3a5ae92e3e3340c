# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree on API Gateway: REST APIs (methods, resource policy), their stages
(method settings, access logs, tracing, cache, web ACL), custom domains, and HTTP APIs
with routes and stages; each planned and seeded in moto as the AWS provider would
create it (the provider's calls: CreateRestApi, PutMethod, CreateStage + UpdateStage
patch operations for aws_api_gateway_method_settings, AssociateWebACL, CreateDomainName;
CreateApi, CreateRoute, CreateStage for v2).

moto cannot set a stage's client certificate (UpdateStage ignores ``/clientCertificateId``),
so API-005's compliant twin is judged on the plan side only, against the Stage API shape
(``clientCertificateId``): test_plan_apis.py.
"""

from __future__ import annotations

import json

import boto3
import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.test_parity_moto import REGION, _live_verdicts, _plan_verdicts

# fmt: off

REST_CHECKS = ["API-001", "API-002", "API-003", "API-004", "API-005", "API-006", "API-007",
               "API-101", "API-008"]  # fmt: skip
LOGS = f"arn:aws:logs:{REGION}:123456789012:log-group:api-access"


def _policy(vpce: bool) -> str:
    statement: dict = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                       "Resource": "execute-api:/*"}  # fmt: skip
    if vpce:
        statement["Condition"] = {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.mark.parametrize("hardened", [True, False])
def test_rest_api_stage_and_domain(mocked_aws, tmp_path, hardened):
    policy = _policy(hardened)
    auth = "AWS_IAM" if hardened else "NONE"
    level = "ERROR" if hardened else "OFF"
    api = {"rest_api_id": ref("aws_api_gateway_rest_api.a.id")}
    stage_values = {"stage_name": "prod", "xray_tracing_enabled": hardened, "cache_cluster_enabled": True, "cache_cluster_size": "0.5"}
    if hardened:
        stage_values["access_log_settings"] = [{"destination_arn": LOGS, "format": "$context.requestId"}]
    resources = [
        Res("aws_api_gateway_rest_api", "a", {"name": "parity-api", "policy": policy, "endpoint_configuration": [{"types": ["REGIONAL"]}]},
            unknown={"id": True, "root_resource_id": True, "arn": True}),
        Res("aws_api_gateway_resource", "pets", {"path_part": "pets"}, unknown={"id": True, "path": True, "rest_api_id": True, "parent_id": True},
            expressions={**api, "parent_id": ref("aws_api_gateway_rest_api.a.root_resource_id"), "path_part": {"constant_value": "pets"}}),
        Res("aws_api_gateway_method", "get", {"http_method": "GET", "authorization": auth}, unknown={"rest_api_id": True, "resource_id": True},
            expressions={**api, "resource_id": ref("aws_api_gateway_resource.pets.id"), "http_method": {"constant_value": "GET"}, "authorization": {"constant_value": auth}}),
        Res("aws_api_gateway_stage", "s", stage_values, unknown={"rest_api_id": True, "deployment_id": True, "arn": True, "web_acl_arn": True},
            expressions={**api, "deployment_id": ref("aws_api_gateway_deployment.d.id"), **{k: {"constant_value": v} for k, v in stage_values.items() if k != "access_log_settings"},
                         **({"access_log_settings": [{"destination_arn": {"constant_value": LOGS}, "format": {"constant_value": "$context.requestId"}}]} if hardened else {})}),
        Res("aws_api_gateway_method_settings", "all", {"method_path": "*/*", "settings": [{"logging_level": level, "cache_data_encrypted": hardened, "metrics_enabled": False}]},
            unknown={"rest_api_id": True, "stage_name": True},
            expressions={**api, "stage_name": ref("aws_api_gateway_stage.s.stage_name"), "method_path": {"constant_value": "*/*"},
                         "settings": [{"logging_level": {"constant_value": level}, "cache_data_encrypted": {"constant_value": hardened}}]}),
        Res("aws_api_gateway_domain_name", "d", {"domain_name": "api.parity.example", "security_policy": "TLS_1_2" if hardened else "TLS_1_0",
            "regional_certificate_arn": f"arn:aws:acm:{REGION}:123456789012:certificate/c", "endpoint_configuration": [{"types": ["REGIONAL"]}]},
            unknown={"arn": True, "id": True}),
    ]
    if hardened:
        resources.append(Res("aws_wafv2_web_acl_association", "s", {}, unknown={"resource_arn": True, "web_acl_arn": True},
                             expressions={"resource_arn": ref("aws_api_gateway_stage.s.arn"), "web_acl_arn": ref("aws_wafv2_web_acl.w.arn")}))
    planned = _plan_verdicts(tmp_path, REST_CHECKS, *resources, match="aws_api_gateway")

    v1 = boto3.client("apigateway", region_name=REGION)
    rest = v1.create_rest_api(name="parity-api", policy=policy, endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = v1.get_resources(restApiId=rest)["items"][0]["id"]
    pets = v1.create_resource(restApiId=rest, parentId=root, pathPart="pets")["id"]
    v1.put_method(restApiId=rest, resourceId=pets, httpMethod="GET", authorizationType=auth)
    v1.put_integration(restApiId=rest, resourceId=pets, httpMethod="GET", type="MOCK")
    deployment = v1.create_deployment(restApiId=rest)["id"]
    v1.create_stage(restApiId=rest, stageName="prod", deploymentId=deployment, tracingEnabled=hardened,
                    cacheClusterEnabled=True, cacheClusterSize="0.5")  # fmt: skip
    patches = [{"op": "replace", "path": "/*/*/logging/loglevel", "value": level},
               {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": str(hardened).lower()}]  # fmt: skip
    if hardened:
        patches += [{"op": "replace", "path": "/accessLogSettings/destinationArn", "value": LOGS},
                    {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"}]  # fmt: skip
    v1.update_stage(restApiId=rest, stageName="prod", patchOperations=patches)
    if hardened:
        waf = boto3.client("wafv2", region_name=REGION)
        acl = waf.create_web_acl(Name="parity-acl", Scope="REGIONAL", DefaultAction={"Allow": {}},
                                 VisibilityConfig={"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False, "MetricName": "m"})["Summary"]["ARN"]  # fmt: skip
        waf.associate_web_acl(WebACLArn=acl, ResourceArn=f"arn:aws:apigateway:{REGION}::/restapis/{rest}/stages/prod")
    v1.create_domain_name(domainName="api.parity.example", securityPolicy="TLS_1_2" if hardened else "TLS_1_0",
                          regionalCertificateArn=f"arn:aws:acm:{REGION}:123456789012:certificate/c",
                          endpointConfiguration={"types": ["REGIONAL"]})  # fmt: skip
    live = _live_verdicts(REST_CHECKS, "apigateway")
    assert planned == live
    assert set(live) == set(REST_CHECKS)
    assert live["API-005"] is Status.FAIL  # no client certificate on either twin (see docstring)
    expected = Status.PASS if hardened else Status.FAIL
    assert {k: v for k, v in live.items() if k != "API-005"} == dict.fromkeys(
        [c for c in REST_CHECKS if c != "API-005"], expected
    )


@pytest.mark.parametrize("authorized", [True, False])
def test_http_api_route_and_stage(mocked_aws, tmp_path, authorized):
    checks = ["API-001", "API-002", "API-003", "API-004", "API-007", "API-101"]
    auth = "AWS_IAM" if authorized else "NONE"
    api = {"api_id": ref("aws_apigatewayv2_api.h.id")}
    stage: dict = {"name": "$default", "auto_deploy": True}
    if authorized:
        stage["access_log_settings"] = [{"destination_arn": LOGS, "format": "$context.requestId"}]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_apigatewayv2_api", "h", {"name": "parity-http", "protocol_type": "HTTP"}, unknown={"id": True, "arn": True}),
        Res("aws_apigatewayv2_route", "r", {"route_key": "POST /hook", "authorization_type": auth}, unknown={"api_id": True},
            expressions={**api, "route_key": {"constant_value": "POST /hook"}, "authorization_type": {"constant_value": auth}}),
        Res("aws_apigatewayv2_stage", "s", stage, unknown={"api_id": True, "arn": True},
            expressions={**api, "name": {"constant_value": "$default"},
                         **({"access_log_settings": [{"destination_arn": {"constant_value": LOGS}}]} if authorized else {})}),
        match="aws_apigatewayv2",
    )  # fmt: skip
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    http = v2.create_api(Name="parity-http", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=http, RouteKey="POST /hook", AuthorizationType=auth)
    extra = {"AccessLogSettings": {"DestinationArn": LOGS, "Format": "$context.requestId"}} if authorized else {}
    v2.create_stage(ApiId=http, StageName="$default", AutoDeploy=True, **extra)
    live = _live_verdicts(checks, "apigateway")
    assert planned == live
    assert set(live) == set(checks)
    assert live["API-001"] is Status.NOT_APPLICABLE  # HTTP APIs have no execution logs
    assert live["API-007"] is (Status.PASS if authorized else Status.FAIL)
    assert live["API-002"] is (Status.PASS if authorized else Status.FAIL)
# fmt: on
