"""Data services of the primary region: OpenSearch, Redshift and ElastiCache.

moto cannot change a Redshift parameter group (no ModifyClusterParameterGroup), so every
demo warehouse keeps the default ``require_ssl`` false, and the manifest says so.
"""

from __future__ import annotations

import json

from providers.aws.demo.estate import DEMO_PASSWORD, Estate
from scanner.model import CacheCluster, DataWarehouse, SearchDomain

_DEMO_TOKEN = "demo-only-auth-token-0123456789"  # noqa: S105 - simulated account only


def seed_datastores(estate: Estate, region: str, key_arn: str) -> None:
    """Seed one hardened and one neglected example of each data service."""
    _search(estate, region, key_arn)
    _warehouses(estate, region, key_arn)
    _caches(estate, region, key_arn)


def _search(estate: Estate, region: str, key_arn: str) -> None:
    client = estate.boto.client("opensearch", region_name=region)
    good = client.create_domain(
        DomainName="demo-search", EngineVersion="OpenSearch_2.13",
        ClusterConfig={"InstanceCount": 3, "ZoneAwarenessEnabled": True,
                       "DedicatedMasterEnabled": True, "DedicatedMasterCount": 3,
                       "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3}},
        EncryptionAtRestOptions={"Enabled": True, "KmsKeyId": key_arn},
        NodeToNodeEncryptionOptions={"Enabled": True},
        DomainEndpointOptions={"EnforceHTTPS": True,
                               "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        VPCOptions={"SubnetIds": ["subnet-demo-a"], "SecurityGroupIds": ["sg-demo"]},
        AdvancedSecurityOptions={"Enabled": True, "InternalUserDatabaseEnabled": True,
                                 "MasterUserOptions": {"MasterUserName": "demo-admin",
                                                       "MasterUserPassword": DEMO_PASSWORD}},
        LogPublishingOptions={
            kind: {"Enabled": True, "CloudWatchLogsLogGroupArn":
                   estate.arn("logs", region, f"log-group:demo-search-{kind.lower()}")}
            for kind in ("AUDIT_LOGS", "ES_APPLICATION_LOGS")},
    )["DomainStatus"]["ARN"]  # fmt: skip
    estate.ledger.add(SearchDomain, good, region)
    everyone = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*",
        "Resource": estate.arn("es", region, "domain/demo-logs-search/*")}]}  # fmt: skip
    legacy = client.create_domain(DomainName="demo-logs-search", EngineVersion="Elasticsearch_7.10",
                                  AccessPolicies=json.dumps(everyone))  # fmt: skip
    bad = legacy["DomainStatus"]["ARN"]
    estate.ledger.add(
        SearchDomain, bad, region, "not encrypted at rest", "no node-to-node encryption",
        "HTTPS not enforced", "public endpoint", "no audit logs", "no error logs",
        "no fine-grained access control", "single data node without zone awareness",
        "no dedicated master nodes", "access policy open to everyone without authentication",
    )  # fmt: skip


def _warehouses(estate: Estate, region: str, key_arn: str) -> None:
    client = estate.boto.client("redshift", region_name=region)
    client.create_cluster(
        ClusterIdentifier="demo-warehouse", NodeType="ra3.xlplus", NumberOfNodes=2,
        MasterUsername="warehouse_admin", MasterUserPassword=DEMO_PASSWORD, Encrypted=True,
        DBName="orders",
        KmsKeyId=key_arn, PubliclyAccessible=False, AutomatedSnapshotRetentionPeriod=14,
        EnhancedVpcRouting=True, AllowVersionUpgrade=True,
    )  # fmt: skip
    client.enable_logging(ClusterIdentifier="demo-warehouse", LogDestinationType="cloudwatch",
                          LogExports=["connectionlog", "userlog", "useractivitylog"])  # fmt: skip
    arn = estate.arn("redshift", region, "cluster:demo-warehouse")
    estate.ledger.add(DataWarehouse, arn, region, "require_ssl false (default parameter group)")
    client.create_cluster(
        ClusterIdentifier="demo-legacy-warehouse", NodeType="dc2.large",
        MasterUsername="awsuser", MasterUserPassword=DEMO_PASSWORD, Encrypted=False,
        PubliclyAccessible=True, AutomatedSnapshotRetentionPeriod=1, AllowVersionUpgrade=False,
    )  # fmt: skip
    estate.ledger.add(
        DataWarehouse, estate.arn("redshift", region, "cluster:demo-legacy-warehouse"), region,
        "not encrypted at rest", "publicly accessible", "require_ssl false", "no audit logging",
        "automated snapshots kept 1 day", "major version upgrades disabled",
        "no enhanced VPC routing", "default admin user awsuser", "default database name dev",
    )  # fmt: skip


def _caches(estate: Estate, region: str, key_arn: str) -> None:
    client = estate.boto.client("elasticache", region_name=region)
    good = client.create_replication_group(
        ReplicationGroupId="demo-sessions", ReplicationGroupDescription="sessions",
        Engine="redis", CacheNodeType="cache.t4g.small", NumCacheClusters=2,
        AutomaticFailoverEnabled=True, MultiAZEnabled=True, AtRestEncryptionEnabled=True,
        KmsKeyId=key_arn, TransitEncryptionEnabled=True, AuthToken=_DEMO_TOKEN,
        SnapshotRetentionLimit=7, AutoMinorVersionUpgrade=True,
    )["ReplicationGroup"]  # fmt: skip
    estate.ledger.add(CacheCluster, good["ARN"], region)
    bad = client.create_replication_group(
        ReplicationGroupId="demo-legacy-redis", ReplicationGroupDescription="legacy",
        Engine="redis", CacheNodeType="cache.t3.micro", NumCacheClusters=1,
        AutoMinorVersionUpgrade=False,
    )["ReplicationGroup"]  # fmt: skip
    estate.ledger.add(
        CacheCluster, bad["ARN"], region, "not encrypted at rest", "no in-transit encryption",
        "no AUTH token or user group", "automatic backups off", "no automatic failover",
        "auto minor version upgrade off",
    )  # fmt: skip
