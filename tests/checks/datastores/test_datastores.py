"""SEARCH-*, WH-* and CACHE-* on OpenSearch-, Redshift- and ElastiCache-shaped models.

Semantics: Security Hub controls for OpenSearch
(https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html),
Redshift (https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html)
and ElastiCache (https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html);
the OpenSearch DomainEndpointOptions and Redshift require_ssl references.
"""

from __future__ import annotations

import pytest

from checks.datastores.cache_cluster import (
    cache_authentication,
    cache_automatic_failover,
    cache_backups,
    cache_encrypted,
    cache_in_transit,
    cache_minor_upgrades,
)
from checks.datastores.data_warehouse import (
    warehouse_audit_logging,
    warehouse_custom_admin,
    warehouse_custom_database_name,
    warehouse_encrypted,
    warehouse_enhanced_vpc_routing,
    warehouse_not_public,
    warehouse_snapshot_retention,
    warehouse_tls_required,
    warehouse_version_upgrades,
)
from checks.datastores.search_domain import (
    search_domain_audit_logs,
    search_domain_dedicated_masters,
    search_domain_encrypted,
    search_domain_error_logs,
    search_domain_fine_grained_access,
    search_domain_https,
    search_domain_in_vpc,
    search_domain_node_to_node,
    search_domain_not_anonymous,
    search_domain_resilient,
)
from scanner.findings import Status
from scanner.model import Encryption, PolicyDocument
from scanner.policy import parse_policy_document
from tests.checks.factories_workloads import cache_cluster, data_warehouse, search_domain

OFF = Encryption(enabled=False)
TRI = [(True, Status.PASS), (False, Status.FAIL), (None, Status.UNKNOWN)]


@pytest.mark.parametrize(
    ("check", "factory", "field"),
    [
        (search_domain_node_to_node, search_domain, "node_to_node_encryption"),
        (search_domain_audit_logs, search_domain, "audit_logs"),
        (search_domain_error_logs, search_domain, "error_logs"),
        (search_domain_fine_grained_access, search_domain, "fine_grained_access"),
        (warehouse_tls_required, data_warehouse, "tls_required"),
        (warehouse_audit_logging, data_warehouse, "audit_logging"),
        (warehouse_version_upgrades, data_warehouse, "version_upgrades"),
        (warehouse_enhanced_vpc_routing, data_warehouse, "enhanced_vpc_routing"),
        (cache_in_transit, cache_cluster, "in_transit_encryption"),
        (cache_authentication, cache_cluster, "authentication"),
        (cache_minor_upgrades, cache_cluster, "auto_minor_version_upgrade"),
    ],
)
@pytest.mark.parametrize(("value", "expected"), TRI)
def test_boolean_settings(check, factory, field, value, expected):
    assert check(factory(**{field: value})).status is expected


@pytest.mark.parametrize(
    ("check", "factory"),
    [
        (search_domain_encrypted, search_domain),
        (warehouse_encrypted, data_warehouse),
        (cache_encrypted, cache_cluster),
    ],
)
@pytest.mark.parametrize(
    ("encryption", "expected"),
    [(Encryption(enabled=True), Status.PASS), (OFF, Status.FAIL), (None, Status.UNKNOWN)],
)
def test_encryption_at_rest(check, factory, encryption, expected):
    assert check(factory(encryption=encryption)).status is expected


@pytest.mark.parametrize(
    ("https", "tls", "expected"),
    [
        (True, "1.2", Status.PASS),
        (True, "1.3", Status.PASS),
        (True, "1.0", Status.FAIL),  # Policy-Min-TLS-1-0-2019-07: near miss
        (False, "1.2", Status.FAIL),  # TLS 1.2 policy, but HTTP accepted
        (True, None, Status.UNKNOWN),
        (None, "1.2", Status.UNKNOWN),
    ],
)
def test_search_https(https, tls, expected):
    assert search_domain_https(search_domain(https_required=https, min_tls=tls)).status is expected


@pytest.mark.parametrize(
    ("nodes", "zones", "expected"),
    [(3, True, Status.PASS), (2, True, Status.FAIL), (3, False, Status.FAIL),
     (6, True, Status.PASS), (3, None, Status.UNKNOWN)],
)  # fmt: skip
def test_search_resilience(nodes, zones, expected):
    domain = search_domain(data_nodes=nodes, zone_awareness=zones)
    assert search_domain_resilient(domain).status is expected


@pytest.mark.parametrize(
    ("public", "expected"), [(False, Status.PASS), (True, Status.FAIL), (None, Status.UNKNOWN)]
)
def test_warehouse_public(public, expected):
    assert warehouse_not_public(data_warehouse(publicly_accessible=public)).status is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, Status.FAIL), (1, Status.FAIL), (6, Status.FAIL), (7, Status.PASS), (35, Status.PASS),
     (None, Status.UNKNOWN)],
)  # fmt: skip
def test_warehouse_snapshot_retention(days, expected):
    wh = data_warehouse(snapshot_retention_days=days)
    assert warehouse_snapshot_retention(wh).status is expected


@pytest.mark.parametrize(
    ("user", "expected"),
    [("awsuser", Status.FAIL), ("awsuser2", Status.PASS), ("admin", Status.PASS),
     ("", Status.UNKNOWN)],
)  # fmt: skip
def test_warehouse_admin_user(user, expected):
    assert warehouse_custom_admin(data_warehouse(admin_user=user)).status is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, Status.FAIL), (1, Status.PASS), (35, Status.PASS), (None, Status.UNKNOWN)],
)
def test_cache_backups(days, expected):
    assert cache_backups(cache_cluster(snapshot_retention_days=days)).status is expected


@pytest.mark.parametrize(
    ("failover", "expected"),
    [(True, Status.PASS), (False, Status.FAIL), (None, Status.NOT_APPLICABLE)],
)
def test_cache_failover(failover, expected):
    assert cache_automatic_failover(cache_cluster(automatic_failover=failover)).status is expected


def test_memcached_has_no_at_rest_encryption_auth_or_backups():
    node = cache_cluster(engine="memcached", encryption=OFF, authentication=False,
                         snapshot_retention_days=0, automatic_failover=None)  # fmt: skip
    for check in (cache_encrypted, cache_authentication, cache_backups, cache_automatic_failover):
        assert check(node).status is Status.NOT_APPLICABLE
    assert cache_in_transit(node.model_copy(update={"in_transit_encryption": False})).status is (
        Status.FAIL
    )


@pytest.mark.parametrize(("in_vpc", "expected"), [(True, Status.PASS), (False, Status.FAIL)])
def test_search_domain_vpc(in_vpc, expected):
    assert search_domain_in_vpc(search_domain(in_vpc=in_vpc)).status is expected


@pytest.mark.parametrize(
    ("masters", "expected"),
    [(0, Status.FAIL), (2, Status.FAIL), (3, Status.PASS), (5, Status.PASS)],
)
def test_search_dedicated_masters(masters, expected):
    domain = search_domain(dedicated_masters=masters)
    assert search_domain_dedicated_masters(domain).status is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("dev", Status.FAIL), ("dev2", Status.PASS), ("analytics", Status.PASS), ("", Status.UNKNOWN)],
)
def test_warehouse_database_name(name, expected):
    assert warehouse_custom_database_name(data_warehouse(database_name=name)).status is expected


DOMAIN_ARN = "arn:aws:es:us-east-1:123456789012:domain/d/*"


def _access(principal: object, **condition: object) -> PolicyDocument:
    statement: dict[str, object] = {"Effect": "Allow", "Principal": principal,
                                    "Action": "es:*", "Resource": DOMAIN_ARN}  # fmt: skip
    if condition:
        statement["Condition"] = condition
    return parse_policy_document({"Version": "2012-10-17", "Statement": [statement]})


OPEN = _access({"AWS": "*"})


@pytest.mark.parametrize(
    ("policy", "fgac", "anonymous", "expected"),
    [
        (OPEN, False, False, Status.FAIL),
        (OPEN, True, False, Status.PASS),  # the documented FGAC pattern
        (OPEN, True, True, Status.FAIL),  # FGAC with anonymous access on
        (_access("*", IpAddress={"aws:SourceIp": "203.0.113.0/24"}), False, False, Status.PASS),
        (_access("*", IpAddress={"aws:SourceIp": "0.0.0.0/0"}), False, False, Status.FAIL),
        (_access({"AWS": "arn:aws:iam::123456789012:role/search"}), False, False, Status.PASS),
        (PolicyDocument(), False, False, Status.PASS),
        (None, False, False, Status.UNKNOWN),
        (OPEN, None, False, Status.UNKNOWN),
    ],
)
def test_search_domain_anonymous_access(policy, fgac, anonymous, expected):
    """Access policies and fine-grained access control:
    https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html and
    https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html"""
    domain = search_domain(in_vpc=False, access_policy=policy, fine_grained_access=fgac,
                           anonymous_auth=anonymous)  # fmt: skip
    assert search_domain_not_anonymous(domain).status is expected


def test_vpc_domains_are_judged_by_their_network():
    domain = search_domain(in_vpc=True, access_policy=OPEN, fine_grained_access=False)
    assert search_domain_not_anonymous(domain).status is Status.NOT_APPLICABLE
