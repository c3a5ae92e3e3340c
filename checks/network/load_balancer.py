"""Checks over load balancers and their listeners (Elastic Load Balancing first).

Every listener is judged on its own; a load balancer fails when one of its listeners does,
and the reason names each failing listener (port/protocol).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Listener, LoadBalancer, TlsPolicy
from scanner.registry import Threshold, check

_IN_TRANSIT = (
    "soc2:CC6.7",
    "iso27001-2022:A.8.24",
    "nist-csf-2.0:PR.DS-02",
    "nist-800-53-r5:SC-8",
    "nist-800-53-r5:SC-13",
)
_LOGGING = ("soc2:CC7.2", "iso27001-2022:A.8.15", "nist-csf-2.0:DE.CM-01", "nist-800-53-r5:AU-2")
_HARDENING = ("soc2:CC6.8", "iso27001-2022:A.8.9", "nist-csf-2.0:PR.PS-01", "nist-800-53-r5:CM-6")
#: Protocols at or above TLS 1.2 (NIST SP 800-52r2 requires TLS 1.2 or later).
MODERN_TLS = frozenset({"TLSv1.2", "TLSv1.3"})
#: Cipher-name tokens of broken or export-grade suites: RC4, (3)DES, NULL, EXPORT, MD5,
#: anonymous key exchange (OpenSSL and IANA spellings).
WEAK_CIPHER_TOKENS = frozenset(
    {"RC4", "DES", "3DES", "NULL", "EXP", "EXPORT", "MD5", "ADH", "AECDH", "ANON"}
)


def _label(listener: Listener) -> str:
    return f"{listener.protocol}/{listener.port}"


def _tls_listeners(lb: LoadBalancer) -> list[Listener] | None:
    if lb.listeners is None:
        return None
    return [listener for listener in lb.listeners if listener.terminates_tls]


def is_weak_cipher(name: str) -> bool:
    """A cipher suite name containing a token of a broken or export-grade algorithm."""
    return bool(WEAK_CIPHER_TOKENS & {t.upper() for t in re.split(r"[-_]", name)})


@check(
    id="NET-501",
    title="Plain HTTP listeners redirect every request to HTTPS",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=_IN_TRANSIT,
    providers=("aws",),
)
def load_balancer_http_redirects(lb: LoadBalancer) -> Result:
    """A listener that serves plain HTTP sends cookies, tokens and form data in clear text
    to anyone on the path; redirecting every request to HTTPS leaves nothing served in clear.

    Remediation: make the HTTP listener's default action (and every rule) a redirect to
    HTTPS (``Protocol: HTTPS``, status 301); Classic Load Balancers cannot redirect, so
    remove their HTTP listener or migrate to an Application Load Balancer.
    """
    if lb.listeners is None:
        return unknown("listeners unreadable")
    plain = [listener for listener in lb.listeners if listener.protocol == "HTTP"]
    if not plain:
        return not_applicable("no plain HTTP listener")
    serving = [_label(x) for x in plain if x.redirects_to_https is False]
    unread = [_label(x) for x in plain if x.redirects_to_https is None]
    if serving:
        return failed(f"serves plain HTTP without redirecting to HTTPS: {', '.join(serving)}")
    if unread:
        return unknown(f"listener rules unreadable: {', '.join(unread)}")
    return passed(f"redirects to HTTPS: {', '.join(_label(x) for x in plain)}")


def _judge_policies(lb: LoadBalancer, bad: str, judge: Callable[[TlsPolicy], list[str]]) -> Result:
    listeners = _tls_listeners(lb)
    if listeners is None:
        return unknown("listeners unreadable")
    if not listeners:
        return not_applicable("no TLS listener")
    failing: list[str] = []
    unread: list[str] = []
    for listener in listeners:
        if listener.tls_policy is None:
            unread.append(_label(listener))
            continue
        found = judge(listener.tls_policy)
        if found:
            failing.append(f"{_label(listener)} ({listener.tls_policy.name}: {', '.join(found)})")
    if failing:
        return failed(f"{bad}: {'; '.join(failing)}")
    if unread:
        return unknown(f"TLS policy unreadable for {', '.join(unread)}")
    return passed(", ".join(f"{_label(x)} {x.tls_policy.name}" for x in listeners if x.tls_policy))


@check(
    id="NET-502",
    title="TLS listeners negotiate only TLS 1.2 or newer",
    severity=Severity.HIGH,
    resource=LoadBalancer,
    controls=(*_IN_TRANSIT, "nist-800-53-r5:SC-23"),
    providers=("aws",),
)
def load_balancer_tls_modern_protocols(lb: LoadBalancer) -> Result:
    """TLS 1.0 and 1.1 (and SSLv3) have known downgrade and padding-oracle weaknesses and are
    deprecated by RFC 8996; a listener whose policy still offers them lets a client or an
    attacker in the middle pick them.

    Remediation: switch every HTTPS/TLS/SSL listener to a policy allowing only TLS 1.2 and
    1.3, e.g. ``ELBSecurityPolicy-TLS13-1-2-2021-06`` (or ``ELBSecurityPolicy-TLS-1-2-2017-01``
    on Classic Load Balancers).
    """
    return _judge_policies(
        lb,
        "allows protocols older than TLS 1.2",
        lambda policy: sorted(p for p in policy.protocols if p not in MODERN_TLS),
    )


@check(
    id="NET-503",
    title="TLS listeners offer no broken or export-grade cipher suites",
    severity=Severity.HIGH,
    resource=LoadBalancer,
    controls=(*_IN_TRANSIT, "nist-800-53-r5:SC-23"),
    providers=("aws",),
)
def load_balancer_tls_strong_ciphers(lb: LoadBalancer) -> Result:
    """RC4, DES/3DES, NULL, export-grade, MD5 and anonymous suites can be broken or let an
    attacker impersonate the server; a policy that offers them undoes the protection TLS
    is meant to give, whatever protocol version is negotiated.

    Remediation: use a current predefined policy (all ELBSecurityPolicy-TLS13-* policies
    qualify); on Classic Load Balancers replace custom policies enabling such ciphers.
    """
    return _judge_policies(
        lb,
        "offers weak cipher suites",
        lambda policy: sorted(c for c in policy.ciphers if is_weak_cipher(c)),
    )


@check(
    id="NET-504",
    title="Load balancers write access logs",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=(*_LOGGING, "nist-800-53-r5:AU-12"),
    providers=("aws",),
)
def load_balancer_access_logs(lb: LoadBalancer) -> Result:
    """Access logs record every request with client address, path and TLS details; without
    them an incident response cannot tell who reached the application or what they sent.

    Remediation: enable access logs to an S3 bucket (application/classic: attribute
    ``access_logs.s3.enabled`` / AccessLog; network load balancers log TLS listeners only).
    """
    if lb.category == "gateway":
        return not_applicable("gateway load balancers have no access logs")
    if lb.category == "network":
        tls = _tls_listeners(lb)
        if tls is None:
            return unknown("listeners unreadable")
        if not tls:
            return not_applicable("network load balancers log only TLS listeners; none here")
    if lb.access_logs is None:
        return unknown("load balancer attributes unreadable")
    return passed("access logs enabled") if lb.access_logs else failed("access logs disabled")


@check(
    id="NET-505",
    title="Load balancers have deletion protection enabled",
    severity=Severity.LOW,
    resource=LoadBalancer,
    controls=("soc2:A1.2", "iso27001-2022:A.8.14", "nist-csf-2.0:PR.IR-03", "nist-800-53-r5:CP-10"),
    providers=("aws",),
)
def load_balancer_deletion_protection(lb: LoadBalancer) -> Result:
    """One mistaken delete of a load balancer takes the application offline and loses its
    DNS name; deletion protection makes that a two-step, deliberate act.

    Remediation: set the attribute ``deletion_protection.enabled`` to true.
    """
    if lb.category == "classic":
        return not_applicable("Classic Load Balancers have no deletion protection setting")
    if lb.deletion_protection is None:
        return unknown("load balancer attributes unreadable")
    if lb.deletion_protection:
        return passed("deletion protection enabled")
    return failed("deletion protection disabled")


@check(
    id="NET-506",
    title="Application load balancers drop invalid HTTP header fields",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=(*_HARDENING, "nist-800-53-r5:SI-10"),
    providers=("aws",),
)
def load_balancer_drops_invalid_headers(lb: LoadBalancer) -> Result:
    """Header names with characters outside the HTTP grammar are a vehicle for request
    smuggling and header injection against the targets behind the load balancer.

    Remediation: set ``routing.http.drop_invalid_header_fields.enabled`` to true.
    """
    if lb.category != "application":
        return not_applicable(f"{lb.category} load balancers do not parse HTTP headers")
    if lb.drops_invalid_headers is None:
        return unknown("load balancer attributes unreadable")
    if lb.drops_invalid_headers:
        return passed("invalid header fields dropped")
    return failed("invalid header fields forwarded to targets")


@check(
    id="NET-507",
    title="Internet-facing application load balancers are protected by a web ACL",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "nist-800-53-r5:SI-4",
    ),
    providers=("aws",),
)
def load_balancer_web_acl(lb: LoadBalancer) -> Result:
    """An application exposed to the internet without a web application firewall meets
    injection, scanner and bot traffic with nothing but its own code in the way.

    Remediation: associate an AWS WAF web ACL (with the AWS managed core rule set at least)
    with the load balancer.
    """
    if lb.category != "application":
        return not_applicable(f"AWS WAF cannot protect {lb.category} load balancers")
    if not lb.internet_facing:
        return not_applicable("internal load balancer")
    if lb.web_acl is None:
        return unknown("web ACL association unreadable")
    return passed(f"web ACL {lb.web_acl}") if lb.web_acl else failed("no web ACL associated")


#: Desync mitigation modes that block requests AWS classifies as severe (ELB user guide,
#: "Desync mitigation mode"): defensive (default) and strictest; monitor only reports.
SAFE_DESYNC = frozenset({"defensive", "strictest"})


@check(
    id="NET-508",
    title="HTTP desync mitigation is defensive or strictest",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=(*_HARDENING, "nist-800-53-r5:SI-10"),
    providers=("aws",),
)
def load_balancer_desync_mitigation(lb: LoadBalancer) -> Result:
    """In monitor mode the load balancer forwards ambiguous requests that can desynchronise
    it from its targets (HTTP request smuggling), letting one client poison another's
    responses.

    Remediation: set ``routing.http.desync_mitigation_mode`` (classic:
    ``elb.http.desyncmitigationmode``) to defensive or strictest.
    """
    if lb.category not in {"application", "classic"}:
        return not_applicable(f"{lb.category} load balancers do not parse HTTP")
    if lb.desync_mitigation is None:
        return unknown("load balancer attributes unreadable")
    if lb.desync_mitigation in SAFE_DESYNC:
        return passed(f"desync mitigation {lb.desync_mitigation}")
    return failed(f"desync mitigation {lb.desync_mitigation}")


_AVAILABILITY = (
    "soc2:A1.2",
    "iso27001-2022:A.8.14",
    "nist-csf-2.0:PR.IR-03",
    "nist-800-53-r5:CP-10",
    "nist-800-53-r5:SC-5",
)


@check(
    id="NET-510",
    title="Load balancers span at least two availability zones",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=_AVAILABILITY,
    providers=("aws",),
    thresholds=(
        Threshold(
            "min_zones",
            2,
            unit="availability zones",
            minimum=1,
            description="the load balancer must span at least this many availability zones",
            source="AWS Security Hub ELB.13 (minAvailabilityZones, default 2) and AWS Config "
            "elbv2-multiple-az",
        ),
    ),
)
def load_balancer_multi_zone(lb: LoadBalancer, *, min_zones: int) -> Result:
    """A load balancer in one availability zone goes down with that zone, taking every
    target behind it offline even when they run elsewhere.

    Remediation: enable at least two availability zones (subnets) on the load balancer and
    keep registered targets in each.
    """
    if lb.zones is None:
        return unknown("availability zones unreadable")
    if lb.zones >= min_zones:
        return passed(f"spans {lb.zones} availability zones")
    return failed(f"spans {lb.zones} availability zone(s); needs {min_zones}")


@check(
    id="NET-511",
    title="Classic load balancers drain connections before deregistering targets",
    severity=Severity.LOW,
    resource=LoadBalancer,
    controls=_AVAILABILITY,
    providers=("aws",),
)
def classic_connection_draining(lb: LoadBalancer) -> Result:
    """Without connection draining, deregistering or replacing an instance cuts the requests
    it is serving, so every deployment or scale-in drops user traffic.

    Remediation: enable connection draining (ConnectionDraining, e.g. 300 seconds).
    """
    if lb.category != "classic":
        return not_applicable(f"{lb.category} load balancers always drain (deregistration delay)")
    if lb.connection_draining is None:
        return unknown("load balancer attributes unreadable")
    if lb.connection_draining:
        return passed("connection draining on")
    return failed("connection draining off")


@check(
    id="NET-512",
    title="Classic load balancers balance across zones",
    severity=Severity.LOW,
    resource=LoadBalancer,
    controls=_AVAILABILITY,
    providers=("aws",),
)
def classic_cross_zone(lb: LoadBalancer) -> Result:
    """Without cross-zone load balancing each zone's node only uses its own instances, so an
    uneven zone is overloaded while others idle, and a zone with few healthy instances fails
    first.

    Remediation: enable cross-zone load balancing (CrossZoneLoadBalancing) on the load
    balancer.
    """
    if lb.category != "classic":
        return not_applicable(f"{lb.category} load balancers: out of scope")
    if lb.cross_zone is None:
        return unknown("load balancer attributes unreadable")
    return (
        passed("cross-zone load balancing on")
        if lb.cross_zone
        else failed("cross-zone load balancing off")
    )


@check(
    id="NET-513",
    title="Classic load balancer TLS listeners use ACM certificates",
    severity=Severity.MEDIUM,
    resource=LoadBalancer,
    controls=(*_IN_TRANSIT, "nist-800-53-r5:SC-12"),
    providers=("aws",),
)
def classic_listener_acm_certificate(lb: LoadBalancer) -> Result:
    """Certificates uploaded to IAM are renewed by hand and expire silently; ACM renews the
    certificates it issues and warns before imported ones expire (Security Hub ELB.2).

    Remediation: request or import the certificate in ACM and set it on every HTTPS/SSL
    listener (``aws elb set-load-balancer-listener-ssl-certificate``).
    """
    if lb.category != "classic":
        return not_applicable(f"{lb.category} load balancers: out of scope (ELB.2)")
    listeners = _tls_listeners(lb)
    if listeners is None:
        return unknown("listeners unreadable")
    if not listeners:
        return not_applicable("no TLS listener")
    unread = [_label(x) for x in listeners if not x.certificate]
    outside = [_label(x) for x in listeners if x.certificate and ":acm:" not in x.certificate]
    if outside:
        return failed(f"certificate not from ACM on {', '.join(outside)}")
    if unread:
        return unknown(f"certificate unreadable for {', '.join(unread)}")
    return passed("every TLS listener uses an ACM certificate")
