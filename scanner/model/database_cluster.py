"""Managed database clusters (Aurora and Multi-AZ DB clusters; AlloyDB, Azure flexible
server HA groups could fill it later)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource


class DatabaseCluster(Resource):
    """A database cluster: shared storage, backups and protection settings of its members."""

    engine: str
    engine_version: str
    engine_supported: bool | None = Field(
        description="The provider still offers this engine version (not deprecated); None unknown."
    )
    shared_storage: bool = Field(
        description="Storage is the cluster's (Aurora); members' public access is their own."
    )
    encryption: Encryption | None
    backup_retention_days: int | None
    deletion_protection: bool | None
    iam_auth: bool | None = Field(description="Database logins with IAM tokens are accepted.")
    publicly_accessible: bool | None = Field(
        description="Multi-AZ DB clusters: reachable from the internet; None unknown or n/a."
    )
    auto_minor_version_upgrade: bool | None = None
    multi_az: bool | None = Field(
        default=None, description="Members (or standbys) in more than one availability zone."
    )
    log_exports: tuple[str, ...] | None = Field(
        default=None, description="Database log types published to CloudWatch Logs."
    )
    admin_username: str | None = Field(
        default=None, description="The master (administrator) user name; None unknown."
    )
