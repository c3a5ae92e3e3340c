"""Cloud SQL instances from CAI."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.gcp.assets import AssetRecord
from providers.gcp.common import collect_kind
from providers.gcp.session import GcpSession
from providers.gcp.spelling import enum, flag
from scanner.model import DatabaseInstance, Encryption
from scanner.provider import Collector, Item

SQL_INSTANCE = "sqladmin.googleapis.com/Instance"
_TLS_MODES = {"ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"}
_DEFAULT_RETAINED = 7


def engine_of(version: str) -> str:
    """The engine family of a databaseVersion: ``MYSQL_8_0`` -> ``mysql``."""
    return version.split("_", 1)[0].lower() or "unknown"


def _retention_days(backups: Mapping[str, Any]) -> int:
    """Daily automated backups kept (count of retained backups), 0 when backups are off."""
    if not flag(backups.get("enabled")):
        return 0
    retained = (backups.get("backupRetentionSettings") or {}).get("retainedBackups")
    return _DEFAULT_RETAINED if retained is None else int(float(retained))


def to_database_instance(record: AssetRecord, fields: dict[str, Any]) -> DatabaseInstance:
    """Pure: a Cloud SQL DatabaseInstance REST body -> DatabaseInstance."""
    body = record.body
    settings = body.get("settings") or {}
    ip = settings.get("ipConfiguration") or {}
    kms = (body.get("diskEncryptionConfiguration") or {}).get("kmsKeyName")
    flags = {
        str(f.get("name", "")).lower(): str(f.get("value", ""))
        for f in settings.get("databaseFlags") or ()
    }
    return DatabaseInstance(
        **fields,
        engine=engine_of(str(body.get("databaseVersion", ""))),
        encryption=Encryption(enabled=True, key_managed_by="customer", key_id=str(kms))
        if kms
        else Encryption(enabled=True, key_managed_by="provider"),
        backup_retention_days=_retention_days(settings.get("backupConfiguration") or {}),
        publicly_accessible=bool(flag(ip.get("ipv4Enabled"))),
        multi_az=enum(settings.get("availabilityType")) == "REGIONAL",
        deletion_protection=bool(flag(settings.get("deletionProtectionEnabled"))),
        # Cloud SQL applies minor version updates in its maintenance windows; no opt-out
        auto_minor_version_upgrade=True,
        tls_required=bool(flag(ip.get("requireSsl"))) or enum(ip.get("sslMode")) in _TLS_MODES,
        authorized_networks=tuple(
            str(n.get("value", "")) for n in ip.get("authorizedNetworks") or ()
        ),
        flags=flags,
        engine_version=str(body.get("databaseVersion", "")) or None,
    )


def collect_sql_instances(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every Cloud SQL instance in ``scope``."""
    yield from collect_kind(session, scope, [SQL_INSTANCE], DatabaseInstance, to_database_instance)


RESOURCE_TYPES = {SQL_INSTANCE: "DatabaseInstance"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(
        DatabaseInstance, collect_sql_instances, permissions=("cloudasset.assets.listResource",)
    ),
)
