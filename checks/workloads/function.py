"""Checks over serverless functions (Lambda first)."""

from __future__ import annotations

from checks._common import setting
from checks.services.resource_policy import judge_resource_policy
from checks.workloads._controls import (
    AUTHENTICATION,
    BOUNDARY,
    MONITORING,
    PATCHING,
    RESILIENCE,
)
from checks.workloads._lifecycle import supported_at
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import ServerlessFunction
from scanner.registry import check


@check(
    id="FN-001",
    title="Function URLs require IAM authentication",
    severity=Severity.HIGH,
    resource=ServerlessFunction,
    controls=(*AUTHENTICATION, "nist-800-53-r5:AC-3"),
    providers=("aws",),
)
def function_urls_require_auth(fn: ServerlessFunction) -> Result:
    """A function URL with auth type NONE accepts unsigned HTTPS requests from anyone on the
    internet; only the resource policy and the code itself stand in the way.

    Remediation: set the function URL's auth type to AWS_IAM (callers sign with SigV4), or
    delete the URL and front the function with an authenticated API.
    """
    if fn.urls is None:
        return unknown("function URL configuration unreadable")
    open_urls = [u.qualifier for u in fn.urls if u.auth == "none"]
    if open_urls:
        return failed(f"function URL without authentication on {', '.join(open_urls)}")
    if not fn.urls:
        return passed("no function URL")
    return passed(f"{len(fn.urls)} function URL(s), all with IAM authentication")


@check(
    id="FN-002",
    title="Function resource policies do not grant access to everyone",
    severity=Severity.CRITICAL,
    resource=ServerlessFunction,
    controls=(*AUTHENTICATION[:1], "iso27001-2022:A.5.15", "nist-csf-2.0:PR.AA-05",
              "nist-800-53-r5:AC-3", "nist-800-53-r5:AC-21"),
    providers=("aws",),
)  # fmt: skip
def function_policy_not_public(fn: ServerlessFunction) -> Result:
    """A resource policy statement that allows principal ``*`` with no condition on who is
    calling lets any AWS account, or anyone at all through a function URL, invoke or read
    the function (Security Hub Lambda.1). Conditions the caller controls (the function URL
    auth type, TLS) do not narrow it; ``aws:SourceAccount``, ``aws:SourceArn``,
    ``aws:PrincipalOrgID`` and the like do.

    Remediation: name the exact accounts or services in the policy, or add an
    ``aws:SourceAccount`` / ``aws:SourceArn`` / ``aws:PrincipalOrgID`` condition; remove
    public InvokeFunctionUrl grants unless the function is meant to be public.
    """
    if fn.policy is not None and not fn.policy.statements:
        return passed("no resource policy")
    return judge_resource_policy(fn.policy, "lambda", "resource")


@check(
    id="FN-003",
    title="Functions run on a runtime that is not deprecated",
    severity=Severity.MEDIUM,
    resource=ServerlessFunction,
    controls=PATCHING,
    providers=("aws",),
)
def function_runtime_supported(fn: ServerlessFunction) -> Result:
    """A deprecated runtime no longer gets security patches for its language runtime or
    operating system, so known vulnerabilities stay in every invocation.

    Remediation: move the function to a supported runtime of the same language (see the
    provider's runtime deprecation table) and redeploy.
    """
    if fn.package == "image":
        return not_applicable("container image: the runtime is managed inside the image")
    return supported_at(fn.runtime_support, f"runtime {fn.runtime or '(none)'}", fn.collected_at)


@check(
    id="FN-004",
    title="Functions run inside a VPC",
    severity=Severity.LOW,
    resource=ServerlessFunction,
    controls=BOUNDARY,
    providers=("aws",),
)
def function_in_vpc(fn: ServerlessFunction) -> Result:
    """A function outside a VPC reaches the internet and AWS APIs directly, outside the
    security groups, network ACLs and flow logs that govern the rest of the workload
    (Security Hub Lambda.3, NIST 800-53 SC-7).

    Remediation: attach the function to private subnets and security groups of a VPC, with
    VPC endpoints or a NAT gateway for the services it calls.
    """
    return setting(
        fn.in_vpc,
        on=f"attached to {len(fn.subnet_ids)} subnet(s)",
        off="not attached to a VPC",
        unread="VPC configuration unreadable",
    )


@check(
    id="FN-005",
    title="Functions trace requests with active tracing",
    severity=Severity.LOW,
    resource=ServerlessFunction,
    controls=MONITORING,
    providers=("aws",),
)
def function_tracing_active(fn: ServerlessFunction) -> Result:
    """Without active tracing there is no per-request record of what a function called and
    how long it took, which slows the investigation of abuse and failures (Security Hub
    Lambda.7).

    Remediation: set the function's tracing mode to Active (X-Ray) and allow the execution
    role to write trace segments.
    """
    return setting(
        fn.tracing_active,
        on="active tracing on",
        off="tracing mode PassThrough (not traced)",
        unread="tracing configuration unreadable",
    )


@check(
    id="FN-006",
    title="Functions keep failed asynchronous events in a dead-letter target",
    severity=Severity.LOW,
    resource=ServerlessFunction,
    controls=RESILIENCE,
    providers=("aws",),
)
def function_dead_letter(fn: ServerlessFunction) -> Result:
    """Asynchronous events that still fail after Lambda's retries are discarded unless a
    dead-letter queue or an on-failure destination keeps them, losing work and the evidence
    of why it failed (AWS Config rule lambda-dlq-check).

    Remediation: configure a dead-letter queue (SQS or SNS) or an on-failure destination
    for asynchronous invocations.
    """
    if fn.dead_letter is None:
        return unknown("asynchronous invocation configuration unreadable")
    if fn.dead_letter:
        return passed("failed asynchronous events go to a dead-letter queue or destination")
    return failed("no dead-letter queue and no on-failure destination")


@check(
    id="FN-007",
    title="VPC functions run in at least two Availability Zones",
    severity=Severity.MEDIUM,
    resource=ServerlessFunction,
    controls=RESILIENCE,
    providers=("aws",),
)
def function_multi_az(fn: ServerlessFunction) -> Result:
    """A VPC function whose subnets sit in one Availability Zone stops when that zone
    fails (Security Hub Lambda.5).

    Remediation: attach the function to subnets in two or more Availability Zones.
    """
    if not fn.in_vpc:
        return not_applicable("not attached to a VPC")
    if fn.availability_zones is None:
        return unknown("subnet zones unreadable")
    if len(fn.availability_zones) < 2:
        zones = ", ".join(fn.availability_zones) or "no known zone"
        return failed(f"subnets in one Availability Zone only ({zones})")
    return passed(f"subnets in {len(fn.availability_zones)} Availability Zones")
