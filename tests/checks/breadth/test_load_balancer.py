"""Near-miss twins for the load balancer checks. Policies are AWS's predefined ones with the
protocols DescribeSSLPolicies returns (ELB user guides, "Security policies for your
Application Load Balancer" / "... Network Load Balancer", and for Classic Load Balancers
"Predefined SSL security policies")."""

from __future__ import annotations

from typing import Any

import pytest

from checks.network.load_balancer import (
    classic_connection_draining,
    classic_cross_zone,
    classic_listener_acm_certificate,
    is_weak_cipher,
    load_balancer_access_logs,
    load_balancer_deletion_protection,
    load_balancer_desync_mitigation,
    load_balancer_drops_invalid_headers,
    load_balancer_http_redirects,
    load_balancer_multi_zone,
    load_balancer_tls_modern_protocols,
    load_balancer_tls_strong_ciphers,
    load_balancer_web_acl,
)
from scanner.findings import Status
from scanner.model import Listener, TlsPolicy
from tests.checks.factories_breadth import TLS13_POLICY, load_balancer

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
HTTPS = Listener(port=443, protocol="HTTPS", tls_policy=TLS13_POLICY)
NLB_TLS = (Listener(port=443, protocol="TLS", tls_policy=TLS13_POLICY),)
NLB_TCP = (Listener(port=443, protocol="TCP"),)


def _policy(
    name: str, *protocols: str, ciphers: tuple[str, ...] = ("AES128-GCM-SHA256",)
) -> TlsPolicy:
    return TlsPolicy(name=name, protocols=protocols, ciphers=ciphers)


def _https(policy: TlsPolicy | None, port: int = 443, protocol: str = "HTTPS") -> Listener:
    return Listener(port=port, protocol=protocol, tls_policy=policy)


@pytest.mark.parametrize(
    ("listeners", "expected"),
    [
        ((Listener(port=80, protocol="HTTP", redirects_to_https=True), HTTPS), PASS),
        ((Listener(port=80, protocol="HTTP", redirects_to_https=False), HTTPS), FAIL),
        # every listener on its own: one redirecting HTTP listener does not excuse another
        (
            (
                Listener(port=80, protocol="HTTP", redirects_to_https=True),
                Listener(port=8080, protocol="HTTP", redirects_to_https=False),
            ),
            FAIL,
        ),
        ((Listener(port=80, protocol="HTTP", redirects_to_https=None),), UNKNOWN),
        ((HTTPS,), NA),
        ((Listener(port=443, protocol="TCP"),), NA),
        (None, UNKNOWN),
    ],
)
def test_http_redirect(listeners: Any, expected: Status):
    assert load_balancer_http_redirects(load_balancer(listeners=listeners)).status is expected


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (TLS13_POLICY, PASS),
        (_policy("ELBSecurityPolicy-TLS13-1-3-2021-06", "TLSv1.3"), PASS),
        (_policy("ELBSecurityPolicy-TLS-1-2-2017-01", "TLSv1.2"), PASS),
        # near miss: the 1.1 policies still offer TLSv1.1 next to 1.2
        (_policy("ELBSecurityPolicy-TLS-1-1-2017-01", "TLSv1.1", "TLSv1.2"), FAIL),
        (_policy("ELBSecurityPolicy-TLS13-1-1-2021-06", "TLSv1.1", "TLSv1.2", "TLSv1.3"), FAIL),
        (_policy("ELBSecurityPolicy-2016-08", "TLSv1", "TLSv1.1", "TLSv1.2"), FAIL),
        (_policy("custom-classic", "SSLv3", "TLSv1.2"), FAIL),
        (None, UNKNOWN),
    ],
)
def test_tls_protocols(policy: TlsPolicy | None, expected: Status):
    lb = load_balancer(listeners=(_https(policy),))
    assert load_balancer_tls_modern_protocols(lb).status is expected


def test_tls_listeners_judged_each_on_its_own():
    old = _policy("ELBSecurityPolicy-2016-08", "TLSv1", "TLSv1.1", "TLSv1.2")
    lb = load_balancer(listeners=(_https(TLS13_POLICY), _https(old, 8443)))
    result = load_balancer_tls_modern_protocols(lb)
    assert result.status is FAIL
    assert "HTTPS/8443" in result.reason
    assert "HTTPS/443" not in result.reason
    # a failing listener is reported even when another one's policy is unreadable
    lb = load_balancer(listeners=(_https(None), _https(old, 8443)))
    assert load_balancer_tls_modern_protocols(lb).status is FAIL
    # NLB TLS listener and classic SSL listener count as TLS listeners too
    lb = load_balancer(category="network", listeners=(_https(old, 443, "TLS"),))
    assert load_balancer_tls_modern_protocols(lb).status is FAIL
    lb = load_balancer(category="classic", listeners=(_https(old, 443, "SSL"),))
    assert load_balancer_tls_modern_protocols(lb).status is FAIL
    assert load_balancer_tls_modern_protocols(load_balancer(listeners=())).status is NA


@pytest.mark.parametrize(
    ("cipher", "weak"),
    [
        ("ECDHE-RSA-AES128-GCM-SHA256", False),
        ("AES128-SHA", False),
        ("TLS_AES_128_GCM_SHA256", False),
        ("DES-CBC3-SHA", True),  # in ELBSecurityPolicy-2015-05 and older classic policies
        ("ECDHE-RSA-DES-CBC3-SHA", True),
        ("TLS_RSA_WITH_3DES_EDE_CBC_SHA", True),
        ("RC4-SHA", True),
        ("EXP-RC4-MD5", True),
        ("NULL-SHA256", True),
        ("ADH-AES128-SHA", True),
    ],
)
def test_weak_cipher_names(cipher: str, weak: bool):
    assert is_weak_cipher(cipher) is weak


@pytest.mark.parametrize(
    ("ciphers", "expected"),
    [
        (("ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"), PASS),
        (("ECDHE-RSA-AES128-GCM-SHA256", "DES-CBC3-SHA"), FAIL),  # one weak suite is enough
    ],
)
def test_tls_ciphers(ciphers: tuple[str, ...], expected: Status):
    # near miss: TLS 1.2 only (passes NET-502), yet a 3DES suite fails NET-503
    lb = load_balancer(listeners=(_https(_policy("custom", "TLSv1.2", ciphers=ciphers)),))
    assert load_balancer_tls_modern_protocols(lb).status is PASS
    assert load_balancer_tls_strong_ciphers(lb).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"access_logs": False}, FAIL),
        ({"access_logs": None}, UNKNOWN),
        ({"category": "classic", "access_logs": False}, FAIL),
        # NLB access logs exist only for TLS listeners (ELB user guide for NLB, access logs)
        ({"category": "network", "access_logs": False, "listeners": NLB_TLS}, FAIL),
        ({"category": "network", "access_logs": False, "listeners": NLB_TCP}, NA),
        ({"category": "gateway", "access_logs": False, "listeners": ()}, NA),
    ],
)
def test_access_logs(overrides: dict[str, Any], expected: Status):
    assert load_balancer_access_logs(load_balancer(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"deletion_protection": False}, FAIL),
        ({"category": "network", "deletion_protection": False}, FAIL),
        ({"deletion_protection": None}, UNKNOWN),
        ({"category": "classic", "deletion_protection": None}, NA),
    ],
)
def test_deletion_protection(overrides: dict[str, Any], expected: Status):
    assert load_balancer_deletion_protection(load_balancer(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"drops_invalid_headers": False}, FAIL),
        ({"drops_invalid_headers": None}, UNKNOWN),
        ({"category": "network", "drops_invalid_headers": None}, NA),
        ({"category": "classic", "drops_invalid_headers": None}, NA),
    ],
)
def test_invalid_headers(overrides: dict[str, Any], expected: Status):
    assert load_balancer_drops_invalid_headers(load_balancer(**overrides)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"web_acl": ""}, FAIL),
        ({"web_acl": "", "internet_facing": False}, NA),  # near miss: internal ALB
        ({"web_acl": None}, UNKNOWN),
        ({"category": "network", "web_acl": None}, NA),
    ],
)
def test_web_acl(overrides: dict[str, Any], expected: Status):
    assert load_balancer_web_acl(load_balancer(**overrides)).status is expected


# ELB user guide, "Desync mitigation mode": monitor, defensive (default), strictest.
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"desync_mitigation": "strictest"}, PASS),
        ({"desync_mitigation": "monitor"}, FAIL),
        ({"category": "classic", "desync_mitigation": "monitor"}, FAIL),
        ({"desync_mitigation": None}, UNKNOWN),
        ({"category": "network", "desync_mitigation": None}, NA),
    ],
)
def test_desync(overrides: dict[str, Any], expected: Status):
    assert load_balancer_desync_mitigation(load_balancer(**overrides)).status is expected


# Security Hub ELB.10 / ELB.13: at least two Availability Zones.
@pytest.mark.parametrize(
    ("zones", "expected"), [(2, PASS), (3, PASS), (1, FAIL), (0, FAIL), (None, UNKNOWN)]
)
def test_multi_zone(zones: int | None, expected: Status):
    assert load_balancer_multi_zone(load_balancer(zones=zones)).status is expected


# Security Hub ELB.7 (connection draining) and ELB.9 (cross-zone): Classic only.
@pytest.mark.parametrize(
    ("overrides", "draining", "cross"),
    [
        ({"category": "classic"}, PASS, PASS),
        ({"category": "classic", "connection_draining": False}, FAIL, PASS),
        ({"category": "classic", "cross_zone": False}, PASS, FAIL),
        (
            {"category": "classic", "connection_draining": None, "cross_zone": None},
            UNKNOWN,
            UNKNOWN,
        ),
        ({"connection_draining": None, "cross_zone": None}, NA, NA),  # application LB
    ],
)
def test_classic_only_settings(overrides: dict[str, Any], draining: Status, cross: Status):
    lb = load_balancer(**overrides)
    assert classic_connection_draining(lb).status is draining
    assert classic_cross_zone(lb).status is cross


ACM = "arn:aws:acm:us-east-1:123456789012:certificate/1"
IAM_CERT = "arn:aws:iam::123456789012:server-certificate/legacy"


def _classic_tls(*certificates: str | None) -> Any:
    return tuple(
        Listener(port=443 + i, protocol="HTTPS", tls_policy=TLS13_POLICY, certificate=c)
        for i, c in enumerate(certificates)
    )


# Security Hub ELB.2: Classic Load Balancers with SSL/HTTPS listeners use ACM certificates.
@pytest.mark.parametrize(
    ("listeners", "expected"),
    [
        (_classic_tls(ACM), PASS),
        (_classic_tls(IAM_CERT), FAIL),  # near miss: a valid certificate, but from IAM
        (_classic_tls(ACM, IAM_CERT), FAIL),  # every listener on its own
        (_classic_tls(None), UNKNOWN),
        ((Listener(port=80, protocol="HTTP", redirects_to_https=False),), NA),
        (None, UNKNOWN),
    ],
)
def test_classic_acm_certificate(listeners: Any, expected: Status):
    lb = load_balancer(category="classic", listeners=listeners)
    assert classic_listener_acm_certificate(lb).status is expected


def test_acm_certificate_rule_is_classic_only():
    lb = load_balancer(listeners=_classic_tls(IAM_CERT))
    assert classic_listener_acm_certificate(lb).status is NA
