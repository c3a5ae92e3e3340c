"""Azure SQL servers and databases: Resource Graph plus the settings it lacks (SQL API)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from azure.mgmt.sql import SqlManagementClient

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.network import GRAPH_READ
from providers.azure.rows import (
    base_fields,
    of_type,
    parent_name,
    props,
    resource_group,
    rest_dict,
)
from providers.azure.session import AzureSession
from scanner.errors import CollectionError
from scanner.model import DatabaseInstance, DatabaseServer, Encryption
from scanner.provider import Collector, Item

SERVER = "microsoft.sql/servers"
DATABASE = "microsoft.sql/servers/databases"
FIREWALL_READ = "Microsoft.Sql/servers/firewallRules/read"
AUDITING_READ = "Microsoft.Sql/servers/auditingSettings/read"
ADMIN_READ = "Microsoft.Sql/servers/administrators/read"
TDE_READ = "Microsoft.Sql/servers/databases/transparentDataEncryption/read"


def _public(server: Mapping[str, Any]) -> bool:
    return str(props(server).get("publicNetworkAccess", "Enabled")).lower() != "disabled"


def to_database_server(
    row: Mapping[str, Any],
    *,
    firewall_rules: list[Mapping[str, Any]] | None,
    auditing: Mapping[str, Any] | None,
    admins: list[Mapping[str, Any]] | None,
    subscription: str,
    collected_at: datetime,
) -> DatabaseServer:
    """Pure: a server plus its firewall rules, auditing policy and directory admins.

    Each detail is None when it could not be read (the field is then unknown).
    """
    p = props(row)
    tls = str(p.get("minimalTlsVersion") or "")
    all_ips = (
        None
        if firewall_rules is None
        else any(
            props(r).get("startIpAddress") == "0.0.0.0"  # noqa: S104 - what we look for
            and props(r).get("endIpAddress") == "255.255.255.255"
            for r in firewall_rules
        )
    )
    admin = bool(admins) if admins is not None else (True if p.get("administrators") else None)
    audit = props(auditing) if auditing is not None else None
    enabled = None if audit is None else str(audit.get("state", "")).lower() == "enabled"
    return DatabaseServer(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        public_network_access=_public(row),
        min_tls_version="" if tls.lower() in {"", "none"} else tls,
        firewall_allows_all=all_ips,
        directory_admin=admin,
        auditing_enabled=enabled,
        audit_retention_days=int(audit.get("retentionDays") or 0) if audit and enabled else None,
    )


def to_database_instance(
    row: Mapping[str, Any],
    server: Mapping[str, Any] | None,
    tde: Mapping[str, Any] | None,
    *,
    subscription: str,
    collected_at: datetime,
) -> DatabaseInstance:
    """Pure: a database, its server and its TDE state -> DatabaseInstance."""
    p = props(row)
    encryption = None
    if tde is not None:
        on = str(props(tde).get("state", "")).lower() == "enabled"
        cmk = bool(server and props(server).get("keyId"))
        manager = ("customer" if cmk else "provider") if on else None
        encryption = Encryption(enabled=on, key_managed_by=manager)
    return DatabaseInstance(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        engine="sqlserver",
        encryption=encryption,
        backup_retention_days=None,
        publicly_accessible=None if server is None else _public(server),
        multi_az=bool(p.get("zoneRedundant", False)),
        deletion_protection=None,
    )


def _read(
    call: Callable[[], Any], *, scope: str, resource: str, permission: str, uid: str
) -> tuple[Any, CollectionError | None]:
    """Run one SDK call; (None, error) on failure."""
    try:
        return call(), None
    except SDK_ERRORS as err:
        error = translate_error(err, scope=scope, resource=resource, permission=permission, uid=uid)
        return None, error


def collect_database_servers(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every SQL server with firewall rules, auditing and Entra admins (3 SQL API calls)."""
    servers = of_type(session.graph_rows(subscription, "DatabaseServer"), SERVER)

    def detail(row: dict[str, Any]) -> list[Item]:
        got: dict[str, Any] = {"firewall_rules": None, "auditing": None, "admins": None}
        errors: list[Item] = []
        if not session.offline:
            sql = session.client(SqlManagementClient, subscription)
            rg, name, uid = resource_group(str(row["id"])) or "", str(row["name"]), str(row["id"])
            calls = {
                "firewall_rules": (
                    lambda: [rest_dict(r) for r in sql.firewall_rules.list_by_server(rg, name)],
                    FIREWALL_READ,
                ),
                "auditing": (
                    lambda: rest_dict(sql.server_blob_auditing_policies.get(rg, name)),
                    AUDITING_READ,
                ),
                "admins": (
                    lambda: [
                        rest_dict(a)
                        for a in sql.server_azure_ad_administrators.list_by_server(rg, name)
                    ],
                    ADMIN_READ,
                ),
            }
            for key, (call, permission) in calls.items():
                got[key], error = _read(
                    call,
                    scope=subscription,
                    resource="DatabaseServer",
                    permission=permission,
                    uid=uid,
                )
                errors += [error] if error else []
        server = to_database_server(
            row, **got, subscription=subscription, collected_at=session.now()
        )
        return [server, *errors]

    for items in session.map(detail, servers):
        yield from items


def collect_database_instances(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every user database (system databases skipped) with its TDE state (1 call each)."""
    rows = session.graph_rows(subscription, "DatabaseInstance")
    servers = {str(s["id"]).lower(): s for s in of_type(rows, SERVER)}
    databases = [
        d
        for d in of_type(rows, DATABASE)
        if str(d.get("name")).lower() != "master"
        and str((d.get("sku") or {}).get("name", "")).lower() != "system"
    ]

    def detail(row: dict[str, Any]) -> list[Item]:
        rid = str(row["id"])
        server_id = rid.lower().split("/databases/")[0]
        tde, error = None, None
        if not session.offline:
            sql = session.client(SqlManagementClient, subscription)
            rg, server, name = resource_group(rid) or "", parent_name(rid, "servers"), row["name"]
            tde, error = _read(
                lambda: rest_dict(
                    sql.transparent_data_encryptions.get(rg, server, name, "current")
                ),
                scope=subscription,
                resource="DatabaseInstance",
                permission=TDE_READ,
                uid=rid,
            )
        db = to_database_instance(
            row, servers.get(server_id), tde, subscription=subscription, collected_at=session.now()
        )
        return [db, error] if error else [db]

    for items in session.map(detail, databases):
        yield from items


_SQL_READ = (*GRAPH_READ, "Microsoft.Sql/servers/read")
COLLECTORS = (
    Collector(
        DatabaseServer,
        collect_database_servers,
        permissions=(*_SQL_READ, FIREWALL_READ, AUDITING_READ, ADMIN_READ),
    ),
    Collector(
        DatabaseInstance,
        collect_database_instances,
        permissions=(*_SQL_READ, "Microsoft.Sql/servers/databases/read", TDE_READ),
    ),
)
