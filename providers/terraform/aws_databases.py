"""AWS managed databases in a plan: RDS/Aurora clusters, Redshift clusters, ElastiCache
replication groups and OpenSearch domains, through the live provider's ``to_*`` functions.

Planned values carry the provider's schema defaults; an attribute absent from them takes
the default the provider documents (registry.terraform.io/providers/hashicorp/aws/latest/
docs/resources/<type>, cited per mapper), and a default that changed between provider
major versions (the plan does not say which one made it) is UNKNOWN when absent.
Attributes known only after apply are UNKNOWN, naming them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from providers.aws.elasticache import to_replication_group
from providers.aws.opensearch import to_search_domain
from providers.aws.rds_clusters import to_database_cluster
from providers.aws.redshift import to_data_warehouse
from providers.terraform.common import collector, first, flag, relabel, with_key
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession
from scanner.model import CacheCluster, DatabaseCluster, DataWarehouse, SearchDomain
from scanner.provider import Collector


def _unknown(
    resource: Planned, session: TerraformSession, fields: Mapping[str, str]
) -> dict[str, Any]:
    """The model fields (``fields``: attribute -> field) to make None (UNKNOWN) because the
    configuration sets the attribute but the plan knows it only after apply."""
    found = [a for a in fields if resource.configured(a) and resource.is_unknown(a)]
    session.note_unknown(resource, sorted(f"{resource.address}.{a}" for a in found))
    return {fields[a]: None for a in found}


def plan_database_cluster(cluster: Planned, session: TerraformSession) -> DatabaseCluster:
    """``aws_rds_cluster``: ``storage_encrypted`` false for provisioned and true for
    serverless ``engine_mode``; ``backup_retention_period`` 1; ``deletion_protection`` and
    ``iam_database_authentication_enabled`` false (registry: aws_rds_cluster). Whether the
    engine version is still offered needs DescribeDBEngineVersions: unknown."""
    values = cluster.values
    serverless = values.get("engine_mode") == "serverless"
    answer: dict[str, Any] = {
        "DBClusterArn": cluster.address,
        "DBClusterIdentifier": values.get("cluster_identifier") or cluster.address,
        "Engine": values.get("engine") or "aurora",
        "EngineVersion": values.get("engine_version") or "",
        "StorageEncrypted": flag(values, "storage_encrypted", default=serverless),
        "KmsKeyId": values.get("kms_key_id"),
        "BackupRetentionPeriod": values.get("backup_retention_period") or 1,
        "DeletionProtection": flag(values, "deletion_protection", default=False),
        "IAMDatabaseAuthenticationEnabled": flag(
            values, "iam_database_authentication_enabled", default=False
        ),
        "EnabledCloudwatchLogsExports": values.get("enabled_cloudwatch_logs_exports") or [],
        "MasterUsername": values.get("master_username"),
        "MultiAZ": False,
    }
    if values.get("publicly_accessible") is not None:
        answer["PubliclyAccessible"] = values["publicly_accessible"]
    if values.get("auto_minor_version_upgrade") is not None:
        answer["AutoMinorVersionUpgrade"] = values["auto_minor_version_upgrade"]
    model = to_database_cluster(
        answer, None, region=session.region(cluster), account="",
        collected_at=session.collected_at,
    )  # fmt: skip
    fields = {"storage_encrypted": "encryption", "backup_retention_period": "backup_retention_days"}
    update = _unknown(cluster, session, fields)
    update["multi_az"] = _members_span_zones(cluster, session)
    model = relabel(model.model_copy(update=update), cluster)
    return with_key(model, cluster, "kms_key_id", session)


def _members_span_zones(cluster: Planned, session: TerraformSession) -> bool | None:
    """DB-509's "members in more than one zone". A Multi-AZ DB cluster
    (``db_cluster_instance_class`` set) always has its instances in three zones; an Aurora
    cluster spans zones through its ``aws_rds_cluster_instance`` members: fewer than two in
    a new cluster is one zone at most; members with explicit zones span when the zones
    differ; zones left to RDS are unknown (RDS User Guide, "Multi-AZ DB cluster deployments" and
    "High availability for Aurora")."""
    if cluster.values.get("db_cluster_instance_class"):
        return True
    members = session.joined(cluster, ("aws_rds_cluster_instance",), "cluster_identifier")
    zones = {m.values.get("availability_zone") for m in members}
    if len(members) < 2:
        return False if cluster.created else None
    if None not in zones:
        return len(zones) > 1
    session.note_unknown(cluster, [f"{cluster.address} (members' availability zones)"])
    return None


def plan_warehouse(cluster: Planned, session: TerraformSession) -> DataWarehouse:
    """``aws_redshift_cluster``: ``encrypted`` and ``publicly_accessible`` changed their
    defaults in provider v6 (false/true before, true/false since: registry
    aws_redshift_cluster and the v6 upgrade guide), so when absent they are UNKNOWN;
    ``allow_version_upgrade`` true, ``enhanced_vpc_routing`` false,
    ``automated_snapshot_retention_period`` 1. ``require_ssl`` lives in a parameter group
    and audit logging in ``aws_redshift_logging``: read where the plan joins them."""
    values = cluster.values
    answer = {
        "ClusterIdentifier": values.get("cluster_identifier") or cluster.address,
        "Encrypted": bool(values.get("encrypted")),
        "KmsKeyId": values.get("kms_key_id"),
        "PubliclyAccessible": bool(values.get("publicly_accessible")),
        "AutomatedSnapshotRetentionPeriod": values.get("automated_snapshot_retention_period", 1),
        "AllowVersionUpgrade": flag(values, "allow_version_upgrade", default=True),
        "EnhancedVpcRouting": flag(values, "enhanced_vpc_routing", default=False),
        "MasterUsername": values.get("master_username") or "",
        "DBName": values.get("database_name") or "dev",
    }
    logs = session.joined(cluster, ("aws_redshift_logging",), "cluster_identifier")
    logging = bool(logs) or bool(first(values.get("logging")).get("enable"))
    model = to_data_warehouse(
        answer, tls=_require_ssl(cluster, session), logging=logging, account="",
        region=session.region(cluster), collected_at=session.collected_at,
    )  # fmt: skip
    update: dict[str, Any] = {}
    for attribute, field in (("encrypted", "encryption"), ("publicly_accessible",) * 2):
        if values.get(attribute) is None:
            session.note_unknown(cluster, [f"{cluster.address}.{attribute}"])
            update[field] = None
    model = relabel(model.model_copy(update=update), cluster)
    return with_key(model, cluster, "kms_key_id", session)


def _require_ssl(cluster: Planned, session: TerraformSession) -> bool | None:
    """``require_ssl`` of the cluster's parameter group: the default group's is false
    (Redshift Management Guide, "Amazon Redshift parameter groups"); a group of the plan
    is read; any other named group is unknown."""
    name = cluster.values.get("cluster_parameter_group_name")
    if not name and not cluster.configured("cluster_parameter_group_name"):
        return False
    if str(name or "").startswith("default.redshift"):
        return False
    for group in session.all_of("aws_redshift_parameter_group"):
        matches = group.values.get("name") == name or any(
            r.startswith(group.local_address)
            for r in cluster.references("cluster_parameter_group_name")
        )
        if matches:
            parameters = {
                str(p.get("name")): str(p.get("value")).lower()
                for p in group.values.get("parameter") or ()
            }
            return parameters.get("require_ssl") == "true"
    session.note_unknown(cluster, [f"{cluster.address}.cluster_parameter_group_name"])
    return None


def plan_cache(group: Planned, session: TerraformSession) -> CacheCluster:
    """``aws_elasticache_replication_group``: ``at_rest_encryption_enabled`` and
    ``transit_encryption_enabled`` default false, ``automatic_failover_enabled`` false,
    ``snapshot_retention_limit`` 0, ``auto_minor_version_upgrade`` true (registry:
    aws_elasticache_replication_group); an ``auth_token`` or ``user_group_ids``
    authenticates."""
    values = group.values
    answer = {
        "ReplicationGroupId": values.get("replication_group_id") or group.address,
        "ARN": group.address,
        "Engine": values.get("engine") or "redis",
        "AtRestEncryptionEnabled": flag(values, "at_rest_encryption_enabled", default=False),
        "KmsKeyId": values.get("kms_key_id"),
        "TransitEncryptionEnabled": flag(values, "transit_encryption_enabled", default=False),
        "AuthTokenEnabled": bool(values.get("auth_token")) or group.configured("auth_token"),
        "UserGroupIds": values.get("user_group_ids") or [],
        "SnapshotRetentionLimit": values.get("snapshot_retention_limit") or 0,
        "AutomaticFailover": "enabled"
        if flag(values, "automatic_failover_enabled", default=False)
        else "disabled",
        "AutoMinorVersionUpgrade": flag(values, "auto_minor_version_upgrade", default=True),
    }
    model = to_replication_group(
        answer, account="", region=session.region(group), collected_at=session.collected_at
    )
    fields = {"at_rest_encryption_enabled": "encryption",
              "transit_encryption_enabled": "in_transit_encryption"}  # fmt: skip
    update = _unknown(group, session, fields)
    model = relabel(model.model_copy(update=update), group)
    return with_key(model, group, "kms_key_id", session)


def plan_search_domain(domain: Planned, session: TerraformSession) -> SearchDomain:
    """``aws_opensearch_domain`` / ``aws_elasticsearch_domain``: every option block absent
    is off (registry: aws_opensearch_domain; encrypt_at_rest, node_to_node_encryption,
    domain_endpoint_options.enforce_https, advanced_security_options default false);
    ``cluster_config.instance_count`` 1; the access policy is the ``access_policies``
    attribute or an ``aws_opensearch_domain_policy``."""
    values = domain.values
    at_rest, n2n = (
        first(values.get("encrypt_at_rest")),
        first(values.get("node_to_node_encryption")),
    )
    endpoint, cluster = (
        first(values.get("domain_endpoint_options")),
        first(values.get("cluster_config")),
    )
    security = first(values.get("advanced_security_options"))
    policies = [
        p.values.get("access_policies")
        for p in session.joined(
            domain,
            ("aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy"),
            "domain_name",
        )
    ]
    answer = {
        "ARN": domain.address, "DomainName": values.get("domain_name") or domain.address,
        "EngineVersion": values.get("engine_version") or values.get("elasticsearch_version") or "",
        "EncryptionAtRestOptions": {"Enabled": bool(at_rest.get("enabled")),
                                    "KmsKeyId": at_rest.get("kms_key_id")},
        "NodeToNodeEncryptionOptions": {"Enabled": bool(n2n.get("enabled"))},
        "DomainEndpointOptions": {"EnforceHTTPS": bool(endpoint.get("enforce_https")),
                                  "TLSSecurityPolicy": endpoint.get("tls_security_policy")},
        "VPCOptions": {"SubnetIds": first(values.get("vpc_options")).get("subnet_ids") or []},
        "AdvancedSecurityOptions": {
            "Enabled": bool(security.get("enabled")),
            "AnonymousAuthEnabled": bool(security.get("anonymous_auth_enabled"))},
        "LogPublishingOptions": {
            str(o.get("log_type")): {"Enabled": o.get("enabled", True) is not False}
            for o in values.get("log_publishing_options") or ()
        },
        "ClusterConfig": {"InstanceCount": cluster.get("instance_count") or 1,
                          "ZoneAwarenessEnabled": bool(cluster.get("zone_awareness_enabled")),
                          "DedicatedMasterEnabled": bool(cluster.get("dedicated_master_enabled")),
                          "DedicatedMasterCount": cluster.get("dedicated_master_count") or 0},
        "AccessPolicies": (policies or [values.get("access_policies")])[-1],
    }  # fmt: skip
    model = to_search_domain(
        answer, account="", region=session.region(domain), collected_at=session.collected_at
    )
    if domain.is_unknown("access_policies") and domain.configured("access_policies"):
        session.note_unknown(domain, [f"{domain.address}.access_policies"])
        model = model.model_copy(update={"access_policy": None})
    return relabel(model, domain)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", DatabaseCluster, ("aws_rds_cluster",), plan_database_cluster,
              name="plan_rds_clusters",
              joins=[(("aws_rds_cluster_instance",), "cluster_identifier")]),
    collector("aws", DataWarehouse, ("aws_redshift_cluster",), plan_warehouse,
              name="plan_redshift", joins=[(("aws_redshift_logging",), "cluster_identifier")]),
    collector("aws", CacheCluster, ("aws_elasticache_replication_group",), plan_cache,
              name="plan_elasticache"),
    collector("aws", SearchDomain, ("aws_opensearch_domain", "aws_elasticsearch_domain"),
              plan_search_domain, name="plan_search_domains",
              joins=[(("aws_opensearch_domain_policy", "aws_elasticsearch_domain_policy"),
                      "domain_name")]),
)  # fmt: skip
