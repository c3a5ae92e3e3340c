"""Managed data services: search domains, data warehouses and in-memory caches."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource
from scanner.model.cdn import TlsVersion
from scanner.model.iam import PolicyDocument


class SearchDomain(Resource):
    """A managed search cluster (OpenSearch Service, Elastic Cloud, Azure AI Search)."""

    engine_version: str
    encryption: Encryption | None
    node_to_node_encryption: bool | None
    https_required: bool | None
    min_tls: TlsVersion | None = Field(description="Oldest TLS version the endpoint accepts.")
    in_vpc: bool = Field(description="Endpoint only inside a virtual network (no public one).")
    fine_grained_access: bool | None
    anonymous_auth: bool = Field(
        default=False, description="Fine-grained access control admits unauthenticated users."
    )
    audit_logs: bool | None = Field(description="Audit logs published to a log service.")
    error_logs: bool | None = Field(description="Application/error logs published.")
    data_nodes: int
    zone_awareness: bool | None
    dedicated_masters: int = Field(default=0, description="Dedicated master nodes; 0 none.")
    access_policy: PolicyDocument | None = Field(
        default=None, description="Resource access policy; empty document when none."
    )


class DataWarehouse(Resource):
    """A managed analytics warehouse cluster (Redshift, Synapse dedicated pool)."""

    encryption: Encryption | None
    publicly_accessible: bool | None
    tls_required: bool | None = Field(description="Connections without TLS are refused.")
    audit_logging: bool | None
    snapshot_retention_days: int | None = Field(description="0 = automated snapshots off.")
    version_upgrades: bool | None = Field(description="Major version upgrades applied.")
    enhanced_vpc_routing: bool | None
    admin_user: str = Field(description="Master/admin user name ('' unknown).")
    database_name: str = Field(default="", description="Initial database name ('' unknown).")


class CacheCluster(Resource):
    """A managed in-memory cache (ElastiCache, Memorystore, Azure Cache for Redis)."""

    engine: str = Field(description="'redis', 'valkey' or 'memcached'.")
    engine_version: str = ""
    encryption: Encryption | None
    in_transit_encryption: bool | None
    authentication: bool | None = Field(
        description="Clients must authenticate (AUTH token or role-based access control)."
    )
    snapshot_retention_days: int | None = Field(description="0 = automatic backups off.")
    automatic_failover: bool | None = Field(
        description="A replica takes over on primary failure; None unknown or not applicable."
    )
    auto_minor_version_upgrade: bool | None
