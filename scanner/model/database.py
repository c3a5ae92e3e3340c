"""Managed databases and tables."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource


class DatabaseInstance(Resource):
    """A managed relational database instance (RDS, Cloud SQL, Azure SQL)."""

    engine: str
    encryption: Encryption | None
    backup_retention_days: int | None = Field(description="0 = automated backups off.")
    publicly_accessible: bool | None
    multi_az: bool | None
    deletion_protection: bool | None
    auto_minor_version_upgrade: bool | None = None
    tls_required: bool | None = Field(
        default=None, description="GCP: the instance refuses unencrypted connections."
    )
    authorized_networks: tuple[str, ...] | None = Field(
        default=None, description="GCP: CIDRs allowed to reach the public IP; None unknown."
    )
    flags: dict[str, str] | None = Field(
        default=None, description="GCP: database flags (lower-case name -> value) set on it."
    )
    engine_version: str | None = Field(
        default=None, description="Engine version as the provider spells it (MYSQL_8_0, 14.9)."
    )


class Table(Resource):
    """A managed key-value/NoSQL table (DynamoDB, Firestore, Cosmos DB)."""

    encryption: Encryption | None
    point_in_time_recovery: bool | None
    deletion_protection: bool | None
