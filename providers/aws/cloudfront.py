"""CloudFront distributions (global): ListDistributions, then GetDistributionConfig each.

Standard logging v2 is configured outside the distribution, as CloudWatch Logs deliveries
(DescribeDeliverySources, DescribeDeliveries in us-east-1, read once per scan).

Field semantics from the CloudFront API reference (DistributionConfig, ViewerCertificate,
Origin, CustomOriginConfig, S3OriginConfig, CacheBehavior).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.model import CdnDistribution, CdnOrigin, CdnRoute
from scanner.model.cdn import TlsVersion
from scanner.provider import Collector, Item

_PERMISSIONS = (
    "cloudfront:ListDistributions",
    "cloudfront:GetDistributionConfig",
    "logs:DescribeDeliverySources",
    "logs:DescribeDeliveries",
)
#: ViewerCertificate.MinimumProtocolVersion -> oldest TLS version it admits.
_POLICY_MIN_TLS: dict[str, TlsVersion] = {
    "SSLv3": "ssl3",
    "TLSv1": "1.0",
    "TLSv1_2016": "1.0",
    "TLSv1.1_2016": "1.1",
}
_GLOBAL_REGION = "us-east-1"


def _items(container: Mapping[str, Any] | None) -> list[Any]:
    """A CloudFront ``{"Quantity": n, "Items": [...]}`` list (absent: empty)."""
    return list((container or {}).get("Items") or ())


def viewer_tls(certificate: Mapping[str, Any] | None) -> tuple[TlsVersion, str, bool]:
    """Pure: ViewerCertificate -> (oldest TLS version, policy name, default certificate?).

    With the default ``*.cloudfront.net`` certificate CloudFront uses TLSv1 whatever
    MinimumProtocolVersion says; absent MinimumProtocolVersion defaults to TLSv1.
    """
    certificate = certificate or {}
    default = bool(certificate.get("CloudFrontDefaultCertificate")) or not (
        certificate.get("ACMCertificateArn") or certificate.get("IAMCertificateId")
    )
    if default:
        return "1.0", "TLSv1 (default CloudFront certificate)", True
    policy = str(certificate.get("MinimumProtocolVersion") or "TLSv1")
    if policy in _POLICY_MIN_TLS:
        return _POLICY_MIN_TLS[policy], policy, False
    return ("1.3" if policy.startswith("TLSv1.3") else "1.2"), policy, False


def to_origin(origin: Mapping[str, Any]) -> CdnOrigin:
    """Pure: an ``Origins.Items`` entry -> CdnOrigin."""
    oac = bool(origin.get("OriginAccessControlId"))
    if "S3OriginConfig" in origin:
        oai = bool((origin.get("S3OriginConfig") or {}).get("OriginAccessIdentity"))
        access = "oac" if oac else "oai" if oai else "none"
        return CdnOrigin(id=str(origin["Id"]), domain=str(origin.get("DomainName", "")),
                         kind="bucket", protocol="", bucket_access=access)  # fmt: skip
    if "VpcOriginConfig" in origin:
        return CdnOrigin(id=str(origin["Id"]), domain=str(origin.get("DomainName", "")),
                         kind="private-network", protocol="")  # fmt: skip
    custom = origin.get("CustomOriginConfig") or {}
    return CdnOrigin(
        id=str(origin["Id"]), domain=str(origin.get("DomainName", "")), kind="custom",
        protocol=custom.get("OriginProtocolPolicy", "match-viewer"),
        tls_protocols=tuple(str(p) for p in _items(custom.get("OriginSslProtocols"))),
    )  # fmt: skip


def _route(behavior: Mapping[str, Any], path: str) -> CdnRoute:
    return CdnRoute(
        path=path, origin_id=str(behavior.get("TargetOriginId", "")),
        viewer_protocol=behavior.get("ViewerProtocolPolicy", "allow-all"),
    )  # fmt: skip


def logged_resources(
    sources: list[Mapping[str, Any]], deliveries: list[Mapping[str, Any]]
) -> set[str]:
    """Pure: ARNs whose logs CloudWatch Logs delivers (standard logging v2).

    A delivery source names the resource; only a source with a delivery to a destination
    actually ships logs (CloudWatch Logs CreateDelivery reference).
    """
    delivering = {str(d.get("deliverySourceName", "")) for d in deliveries}
    return {
        str(arn)
        for source in sources
        if source.get("name") in delivering
        for arn in source.get("resourceArns") or ()
    }


def to_cdn_distribution(
    summary: Mapping[str, Any], config: Mapping[str, Any], *, account: str,
    collected_at: datetime, v2_logging: bool | None = False,
) -> CdnDistribution:  # fmt: skip
    """Pure: a DistributionSummary + its DistributionConfig -> CdnDistribution.

    Access logging is on with legacy standard logging (``Logging.Enabled``) or with standard
    logging v2 (``v2_logging``: a CloudWatch Logs delivery for the distribution; None when
    the deliveries could not be read).
    """
    routes = [_route(config.get("DefaultCacheBehavior") or {}, "*")]
    routes += [_route(b, str(b.get("PathPattern", ""))) for b in
               _items(config.get("CacheBehaviors"))]  # fmt: skip
    min_tls, policy, default = viewer_tls(config.get("ViewerCertificate"))
    logging = config.get("Logging")
    return CdnDistribution(
        uid=str(summary["ARN"]), provider="aws", account=account, region="global",
        service="cloudfront", name=str(summary.get("DomainName") or summary["Id"]),
        collected_at=collected_at, enabled=bool(config.get("Enabled", True)),
        routes=tuple(routes), origins=tuple(to_origin(o) for o in _items(config.get("Origins"))),
        viewer_min_tls=min_tls, viewer_tls_policy=policy, default_certificate=default,
        access_logging=_access_logging(logging, v2_logging),
        web_acl=str(config.get("WebACLId") or ""),
        default_root_object=str(config.get("DefaultRootObject") or ""),
    )  # fmt: skip


def _access_logging(legacy: Mapping[str, Any] | None, v2: bool | None) -> bool | None:
    if (legacy or {}).get("Enabled") or v2:
        return True
    if legacy is None or v2 is None:
        return None
    return False


def _v2_logged(session: AwsSession) -> set[str] | Exception:
    """Distribution ARNs with standard logging v2 (deliveries live in us-east-1)."""
    logs = session.client("logs", _GLOBAL_REGION)
    try:
        sources = paginate(logs, "describe_delivery_sources", "deliverySources")
        deliveries = paginate(logs, "describe_deliveries", "deliveries")
    except SDK_ERRORS as err:
        return err
    return logged_resources(sources, deliveries)


def collect_distributions(session: AwsSession, scope: str) -> Iterator[Item]:
    """Yield every CloudFront distribution of the account (a global service)."""
    client = session.client("cloudfront", _GLOBAL_REGION)
    try:
        summaries = [
            summary
            for page in client.get_paginator("list_distributions").paginate()
            for summary in _items(page.get("DistributionList"))
        ]
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=scope, resource="CdnDistribution", permission=_PERMISSIONS[0]
        ) from err

    def read(summary: Mapping[str, Any]) -> dict[str, Any] | Exception:
        try:
            return dict(client.get_distribution_config(Id=summary["Id"])["DistributionConfig"])
        except SDK_ERRORS as err:
            return err

    logged = _v2_logged(session) if summaries else set()
    now = session.now()
    for summary, config in zip(summaries, session.map(read, summaries), strict=True):
        if isinstance(config, Exception):
            yield translate_error(config, scope=scope, resource="CdnDistribution",
                                  permission=_PERMISSIONS[1], uid=str(summary["ARN"]))  # fmt: skip
            continue
        arn = str(summary["ARN"])
        v2 = None if isinstance(logged, Exception) else arn in logged
        item = to_cdn_distribution(summary, config, account=session.account, collected_at=now,
                                   v2_logging=v2)  # fmt: skip
        yield item
        if isinstance(logged, Exception) and item.access_logging is None:
            yield translate_error(logged, scope=scope, resource="CdnDistribution",
                                  permission=_PERMISSIONS[2], uid=arn)  # fmt: skip


COLLECTORS = (
    Collector(CdnDistribution, collect_distributions, permissions=_PERMISSIONS, scope="global"),
)
