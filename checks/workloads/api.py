"""Checks over managed APIs (API Gateway REST, HTTP and WebSocket APIs) and their stages."""

from __future__ import annotations

from checks.workloads._controls import (
    AT_REST,
    AUTHENTICATION,
    IN_TRANSIT,
    LOGGING,
    MONITORING,
    WAF,
)
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Api, ApiDomain, ApiStage
from scanner.registry import check

_CONNECT = "$connect"


@check(
    id="API-001",
    title="API stages write execution logs at ERROR or INFO level",
    severity=Severity.MEDIUM,
    resource=ApiStage,
    controls=LOGGING,
    providers=("aws",),
)
def api_stage_execution_logging(stage: ApiStage) -> Result:
    """Execution logs record authoriser decisions, integration errors and throttling per
    request; with logging OFF failures and abuse leave no trace (Security Hub
    APIGateway.1). A method override that turns logging off counts against the stage.

    Remediation: set the stage's CloudWatch log level to ERROR or INFO (and remove per-method
    overrides that set it to OFF).
    """
    if stage.execution_logging is None:
        return not_applicable(f"{stage.protocol} APIs have no execution logs")
    if stage.execution_logging == "off":
        return failed("execution logging OFF")
    if stage.method_logging_off:
        return failed(f"execution logging OFF for method(s): {', '.join(stage.method_logging_off)}")
    return passed(f"execution logging at {stage.execution_logging.upper()}")


@check(
    id="API-002",
    title="API stages write access logs",
    severity=Severity.MEDIUM,
    resource=ApiStage,
    controls=(*LOGGING, "nist-800-53-r5:AU-2"),
    providers=("aws",),
)
def api_stage_access_logging(stage: ApiStage) -> Result:
    """Access logs record who called which route, from where and with what result; they are
    the evidence trail of API use (Security Hub APIGateway.9).

    Remediation: configure access logging on the stage to a CloudWatch Logs group or
    Firehose stream.
    """
    if stage.access_logging:
        return passed("access logging on")
    return failed("access logging off")


@check(
    id="API-003",
    title="REST API stages trace requests with X-Ray",
    severity=Severity.LOW,
    resource=ApiStage,
    controls=MONITORING,
    providers=("aws",),
)
def api_stage_tracing(stage: ApiStage) -> Result:
    """Without tracing there is no per-request view across the API and its backends, which
    slows the investigation of abuse and latency (Security Hub APIGateway.3).

    Remediation: enable X-Ray tracing on the stage.
    """
    if stage.tracing is None:
        return not_applicable(f"{stage.protocol} APIs do not support X-Ray tracing")
    if stage.tracing:
        return passed("X-Ray tracing on")
    return failed("X-Ray tracing off")


@check(
    id="API-004",
    title="REST API stages are protected by a web application firewall",
    severity=Severity.MEDIUM,
    resource=ApiStage,
    controls=WAF,
    providers=("aws",),
)
def api_stage_web_acl(stage: ApiStage) -> Result:
    """Without a web ACL every request reaches the integration unfiltered: injection
    attempts, bad bots and request floods included (Security Hub APIGateway.4).

    Remediation: associate an AWS WAF web ACL with the stage.
    """
    if stage.web_acl is None:
        return not_applicable(f"{stage.protocol} APIs cannot be associated with AWS WAF")
    if stage.web_acl:
        return passed(f"web ACL {stage.web_acl}")
    return failed("no web ACL associated")


@check(
    id="API-005",
    title="REST API stages authenticate to backends with a client certificate",
    severity=Severity.LOW,
    resource=ApiStage,
    controls=(*AUTHENTICATION[:1], "iso27001-2022:A.8.5", "nist-csf-2.0:PR.AA-03",
              "nist-800-53-r5:IA-3"),
    providers=("aws",),
)  # fmt: skip
def api_stage_client_certificate(stage: ApiStage) -> Result:
    """Without a client certificate the backend cannot tell calls from the API apart from
    anyone else's calls to its endpoint (Security Hub APIGateway.2).

    Remediation: generate an API Gateway client certificate, set it on the stage and
    configure the backend to require it.
    """
    if stage.client_certificate is None:
        return not_applicable(f"{stage.protocol} API stages have no client certificate")
    if stage.client_certificate:
        return passed("client certificate set")
    return failed("no client certificate for backend authentication")


@check(
    id="API-006",
    title="API stage caches are encrypted",
    severity=Severity.MEDIUM,
    resource=ApiStage,
    controls=AT_REST,
    providers=("aws",),
)
def api_stage_cache_encrypted(stage: ApiStage) -> Result:
    """Cached responses may hold personal data or tokens; an unencrypted cache stores them
    in clear (Security Hub APIGateway.5).

    Remediation: turn on "Encrypt cache data" in the stage's cache settings.
    """
    if not stage.cache_enabled:
        return not_applicable("no stage cache")
    if stage.cache_encrypted is None:
        return unknown("cache settings unreadable")
    if stage.cache_encrypted:
        return passed("cache data encrypted")
    return failed("cache enabled without encryption")


@check(
    id="API-007",
    title="API methods and routes require authorization",
    severity=Severity.HIGH,
    resource=Api,
    controls=(*AUTHENTICATION, "nist-800-53-r5:AC-3"),
    providers=("aws",),
)
def api_operations_authorized(api: Api) -> Result:
    """A method or route with authorization NONE can be called by anyone who reaches the
    endpoint; API keys identify clients for usage plans but do not authenticate them
    (Security Hub APIGateway.8). CORS preflight (OPTIONS) methods are not judged; on
    WebSocket APIs only $connect takes an authorizer.

    Remediation: attach an IAM, Cognito user pool, Lambda or JWT authorizer to every method
    and route.
    """
    if api.operations is None:
        return unknown("methods and routes unreadable")
    judged = [o for o in api.operations if o.method.upper() != "OPTIONS"]
    if api.protocol == "websocket":
        judged = [o for o in judged if o.method == _CONNECT]
    if not judged:
        return not_applicable("no method or route to authorize")
    open_ops = [f"{o.method} {o.path}".strip() for o in judged if o.authorization == "none"]
    if open_ops:
        return failed(f"no authorization on: {', '.join(open_ops)}")
    return passed(f"{len(judged)} method(s)/route(s), all authorized")


@check(
    id="API-008",
    title="API custom domains accept only TLS 1.2 or later",
    severity=Severity.MEDIUM,
    resource=ApiDomain,
    controls=(*IN_TRANSIT, "nist-800-53-r5:SC-13"),
    providers=("aws",),
)
def api_domain_tls(domain: ApiDomain) -> Result:
    """The TLS_1_0 security policy still accepts TLS 1.0 and 1.1, deprecated protocols with
    known weaknesses (RFC 8996), so a downgraded client can connect.

    Remediation: set the custom domain's security policy to TLS_1_2 or an enhanced
    SecurityPolicy_TLS13_* policy.
    """
    if domain.min_tls is None:
        return unknown(f"security policy {domain.security_policy} not recognised")
    if domain.min_tls in {"ssl3", "1.0", "1.1"}:
        return failed(f"security policy {domain.security_policy} accepts TLS {domain.min_tls}")
    return passed(f"security policy {domain.security_policy} (TLS {domain.min_tls}+)")
