"""Checks over managed in-memory caches (ElastiCache first)."""

from __future__ import annotations

from checks._common import encryption_at_rest, setting
from checks.workloads._controls import (
    AT_REST,
    AUTHENTICATION,
    BACKUPS,
    IN_TRANSIT,
    PATCHING,
    RESILIENCE,
)
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import CacheCluster
from scanner.registry import Threshold, check

_MEMCACHED = "memcached"


@check(
    id="CACHE-001",
    title="Caches encrypt data at rest",
    severity=Severity.MEDIUM,
    resource=CacheCluster,
    controls=AT_REST,
    providers=("aws",),
)
def cache_encrypted(cache: CacheCluster) -> Result:
    """Cached data is written to disk during syncs, swaps and backups; unencrypted, it is
    exposed outside any key policy (Security Hub ElastiCache.4).

    Remediation: create the replication group with encryption at rest (Memcached offers
    none: keep sensitive data out of it).
    """
    if cache.engine == _MEMCACHED:
        return not_applicable("Memcached has no encryption at rest")
    return encryption_at_rest(cache.encryption)


@check(
    id="CACHE-002",
    title="Caches encrypt traffic in transit",
    severity=Severity.MEDIUM,
    resource=CacheCluster,
    controls=IN_TRANSIT,
    providers=("aws",),
)
def cache_in_transit(cache: CacheCluster) -> Result:
    """Without in-transit encryption, cached values and any AUTH token cross the network in
    clear between clients and nodes (Security Hub ElastiCache.5).

    Remediation: enable in-transit encryption (TLS) and switch clients to TLS.
    """
    return setting(
        cache.in_transit_encryption,
        on="in-transit encryption on",
        off="in-transit encryption off",
        unread="in-transit encryption unreadable",
    )


@check(
    id="CACHE-003",
    title="Caches require clients to authenticate",
    severity=Severity.HIGH,
    resource=CacheCluster,
    controls=AUTHENTICATION,
    providers=("aws",),
)
def cache_authentication(cache: CacheCluster) -> Result:
    """Without an AUTH token or role-based access control, anything that reaches the port
    can read, change or flush every key (Security Hub ElastiCache.6).

    Remediation: enable in-transit encryption, then an AUTH token or RBAC user groups.
    """
    if cache.engine == _MEMCACHED:
        return not_applicable("Memcached nodes are judged on network controls only")
    return setting(
        cache.authentication,
        on="clients authenticate (AUTH token or RBAC)",
        off="no AUTH token and no user group",
        unread="authentication settings unreadable",
    )


@check(
    id="CACHE-004",
    title="Caches take automatic backups",
    severity=Severity.MEDIUM,
    resource=CacheCluster,
    controls=BACKUPS,
    providers=("aws",),
    thresholds=(
        Threshold(
            "min_snapshot_retention_days",
            1,
            unit="days",
            minimum=1,
            maximum=35,
            description="automatic snapshots must be kept at least this many days",
            source="AWS Security Hub ElastiCache.1 (snapshotRetentionPeriod, default 1; "
            "ElastiCache accepts up to 35)",
        ),
    ),
)
def cache_backups(cache: CacheCluster, *, min_snapshot_retention_days: int) -> Result:
    """A cache used as a data store loses everything on a failure or mistake without a
    snapshot to restore (Security Hub ElastiCache.1).

    Remediation: set a snapshot retention limit of one day or more.
    """
    if cache.engine == _MEMCACHED:
        return not_applicable("Memcached has no backups")
    if cache.snapshot_retention_days is None:
        return unknown("snapshot retention unreadable")
    if cache.snapshot_retention_days == 0:
        return failed("automatic backups off")
    if cache.snapshot_retention_days < min_snapshot_retention_days:
        days = cache.snapshot_retention_days
        return failed(f"automatic backups kept {days} day(s); needs {min_snapshot_retention_days}")
    return passed(f"automatic backups kept {cache.snapshot_retention_days} day(s)")


@check(
    id="CACHE-005",
    title="Replicated caches fail over automatically",
    severity=Severity.MEDIUM,
    resource=CacheCluster,
    controls=RESILIENCE,
    providers=("aws",),
)
def cache_automatic_failover(cache: CacheCluster) -> Result:
    """Without automatic failover a failed primary stops writes until someone promotes a
    replica by hand (Security Hub ElastiCache.3).

    Remediation: enable automatic failover (and Multi-AZ) on the replication group.
    """
    if cache.automatic_failover is None:
        return not_applicable("standalone node: no replication group")
    if cache.automatic_failover:
        return passed("automatic failover on")
    return failed("automatic failover off")


@check(
    id="CACHE-006",
    title="Caches apply minor engine upgrades automatically",
    severity=Severity.LOW,
    resource=CacheCluster,
    controls=PATCHING,
    providers=("aws",),
)
def cache_minor_upgrades(cache: CacheCluster) -> Result:
    """Minor versions carry security fixes; with automatic minor upgrades off they wait
    for someone to apply them (Security Hub ElastiCache.2).

    Remediation: enable auto minor version upgrade.
    """
    return setting(
        cache.auto_minor_version_upgrade,
        on="auto minor version upgrade on",
        off="auto minor version upgrade off",
        unread="upgrade setting unreadable",
    )
