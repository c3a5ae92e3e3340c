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


class Table(Resource):
    """A managed key-value/NoSQL table (DynamoDB, Firestore, Cosmos DB)."""

    encryption: Encryption | None
    point_in_time_recovery: bool | None
    deletion_protection: bool | None
