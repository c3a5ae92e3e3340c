"""API Gateway REST (v1) and HTTP/WebSocket (v2) APIs, their stages and custom domains in
a plan, through the live ``providers.aws.apigateway`` functions.

Each mapper rebuilds what the live collector reads (GetRestApis + GetResources, GetStages
with ``methodSettings``, GetApis + GetRoutes, GetDomainNames). Attributes and defaults:
registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>, cited per
mapper; a value known only after apply is UNKNOWN, named in the finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from providers.aws.apigateway import (
    rest_api_policy,
    rest_operations,
    to_api_domain,
    to_rest_stage,
    to_v2_stage,
    v2_operations,
)
from providers.terraform.common import collector, first, relabel
from providers.terraform.plan import Planned
from providers.terraform.refs import named
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import Api, ApiDomain, ApiStage
from scanner.provider import Collector, Item

_REST = ("aws_api_gateway_rest_api",)
_V2 = ("aws_apigatewayv2_api",)
_METHODS = ("aws_api_gateway_method",)
_RESOURCES = ("aws_api_gateway_resource",)
_POLICIES = ("aws_api_gateway_rest_api_policy",)
_ROUTES = ("aws_apigatewayv2_route",)
_SETTINGS = ("aws_api_gateway_method_settings",)
_WAF = ("aws_wafv2_web_acl_association",)


def _resource_path(method: Planned, session: TerraformSession) -> str:
    """The path of the resource a method sits on: the API's root (``root_resource_id``)
    is ``/``; an ``aws_api_gateway_resource`` is its parent's path plus ``path_part``."""
    seen: set[str] = set()
    parts: list[str] = []
    current: Planned | None = method
    attribute = "resource_id"
    while current is not None and current.address not in seen:
        seen.add(current.address)
        refs = current.references(attribute)
        if any(r.endswith(".root_resource_id") for r in refs):
            break
        current = named(session, current, refs, *_RESOURCES)
        if current is None:
            break
        known = current.values.get("path")
        if isinstance(known, str) and known:
            parts.append(known.strip("/"))
            break
        parts.append(str(current.values.get("path_part") or ""))
        attribute = "parent_id"
    return "/" + "/".join(reversed([p for p in parts if p]))


def plan_rest_api(api: Planned, session: TerraformSession) -> Api:
    """``aws_api_gateway_rest_api`` with its ``aws_api_gateway_method``s and policy.

    ``endpoint_configuration.types`` defaults to EDGE; ``policy`` or an
    ``aws_api_gateway_rest_api_policy`` sets the resource policy, none without either
    (registry: aws_api_gateway_rest_api, aws_api_gateway_rest_api_policy). A method's
    ``authorization`` is required (NONE, CUSTOM, AWS_IAM, COGNITO_USER_POOLS) and
    ``api_key_required`` defaults to false (registry: aws_api_gateway_method). An OpenAPI
    ``body`` defines methods the plan does not spell out: the operations are UNKNOWN.
    """
    values = api.values
    unknown: list[str] = []
    operations = None
    if api.configured("body") or values.get("body"):
        unknown.append(f"{api.address}.body (OpenAPI methods)")
    else:
        resources: list[Mapping[str, Any]] = []
        for method in session.joined(api, _METHODS, "rest_api_id"):
            if method.is_unknown("authorization"):
                unknown.append(f"{method.address}.authorization")
                continue
            spec = {
                "authorizationType": method.values.get("authorization") or "NONE",
                "apiKeyRequired": bool(method.values.get("api_key_required")),
            }
            resources.append(
                {
                    "path": _resource_path(method, session),
                    "resourceMethods": {str(method.values.get("http_method") or ""): spec},
                }
            )
        if not unknown:
            operations = rest_operations(resources)
    policies = [values.get("policy")] if values.get("policy") else []
    policy_unknown = api.configured("policy") and api.is_unknown("policy")
    for resource in session.joined(api, _POLICIES, "rest_api_id"):
        policy_unknown = policy_unknown or resource.is_unknown("policy")
        policies.append(resource.values.get("policy"))
    document = rest_api_policy(policies[-1]) if policies else rest_api_policy(None)
    if policy_unknown:
        unknown.append(f"{api.address}.policy")
        document = None
    if unknown:
        session.note_unknown(api, unknown)
    endpoint = first(values.get("endpoint_configuration")).get("types") or ["EDGE"]
    model = Api(
        uid=api.address, provider="aws", account="", region=session.region(api),
        service="apigateway", name=str(values.get("name") or api.address),
        collected_at=session.collected_at, protocol="rest", endpoint_type=",".join(endpoint),
        operations=operations, resource_policy=document,
    )  # fmt: skip
    return relabel(model, api)


def plan_v2_api(api: Planned, session: TerraformSession) -> Api:
    """``aws_apigatewayv2_api`` with its ``aws_apigatewayv2_route``s: a route's
    ``authorization_type`` defaults to NONE and ``api_key_required`` to false (registry:
    aws_apigatewayv2_route). Quick create (``target``) adds the catch-all ``$default``
    route without authorization (registry: aws_apigatewayv2_api, ``route_key`` defaults to
    ``$default``). An OpenAPI ``body`` defines routes the plan does not spell out: UNKNOWN."""
    values = api.values
    protocol = "websocket" if values.get("protocol_type") == "WEBSOCKET" else "http"
    routes: list[Mapping[str, Any]] = []
    unknown: list[str] = []
    if api.configured("body") or values.get("body"):
        unknown.append(f"{api.address}.body (OpenAPI routes)")
    if values.get("target") or api.configured("target"):
        routes.append({"RouteKey": values.get("route_key") or "$default"})
    for route in session.joined(api, _ROUTES, "api_id"):
        if route.is_unknown("authorization_type") or route.is_unknown("route_key"):
            unknown.append(f"{route.address}.authorization_type")
            continue
        routes.append({
            "RouteKey": route.values.get("route_key") or "",
            "AuthorizationType": route.values.get("authorization_type") or "NONE",
            "ApiKeyRequired": bool(route.values.get("api_key_required")),
        })  # fmt: skip
    if unknown:
        session.note_unknown(api, unknown)
    model = Api(
        uid=api.address, provider="aws", account="", region=session.region(api),
        service="apigateway", name=str(values.get("name") or api.address),
        collected_at=session.collected_at, protocol=protocol,
        operations=None if unknown else v2_operations(routes),
    )  # fmt: skip
    return relabel(model, api)


def _same_api(stage: Planned, other: Planned) -> bool:
    """``other`` names the stage's REST API (same reference, or the same literal id)."""
    mine = {r for r in stage.references("rest_api_id") if r.count(".") == 1}
    theirs = {r for r in other.references("rest_api_id") if r.count(".") == 1}
    if mine or theirs:
        return bool(mine & theirs)
    return stage.values.get("rest_api_id") == other.values.get("rest_api_id")


def _method_settings(stage: Planned, session: TerraformSession) -> list[Planned]:
    """``aws_api_gateway_method_settings`` of the stage: ``stage_name`` refers to the
    stage, or names it literally for the same REST API."""
    found = session.joined(stage, _SETTINGS, "stage_name")
    name = stage.values.get("stage_name")
    for other in session.all_of(*_SETTINGS):
        if other in found or other.module != stage.module or other.references("stage_name"):
            continue
        if name and other.values.get("stage_name") == name and _same_api(stage, other):
            found.append(other)
    return found


def _stage_unknown(stage: Planned, attributes: tuple[str, ...]) -> list[str]:
    return [f"{stage.address}.{a}" for a in attributes if stage.configured(a) and
            stage.is_unknown(a)]  # fmt: skip


def plan_rest_stage(stage: Planned, session: TerraformSession) -> Item:
    """``aws_api_gateway_stage`` with its ``aws_api_gateway_method_settings``:
    ``xray_tracing_enabled`` false, no ``access_log_settings``, no
    ``client_certificate_id`` and no cache unless set (registry: aws_api_gateway_stage);
    method settings ``*/*`` are the stage-wide ones, ``{path}/{METHOD}`` an override
    (registry: aws_api_gateway_method_settings); without them execution logging is OFF
    and the cache unencrypted (API Gateway Stage / MethodSetting reference). The web ACL
    is an ``aws_wafv2_web_acl_association`` whose ``resource_arn`` names the stage (or, in
    a state, the stage's computed ``web_acl_arn``). A
    client certificate or log destination known only after apply (a reference to a
    resource the plan creates) is set; a flag or method settings known only after apply
    leave the stage unjudged."""
    values = stage.values
    unknown = _stage_unknown(stage, ("cache_cluster_enabled", "xray_tracing_enabled"))
    settings: dict[str, Any] = {}
    for method in _method_settings(stage, session):
        block = first(method.values.get("settings"))
        path = str(method.values.get("method_path") or "")
        if method.is_unknown("settings") or method.is_unknown("method_path"):
            unknown.append(f"{method.address}.settings")
            continue
        entry: dict[str, Any] = {"loggingLevel": block.get("logging_level") or "OFF"}
        entry["cacheDataEncrypted"] = bool(block.get("cache_data_encrypted"))
        settings[path] = entry
    if unknown:
        # the model's None means "unsupported by the protocol": not judged instead
        return known_after_apply("aws", stage, "ApiStage", unknown)
    logs = first(values.get("access_log_settings"))
    acl = session.joined(stage, _WAF, "resource_arn")
    answer = {
        "stageName": str(values.get("stage_name") or stage.address),
        "methodSettings": settings,
        "accessLogSettings": {"destinationArn": logs.get("destination_arn")
                              or ("planned" if stage.configured("access_log_settings") else None)},
        "tracingEnabled": bool(values.get("xray_tracing_enabled")),
        "clientCertificateId": values.get("client_certificate_id")
        or ("planned" if stage.configured("client_certificate_id") else None),
        "cacheClusterEnabled": bool(values.get("cache_cluster_enabled")),
        "webAclArn": acl[0].address if acl else str(values.get("web_acl_arn") or ""),
        "tags": values.get("tags") or {},
    }  # fmt: skip
    api = {"id": stage.address, "name": stage.address}
    model = to_rest_stage(api, answer, account="", region=session.region(stage),
                          collected_at=session.collected_at)  # fmt: skip
    return relabel(model, stage)


def plan_v2_stage(stage: Planned, session: TerraformSession) -> Item:
    """``aws_apigatewayv2_stage``: access logs with ``access_log_settings``;
    ``default_route_settings.logging_level`` (WebSocket APIs only) is OFF unless set
    (registry: aws_apigatewayv2_stage). The protocol is the referenced API's; a stage of
    an API the plan does not hold is taken as HTTP unless its settings log (WebSocket)."""
    values = stage.values
    route = first(values.get("default_route_settings"))
    protocol = "HTTP"
    parent = named(session, stage, stage.references("api_id"), *_V2)
    if parent is not None:
        protocol = str(parent.values.get("protocol_type") or "HTTP")
    logs = first(values.get("access_log_settings"))
    answer = {
        "StageName": str(values.get("name") or stage.address),
        "DefaultRouteSettings": {"LoggingLevel": route.get("logging_level")},
        "AccessLogSettings": {"DestinationArn": logs.get("destination_arn")
                              or ("planned" if stage.configured("access_log_settings") else None)},
        "Tags": values.get("tags") or {},
    }  # fmt: skip
    api = {"ApiId": stage.address, "Name": stage.address, "ProtocolType": protocol}
    model = to_v2_stage(api, answer, account="", region=session.region(stage),
                        collected_at=session.collected_at)  # fmt: skip
    if protocol == "WEBSOCKET":
        unknown = _stage_unknown(stage, ("default_route_settings",))
        if unknown:
            return known_after_apply("aws", stage, "ApiStage", unknown)
    return relabel(model, stage)


def plan_api_domain(domain: Planned, session: TerraformSession) -> ApiDomain:
    """``aws_api_gateway_domain_name``: ``security_policy`` TLS_1_0 or TLS_1_2, computed by
    API Gateway when omitted ("must be configured to perform drift detection"), so an
    omitted policy is UNKNOWN; ``endpoint_configuration.types`` EDGE by default.
    ``aws_apigatewayv2_domain_name``: ``domain_name_configuration.security_policy`` is
    required (registry: aws_api_gateway_domain_name, aws_apigatewayv2_domain_name)."""
    values = domain.values
    if domain.type == "aws_apigatewayv2_domain_name":
        config = first(values.get("domain_name_configuration"))
        policy = config.get("security_policy")
        endpoint = [config.get("endpoint_type") or "REGIONAL"]
    else:
        policy = values.get("security_policy")
        endpoint = first(values.get("endpoint_configuration")).get("types") or ["EDGE"]
    answer = {
        "domainName": str(values.get("domain_name") or domain.address),
        "domainNameArn": domain.address,
        "securityPolicy": policy or "unknown",
        "endpointConfiguration": {"types": endpoint},
        "tags": values.get("tags") or {},
    }
    model = to_api_domain(answer, account="", region=session.region(domain),
                          collected_at=session.collected_at)  # fmt: skip
    if not policy:
        session.note_unknown(domain, [f"{domain.address}.security_policy"])
        model = model.model_copy(update={"min_tls": None})
    return relabel(model, domain)


def _stage(stage: Planned, session: TerraformSession) -> Item:
    if stage.type == "aws_apigatewayv2_stage":
        return plan_v2_stage(stage, session)
    return plan_rest_stage(stage, session)


def _api(api: Planned, session: TerraformSession) -> Item:
    if api.type == "aws_apigatewayv2_api":
        return plan_v2_api(api, session)
    return plan_rest_api(api, session)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", Api, (*_REST, *_V2), _api, name="plan_apis",
              joins=[(_METHODS, "rest_api_id"), (_POLICIES, "rest_api_id"), (_ROUTES, "api_id")]),
    collector("aws", ApiStage, ("aws_api_gateway_stage", "aws_apigatewayv2_stage"), _stage,
              name="plan_api_stages",
              joins=[(_SETTINGS, "stage_name"), (_WAF, "resource_arn")]),
    collector("aws", ApiDomain, ("aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"),
              plan_api_domain, name="plan_api_domains"),
)  # fmt: skip
