"""Azure managed disks, Key Vaults and SQL servers/databases (with their firewall rules,
auditing policies and TDE) in a plan, through the Azure provider's own mappers.

Planned ``azurerm_*`` attributes become the ARM bodies Resource Graph serves. Defaults:
registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/<type> (cited per
mapper; azurerm 3.x and 4.x spellings both read). Something the plan cannot see (grants,
settings or diagnostic settings made outside it for an existing resource) is UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession
from scanner.model import DatabaseInstance, DatabaseServer, KeyVault, Volume
from scanner.provider import Collector

_DIAGNOSTICS = ("azurerm_monitor_diagnostic_setting",)
_FIREWALL = ("azurerm_mssql_firewall_rule",)
_AUDITING = ("azurerm_mssql_server_extended_auditing_policy",)
_TDE = ("azurerm_mssql_server_transparent_data_encryption",)


def _row(resource: Planned, session: TerraformSession, arm_type: str, properties: Any) -> Any:
    values = resource.values
    return {"id": resource.address, "name": str(values.get("name") or resource.address),
            "type": arm_type, "location": values.get("location") or session.region(resource),
            "tags": values.get("tags") or {}, "properties": properties}  # fmt: skip


def _setting(values: Any, *names: str, default: Any) -> Any:
    return next((values[n] for n in names if values.get(n) is not None), default)


def plan_managed_disk(disk: Planned, session: TerraformSession) -> Volume:
    """``azurerm_managed_disk``: ``public_network_access_enabled`` true and the
    network access policy AllowAll (Azure's default) when omitted; a
    ``disk_encryption_set_id`` is a customer key (registry: azurerm_managed_disk)."""
    from providers.azure.compute import to_volume  # noqa: PLC0415 - Azure SDK

    values = disk.values
    des = values.get("disk_encryption_set_id") or (
        "(planned set)" if disk.configured("disk_encryption_set_id") else None
    )
    properties = {
        "encryption": {"diskEncryptionSetId": des},
        "publicNetworkAccess": "Enabled"
        if _setting(values, "public_network_access_enabled", default=True)
        else "Disabled",
        "networkAccessPolicy": values.get("network_access_policy") or "AllowAll",
    }
    row = _row(disk, session, "microsoft.compute/disks", properties)
    model = to_volume(row, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"attached": None})


def _logged(resource: Planned, session: TerraformSession) -> bool | None:
    """A diagnostic setting of the plan exports enabled logs of ``resource``."""
    from providers.azure.monitor import resource_logging  # noqa: PLC0415

    settings = [
        {"properties": {
            "workspaceId": s.values.get("log_analytics_workspace_id") or "planned",
            "logs": [{"enabled": True, "category": log.get("category"),
                      "categoryGroup": log.get("category_group")}
                     for log in s.values.get("enabled_log") or ()]
            + [{"enabled": bool(log.get("enabled", True)), "category": log.get("category"),
                "categoryGroup": log.get("category_group")}
               for log in s.values.get("log") or ()]}}
        for s in session.joined(resource, _DIAGNOSTICS, "target_resource_id")
    ]  # fmt: skip
    if resource_logging(settings):
        return True
    return False if resource.created else None


def _private_endpoints(target: Planned, session: TerraformSession) -> list[Planned]:
    """``azurerm_private_endpoint``s whose ``private_service_connection`` refers to
    ``target`` (a connection to a resource of the same directory is approved
    automatically unless ``is_manual_connection``)."""
    found = []
    for endpoint in session.all_of("azurerm_private_endpoint"):
        if endpoint.module != target.module:
            continue
        blocks = endpoint.expressions.get("private_service_connection")
        for block in blocks if isinstance(blocks, list) else ():
            refs = (block.get("private_connection_resource_id") or {}).get("references", ())
            manual = (block.get("is_manual_connection") or {}).get("constant_value")
            if not manual and any(str(r).startswith(target.local_address + ".") for r in refs):
                found.append(endpoint)
    return found


def plan_key_vault(vault: Planned, session: TerraformSession) -> KeyVault:
    """``azurerm_key_vault``: soft delete is always on (azurerm 3.x+ cannot turn it off;
    ``soft_delete_retention_days`` 90); ``purge_protection_enabled`` false,
    ``enable_rbac_authorization`` / ``rbac_authorization_enabled`` false,
    ``public_network_access_enabled`` true, ``network_acls.default_action`` as given
    (registry: azurerm_key_vault). Logging is an ``azurerm_monitor_diagnostic_setting``;
    private endpoints are ``azurerm_private_endpoint``s connecting to it."""
    from providers.azure.keyvault import to_key_vault  # noqa: PLC0415

    values = vault.values
    public = _setting(values, "public_network_access_enabled", default=True)
    properties: dict[str, Any] = {
        "enableSoftDelete": True,
        "enablePurgeProtection": bool(values.get("purge_protection_enabled")),
        "enableRbacAuthorization": bool(
            _setting(values, "rbac_authorization_enabled", "enable_rbac_authorization",
                     default=False)
        ),
        "publicNetworkAccess": "Enabled" if public else "Disabled",
        "networkAcls": {"defaultAction": first(values.get("network_acls")).get("default_action")
                        or "Allow"},
        "privateEndpointConnections": [],
    }  # fmt: skip
    row = _row(vault, session, "microsoft.keyvault/vaults", properties)
    properties["privateEndpointConnections"] = [
        {"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}
        for _ in _private_endpoints(vault, session)
    ]
    model = to_key_vault(
        row, logging=_logged(vault, session), subscription="", collected_at=session.collected_at
    )
    return model.model_copy(update={"uid": vault.address, "name": vault.address})


def plan_sql_server(server: Planned, session: TerraformSession) -> DatabaseServer:
    """``azurerm_mssql_server`` with its ``azurerm_mssql_firewall_rule``s and
    ``azurerm_mssql_server_extended_auditing_policy`` (``enabled`` true and
    ``retention_in_days`` 0 = kept forever by default): ``public_network_access_enabled``
    true and ``minimum_tls_version`` 1.2 by default; an ``azuread_administrator`` block is
    a directory admin (registry: azurerm_mssql_server). A new server without an auditing
    policy in the plan does not audit; an existing one may (unknown)."""
    from providers.azure.sql import to_database_server  # noqa: PLC0415

    values = server.values
    rules: list[Mapping[str, Any]] = [
        {"properties": {"startIpAddress": r.values.get("start_ip_address"),
                        "endIpAddress": r.values.get("end_ip_address")}}
        for r in session.joined(server, _FIREWALL, "server_id")
    ]  # fmt: skip
    policies = session.joined(server, _AUDITING, "server_id")
    auditing: dict[str, Any] | None = None
    if policies:
        policy = policies[-1].values
        auditing = {"properties": {
            "state": "Enabled" if policy.get("enabled", True) is not False else "Disabled",
            "retentionDays": policy.get("retention_in_days") or 0}}  # fmt: skip
    elif server.created:
        auditing = {"properties": {"state": "Disabled"}}
    public = _setting(values, "public_network_access_enabled", default=True)
    properties = {
        "publicNetworkAccess": "Enabled" if public else "Disabled",
        "minimalTlsVersion": values.get("minimum_tls_version") or "1.2",
    }
    row = _row(server, session, "microsoft.sql/servers", properties)
    admins: list[Mapping[str, Any]] = [{}] if values.get("azuread_administrator") else []
    return to_database_server(
        row, firewall_rules=rules, auditing=auditing, admins=admins, subscription="",
        collected_at=session.collected_at,
    ).model_copy(update={"uid": server.address, "name": server.address})  # fmt: skip


def plan_sql_database(db: Planned, session: TerraformSession) -> DatabaseInstance:
    """``azurerm_mssql_database``: ``transparent_data_encryption_enabled`` true and
    ``zone_redundant`` false by default (registry: azurerm_mssql_database); the server's
    ``azurerm_mssql_server_transparent_data_encryption`` with a ``key_vault_key_id`` makes
    the TDE key the customer's."""
    from providers.azure.sql import to_database_instance  # noqa: PLC0415

    values = db.values
    servers = [
        s for s in session.all_of("azurerm_mssql_server")
        if any(r.startswith(s.local_address) for r in db.references("server_id"))
        or (values.get("server_id") and s.values.get("id") == values.get("server_id"))
    ]  # fmt: skip
    server_props: dict[str, Any] | None = None
    if servers:
        server = servers[0]
        tde = session.joined(server, _TDE, "server_id")
        cmk = any(t.values.get("key_vault_key_id") or t.configured("key_vault_key_id") for t in tde)
        public = _setting(server.values, "public_network_access_enabled", default=True)
        access = "Enabled" if public else "Disabled"
        server_props = {"properties": {"keyId": "planned key" if cmk else None,
                                       "publicNetworkAccess": access}}  # fmt: skip
    on = values.get("transparent_data_encryption_enabled", True) is not False
    row = _row(db, session, "microsoft.sql/servers/databases",
               {"zoneRedundant": bool(values.get("zone_redundant"))})  # fmt: skip
    return to_database_instance(
        row, server_props, {"properties": {"state": "Enabled" if on else "Disabled"}},
        subscription="", collected_at=session.collected_at,
    ).model_copy(update={"uid": db.address, "name": db.address})  # fmt: skip


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("azure", Volume, ("azurerm_managed_disk",), plan_managed_disk,
              name="plan_managed_disks"),
    collector("azure", KeyVault, ("azurerm_key_vault",), plan_key_vault, name="plan_key_vaults",
              joins=[(_DIAGNOSTICS, "target_resource_id")]),
    collector("azure", DatabaseServer, ("azurerm_mssql_server",), plan_sql_server,
              name="plan_sql_servers",
              joins=[(_FIREWALL, "server_id"), (_AUDITING, "server_id")]),
    collector("azure", DatabaseInstance, ("azurerm_mssql_database",), plan_sql_database,
              name="plan_sql_databases"),
)  # fmt: skip
