"""Lambda functions: configuration, function URLs, failure destinations and resource policy.

ListFunctions carries runtime, package type, VPC, tracing and dead-letter settings. Per
function: ListAliases plus GetFunctionUrlConfig for ``$LATEST`` and each alias (URLs exist
only there), GetFunctionEventInvokeConfig (on-failure destination of asynchronous
invocations) and GetPolicy. ``ResourceNotFoundException`` from the last three means "none".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import botocore.exceptions

from providers.aws.lifecycles import lambda_runtime_support
from providers.aws.policy import MalformedPolicyError, parse_policy_document
from providers.aws.session import SDK_ERRORS, AwsSession, error_code, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import FunctionUrl, PolicyDocument, ServerlessFunction
from scanner.provider import Collector, Item

_PERMISSIONS = (
    "lambda:ListFunctions",
    "lambda:ListAliases",
    "lambda:GetFunctionUrlConfig",
    "lambda:GetFunctionEventInvokeConfig",
    "lambda:GetPolicy",
    "ec2:DescribeSubnets",
)
_ABSENT = "ResourceNotFoundException"


@dataclass
class FunctionDetails:
    """What the per-function reads returned; None where a read failed."""

    urls: tuple[FunctionUrl, ...] | None = None
    on_failure: bool | None = None
    policy: PolicyDocument | None = None
    errors: list[tuple[Exception, str]] = field(default_factory=list)


def to_function_url(config: Mapping[str, Any], qualifier: str) -> FunctionUrl:
    """Pure: a GetFunctionUrlConfig answer -> FunctionUrl (AuthType NONE or AWS_IAM)."""
    auth = "none" if str(config.get("AuthType", "")).upper() == "NONE" else "iam"
    return FunctionUrl(qualifier=qualifier, url=str(config.get("FunctionUrl", "")), auth=auth)


def has_on_failure_destination(config: Mapping[str, Any] | None) -> bool:
    """Pure: a GetFunctionEventInvokeConfig answer names an on-failure destination."""
    destination = ((config or {}).get("DestinationConfig") or {}).get("OnFailure") or {}
    return bool(destination.get("Destination"))


def to_serverless_function(
    fn: Mapping[str, Any], details: FunctionDetails, *, account: str, region: str,
    collected_at: datetime, zones: Mapping[str, str] | None = None,
) -> ServerlessFunction:  # fmt: skip
    """Pure: a ListFunctions item + per-function details -> ServerlessFunction.

    ``PackageType`` absent is ``Zip``; ``TracingConfig.Mode`` absent is ``PassThrough``; a
    ``VpcConfig`` with no subnets is no VPC (Lambda FunctionConfiguration reference).
    ``zones`` maps subnet ids to their Availability Zone (None: the subnets were unreadable).
    """
    package = "image" if fn.get("PackageType") == "Image" else "zip"
    runtime = str(fn.get("Runtime", ""))
    subnets = tuple(str(s) for s in (fn.get("VpcConfig") or {}).get("SubnetIds") or ())
    dlq = bool((fn.get("DeadLetterConfig") or {}).get("TargetArn"))
    dead_letter = True if dlq else details.on_failure
    return ServerlessFunction(
        uid=str(fn["FunctionArn"]), provider="aws", account=account, region=region,
        service="lambda", name=str(fn["FunctionName"]), collected_at=collected_at,
        runtime=runtime, package=package,
        runtime_support=lambda_runtime_support(runtime) if package == "zip" else None,
        in_vpc=bool(subnets), subnet_ids=subnets,
        availability_zones=(None if zones is None else
                            tuple(sorted({zones[s] for s in subnets if s in zones}))),
        tracing_active=(fn.get("TracingConfig") or {}).get("Mode") == "Active",
        dead_letter=dead_letter, urls=details.urls, policy=details.policy,
    )  # fmt: skip


def _absent(err: Exception) -> bool:
    return isinstance(err, botocore.exceptions.ClientError) and error_code(err) == _ABSENT


def _urls(client: Any, name: str, qualifiers: tuple[str, ...]) -> tuple[FunctionUrl, ...]:
    """The function URLs of ``$LATEST`` and each alias (not found: that one has none)."""
    urls: list[FunctionUrl] = []
    for qualifier in qualifiers:
        extra = {} if qualifier == "$LATEST" else {"Qualifier": qualifier}
        try:
            config = client.get_function_url_config(FunctionName=name, **extra)
        except botocore.exceptions.ClientError as err:
            if not _absent(err):
                raise
            continue
        urls.append(to_function_url(config, qualifier))
    return tuple(urls)


def _read_details(client: Any, name: str) -> FunctionDetails:
    """The per-function reads; each failure is kept with the permission it needed."""
    out = FunctionDetails()
    try:
        aliases = paginate(client, "list_aliases", "Aliases", FunctionName=name)
    except SDK_ERRORS as err:
        out.errors.append((err, "lambda:ListAliases"))
    else:
        try:
            out.urls = _urls(client, name, ("$LATEST", *(str(a["Name"]) for a in aliases)))
        except SDK_ERRORS as err:
            out.errors.append((err, "lambda:GetFunctionUrlConfig"))
    try:
        out.on_failure = has_on_failure_destination(
            client.get_function_event_invoke_config(FunctionName=name)
        )
    except SDK_ERRORS as err:
        if _absent(err):
            out.on_failure = False
        else:
            out.errors.append((err, "lambda:GetFunctionEventInvokeConfig"))
    try:
        out.policy = parse_policy_document(client.get_policy(FunctionName=name)["Policy"])
    except SDK_ERRORS as err:
        if _absent(err):
            out.policy = PolicyDocument()
        else:
            out.errors.append((err, "lambda:GetPolicy"))
    except MalformedPolicyError:
        out.policy = None
    return out


def collect_functions(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every Lambda function in ``region`` with its URLs, destinations and policy."""
    client = session.client("lambda", region)
    try:
        functions = paginate(client, "list_functions", "Functions")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ServerlessFunction", permission=_PERMISSIONS[0]
        ) from err
    names = [str(f["FunctionName"]) for f in functions]
    details = session.map(lambda name: _read_details(client, name), names)
    zones = _subnet_zones(session, region, functions)
    now = session.now()
    for fn, found in zip(functions, details, strict=True):
        item = to_serverless_function(
            fn, found, account=session.account, region=region, collected_at=now,
            zones=None if isinstance(zones, Exception) else zones,
        )  # fmt: skip
        yield item
        if isinstance(zones, Exception) and item.in_vpc:
            yield _detail_error(zones, region, "ec2:DescribeSubnets", item.uid)
        for failure, permission in found.errors:
            yield _detail_error(failure, region, permission, item.uid)


def _subnet_zones(
    session: AwsSession, region: str, functions: list[Any]
) -> dict[str, str] | Exception:
    """Subnet id -> Availability Zone for every subnet a function is attached to.

    A ``subnet-id`` filter (not ``SubnetIds``) so a deleted subnet is simply absent.
    """
    wanted = sorted({str(s) for f in functions
                     for s in (f.get("VpcConfig") or {}).get("SubnetIds") or ()})  # fmt: skip
    if not wanted:
        return {}
    ec2 = session.client("ec2", region)
    zones: dict[str, str] = {}
    try:
        for start in range(0, len(wanted), 200):
            chunk = wanted[start : start + 200]
            found = paginate(ec2, "describe_subnets", "Subnets",
                             Filters=[{"Name": "subnet-id", "Values": chunk}])  # fmt: skip
            zones.update({str(s["SubnetId"]): str(s["AvailabilityZone"]) for s in found})
    except SDK_ERRORS as err:
        return err
    return zones


def _detail_error(err: Exception, region: str, permission: str, uid: str) -> CollectionError:
    return translate_error(
        err, scope=region, resource="ServerlessFunction", permission=permission, uid=uid
    )


COLLECTORS = (Collector(ServerlessFunction, collect_functions, permissions=_PERMISSIONS),)
