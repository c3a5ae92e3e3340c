"""Elastic Load Balancing v2 (application, network and gateway load balancers).

Per load balancer: ``DescribeListeners`` (and ``DescribeRules`` of each plain HTTP listener
of an application LB), ``DescribeLoadBalancerAttributes`` and, for application LBs,
``wafv2:GetWebACLForResource``. Listeners' TLS policies come from one
``DescribeSSLPolicies`` per region (``elb_tls``). AWS returns every attribute; one that is
missing takes its documented default (access logs and deletion protection off, invalid
headers kept, desync mitigation "defensive"). ``Scheme`` defaults to internet-facing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.elb_tls import DESCRIBE_SSL_POLICIES, to_tls_policies
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import Listener, LoadBalancer, TlsPolicy
from scanner.provider import Collector, Item

_PREFIX = "elasticloadbalancing"
DESCRIBE_LBS = f"{_PREFIX}:DescribeLoadBalancers"
DESCRIBE_LISTENERS = f"{_PREFIX}:DescribeListeners"
DESCRIBE_RULES = f"{_PREFIX}:DescribeRules"
DESCRIBE_ATTRIBUTES = f"{_PREFIX}:DescribeLoadBalancerAttributes"
GET_WEB_ACL = "wafv2:GetWebACLForResource"
_KINDS = {"application", "network", "gateway"}


def redirects_to_https(actions: Sequence[Mapping[str, Any]]) -> bool:
    """Pure: an action list whose terminal action is a redirect with protocol HTTPS.

    ``RedirectConfig.Protocol`` "#{protocol}" (the default) keeps the request's own scheme,
    so it is not a redirect to HTTPS.
    """
    terminal = [a for a in actions if a.get("Type") in {"redirect", "forward", "fixed-response"}]
    return bool(terminal) and all(
        a.get("Type") == "redirect"
        and str((a.get("RedirectConfig") or {}).get("Protocol", "")).upper() == "HTTPS"
        for a in terminal
    )


def to_listener(
    listener: Mapping[str, Any],
    rules: Sequence[Mapping[str, Any]] | None,
    policies: Mapping[str, TlsPolicy] | None,
) -> Listener:
    """Pure: DescribeListeners item + its DescribeRules (None: unread) + the region's
    policies (None: unread) -> Listener.

    A plain HTTP listener redirects when its default action and every rule's actions
    redirect to HTTPS; rules are only read for HTTP listeners of application LBs.
    """
    protocol = str(listener.get("Protocol", "")).upper()
    redirect: bool | None = None
    if protocol == "HTTP":
        if not redirects_to_https(listener.get("DefaultActions") or ()):
            redirect = False
        elif rules is None:
            redirect = None
        else:
            redirect = all(redirects_to_https(r.get("Actions") or ()) for r in rules)
    policy = None
    name = listener.get("SslPolicy")
    if protocol in {"HTTPS", "TLS"} and name and policies is not None:
        policy = policies.get(str(name))
    certificates = listener.get("Certificates") or ()
    certificate = str(certificates[0].get("CertificateArn") or "") if certificates else ""
    return Listener(
        port=int(listener.get("Port") or 0), protocol=protocol,
        redirects_to_https=redirect, tls_policy=policy,
        certificate=certificate or None,
    )  # fmt: skip


def _attribute(attributes: Mapping[str, str], key: str, default: str) -> str:
    return attributes.get(key, default).lower()


def to_load_balancer(
    lb: Mapping[str, Any],
    listeners: Sequence[Listener] | None,
    attributes: Mapping[str, str] | None,
    web_acl: str | None,
    *,
    region: str,
    account: str,
    collected_at: datetime,
) -> LoadBalancer:
    """Pure: DescribeLoadBalancers item + listeners + attributes (None: unread) + web ACL ARN
    ('' none, None unread or not an application LB) -> LoadBalancer."""
    kind = str(lb.get("Type") or "application")
    kind = kind if kind in _KINDS else "application"
    app = kind == "application"
    known = attributes is not None
    attrs = attributes or {}
    return LoadBalancer(
        uid=str(lb["LoadBalancerArn"]), provider="aws", account=account, region=region,
        service="elbv2", name=str(lb.get("LoadBalancerName") or lb["LoadBalancerArn"]),
        collected_at=collected_at, category=kind,
        internet_facing=str(lb.get("Scheme") or "internet-facing") == "internet-facing",
        listeners=None if listeners is None else tuple(listeners),
        access_logs=(
            _attribute(attrs, "access_logs.s3.enabled", "false") == "true" if known else None
        ),
        deletion_protection=(
            _attribute(attrs, "deletion_protection.enabled", "false") == "true" if known else None
        ),
        drops_invalid_headers=(
            _attribute(attrs, "routing.http.drop_invalid_header_fields.enabled", "false") == "true"
            if known and app else None
        ),
        desync_mitigation=(
            _attribute(attrs, "routing.http.desync_mitigation_mode", "defensive")
            if known and app else None
        ),
        web_acl=web_acl if app else None,
        zones=len(lb.get("AvailabilityZones") or ()),
    )  # fmt: skip


def _policies(session: AwsSession, region: str) -> dict[str, TlsPolicy] | CollectionError:
    try:
        listed = session.client("elbv2", region).describe_ssl_policies().get("SslPolicies") or []
    except SDK_ERRORS as err:
        return translate_error(
            err, scope=region, resource="LoadBalancer", permission=DESCRIBE_SSL_POLICIES
        )
    return to_tls_policies(listed)


def _details(
    session: AwsSession,
    region: str,
    lb: Mapping[str, Any],
    policies: Mapping[str, TlsPolicy] | None,
) -> tuple[list[Listener] | None, dict[str, str] | None, str | None, list[CollectionError]]:
    client = session.client("elbv2", region)
    arn = str(lb["LoadBalancerArn"])
    app = str(lb.get("Type") or "application") == "application"
    errors: list[CollectionError] = []

    def fail(err: Exception, permission: str) -> None:
        errors.append(translate_error(err, scope=region, resource="LoadBalancer",
                                      permission=permission, uid=arn))  # fmt: skip

    listeners: list[Listener] | None = None
    try:
        raw = paginate(client, "describe_listeners", "Listeners", LoadBalancerArn=arn)
        listeners = []
        for item in raw:
            rules = None
            if app and str(item.get("Protocol", "")).upper() == "HTTP":
                try:
                    rules = [r for r in client.describe_rules(ListenerArn=item["ListenerArn"])
                             .get("Rules") or () if not r.get("IsDefault")]  # fmt: skip
                except SDK_ERRORS as err:
                    fail(err, DESCRIBE_RULES)
            listeners.append(to_listener(item, rules, policies))
    except SDK_ERRORS as err:
        fail(err, DESCRIBE_LISTENERS)
        listeners = None
    attributes: dict[str, str] | None = None
    try:
        answer = client.describe_load_balancer_attributes(LoadBalancerArn=arn)
        attributes = {
            str(a["Key"]): str(a.get("Value", "")) for a in answer.get("Attributes") or ()
        }
    except SDK_ERRORS as err:
        fail(err, DESCRIBE_ATTRIBUTES)
    web_acl: str | None = None
    if app:
        try:
            found = session.client("wafv2", region).get_web_acl_for_resource(ResourceArn=arn)
            web_acl = str((found.get("WebACL") or {}).get("ARN") or "")
        except SDK_ERRORS as err:
            fail(err, GET_WEB_ACL)
    return listeners, attributes, web_acl, errors


def collect_load_balancers(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every ELBv2 load balancer in ``region`` with listeners, attributes and WAF."""
    try:
        lbs = paginate(session.client("elbv2", region), "describe_load_balancers", "LoadBalancers")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="LoadBalancer", permission=DESCRIBE_LBS
        ) from err
    if not lbs:
        return
    policies = _policies(session, region)
    table = None if isinstance(policies, CollectionError) else policies
    now = session.now()
    for lb, (listeners, attributes, web_acl, errors) in zip(
        lbs, session.map(lambda lb: _details(session, region, lb, table), lbs), strict=True
    ):
        model = to_load_balancer(lb, listeners, attributes, web_acl, region=region,
                                 account=session.account, collected_at=now)  # fmt: skip
        yield model
        yield from errors
        if isinstance(policies, CollectionError) and any(
            listener.terminates_tls for listener in model.listeners or ()
        ):
            yield translate_error_for(policies, model.uid)


def translate_error_for(error: CollectionError, uid: str) -> CollectionError:
    """``error`` re-addressed to one resource ``uid``."""
    return CollectionError(
        "aws", error.scope, error.resource, error.cause, hint=error.hint,
        permission=error.permission, uid=uid, detail=error.detail,
    )  # fmt: skip


COLLECTORS = (
    Collector(
        LoadBalancer,
        collect_load_balancers,
        permissions=(
            DESCRIBE_LBS, DESCRIBE_LISTENERS, DESCRIBE_RULES, DESCRIBE_ATTRIBUTES,
            DESCRIBE_SSL_POLICIES, GET_WEB_ACL,
        ),
    ),
)  # fmt: skip
