"""Elastic Load Balancing (v2 and classic): mappers on API JSON, collectors on moto."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws.elb import (
    collect_load_balancers,
    redirects_to_https,
    to_listener,
    to_load_balancer,
)
from providers.aws.elb_classic import collect_classic_load_balancers, to_classic_load_balancer
from providers.aws.elb_tls import classic_policy, to_tls_policies
from providers.aws.session import AwsSession
from scanner.model import LoadBalancer, TlsPolicy

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"
TLS12 = TlsPolicy(
    name="ELBSecurityPolicy-TLS-1-2-2017-01", protocols=("TLSv1.2",), ciphers=("AES128-GCM-SHA256",)
)
POLICIES = {TLS12.name: TLS12}


def _redirect(protocol: str) -> dict[str, Any]:
    return {"Type": "redirect", "RedirectConfig": {"Protocol": protocol, "StatusCode": "HTTP_301"}}


# ELBv2 API reference, RedirectActionConfig: Protocol HTTP | HTTPS | "#{protocol}" (default).
@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        ([_redirect("HTTPS")], True),
        ([_redirect("#{protocol}")], False),  # keeps the request's scheme: still HTTP
        ([_redirect("HTTP")], False),
        ([{"Type": "forward", "TargetGroupArn": "tg"}], False),
        ([{"Type": "authenticate-oidc"}, _redirect("HTTPS")], True),  # auth, then redirect
        ([{"Type": "fixed-response"}], False),
        ([], False),
    ],
)
def test_redirects_to_https(actions: list[dict[str, Any]], expected: bool):
    assert redirects_to_https(actions) is expected


def test_http_listener_rules_must_redirect_too():
    listener = {"Port": 80, "Protocol": "HTTP", "DefaultActions": [_redirect("HTTPS")]}
    assert to_listener(listener, [], POLICIES).redirects_to_https is True
    forwarding_rule = [{"Actions": [{"Type": "forward"}], "IsDefault": False}]
    assert to_listener(listener, forwarding_rule, POLICIES).redirects_to_https is False
    assert to_listener(listener, None, POLICIES).redirects_to_https is None  # rules unread
    forward = {"Port": 80, "Protocol": "HTTP", "DefaultActions": [{"Type": "forward"}]}
    assert to_listener(forward, None, POLICIES).redirects_to_https is False


def test_tls_listener_policy_lookup():
    cert = "arn:aws:acm:us-east-1:1:certificate/x"
    https = {"Port": 443, "Protocol": "HTTPS", "SslPolicy": TLS12.name,
             "Certificates": [{"CertificateArn": cert}]}  # fmt: skip
    assert to_listener(https, None, POLICIES).certificate == cert
    assert to_listener(https, None, POLICIES).tls_policy == TLS12
    assert to_listener(https, None, None).tls_policy is None
    assert to_listener({**https, "SslPolicy": "unknown"}, None, POLICIES).tls_policy is None


def test_attribute_defaults_follow_aws():
    lb = {"LoadBalancerArn": "arn:lb/app/x/1", "LoadBalancerName": "x", "Type": "application"}
    model = to_load_balancer(lb, [], {}, "", region=REGION, account=ACCOUNT, collected_at=NOW)
    assert (model.access_logs, model.deletion_protection, model.drops_invalid_headers) == (
        False, False, False,
    )  # fmt: skip
    assert (model.desync_mitigation, model.internet_facing, model.web_acl) == (
        "defensive",
        True,
        "",
    )
    unread = to_load_balancer(
        lb, None, None, None, region=REGION, account=ACCOUNT, collected_at=NOW
    )
    assert (unread.listeners, unread.access_logs, unread.deletion_protection) == (None, None, None)
    nlb = to_load_balancer(
        {**lb, "Type": "network", "Scheme": "internal"},
        [], {"access_logs.s3.enabled": "true"}, None,
        region=REGION, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert (nlb.category, nlb.internet_facing, nlb.access_logs) == ("network", False, True)
    assert (nlb.drops_invalid_headers, nlb.web_acl) == (None, None)


def test_classic_policy_attributes_and_reference():
    explicit = {
        "PolicyName": "custom",
        "PolicyAttributeDescriptions": [
            {"AttributeName": "Protocol-TLSv1", "AttributeValue": "false"},
            {"AttributeName": "Protocol-TLSv1.2", "AttributeValue": "true"},
            {"AttributeName": "DES-CBC3-SHA", "AttributeValue": "true"},
            {"AttributeName": "RC4-SHA", "AttributeValue": "false"},
            {"AttributeName": "Server-Defined-Cipher-Order", "AttributeValue": "true"},
        ],
    }
    policy = classic_policy(explicit, {})
    assert policy == TlsPolicy(name="custom", protocols=("TLSv1.2",), ciphers=("DES-CBC3-SHA",))
    reference = {"PolicyName": "ref", "PolicyAttributeDescriptions": [
        {"AttributeName": "Reference-Security-Policy", "AttributeValue": TLS12.name}]}  # fmt: skip
    assert classic_policy(reference, POLICIES) == TlsPolicy(
        name="ref", protocols=TLS12.protocols, ciphers=TLS12.ciphers
    )
    assert classic_policy(reference, {}) is None


def test_classic_load_balancer_mapping():
    lb = {
        "LoadBalancerName": "legacy",
        "Scheme": "internet-facing",
        "ListenerDescriptions": [
            {"Listener": {"Protocol": "HTTP", "LoadBalancerPort": 80}, "PolicyNames": []},
            {"Listener": {"Protocol": "HTTPS", "LoadBalancerPort": 443}, "PolicyNames": ["p"]},
        ],
    }
    attributes = {"AccessLog": {"Enabled": True}, "AdditionalAttributes": [
        {"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]}  # fmt: skip
    model = to_classic_load_balancer(
        lb, attributes, {"p": TLS12}, region=REGION, account=ACCOUNT, collected_at=NOW
    )
    http, https = model.listeners or ()
    assert (http.redirects_to_https, https.tls_policy) == (False, TLS12)  # classic cannot redirect
    assert (model.access_logs, model.desync_mitigation, model.deletion_protection) == (
        True, "monitor", None,
    )  # fmt: skip
    # a block AWS did not return is off; attributes unread are unknown
    assert (model.connection_draining, model.cross_zone) == (False, False)
    drained = to_classic_load_balancer(
        {**lb, "AvailabilityZones": ["a", "b"]},
        {**attributes, "ConnectionDraining": {"Enabled": True, "Timeout": 300},
         "CrossZoneLoadBalancing": {"Enabled": True}},
        {}, region=REGION, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert (drained.connection_draining, drained.cross_zone, drained.zones) == (True, True, 2)
    unread = to_classic_load_balancer(
        lb, None, None, region=REGION, account=ACCOUNT, collected_at=NOW
    )
    assert (unread.connection_draining, unread.cross_zone, unread.zones) == (None, None, 0)


def test_to_tls_policies():
    table = to_tls_policies(
        [{"Name": "p", "SslProtocols": ["TLSv1.2"], "Ciphers": [{"Name": "c", "Priority": 1}]}]
    )
    assert table == {"p": TlsPolicy(name="p", protocols=("TLSv1.2",), ciphers=("c",))}


def test_collect_on_moto(aws_session: AwsSession):
    ec2 = aws_session.boto.client("ec2", region_name=REGION)
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    elbv2 = aws_session.boto.client("elbv2", region_name=REGION)
    arn = elbv2.create_load_balancer(Name="web", Subnets=subnets, Type="application")[
        "LoadBalancers"
    ][0]["LoadBalancerArn"]
    elbv2.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80,
                          DefaultActions=[_redirect("HTTPS")])  # fmt: skip
    acm = aws_session.boto.client("acm", region_name=REGION)
    cert = acm.request_certificate(DomainName="web.example.test")["CertificateArn"]
    elbv2.create_listener(
        LoadBalancerArn=arn, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-2016-08",
        Certificates=[{"CertificateArn": cert}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}],
    )  # fmt: skip
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}]
    )
    [model] = collect_load_balancers(aws_session, REGION)
    assert isinstance(model, LoadBalancer)
    listeners = {x.port: x for x in model.listeners or ()}
    assert listeners[80].redirects_to_https is True
    policy = listeners[443].tls_policy
    assert policy is not None
    assert "TLSv1" in policy.protocols  # moto serves AWS's table for ELBSecurityPolicy-2016-08
    assert (model.deletion_protection, model.web_acl) == (True, "")
    elb = aws_session.boto.client("elb", region_name=REGION)
    elb.create_load_balancer(
        LoadBalancerName="legacy", AvailabilityZones=[f"{REGION}a"],
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],
    )  # fmt: skip
    [classic] = collect_classic_load_balancers(aws_session, REGION)
    assert isinstance(classic, LoadBalancer)
    assert (classic.category, classic.access_logs) == ("classic", False)
    assert [x.redirects_to_https for x in classic.listeners or ()] == [False]
