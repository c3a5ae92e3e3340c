"""CDN-001..008 on CloudFront-shaped distributions.

Semantics: CloudFront API reference (ViewerCertificate.MinimumProtocolVersion,
CustomOriginConfig, S3OriginConfig; https://docs.aws.amazon.com/cloudfront/latest/APIReference/),
supported protocols and ciphers per security policy
(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html)
and the Security Hub CloudFront controls
(https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html).
"""

from __future__ import annotations

import pytest

from checks.workloads.cdn_distribution import (
    cdn_access_logging,
    cdn_bucket_origin_access_control,
    cdn_default_root_object,
    cdn_origin_https,
    cdn_origin_tls,
    cdn_viewer_tls,
    cdn_viewers_use_https,
    cdn_web_acl,
)
from scanner.findings import Status
from scanner.model import CdnOrigin, CdnRoute
from tests.checks.factories_workloads import cdn_distribution

SITE = CdnRoute(path="*", origin_id="site", viewer_protocol="redirect-to-https")


def _api(protocol="https-only", tls=("TLSv1.2",)) -> CdnOrigin:
    return CdnOrigin(id="api", domain="api.example.com", kind="custom", protocol=protocol,
                     tls_protocols=tls)  # fmt: skip


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("redirect-to-https", Status.PASS), ("https-only", Status.PASS), ("allow-all", Status.FAIL)],
)
def test_each_behaviour_is_judged(policy, expected):
    routes = (SITE, CdnRoute(path="/img/*", origin_id="site", viewer_protocol=policy))
    result = cdn_viewers_use_https(cdn_distribution(routes=routes))
    assert result.status is expected
    if expected is Status.FAIL:
        assert result.reason.endswith("/img/*")  # only the plain behaviour is named


@pytest.mark.parametrize(
    ("tls", "expected"),
    [("ssl3", Status.FAIL), ("1.0", Status.FAIL), ("1.1", Status.FAIL),
     ("1.2", Status.PASS), ("1.3", Status.PASS)],
)  # fmt: skip
def test_viewer_tls(tls, expected):
    assert cdn_viewer_tls(cdn_distribution(viewer_min_tls=tls)).status is expected


@pytest.mark.parametrize(
    ("protocol", "route_policy", "expected"),
    [
        ("https-only", "allow-all", Status.PASS),  # edge->origin stays HTTPS
        ("match-viewer", "https-only", Status.PASS),  # near miss: viewers always HTTPS
        ("match-viewer", "redirect-to-https", Status.PASS),
        ("match-viewer", "allow-all", Status.FAIL),  # HTTP viewers -> HTTP to the origin
        ("http-only", "https-only", Status.FAIL),
    ],
)
def test_origin_protocol(protocol, route_policy, expected):
    routes = (SITE, CdnRoute(path="/api/*", origin_id="api", viewer_protocol=route_policy))
    dist = cdn_distribution(routes=routes, origins=(_api(protocol),))
    assert cdn_origin_https(dist).status is expected


def test_match_viewer_fails_only_for_the_origin_behind_the_plain_behaviour():
    other = CdnOrigin(id="other", domain="o.example.com", kind="custom", protocol="match-viewer")
    routes = (CdnRoute(path="*", origin_id="other", viewer_protocol="https-only"),
              CdnRoute(path="/api/*", origin_id="api", viewer_protocol="allow-all"))  # fmt: skip
    result = cdn_origin_https(
        cdn_distribution(routes=routes, origins=(other, _api("match-viewer")))
    )
    assert result.status is Status.FAIL
    assert result.reason.endswith(": api")


@pytest.mark.parametrize(
    ("protocols", "expected"),
    [
        (("TLSv1.2",), Status.PASS),
        (("SSLv3", "TLSv1.2"), Status.FAIL),
        (("TLSv1", "TLSv1.2"), Status.FAIL),
        (("TLSv1.1", "TLSv1.2"), Status.FAIL),
    ],
)
def test_origin_tls_protocols(protocols, expected):
    dist = cdn_distribution(origins=(_api(tls=protocols),))
    assert cdn_origin_tls(dist).status is expected


def test_origin_checks_not_applicable_without_custom_origins():
    bucket_only = cdn_distribution(
        origins=(CdnOrigin(id="site", domain="b.s3.amazonaws.com", kind="bucket", protocol="",
                           bucket_access="oac"),)
    )  # fmt: skip
    assert cdn_origin_https(bucket_only).status is Status.NOT_APPLICABLE
    assert cdn_origin_tls(bucket_only).status is Status.NOT_APPLICABLE
    plain_http = cdn_distribution(origins=(_api("http-only", ("SSLv3",)),))
    assert cdn_origin_tls(plain_http).status is Status.NOT_APPLICABLE  # CDN-003 fails it


@pytest.mark.parametrize(
    ("access", "expected"),
    [("oac", Status.PASS), ("oai", Status.FAIL), ("none", Status.FAIL)],
)
def test_bucket_origin_access(access, expected):
    bucket = CdnOrigin(id="site", domain="b.s3.amazonaws.com", kind="bucket", protocol="",
                       bucket_access=access)  # fmt: skip
    assert (
        cdn_bucket_origin_access_control(cdn_distribution(origins=(bucket, _api()))).status
        is expected
    )


def test_bucket_check_not_applicable_to_custom_origins_only():
    # an S3 website endpoint is a custom origin: it cannot use origin access control
    website = CdnOrigin(id="w", domain="b.s3-website-us-east-1.amazonaws.com", kind="custom",
                        protocol="http-only")  # fmt: skip
    dist = cdn_distribution(origins=(website,))
    assert cdn_bucket_origin_access_control(dist).status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("value", "expected"), [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)]
)
def test_logging(value, expected):
    assert cdn_access_logging(cdn_distribution(access_logging=value)).status is expected


@pytest.mark.parametrize(("acl", "expected"), [("arn:waf", Status.PASS), ("", Status.FAIL)])
def test_web_acl(acl, expected):
    assert cdn_web_acl(cdn_distribution(web_acl=acl)).status is expected


@pytest.mark.parametrize(("root", "expected"), [("index.html", Status.PASS), ("", Status.FAIL)])
def test_default_root_object(root, expected):
    assert cdn_default_root_object(cdn_distribution(default_root_object=root)).status is expected
