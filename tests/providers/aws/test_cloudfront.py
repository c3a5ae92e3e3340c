"""CloudFront distributions: mappers on API JSON, collector on moto (global scope)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws.cloudfront import (
    collect_distributions,
    logged_resources,
    to_cdn_distribution,
    to_origin,
    viewer_tls,
)
from providers.aws.session import AwsSession
from scanner.errors import CollectionError
from scanner.model import CdnDistribution
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
CERT = f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/c"


@pytest.mark.parametrize(
    ("certificate", "expected"),
    [
        # the default certificate pins TLSv1 whatever MinimumProtocolVersion says
        ({"CloudFrontDefaultCertificate": True, "MinimumProtocolVersion": "TLSv1.2_2021"},
         ("1.0", True)),
        (None, ("1.0", True)),
        ({"ACMCertificateArn": CERT, "MinimumProtocolVersion": "SSLv3"}, ("ssl3", False)),
        ({"ACMCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1"}, ("1.0", False)),
        ({"ACMCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1_2016"}, ("1.0", False)),
        ({"ACMCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1.1_2016"}, ("1.1", False)),
        ({"ACMCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1.2_2018"}, ("1.2", False)),
        ({"ACMCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1.2_2021"}, ("1.2", False)),
        ({"IAMCertificateId": "ASC", "MinimumProtocolVersion": "TLSv1.3_2025"}, ("1.3", False)),
        ({"ACMCertificateArn": CERT}, ("1.0", False)),  # absent: TLSv1
    ],
)  # fmt: skip
def test_viewer_tls(certificate, expected):
    tls, _, default = viewer_tls(certificate)
    assert (tls, default) == expected


@pytest.mark.parametrize(
    ("origin", "kind", "access"),
    [
        ({"S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2"},
         "bucket", "oac"),
        ({"S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E1"}},
         "bucket", "oai"),
        ({"S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": ""},
         "bucket", "none"),
        ({"CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}}, "custom", None),
        ({"VpcOriginConfig": {"VpcOriginId": "vo"}}, "private-network", None),
    ],
)  # fmt: skip
def test_origin_kinds(origin, kind, access):
    mapped = to_origin({"Id": "o", "DomainName": "d", **origin})
    assert (mapped.kind, mapped.bucket_access) == (kind, access)


def test_distribution_mapping_keeps_every_behaviour():
    config: dict[str, Any] = {
        "Enabled": True,
        "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "https-only"},
        "CacheBehaviors": {"Quantity": 1, "Items": [
            {"PathPattern": "/x/*", "TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all"}]},
        "Origins": {"Quantity": 1, "Items": [{"Id": "o", "DomainName": "o.example.com",
            "CustomOriginConfig": {"OriginProtocolPolicy": "match-viewer",
                                   "OriginSslProtocols": {"Quantity": 2,
                                                          "Items": ["TLSv1", "TLSv1.2"]}}}]},
        "Logging": {"Enabled": False, "Bucket": "", "Prefix": "", "IncludeCookies": False},
        "WebACLId": "",
    }  # fmt: skip
    dist = to_cdn_distribution(
        {"ARN": "arn:aws:cloudfront::1:distribution/E", "Id": "E", "DomainName": "d.net"},
        config, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert [(r.path, r.viewer_protocol) for r in dist.routes] == [
        ("*", "https-only"), ("/x/*", "allow-all"),
    ]  # fmt: skip
    assert dist.origins[0].tls_protocols == ("TLSv1", "TLSv1.2")
    assert (dist.access_logging, dist.web_acl, dist.default_root_object) == (False, "", "")


def _config(ref: str, **extra: Any) -> dict[str, Any]:
    return {
        "CallerReference": ref,
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "site", "DomainName": "site.s3.amazonaws.com",
            "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "allow-all",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
        **extra,
    }  # fmt: skip


def test_collects_distributions_from_moto(aws_session: AwsSession):
    client = aws_session.client("cloudfront", "us-east-1")
    client.create_distribution(DistributionConfig=_config("plain"))
    hardened = _config(
        "hardened", DefaultRootObject="index.html",
        Logging={"Enabled": True, "IncludeCookies": False, "Bucket": "logs.s3.amazonaws.com",
                 "Prefix": "cf/"},
        ViewerCertificate={"CloudFrontDefaultCertificate": False,
                           "ACMCertificateArn": CERT, "SSLSupportMethod": "sni-only",
                           "MinimumProtocolVersion": "TLSv1.2_2021"},
    )  # fmt: skip
    hardened["DefaultCacheBehavior"]["ViewerProtocolPolicy"] = "redirect-to-https"
    client.create_distribution(DistributionConfig=hardened)
    found = list(collect_distributions(aws_session, "global"))
    assert all(isinstance(d, CdnDistribution) for d in found)
    by_root = {d.default_root_object: d for d in found if isinstance(d, CdnDistribution)}
    good, plain = by_root["index.html"], by_root[""]
    assert (good.viewer_min_tls, good.access_logging, good.routes[0].viewer_protocol) == (
        "1.2", True, "redirect-to-https",
    )  # fmt: skip
    assert (plain.viewer_min_tls, plain.default_certificate, plain.access_logging) == (
        "1.0", True, False,
    )  # fmt: skip
    assert plain.origins[0].bucket_access == "none"
    assert plain.region == "global"


def test_listing_failure_is_scope_wide(aws_session: AwsSession):
    script(aws_session.client("cloudfront", "us-east-1"), "ListDistributions", "AccessDenied")
    with pytest.raises(CollectionError, match="cloudfront:ListDistributions"):
        list(collect_distributions(aws_session, "global"))


def test_v2_logging_needs_a_delivery_not_just_a_source():
    sources = [
        {"name": "cf-a", "resourceArns": ["arn:aws:cloudfront::1:distribution/A"]},
        {"name": "cf-b", "resourceArns": ["arn:aws:cloudfront::1:distribution/B"]},
    ]
    deliveries = [{"deliverySourceName": "cf-a", "deliveryDestinationArn": "arn:dest"}]
    assert logged_resources(sources, deliveries) == {"arn:aws:cloudfront::1:distribution/A"}


@pytest.mark.parametrize(
    ("legacy", "v2", "expected"),
    [
        ({"Enabled": True}, False, True),
        ({"Enabled": False}, True, True),  # standard logging v2 only
        ({"Enabled": False}, False, False),
        ({"Enabled": False}, None, None),  # deliveries unreadable
        ({"Enabled": True}, None, True),
    ],
)
def test_access_logging_legacy_or_v2(legacy, v2, expected):
    dist = to_cdn_distribution(
        {"ARN": "arn:aws:cloudfront::1:distribution/E", "Id": "E"},
        {"Logging": legacy}, account=ACCOUNT, collected_at=NOW, v2_logging=v2,
    )  # fmt: skip
    assert dist.access_logging is expected


def test_collector_reads_v2_deliveries_from_moto(aws_session: AwsSession):
    """Standard logging v2: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html"""
    client = aws_session.client("cloudfront", "us-east-1")
    v2 = client.create_distribution(DistributionConfig=_config("v2"))["Distribution"]["ARN"]
    client.create_distribution(DistributionConfig=_config("none"))
    logs = aws_session.client("logs", "us-east-1")
    logs.put_delivery_source(name="cf-v2", resourceArn=v2, logType="ACCESS_LOGS")
    destination = logs.put_delivery_destination(
        name="cf-logs",
        deliveryDestinationConfiguration={
            "destinationResourceArn": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:cf"
        },
    )["deliveryDestination"]["arn"]
    logs.create_delivery(deliverySourceName="cf-v2", deliveryDestinationArn=destination)
    found = {d.uid: d for d in collect_distributions(aws_session, "global")}
    assert all(isinstance(d, CdnDistribution) for d in found.values())
    logged = {uid: d.access_logging for uid, d in found.items() if isinstance(d, CdnDistribution)}
    assert logged.pop(v2) is True
    assert list(logged.values()) == [False]
