"""API Gateway: mappers on API JSON and both collectors on moto (REST and HTTP APIs)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws.apigateway import (
    collect_api_domains,
    collect_api_stages,
    collect_apis,
    domain_min_tls,
    rest_operations,
    to_rest_stage,
    v2_operations,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import Api, ApiDomain, ApiStage
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"
BASE = {"account": ACCOUNT, "region": REGION, "collected_at": NOW}


def test_a_fresh_rest_stage_has_logging_off_and_no_cache():
    # real API Gateway returns no methodSettings for a stage never configured
    stage = to_rest_stage({"id": "a", "name": "pets"}, {"stageName": "prod"}, **BASE)
    assert (stage.execution_logging, stage.access_logging, stage.tracing) == ("off", False, False)
    assert (stage.web_acl, stage.client_certificate, stage.cache_encrypted) == ("", False, None)
    assert stage.uid == f"arn:aws:apigateway:{REGION}::/restapis/a/stages/prod"


def test_method_overrides_that_turn_logging_off_are_kept():
    stage = to_rest_stage(
        {"id": "a"},
        {"stageName": "prod", "cacheClusterEnabled": True, "methodSettings": {
            "*/*": {"loggingLevel": "INFO", "cacheDataEncrypted": False},
            "pets/GET": {"loggingLevel": "OFF"}, "pets/POST": {"loggingLevel": "ERROR"}}},
        **BASE,
    )  # fmt: skip
    assert (stage.execution_logging, stage.method_logging_off) == ("info", ("pets/GET",))
    assert stage.cache_encrypted is False


def test_operation_mappers():
    rest = rest_operations([{"path": "/pets", "resourceMethods": {
        "GET": {"authorizationType": "COGNITO_USER_POOLS"}, "DELETE": {}}}])  # fmt: skip
    assert [(o.method, o.path, o.authorization) for o in rest] == [
        ("GET", "/pets", "user-pool"), ("DELETE", "/pets", "none"),
    ]  # fmt: skip
    routes = v2_operations([{"RouteKey": "GET /x", "AuthorizationType": "JWT"},
                            {"RouteKey": "$default"}])  # fmt: skip
    assert [(o.method, o.path, o.authorization) for o in routes] == [
        ("GET", "/x", "jwt"), ("$default", "", "none"),
    ]  # fmt: skip


def test_collectors_on_moto(aws_session: AwsSession):
    v1 = aws_session.client("apigateway", REGION)
    rest = v1.create_rest_api(name="pets")["id"]
    root = v1.get_resources(restApiId=rest)["items"][0]["id"]
    pets = v1.create_resource(restApiId=rest, parentId=root, pathPart="pets")["id"]
    v1.put_method(restApiId=rest, resourceId=pets, httpMethod="GET", authorizationType="NONE")
    v1.put_method(restApiId=rest, resourceId=pets, httpMethod="POST", authorizationType="AWS_IAM")
    v1.put_integration(restApiId=rest, resourceId=pets, httpMethod="GET", type="MOCK")
    v1.create_deployment(restApiId=rest, stageName="prod")
    v1.update_stage(restApiId=rest, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"}])  # fmt: skip
    v2 = aws_session.client("apigatewayv2", REGION)
    http = v2.create_api(Name="hooks", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=http, RouteKey="POST /hook", AuthorizationType="NONE")
    v2.create_stage(ApiId=http, StageName="$default")
    apis = {a.name: a for a in collect_apis(aws_session, REGION)}
    assert isinstance(apis["pets"], Api)
    assert isinstance(apis["hooks"], Api)
    assert apis["pets"].operations is not None
    assert {(o.method, o.authorization) for o in apis["pets"].operations} == {
        ("GET", "none"), ("POST", "iam"),
    }  # fmt: skip
    assert apis["hooks"].protocol == "http"
    stages = {s.name: s for s in collect_api_stages(aws_session, REGION)}
    prod, default = stages["pets/prod"], stages["hooks/$default"]
    assert isinstance(prod, ApiStage)
    assert isinstance(default, ApiStage)
    assert (prod.execution_logging, prod.tracing) == ("error", True)
    assert (default.protocol, default.access_logging, default.web_acl) == ("http", False, None)


def test_listing_failure_is_scope_wide(aws_session: AwsSession):
    script(aws_session.client("apigateway", REGION), "GetRestApis", "AccessDeniedException")
    with pytest.raises(CollectionError, match="apigateway:GET"):
        list(collect_api_stages(aws_session, REGION))


def test_unreadable_methods_are_unknown(aws_session: AwsSession):
    aws_session.client("apigateway", REGION).create_rest_api(name="pets")
    script(aws_session.client("apigateway", REGION), "GetResources", "AccessDeniedException")
    api, error = collect_apis(aws_session, REGION)
    assert isinstance(api, Api)
    assert api.operations is None
    assert isinstance(error, CollectionError)
    assert error.uid == api.uid


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("TLS_1_0", "1.0"),
        ("TLS_1_2", "1.2"),
        ("SecurityPolicy_TLS13_1_3_2025_09", "1.3"),
        ("SecurityPolicy_TLS13_1_2_2021_06", "1.2"),
        ("SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09", "1.2"),
        ("SecurityPolicy_TLS12_2018_EDGE", "1.2"),
        ("SecurityPolicy_TLS13_2025_EDGE", "1.2"),
        ("Something_Else", None),
    ],
)
def test_domain_security_policies(policy, expected):
    assert domain_min_tls(policy) == expected


def test_domains_on_moto(aws_session: AwsSession):
    client = aws_session.client("apigateway", REGION)
    client.create_domain_name(domainName="api.example.com", securityPolicy="TLS_1_2",
                              regionalCertificateArn=f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c",
                              endpointConfiguration={"types": ["REGIONAL"]})  # fmt: skip
    client.create_domain_name(domainName="old.example.com", securityPolicy="TLS_1_0",
                              regionalCertificateArn=f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/c",
                              endpointConfiguration={"types": ["REGIONAL"]})  # fmt: skip
    found = {d.name: d for d in collect_api_domains(aws_session, REGION)}
    assert isinstance(found["api.example.com"], ApiDomain)
    assert isinstance(found["old.example.com"], ApiDomain)
    assert (found["api.example.com"].min_tls, found["old.example.com"].min_tls) == ("1.2", "1.0")
