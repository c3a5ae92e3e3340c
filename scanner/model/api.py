"""Managed APIs and their deployed stages (API Gateway, Apigee/API Gateway, API Management)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource
from scanner.model.cdn import TlsVersion
from scanner.model.iam import PolicyDocument

ApiProtocol = Literal["rest", "http", "websocket"]


class ApiOperation(Frozen):
    """One method on a path (REST) or one route (HTTP/WebSocket) and how callers are authorised."""

    method: str = Field(description="HTTP method, 'ANY', or a WebSocket route key ($connect).")
    path: str = Field(description="Resource path; '' for WebSocket routes and $default.")
    authorization: Literal["none", "iam", "user-pool", "custom", "jwt"]
    api_key_required: bool = False


class Api(Resource):
    """A managed API definition: its operations and their authorisation."""

    protocol: ApiProtocol
    endpoint_type: str = Field(default="", description="EDGE, REGIONAL or PRIVATE (REST).")
    operations: tuple[ApiOperation, ...] | None = Field(description="None: unreadable.")
    resource_policy: PolicyDocument | None = Field(
        default=None,
        description="REST APIs: the resource policy (empty: none); None unreadable or absent "
        "from the protocol (HTTP and WebSocket APIs have none).",
    )


class ApiStage(Resource):
    """A deployed stage of an API, with its logging, tracing, firewall and backend TLS."""

    api_id: str
    protocol: ApiProtocol
    execution_logging: Literal["off", "error", "info"] | None = Field(
        description="Stage-wide execution log level; None where the protocol has none (HTTP)."
    )
    method_logging_off: tuple[str, ...] = Field(
        default=(), description="Method overrides that turn execution logging off."
    )
    access_logging: bool
    tracing: bool | None = Field(description="X-Ray tracing; None where unsupported (v2).")
    web_acl: str | None = Field(description="Web ACL ARN, '' none; None where unsupported.")
    client_certificate: bool | None = Field(
        description="A client certificate authenticates calls to the backend; None unsupported."
    )
    cache_enabled: bool = False
    cache_encrypted: bool | None = Field(default=None, description="None: no cache.")


class ApiDomain(Resource):
    """A custom domain name serving APIs, with the TLS security policy it enforces."""

    security_policy: str = Field(description="Provider policy name, e.g. TLS_1_2.")
    min_tls: TlsVersion | None = Field(description="Oldest TLS version accepted; None unknown.")
    endpoint_type: str = ""
