"""Checks over CDN distributions (CloudFront first): viewer and origin TLS, access, logs."""

from __future__ import annotations

from checks.workloads._controls import HARDENING, IN_TRANSIT, LOGGING, PRIVILEGE, WAF
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import CdnDistribution
from scanner.model.cdn import TLS_ORDER
from scanner.registry import check

#: Origin protocols older than TLS 1.2 (CloudFront OriginSslProtocols spellings).
_OLD_ORIGIN_PROTOCOLS = ("SSLv3", "TLSv1", "TLSv1.1")


@check(
    id="CDN-001",
    title="Distributions require HTTPS from viewers on every cache behaviour",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=IN_TRANSIT,
    providers=("aws",),
)
def cdn_viewers_use_https(dist: CdnDistribution) -> Result:
    """A behaviour that allows plain HTTP serves content and accepts cookies, tokens and
    form posts unencrypted on that path, open to interception and tampering (Security Hub
    CloudFront.3). Each cache behaviour is judged on its own.

    Remediation: set the viewer protocol policy of the default and every other cache
    behaviour to redirect-to-https or https-only.
    """
    plain = [r.path for r in dist.routes if r.viewer_protocol == "allow-all"]
    if plain:
        return failed(f"plain HTTP allowed on behaviour(s): {', '.join(plain)}")
    return passed(f"{len(dist.routes)} behaviour(s), all HTTPS only or redirected")


@check(
    id="CDN-002",
    title="Distributions accept only TLS 1.2 or later from viewers",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=(*IN_TRANSIT, "nist-800-53-r5:SC-13"),
    providers=("aws",),
)
def cdn_viewer_tls(dist: CdnDistribution) -> Result:
    """TLS 1.0 and 1.1 have known weaknesses and are deprecated (RFC 8996); a security
    policy that still admits them lets a downgraded client connect. With the default
    *.cloudfront.net certificate CloudFront always admits TLSv1.

    Remediation: serve the distribution with your own certificate (ACM) and a security
    policy of TLSv1.2_2021 or later.
    """
    if TLS_ORDER.index(dist.viewer_min_tls) < TLS_ORDER.index("1.2"):
        return failed(f"security policy {dist.viewer_tls_policy} admits TLS below 1.2")
    return passed(f"security policy {dist.viewer_tls_policy}")


@check(
    id="CDN-003",
    title="Distributions encrypt traffic to custom origins",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=IN_TRANSIT,
    providers=("aws",),
)
def cdn_origin_https(dist: CdnDistribution) -> Result:
    """An origin reached over HTTP carries every request and response in clear between the
    edge and the origin, even when viewers use HTTPS (Security Hub CloudFront.9): origin
    protocol http-only, or match-viewer behind a behaviour that allows plain HTTP.

    Remediation: set the origin protocol policy of custom origins to https-only (or
    match-viewer with every behaviour routed there requiring HTTPS).
    """
    custom = [o for o in dist.origins if o.kind == "custom"]
    if not custom:
        return not_applicable("no custom origin")
    plain_routes = {r.origin_id for r in dist.routes if r.viewer_protocol == "allow-all"}
    bad = [
        o.id
        for o in custom
        if o.protocol == "http-only" or (o.protocol == "match-viewer" and o.id in plain_routes)
    ]
    if bad:
        return failed(f"origin(s) reached over plain HTTP: {', '.join(bad)}")
    return passed(f"{len(custom)} custom origin(s) reached over HTTPS")


@check(
    id="CDN-004",
    title="Distributions reach custom origins with TLS 1.2 or later only",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=(*IN_TRANSIT, "nist-800-53-r5:SC-13"),
    providers=("aws",),
)
def cdn_origin_tls(dist: CdnDistribution) -> Result:
    """If SSLv3, TLSv1 or TLSv1.1 are allowed towards an origin, the edge falls back to them
    whenever the origin offers nothing better, so the hop uses a broken protocol
    (Security Hub CloudFront.10 names SSLv3; TLS 1.0/1.1 are deprecated by RFC 8996).

    Remediation: allow only TLSv1.2 in the origin SSL protocols of every custom origin.
    """
    custom = [o for o in dist.origins if o.kind == "custom" and o.protocol != "http-only"]
    if not custom:
        return not_applicable("no custom origin reached over HTTPS")
    bad = [
        f"{o.id} ({', '.join(p for p in o.tls_protocols if p in _OLD_ORIGIN_PROTOCOLS)})"
        for o in custom
        if any(p in _OLD_ORIGIN_PROTOCOLS for p in o.tls_protocols)
    ]
    if bad:
        return failed(f"deprecated protocols towards origin(s): {'; '.join(bad)}")
    return passed(f"{len(custom)} custom origin(s) limited to TLS 1.2+")


@check(
    id="CDN-005",
    title="Distributions reach bucket origins through origin access control",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=(*PRIVILEGE, "nist-800-53-r5:AC-3"),
    providers=("aws",),
)
def cdn_bucket_origin_access_control(dist: CdnDistribution) -> Result:
    """Without origin access control the bucket must be readable by everyone for the CDN to
    fetch it, so the CDN's HTTPS, WAF and geo rules can be bypassed by going to the bucket
    directly. The legacy origin access identity lacks SSE-KMS and newer regions (Security
    Hub CloudFront.13).

    Remediation: create an origin access control, attach it to each S3 origin and let the
    bucket policy allow only the distribution (aws:SourceArn).
    """
    buckets = [o for o in dist.origins if o.kind == "bucket"]
    if not buckets:
        return not_applicable("no bucket origin")
    bad = [f"{o.id} ({o.bucket_access})" for o in buckets if o.bucket_access != "oac"]
    if bad:
        return failed(f"bucket origin(s) without origin access control: {', '.join(bad)}")
    return passed(f"{len(buckets)} bucket origin(s) with origin access control")


@check(
    id="CDN-006",
    title="Distributions write access logs",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=LOGGING,
    providers=("aws",),
)
def cdn_access_logging(dist: CdnDistribution) -> Result:
    """Edge access logs are the only record of which clients requested what through the
    CDN; without them abuse and data scraping go unseen (Security Hub CloudFront.5). Legacy
    standard logging and standard logging v2 (a CloudWatch Logs delivery) both count.

    Remediation: enable standard logging (v2: a delivery to CloudWatch Logs, S3 or
    Firehose) on the distribution.
    """
    if dist.access_logging is None:
        return unknown("logging configuration unreadable")
    if dist.access_logging:
        return passed("standard access logging on")
    return failed("no standard logging (legacy or v2 delivery)")


@check(
    id="CDN-007",
    title="Distributions are protected by a web application firewall",
    severity=Severity.MEDIUM,
    resource=CdnDistribution,
    controls=WAF,
    providers=("aws",),
)
def cdn_web_acl(dist: CdnDistribution) -> Result:
    """Without a web ACL every request reaches the origin unfiltered: injection attempts,
    bad bots and request floods included (Security Hub CloudFront.6).

    Remediation: associate an AWS WAF web ACL with the distribution.
    """
    if dist.web_acl:
        return passed(f"web ACL {dist.web_acl}")
    return failed("no web ACL associated")


@check(
    id="CDN-008",
    title="Distributions define a default root object",
    severity=Severity.LOW,
    resource=CdnDistribution,
    controls=HARDENING,
    providers=("aws",),
)
def cdn_default_root_object(dist: CdnDistribution) -> Result:
    """A request for the bare domain is passed to the origin as-is; with an S3 origin that
    can list the bucket's contents (Security Hub CloudFront.1).

    Remediation: set the distribution's default root object (for example index.html).
    """
    if dist.default_root_object:
        return passed(f"default root object {dist.default_root_object}")
    return failed("no default root object")
