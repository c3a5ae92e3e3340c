"""ElastiCache: replication groups (Redis OSS / Valkey) and standalone cache clusters.

A replication group is judged once as a whole; a cache cluster that belongs to one is
skipped, so only standalone nodes (Memcached, single-node Redis) are judged on their own.
Serverless caches are listed apart; if that listing fails, node-based caches are still
reported and the serverless ones are one UNKNOWN row (a per-region pseudo uid).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.backup_selection import Unread, guarded
from providers.aws.resilience import unread_error
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption
from scanner.model import CacheCluster, Encryption
from scanner.provider import Collector, Item

_PERMISSIONS = (
    "elasticache:DescribeReplicationGroups",
    "elasticache:DescribeCacheClusters",
    "elasticache:DescribeServerlessCaches",
)


def _auth(item: Mapping[str, Any]) -> bool:
    return bool(item.get("AuthTokenEnabled")) or bool(item.get("UserGroupIds"))


def to_replication_group(
    group: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> CacheCluster:
    """Pure: a DescribeReplicationGroups item -> CacheCluster.

    Authentication: an AUTH token or role-based access control (user groups). Encryption
    flags absent are false (ReplicationGroup API reference).
    """
    name = str(group["ReplicationGroupId"])
    arn = group.get("ARN") or f"arn:aws:elasticache:{region}:{account}:replicationgroup:{name}"
    failover = str(group.get("AutomaticFailover", "disabled"))
    retention = group.get("SnapshotRetentionLimit")
    return CacheCluster(
        uid=str(arn),
        provider="aws", account=account, region=region, service="elasticache", name=name,
        collected_at=collected_at, engine=str(group.get("Engine", "redis")),
        encryption=kms_encryption(bool(group.get("AtRestEncryptionEnabled")),
                                  group.get("KmsKeyId")),
        in_transit_encryption=bool(group.get("TransitEncryptionEnabled")),
        authentication=_auth(group),
        snapshot_retention_days=None if retention is None else int(retention),
        automatic_failover=failover in {"enabled", "enabling"},
        auto_minor_version_upgrade=(None if "AutoMinorVersionUpgrade" not in group
                                    else bool(group["AutoMinorVersionUpgrade"])),
    )  # fmt: skip


def to_cache_node(
    cluster: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> CacheCluster:
    """Pure: a standalone DescribeCacheClusters item -> CacheCluster (no failover)."""
    name = str(cluster["CacheClusterId"])
    retention = cluster.get("SnapshotRetentionLimit")
    engine = str(cluster.get("Engine", ""))
    return CacheCluster(
        uid=str(cluster.get("ARN") or f"arn:aws:elasticache:{region}:{account}:cluster:{name}"),
        provider="aws", account=account, region=region, service="elasticache", name=name,
        collected_at=collected_at, engine=engine,
        engine_version=str(cluster.get("EngineVersion", "")),
        encryption=kms_encryption(bool(cluster.get("AtRestEncryptionEnabled")), None),
        in_transit_encryption=bool(cluster.get("TransitEncryptionEnabled")),
        authentication=_auth(cluster),
        snapshot_retention_days=(0 if engine == "memcached" else
                                 None if retention is None else int(retention)),
        automatic_failover=None,
        auto_minor_version_upgrade=bool(cluster.get("AutoMinorVersionUpgrade", True)),
    )  # fmt: skip


def to_serverless_cache(
    cache: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> CacheCluster:
    """Pure: a DescribeServerlessCaches item -> CacheCluster.

    ElastiCache Serverless always encrypts at rest (``KmsKeyId``: a customer key, else an
    AWS owned one) and in transit, and applies minor versions itself; clients authenticate
    only through an RBAC user group (``UserGroupId``, Valkey/Redis OSS).
    """
    name = str(cache["ServerlessCacheName"])
    engine = str(cache.get("Engine", ""))
    key = cache.get("KmsKeyId")
    retention = cache.get("SnapshotRetentionLimit")
    arn = cache.get("ARN") or f"arn:aws:elasticache:{region}:{account}:serverlesscache:{name}"
    return CacheCluster(
        uid=str(arn),
        provider="aws", account=account, region=region, service="elasticache", name=name,
        collected_at=collected_at, engine=engine,
        engine_version=str(cache.get("FullEngineVersion", "")),
        encryption=Encryption(enabled=True, key_managed_by="customer" if key else "provider",
                              key_id=str(key) if key else None),
        in_transit_encryption=True, authentication=bool(cache.get("UserGroupId")),
        snapshot_retention_days=(0 if engine == "memcached" else
                                 None if retention is None else int(retention)),
        automatic_failover=None, auto_minor_version_upgrade=True,
    )  # fmt: skip


def collect_caches(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every replication group and every standalone cache cluster in ``region``."""
    client = session.client("elasticache", region)
    listings: list[list[Any]] = []
    for (operation, key), permission in zip(
        (("describe_replication_groups", "ReplicationGroups"),
         ("describe_cache_clusters", "CacheClusters")), _PERMISSIONS[:2], strict=True,
    ):  # fmt: skip
        try:
            listings.append(paginate(client, operation, key))
        except SDK_ERRORS as err:
            raise translate_error(
                err, scope=region, resource="CacheCluster", permission=permission
            ) from err
    groups, nodes = listings
    now = session.now()
    for group in groups:
        yield to_replication_group(group, account=session.account, region=region,
                                   collected_at=now)  # fmt: skip
    for node in nodes:
        if not node.get("ReplicationGroupId"):
            yield to_cache_node(node, account=session.account, region=region, collected_at=now)
    try:
        serverless = guarded(_PERMISSIONS[2], paginate, client, "describe_serverless_caches",
                             "ServerlessCaches")  # fmt: skip
    except Unread as failure:
        uid = f"arn:aws:elasticache:{region}:{session.account}:serverlesscache:*"
        yield unread_error(failure, scope=region, resource="CacheCluster", uid=uid)
        return
    for cache in serverless:
        yield to_serverless_cache(cache, account=session.account, region=region,
                                  collected_at=now)  # fmt: skip


COLLECTORS = (Collector(CacheCluster, collect_caches, permissions=_PERMISSIONS),)
