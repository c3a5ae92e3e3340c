"""OpenSearch, Redshift and ElastiCache: mappers on API JSON, collectors on moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from providers.aws import PROVIDER
from providers.aws.elasticache import collect_caches, to_cache_node, to_replication_group
from providers.aws.opensearch import collect_search_domains, min_tls, to_search_domain
from providers.aws.redshift import collect_warehouses, require_ssl
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import CacheCluster, DataWarehouse, SearchDomain
from scanner.registry import load
from tests.providers.aws.live import FaultServer
from tests.providers.aws.scripted import _Http, script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("Policy-Min-TLS-1-0-2019-07", "1.0"),
        ("Policy-Min-TLS-1-2-2019-07", "1.2"),
        ("Policy-Min-TLS-1-2-PFS-2023-10", "1.2"),
        ("Policy-Min-TLS-1-2-RFC9151-FIPS-2023-04", "1.2"),
        (None, None),
    ],
)
def test_opensearch_tls_policies(policy, expected):
    assert min_tls(policy) == expected


def test_opensearch_absent_options_are_off():
    domain = to_search_domain(
        {"ARN": f"arn:aws:es:{REGION}:{ACCOUNT}:domain/d", "DomainName": "d"},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert domain.encryption is not None
    assert (domain.encryption.enabled, domain.node_to_node_encryption, domain.https_required) == (
        False, False, False,
    )  # fmt: skip
    assert (domain.in_vpc, domain.audit_logs, domain.data_nodes) == (False, False, 1)
    # a log type marked enabled without a log group publishes nothing
    logged = to_search_domain(
        {"ARN": "arn:aws:es:r:1:domain/e", "DomainName": "e",
         "LogPublishingOptions": {"AUDIT_LOGS": {"Enabled": True}}},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert logged.audit_logs is False


def test_opensearch_collector_on_moto(aws_session: AwsSession):
    client = aws_session.client("opensearch", REGION)
    client.create_domain(
        DomainName="hardened",
        EngineVersion="OpenSearch_2.11",
        ClusterConfig={"InstanceCount": 3, "ZoneAwarenessEnabled": True},
        EncryptionAtRestOptions={"Enabled": True},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True,
                               "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": True,
                                 "MasterUserOptions": {"MasterUserName": "admin",
                                                       "MasterUserPassword": "Demo-0nly-pass!"}},
    )  # fmt: skip
    for n in range(6):  # more than one DescribeDomains batch of five
        client.create_domain(DomainName=f"plain-{n}")
    found = {d.name: d for d in collect_search_domains(aws_session, REGION)}
    assert len(found) == 7
    good, plain = found["hardened"], found["plain-0"]
    assert isinstance(good, SearchDomain)
    assert isinstance(plain, SearchDomain)
    assert (good.https_required, good.min_tls, good.fine_grained_access, good.data_nodes) == (
        True, "1.2", True, 3,
    )  # fmt: skip
    assert (plain.https_required, plain.node_to_node_encryption) == (False, False)


def test_opensearch_listing_failure(aws_session: AwsSession):
    script(aws_session.client("opensearch", REGION), "ListDomainNames", "AccessDeniedException")
    with pytest.raises(CollectionError, match="es:ListDomainNames"):
        list(collect_search_domains(aws_session, REGION))


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ([{"ParameterName": "require_ssl", "ParameterValue": "true"}], True),
        ([{"ParameterName": "require_ssl", "ParameterValue": "TRUE"}], True),
        ([{"ParameterName": "require_ssl", "ParameterValue": "false"}], False),
        ([{"ParameterName": "enable_user_activity_logging", "ParameterValue": "true"}], False),
        ([], False),
    ],
)
def test_require_ssl(parameters, expected):
    assert require_ssl(parameters) is expected


def _redshift(session: AwsSession, name: str, **extra: object) -> None:
    session.client("redshift", REGION).create_cluster(
        ClusterIdentifier=name, NodeType="ra3.xlplus", MasterUsername=extra.pop("user", "awsuser"),
        MasterUserPassword="Demo0nlyPassw0rd", **extra,
    )  # fmt: skip


def test_redshift_collector_on_moto(aws_session: AwsSession):
    client = aws_session.client("redshift", REGION)
    client.create_cluster_parameter_group(
        ParameterGroupName="tls", ParameterGroupFamily="redshift-1.0", Description="tls"
    )
    # moto has no ModifyClusterParameterGroup and answers every group with the defaults
    # (require_ssl false): the "tls" group's answer is given here, the default one is moto's
    tls_on = [{"ParameterName": "require_ssl", "ParameterValue": "true"}]

    def answer(params: dict[str, object], **_: object) -> tuple[_Http, dict[str, object]] | None:
        body = params.get("body")
        if not isinstance(body, dict) or body.get("ParameterGroupName") != "tls":
            return None
        return _Http(200), {"Parameters": tls_on, "ResponseMetadata": {"HTTPStatusCode": 200}}

    client.meta.events.register_first("before-call.*.DescribeClusterParameters", answer)
    _redshift(aws_session, "hardened", user="warehouse_admin", Encrypted=True,
              ClusterParameterGroupName="tls", PubliclyAccessible=False,
              AutomatedSnapshotRetentionPeriod=7, EnhancedVpcRouting=True)  # fmt: skip
    _redshift(aws_session, "legacy", PubliclyAccessible=True, AutomatedSnapshotRetentionPeriod=1)
    client.enable_logging(ClusterIdentifier="hardened", BucketName="logs",
                          LogDestinationType="s3")  # fmt: skip
    found = {w.name: w for w in collect_warehouses(aws_session, REGION)}
    good, legacy = found["hardened"], found["legacy"]
    assert isinstance(good, DataWarehouse)
    assert isinstance(legacy, DataWarehouse)
    assert good.uid == f"arn:aws:redshift:{REGION}:{ACCOUNT}:cluster:hardened"
    assert (good.tls_required, good.audit_logging, good.snapshot_retention_days) == (True, True, 7)
    assert (legacy.tls_required, legacy.audit_logging, legacy.publicly_accessible) == (
        False, False, True,
    )  # fmt: skip
    assert (good.admin_user, legacy.admin_user) == ("warehouse_admin", "awsuser")


def test_redshift_unreadable_parameters_are_unknown(aws_session: AwsSession):
    _redshift(aws_session, "c")
    script(aws_session.client("redshift", REGION), "DescribeClusterParameters", "AccessDenied")
    warehouse, error = collect_warehouses(aws_session, REGION)
    assert isinstance(warehouse, DataWarehouse)
    assert warehouse.tls_required is None
    assert isinstance(error, CollectionError)
    assert (error.permission, error.uid) == ("redshift:DescribeClusterParameters", warehouse.uid)


def test_elasticache_mappers():
    group = to_replication_group(
        {"ReplicationGroupId": "g", "ARN": "arn:g", "AutomaticFailover": "disabled",
         "UserGroupIds": ["rbac"], "SnapshotRetentionLimit": 0},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (group.authentication, group.automatic_failover, group.snapshot_retention_days) == (
        True, False, 0,
    )  # fmt: skip
    assert group.auto_minor_version_upgrade is None  # absent: unknown
    node = to_cache_node(
        {"CacheClusterId": "m", "Engine": "memcached", "TransitEncryptionEnabled": True},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (node.engine, node.in_transit_encryption, node.automatic_failover) == (
        "memcached", True, None,
    )  # fmt: skip


def test_elasticache_collector_on_moto(aws_session: AwsSession):
    client = aws_session.client("elasticache", REGION)
    client.create_replication_group(
        ReplicationGroupId="sessions", ReplicationGroupDescription="d", Engine="redis",
        CacheNodeType="cache.t3.micro", NumCacheClusters=2, AutomaticFailoverEnabled=True,
        AtRestEncryptionEnabled=True, TransitEncryptionEnabled=True,
        AuthToken="demo-only-token-0123456789", SnapshotRetentionLimit=5,
    )  # fmt: skip
    client.create_cache_cluster(CacheClusterId="memo", Engine="memcached",
                                CacheNodeType="cache.t3.micro", NumCacheNodes=1)  # fmt: skip
    found = {c.name: c for c in collect_caches(aws_session, REGION) if isinstance(c, CacheCluster)}
    assert {"sessions", "memo"} <= set(found)
    sessions, memo = found["sessions"], found["memo"]
    assert isinstance(sessions, CacheCluster)
    assert isinstance(memo, CacheCluster)
    assert (sessions.in_transit_encryption, sessions.authentication,
            sessions.snapshot_retention_days) == (True, True, 5)  # fmt: skip
    assert (memo.engine, memo.automatic_failover) == ("memcached", None)


def test_elasticache_listing_failure(aws_session: AwsSession):
    script(aws_session.client("elasticache", REGION), "DescribeCacheClusters", "AccessDenied")
    with pytest.raises(CollectionError, match="elasticache:DescribeCacheClusters"):
        list(collect_caches(aws_session, REGION))


def test_opensearch_access_policy_and_anonymous_auth_are_read(aws_session: AwsSession):
    client = aws_session.client("opensearch", REGION)
    everyone = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*",
        "Resource": f"arn:aws:es:{REGION}:{ACCOUNT}:domain/open/*"}]}  # fmt: skip
    client.create_domain(DomainName="open", AccessPolicies=json.dumps(everyone))
    client.create_domain(DomainName="closed")
    found = {d.name: d for d in collect_search_domains(aws_session, REGION)}
    open_domain, closed = found["open"], found["closed"]
    assert isinstance(open_domain, SearchDomain)
    assert isinstance(closed, SearchDomain)
    assert open_domain.access_policy is not None
    assert len(open_domain.access_policy.statements) == 1
    assert closed.access_policy is not None
    assert closed.access_policy.statements == ()
    anonymous = to_search_domain(
        {"ARN": "arn:aws:es:r:1:domain/a", "DomainName": "a",
         "AdvancedSecurityOptions": {"Enabled": True, "AnonymousAuthEnabled": True}},
        account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (anonymous.fine_grained_access, anonymous.anonymous_auth) == (True, True)


def test_serverless_caches_not_in_moto_are_one_unknown_row(aws_session: AwsSession):
    client = aws_session.client("elasticache", REGION)
    client.create_cache_cluster(CacheClusterId="memo", Engine="memcached",
                                CacheNodeType="cache.t3.micro", NumCacheNodes=1)  # fmt: skip
    memo, error = collect_caches(aws_session, REGION)  # moto lacks DescribeServerlessCaches
    assert isinstance(memo, CacheCluster)
    assert isinstance(error, CollectionError)
    assert (error.cause, error.permission) == (
        "NotImplemented", "elasticache:DescribeServerlessCaches",
    )  # fmt: skip
    assert error.uid == f"arn:aws:elasticache:{REGION}:{ACCOUNT}:serverlesscache:*"


def test_unimplemented_serverless_listing_reaches_the_report(aws_session: AwsSession):
    aws_session.client("elasticache", REGION).create_cache_cluster(
        CacheClusterId="memo", Engine="memcached", CacheNodeType="cache.t3.micro",
        NumCacheNodes=1,
    )  # fmt: skip
    result = run_scan(PROVIDER, aws_session, load().select(ids=["CACHE-002"]), [REGION])
    by_uid = {f.resource_uid: f for f in result.findings}
    pseudo = f"arn:aws:elasticache:{REGION}:{ACCOUNT}:serverlesscache:*"
    assert by_uid[pseudo].status is Status.UNKNOWN
    assert "elasticache:DescribeServerlessCaches" in by_uid[pseudo].reason
    node = next(f for uid, f in by_uid.items() if uid != pseudo)
    assert node.status is Status.FAIL  # the node-based cache is still judged
    # a per-uid gap, not a lost region; still, one detail not read makes the scan incomplete
    # (issue 17: one rule for every output and the exit code)
    assert not result.meta.complete


def test_scripted_serverless_caches(aws_session: AwsSession):
    script(aws_session.client("elasticache", REGION), "DescribeServerlessCaches", {
        "ServerlessCaches": [
            {"ServerlessCacheName": "s1", "Engine": "valkey", "ARN": "arn:s1",
             "KmsKeyId": "arn:aws:kms:us-east-1:1:key/k", "UserGroupId": "ug",
             "SnapshotRetentionLimit": 3},
            {"ServerlessCacheName": "s2", "Engine": "redis", "ARN": "arn:s2"},
        ]})  # fmt: skip
    found = {c.name: c for c in collect_caches(aws_session, REGION)}
    s1, s2 = found["s1"], found["s2"]
    assert isinstance(s1, CacheCluster)
    assert isinstance(s2, CacheCluster)
    assert s1.encryption is not None
    assert (s1.encryption.key_managed_by, s1.authentication, s1.snapshot_retention_days) == (
        "customer", True, 3,
    )  # fmt: skip
    assert (s2.authentication, s2.in_transit_encryption, s2.automatic_failover) == (
        False, True, None,
    )  # fmt: skip


def test_an_unparseable_answer_is_a_collection_error_not_a_crash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # moto's server answers an operation it lacks with an HTML 500 page, which botocore
    # cannot parse (ResponseParserError, no BotoCoreError): the serverless listing must
    # become one UNKNOWN row, not crash the collector and lose the region
    server = FaultServer.start()
    try:
        server.apply_env(monkeypatch)
        session = AwsSession.from_config(region=REGION, max_attempts=1)
        [error] = collect_caches(session, REGION)
        session.close()
    finally:
        server.stop()
    assert isinstance(error, CollectionError), error
    assert (error.cause, error.permission) == (
        "ResponseParserError", "elasticache:DescribeServerlessCaches",
    )  # fmt: skip
