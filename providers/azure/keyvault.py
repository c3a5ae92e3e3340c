"""Key Vaults (Resource Graph + diagnostic settings), their keys and secrets (ARM)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from azure.mgmt.keyvault import KeyVaultManagementClient

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.monitor import DIAGNOSTIC_READ, read_diagnostic_settings, resource_logging
from providers.azure.network import GRAPH_READ
from providers.azure.rows import (
    base_fields,
    duration_days,
    of_type,
    props,
    resource_group,
    rest_dict,
)
from providers.azure.session import AzureSession
from scanner.model import KeyVault, KmsKey, Secret
from scanner.provider import Collector, Item

VAULT = "microsoft.keyvault/vaults"


def to_key_vault(
    row: Mapping[str, Any], *, logging: bool | None, subscription: str, collected_at: datetime
) -> KeyVault:
    """Pure: a vault (Resource Graph/ARM shape) plus its logging status -> KeyVault."""
    p = props(row)
    acls = p.get("networkAcls") or {}
    closed = str(p.get("publicNetworkAccess", "Enabled")).lower() == "disabled"
    endpoints = [
        c
        for c in p.get("privateEndpointConnections") or ()
        if str((props(c).get("privateLinkServiceConnectionState") or {}).get("status")).lower()
        == "approved"
    ]
    return KeyVault(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        soft_delete_enabled=bool(p.get("enableSoftDelete", False)),
        purge_protection=bool(p.get("enablePurgeProtection", False)),
        rbac_authorization=bool(p.get("enableRbacAuthorization", False)),
        public_network_access=not (closed or str(acls.get("defaultAction")).lower() == "deny"),
        private_endpoints=len(endpoints),
        logging_enabled=logging,
    )


def _rotation(policy: Mapping[str, Any] | None) -> tuple[bool, int | None]:
    """(automatic rotation on, days after creation) from a key rotation policy."""
    for action in (policy or {}).get("lifetimeActions") or ():
        if str((action.get("action") or {}).get("type", "")).lower() == "rotate":
            trigger = action.get("trigger") or {}
            return True, duration_days(trigger.get("timeAfterCreate"))
    return False, None


def to_vault_key(
    key: Mapping[str, Any], *, vault: Mapping[str, Any], subscription: str, collected_at: datetime
) -> KmsKey:
    """Pure: an ARM key (``Microsoft.KeyVault/vaults/keys``) -> KmsKey."""
    p = props(key)
    attributes = p.get("attributes") or {}
    rotates, period = _rotation(p.get("rotationPolicy"))
    fields = base_fields(key, subscription=subscription, collected_at=collected_at)
    fields["region"] = str(key.get("location") or vault.get("location") or "global")
    return KmsKey(
        **fields,
        managed_by="customer",
        spec="symmetric" if str(p.get("kty", "")).lower().startswith("oct") else "asymmetric",
        state="enabled" if attributes.get("enabled", True) else "disabled",
        rotation_enabled=rotates,
        rotation_period_days=period,
        has_expiry=attributes.get("exp") is not None,
    )


def to_vault_secret(
    secret: Mapping[str, Any],
    *,
    vault: Mapping[str, Any],
    subscription: str,
    collected_at: datetime,
) -> Secret:
    """Pure: an ARM secret (metadata only, never its value) -> Secret."""
    attributes = props(secret).get("attributes") or {}
    fields = base_fields(secret, subscription=subscription, collected_at=collected_at)
    fields["region"] = str(secret.get("location") or vault.get("location") or "global")
    return Secret(**fields, rotation_enabled=False, has_expiry=attributes.get("exp") is not None)


def collect_key_vaults(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every vault from Resource Graph; audit logging from its diagnostic settings."""
    vaults = of_type(session.graph_rows(subscription, "KeyVault"), VAULT)

    def detail(row: dict[str, Any]) -> list[Item]:
        logging: bool | None = None
        out: list[Item] = []
        if not session.offline:
            settings, error = read_diagnostic_settings(
                session, subscription, str(row["id"]), resource="KeyVault"
            )
            logging = None if settings is None else resource_logging(settings)
            out += [error] if error else []
        vault = to_key_vault(
            row, logging=logging, subscription=subscription, collected_at=session.now()
        )
        return [vault, *out]

    for items in session.map(detail, vaults):
        yield from items


def _children(
    session: AzureSession, subscription: str, resource: str, operation: str
) -> Iterator[Item]:
    """Keys or secrets of every vault: one ARM list per vault (not in Resource Graph)."""
    session.require_online(subscription, resource, f"Key Vault {operation}")
    vaults = of_type(session.graph_rows(subscription, resource), VAULT)
    client = session.client(KeyVaultManagementClient, subscription)
    mapper = to_vault_key if resource == "KmsKey" else to_vault_secret
    permission = f"Microsoft.KeyVault/vaults/{operation}/read"

    def detail(vault: dict[str, Any]) -> list[Item]:
        group = resource_group(str(vault["id"])) or ""
        try:
            found = getattr(client, operation).list(group, str(vault["name"]))
            items = [rest_dict(i) for i in found]
        except SDK_ERRORS as err:
            return [
                translate_error(
                    err,
                    scope=subscription,
                    resource=resource,
                    permission=permission,
                    uid=str(vault["id"]),
                )
            ]
        now = session.now()
        return [mapper(i, vault=vault, subscription=subscription, collected_at=now) for i in items]

    for batch in session.map(detail, vaults):
        yield from batch


def collect_vault_keys(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every Key Vault key with expiry and rotation policy (ARM, no key material)."""
    yield from _children(session, subscription, "KmsKey", "keys")


def collect_vault_secrets(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every Key Vault secret's metadata (ARM; values are never read)."""
    yield from _children(session, subscription, "Secret", "secrets")


_VAULT_READ = (*GRAPH_READ, "Microsoft.KeyVault/vaults/read")
COLLECTORS = (
    Collector(KeyVault, collect_key_vaults, permissions=(*_VAULT_READ, DIAGNOSTIC_READ)),
    Collector(
        KmsKey,
        collect_vault_keys,
        permissions=(*_VAULT_READ, "Microsoft.KeyVault/vaults/keys/read"),
    ),
    Collector(
        Secret,
        collect_vault_secrets,
        permissions=(*_VAULT_READ, "Microsoft.KeyVault/vaults/secrets/read"),
    ),
)
