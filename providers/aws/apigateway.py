"""API Gateway REST APIs (v1) and HTTP/WebSocket APIs (v2): definitions and stages.

REST: GetRestApis, GetResources (embed=methods: every method with its authorisation type)
and GetStages per API. v2: GetApis, GetRoutes and GetStages per API. IAM authorises every
read with the ``apigateway:GET`` action.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.resource_policy import policy_from_text
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.model import Api, ApiDomain, ApiOperation, ApiStage, PolicyDocument
from scanner.model.api import ApiProtocol
from scanner.model.cdn import TlsVersion
from scanner.provider import Collector, Item

_PERMISSIONS = ("apigateway:GET",)
_REST_AUTH = {"NONE": "none", "AWS_IAM": "iam", "COGNITO_USER_POOLS": "user-pool",
              "CUSTOM": "custom"}  # fmt: skip
_V2_AUTH = {"NONE": "none", "AWS_IAM": "iam", "CUSTOM": "custom", "JWT": "jwt"}
_LEVELS = {"OFF": "off", "ERROR": "error", "INFO": "info"}


def rest_api_policy(text: object) -> PolicyDocument | None:
    """Pure: a RestApi ``policy`` string -> document (absent: empty; malformed: None).

    API Gateway returns the policy JSON with its quotes and slashes backslash-escaped
    (``{\\"Version\\":...}``, ``arn:aws:execute-api:...\\/*``; reported in
    hashicorp/terraform-provider-aws#4397 and localstack/localstack#3325, where emulators
    that do not escape broke clients); a plain JSON text is read as is.
    """
    document = policy_from_text(text)
    if document is None:
        document = policy_from_text(str(text).replace('\\"', '"').replace("\\/", "/"))
    return document


def rest_operations(resources: list[Mapping[str, Any]]) -> tuple[ApiOperation, ...]:
    """Pure: GetResources items (embed=methods) -> one operation per method."""
    return tuple(
        ApiOperation(
            method=str(method),
            path=str(res.get("path", "")),
            authorization=_REST_AUTH.get(str(spec.get("authorizationType", "NONE")), "custom"),
            api_key_required=bool(spec.get("apiKeyRequired")),
        )
        for res in resources
        for method, spec in (res.get("resourceMethods") or {}).items()
    )


def to_rest_stage(
    api: Mapping[str, Any], stage: Mapping[str, Any], *, account: str, region: str,
    collected_at: datetime,
) -> ApiStage:  # fmt: skip
    """Pure: a GetStages item of a REST API -> ApiStage.

    ``methodSettings['*/*']`` holds the stage-wide settings; absent, execution logging is
    OFF and the cache unencrypted (Stage / MethodSetting API reference).
    """
    settings = stage.get("methodSettings") or {}
    default = settings.get("*/*") or {}
    overrides = tuple(sorted(k for k, v in settings.items() if k != "*/*"
                             and str(v.get("loggingLevel", "")).upper() == "OFF"))  # fmt: skip
    cache = bool(stage.get("cacheClusterEnabled"))
    name = str(stage["stageName"])
    return ApiStage(
        uid=f"arn:aws:apigateway:{region}::/restapis/{api['id']}/stages/{name}",
        provider="aws", account=account, region=region, service="apigateway",
        name=f"{api.get('name', api['id'])}/{name}", tags=dict(stage.get("tags") or {}),
        collected_at=collected_at, api_id=str(api["id"]), protocol="rest",
        execution_logging=_LEVELS.get(str(default.get("loggingLevel", "OFF")).upper(), "off"),
        method_logging_off=overrides,
        access_logging=bool((stage.get("accessLogSettings") or {}).get("destinationArn")),
        tracing=bool(stage.get("tracingEnabled")), web_acl=str(stage.get("webAclArn") or ""),
        client_certificate=bool(stage.get("clientCertificateId")), cache_enabled=cache,
        cache_encrypted=bool(default.get("cacheDataEncrypted")) if cache else None,
    )  # fmt: skip


def to_v2_stage(
    api: Mapping[str, Any], stage: Mapping[str, Any], *, account: str, region: str,
    collected_at: datetime,
) -> ApiStage:  # fmt: skip
    """Pure: a v2 GetStages item -> ApiStage (HTTP APIs have no execution logs or WAF)."""
    protocol = _protocol(api)
    level = (stage.get("DefaultRouteSettings") or {}).get("LoggingLevel")
    name = str(stage["StageName"])
    return ApiStage(
        uid=f"arn:aws:apigateway:{region}::/apis/{api['ApiId']}/stages/{name}",
        provider="aws", account=account, region=region, service="apigateway",
        name=f"{api.get('Name', api['ApiId'])}/{name}", tags=dict(stage.get("Tags") or {}),
        collected_at=collected_at, api_id=str(api["ApiId"]), protocol=protocol,
        execution_logging=(_LEVELS.get(str(level or "OFF").upper(), "off")
                           if protocol == "websocket" else None),
        access_logging=bool((stage.get("AccessLogSettings") or {}).get("DestinationArn")),
        tracing=None, web_acl=None, client_certificate=None,
    )  # fmt: skip


def v2_operations(routes: list[Mapping[str, Any]]) -> tuple[ApiOperation, ...]:
    """Pure: GetRoutes items -> operations ('GET /pets' -> method GET, path /pets)."""
    out = []
    for route in routes:
        key = str(route.get("RouteKey", ""))
        method, _, path = key.partition(" ")
        out.append(ApiOperation(
            method=method, path=path,
            authorization=_V2_AUTH.get(str(route.get("AuthorizationType", "NONE")), "custom"),
            api_key_required=bool(route.get("ApiKeyRequired")),
        ))  # fmt: skip
    return tuple(out)


def _listings(session: AwsSession, region: str, kind: str) -> tuple[Any, Any, list[Any], list[Any]]:
    """Both clients and both API listings (a refusal is scope-wide)."""
    v1, v2 = session.client("apigateway", region), session.client("apigatewayv2", region)
    try:
        return v1, v2, paginate(v1, "get_rest_apis", "items"), paginate(v2, "get_apis", "Items")
    except SDK_ERRORS as err:
        raise translate_error(err, scope=region, resource=kind, permission=_PERMISSIONS[0]) from err


def _rest_uid(region: str, api: Mapping[str, Any]) -> str:
    return f"arn:aws:apigateway:{region}::/restapis/{api['id']}"


def _v2_uid(region: str, api: Mapping[str, Any]) -> str:
    return f"arn:aws:apigateway:{region}::/apis/{api['ApiId']}"


def _protocol(api: Mapping[str, Any]) -> ApiProtocol:
    return "websocket" if api.get("ProtocolType") == "WEBSOCKET" else "http"


def _reader(call: Any) -> Any:
    """Wrap a per-API read so a failure comes back as the exception, for session.map."""

    def read(api: Mapping[str, Any]) -> list[Any] | Exception:
        try:
            return list(call(api))
        except SDK_ERRORS as err:
            return err

    return read


def collect_apis(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every REST, HTTP and WebSocket API in ``region`` with its operations."""
    v1, v2, rest, other = _listings(session, region, "Api")
    base: dict[str, Any] = {
        "account": session.account,
        "region": region,
        "collected_at": session.now(),
    }
    resources = session.map(_reader(lambda a: paginate(
        v1, "get_resources", "items", restApiId=a["id"], embed=["methods"])), rest)  # fmt: skip
    for api, found in zip(rest, resources, strict=True):
        uid = _rest_uid(region, api)
        ops = None if isinstance(found, Exception) else rest_operations(found)
        endpoint = ",".join((api.get("endpointConfiguration") or {}).get("types") or ())
        yield Api(uid=uid, provider="aws", service="apigateway", name=str(api.get("name", uid)),
                  protocol="rest", endpoint_type=endpoint, operations=ops,
                  resource_policy=rest_api_policy(api.get("policy")), **base)  # fmt: skip
        if isinstance(found, Exception):
            yield translate_error(found, scope=region, resource="Api",
                                  permission=_PERMISSIONS[0], uid=uid)  # fmt: skip
    routes = session.map(_reader(lambda a: paginate(
        v2, "get_routes", "Items", ApiId=a["ApiId"])), other)  # fmt: skip
    for api, found in zip(other, routes, strict=True):
        uid = _v2_uid(region, api)
        ops = None if isinstance(found, Exception) else v2_operations(found)
        yield Api(uid=uid, provider="aws", service="apigateway", name=str(api.get("Name", uid)),
                  protocol=_protocol(api), operations=ops, **base)  # fmt: skip
        if isinstance(found, Exception):
            yield translate_error(found, scope=region, resource="Api",
                                  permission=_PERMISSIONS[0], uid=uid)  # fmt: skip


def collect_api_stages(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every deployed stage of every API in ``region``."""
    v1, v2, rest, other = _listings(session, region, "ApiStage")
    base: dict[str, Any] = {
        "account": session.account,
        "region": region,
        "collected_at": session.now(),
    }
    rest_stages = session.map(_reader(lambda a: v1.get_stages(restApiId=a["id"]).get("item", ())),
                              rest)  # fmt: skip
    v2_stages = session.map(_reader(lambda a: paginate(
        v2, "get_stages", "Items", ApiId=a["ApiId"])), other)  # fmt: skip
    for apis, answers, mapper, uid_of in (
        (rest, rest_stages, to_rest_stage, _rest_uid),
        (other, v2_stages, to_v2_stage, _v2_uid),
    ):
        for api, found in zip(apis, answers, strict=True):
            if isinstance(found, Exception):
                # stages unknown: one error per API, named by the API (its stages are unseen)
                uid = uid_of(region, api)
                yield translate_error(found, scope=region, resource="ApiStage",
                                      permission=_PERMISSIONS[0], uid=uid)  # fmt: skip
                continue
            for stage in found:
                yield mapper(api, stage, **base)


#: Enhanced policies spell TLS1<max>_1_<min>: SecurityPolicy_TLS13_1_3_2025_09 is TLS 1.3 only.
_ENHANCED = re.compile(r"^SecurityPolicy_TLS1\d_1_(\d)_")
_MINOR: dict[str, TlsVersion] = {"0": "1.0", "1": "1.1", "2": "1.2", "3": "1.3"}


def domain_min_tls(policy: str) -> TlsVersion | None:
    """Pure: a custom domain security policy -> oldest TLS version it accepts.

    Legacy TLS_1_0 accepts TLS 1.0+ and TLS_1_2 TLS 1.2+ (API Gateway developer guide,
    "Choose a security policy for your custom domain"); an unknown name is None.
    """
    if policy in {"TLS_1_0", "TLS_1_2"}:
        return "1.0" if policy == "TLS_1_0" else "1.2"
    match = _ENHANCED.match(policy)
    if match:
        return _MINOR.get(match.group(1))
    # the edge policies (SecurityPolicy_TLS12_2018_EDGE, ..._TLS13_2025_EDGE) start at 1.2 or
    # later: TLS 1.2 is the floor named in them
    if policy.startswith(("SecurityPolicy_TLS12", "SecurityPolicy_TLS13")):
        return "1.2"
    return None


def to_api_domain(
    domain: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> ApiDomain:
    """Pure: a GetDomainNames item -> ApiDomain (securityPolicy absent: TLS_1_0)."""
    name = str(domain["domainName"])
    policy = str(domain.get("securityPolicy") or "TLS_1_0")
    return ApiDomain(
        uid=str(domain.get("domainNameArn") or f"arn:aws:apigateway:{region}::/domainnames/{name}"),
        provider="aws", account=account, region=region, service="apigateway", name=name,
        tags=dict(domain.get("tags") or {}), collected_at=collected_at,
        security_policy=policy, min_tls=domain_min_tls(policy),
        endpoint_type=",".join((domain.get("endpointConfiguration") or {}).get("types") or ()),
    )  # fmt: skip


def collect_api_domains(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every API Gateway custom domain name in ``region`` (shared by v1 and v2 APIs)."""
    client = session.client("apigateway", region)
    try:
        domains = paginate(client, "get_domain_names", "items")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ApiDomain", permission=_PERMISSIONS[0]
        ) from err
    now = session.now()
    for domain in domains:
        yield to_api_domain(domain, account=session.account, region=region, collected_at=now)


COLLECTORS = (
    Collector(Api, collect_apis, permissions=_PERMISSIONS),
    Collector(ApiStage, collect_api_stages, permissions=_PERMISSIONS),
    Collector(ApiDomain, collect_api_domains, permissions=_PERMISSIONS),
)
