"""Classic Load Balancers: listeners with their SSL negotiation policies, access logs and
desync mitigation. Classic LBs cannot redirect HTTP to HTTPS, have no deletion protection
and cannot be associated with AWS WAF (Elastic Load Balancing user guide for Classic Load
Balancers); those fields say so (False / None) instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.aws.elb import translate_error_for
from providers.aws.elb_tls import DESCRIBE_SSL_POLICIES, classic_policy, to_tls_policies
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import Listener, LoadBalancer, TlsPolicy
from scanner.provider import Collector, Item

_PREFIX = "elasticloadbalancing"
DESCRIBE_LBS = f"{_PREFIX}:DescribeLoadBalancers"
DESCRIBE_ATTRIBUTES = f"{_PREFIX}:DescribeLoadBalancerAttributes"
DESCRIBE_POLICIES = f"{_PREFIX}:DescribeLoadBalancerPolicies"
_DESYNC = "elb.http.desyncmitigationmode"


def to_classic_listener(
    description: Mapping[str, Any], policies: Mapping[str, TlsPolicy] | None
) -> Listener:
    """Pure: a ``ListenerDescriptions`` item + the LB's policies by name (None: unread)."""
    listener = description.get("Listener") or {}
    protocol = str(listener.get("Protocol", "")).upper()
    policy = None
    if protocol in {"HTTPS", "SSL"} and policies is not None:
        names = [str(n) for n in description.get("PolicyNames") or ()]
        policy = next((policies[n] for n in names if n in policies), None)
    return Listener(
        port=int(listener.get("LoadBalancerPort") or 0), protocol=protocol,
        redirects_to_https=False if protocol == "HTTP" else None, tls_policy=policy,
        certificate=str(listener.get("SSLCertificateId") or "") or None,
    )  # fmt: skip


def to_classic_load_balancer(
    lb: Mapping[str, Any],
    attributes: Mapping[str, Any] | None,
    policies: Mapping[str, TlsPolicy] | None,
    *,
    region: str,
    account: str,
    collected_at: datetime,
) -> LoadBalancer:
    """Pure: DescribeLoadBalancers item + LoadBalancerAttributes + TLS policies by name."""
    name = str(lb["LoadBalancerName"])
    listeners = tuple(
        to_classic_listener(d, policies) for d in lb.get("ListenerDescriptions") or ()
    )
    logs = None if attributes is None else bool((attributes.get("AccessLog") or {}).get("Enabled"))
    desync = None
    if attributes is not None:
        extra = {
            str(a.get("Key")): str(a.get("Value"))
            for a in attributes.get("AdditionalAttributes") or ()
        }
        desync = extra.get(_DESYNC, "defensive").lower()
    return LoadBalancer(
        uid=f"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{name}",
        provider="aws", account=account, region=region, service="elb", name=name,
        collected_at=collected_at, category="classic",
        internet_facing=str(lb.get("Scheme") or "internet-facing") == "internet-facing",
        listeners=listeners, access_logs=logs,
        deletion_protection=None, desync_mitigation=desync,
        zones=len(lb.get("AvailabilityZones") or ()),
        connection_draining=_flag(attributes, "ConnectionDraining"),
        cross_zone=_flag(attributes, "CrossZoneLoadBalancing"),
    )  # fmt: skip


def _flag(attributes: Mapping[str, Any] | None, name: str) -> bool | None:
    """``LoadBalancerAttributes.<name>.Enabled``; a missing block is off (AWS default)."""
    if attributes is None:
        return None
    return bool((attributes.get(name) or {}).get("Enabled", False))


def _predefined(session: AwsSession, region: str) -> dict[str, TlsPolicy] | CollectionError:
    try:
        listed = session.client("elbv2", region).describe_ssl_policies().get("SslPolicies") or []
    except SDK_ERRORS as err:
        return translate_error(
            err, scope=region, resource="LoadBalancer", permission=DESCRIBE_SSL_POLICIES
        )
    return to_tls_policies(listed)


def _details(
    session: AwsSession, region: str, lb: Mapping[str, Any], predefined: Mapping[str, TlsPolicy]
) -> tuple[Mapping[str, Any] | None, dict[str, TlsPolicy] | None, list[CollectionError]]:
    client = session.client("elb", region)
    name = str(lb["LoadBalancerName"])
    uid = f"arn:aws:elasticloadbalancing:{region}:{session.account}:loadbalancer/{name}"
    errors: list[CollectionError] = []
    attributes = None
    try:
        attributes = (
            client.describe_load_balancer_attributes(LoadBalancerName=name).get(
                "LoadBalancerAttributes"
            )
            or {}
        )
    except SDK_ERRORS as err:
        errors.append(translate_error(err, scope=region, resource="LoadBalancer",
                                      permission=DESCRIBE_ATTRIBUTES, uid=uid))  # fmt: skip
    policies: dict[str, TlsPolicy] | None = None
    if any(_tls(d) for d in lb.get("ListenerDescriptions") or ()):
        try:
            described: Sequence[Mapping[str, Any]] = (
                client.describe_load_balancer_policies(LoadBalancerName=name).get(
                    "PolicyDescriptions"
                )
                or []
            )
            policies = {}
            for description in described:
                policy = classic_policy(description, predefined)
                if policy is not None:
                    policies[str(description.get("PolicyName"))] = policy
        except SDK_ERRORS as err:
            errors.append(translate_error(err, scope=region, resource="LoadBalancer",
                                          permission=DESCRIBE_POLICIES, uid=uid))  # fmt: skip
    return attributes, policies, errors


def _tls(description: Mapping[str, Any]) -> bool:
    return str((description.get("Listener") or {}).get("Protocol", "")).upper() in {"HTTPS", "SSL"}


def collect_classic_load_balancers(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every Classic Load Balancer in ``region``."""
    try:
        lbs = paginate(
            session.client("elb", region), "describe_load_balancers", "LoadBalancerDescriptions"
        )
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="LoadBalancer", permission=DESCRIBE_LBS
        ) from err
    if not lbs:
        return
    predefined = _predefined(session, region)
    table = {} if isinstance(predefined, CollectionError) else predefined
    now = session.now()
    for lb, (attributes, policies, errors) in zip(
        lbs, session.map(lambda lb: _details(session, region, lb, table), lbs), strict=True
    ):
        model = to_classic_load_balancer(lb, attributes, policies, region=region,
                                         account=session.account, collected_at=now)  # fmt: skip
        yield model
        yield from errors
        unresolved = any(
            listener.terminates_tls and listener.tls_policy is None
            for listener in model.listeners or ()
        )
        if isinstance(predefined, CollectionError) and unresolved:
            yield translate_error_for(predefined, model.uid)


COLLECTORS = (
    Collector(
        LoadBalancer,
        collect_classic_load_balancers,
        permissions=(DESCRIBE_LBS, DESCRIBE_ATTRIBUTES, DESCRIBE_POLICIES, DESCRIBE_SSL_POLICIES),
        name="collect_classic_load_balancers",
    ),
)
