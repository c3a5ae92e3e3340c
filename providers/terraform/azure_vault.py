"""Key Vault keys, secrets and certificates, and Databricks workspaces, in a plan.

Each planned resource is rewritten as the ARM / Key Vault body the live collector reads and
mapped by the live ``to_*``. Attributes and defaults: registry.terraform.io/providers/
hashicorp/azurerm/latest/docs/resources/<type> (per mapper). A secret's value is never
read or copied.
"""

from __future__ import annotations

from typing import Any

from providers.terraform.azure_more import _logged, _private_endpoints, _row
from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession
from scanner.model import AnalyticsWorkspace, Certificate, KmsKey, Secret
from scanner.provider import Collector


def _vault(resource: Planned, session: TerraformSession) -> dict[str, Any]:
    """The vault a key/secret/certificate lands in, as the live mappers take it: its
    planned location when the plan manages it, else the provider's region."""
    for vault in session.all_of("azurerm_key_vault"):
        if any(
            r.startswith(vault.local_address + ".") for r in resource.references("key_vault_id")
        ):
            return {"id": vault.address, "name": vault.values.get("name"),
                    "location": vault.values.get("location")}  # fmt: skip
    return {"id": resource.address, "location": session.region(resource)}


def _has(resource: Planned, attribute: str) -> bool:
    """The configuration sets ``attribute`` (known now or only after apply)."""
    return bool(resource.values.get(attribute)) or (
        resource.configured(attribute) and resource.is_unknown(attribute)
    )


def plan_vault_key(key: Planned, session: TerraformSession) -> KmsKey:
    """``azurerm_key_vault_key``: ``key_type`` EC/EC-HSM/RSA/RSA-HSM (all asymmetric),
    ``expiration_date`` optional (none: the key never expires), ``rotation_policy.automatic``
    with ``time_after_creation`` / ``time_before_expiry`` is a Rotate lifetime action
    (registry: azurerm_key_vault_key). An expiry only in ``rotation_policy.expire_after``
    applies to the versions rotation creates (Key Vault "Configure key auto-rotation":
    expiryTime is set on new versions), so a new key's first version has none; an existing
    key's current version may be a rotated one: unknown. Keys have no enabled flag in the
    provider: enabled."""
    from providers.azure.keyvault import to_vault_key  # noqa: PLC0415 - Azure SDK

    values = key.values
    policy = first(values.get("rotation_policy"))
    automatic = first(policy.get("automatic"))
    actions = []
    if automatic:
        trigger = {"timeAfterCreate": automatic.get("time_after_creation"),
                   "timeBeforeExpiry": automatic.get("time_before_expiry")}  # fmt: skip
        actions.append({"action": {"type": "Rotate"}, "trigger": trigger})
    has_expiry = _has(key, "expiration_date")
    body = {
        "id": key.address,
        "name": str(values.get("name") or key.address),
        "tags": values.get("tags") or {},
        "properties": {
            "kty": values.get("key_type") or "",
            "attributes": {"enabled": True, "exp": 1 if has_expiry else None},
            "rotationPolicy": {"lifetimeActions": actions},
        },
    }
    model = to_vault_key(
        body, vault=_vault(key, session), subscription="", collected_at=session.collected_at
    )
    update: dict[str, Any] = {"uid": key.address, "name": key.address}
    if key.is_unknown("rotation_policy"):
        session.note_unknown(key, [f"{key.address}.rotation_policy"])
        update.update(rotation_enabled=None, rotation_period_days=None)
    if not has_expiry and policy.get("expire_after") and not key.created:
        update["has_expiry"] = None
    return model.model_copy(update=update)


def plan_vault_secret(secret: Planned, session: TerraformSession) -> Secret:
    """``azurerm_key_vault_secret``: ``expiration_date`` optional, none = never expires
    (registry: azurerm_key_vault_secret). Only that attribute is read."""
    from providers.azure.keyvault import to_vault_secret  # noqa: PLC0415 - Azure SDK

    values = secret.values
    body = {
        "id": secret.address,
        "name": str(values.get("name") or secret.address),
        "tags": values.get("tags") or {},
        "properties": {"attributes": {"exp": 1 if _has(secret, "expiration_date") else None}},
    }
    model = to_vault_secret(
        body, vault=_vault(secret, session), subscription="", collected_at=session.collected_at
    )
    return model.model_copy(update={"uid": secret.address, "name": secret.address})


def plan_certificate(cert: Planned, session: TerraformSession) -> Certificate:
    """``azurerm_key_vault_certificate``: a generated certificate's
    ``certificate_policy.x509_certificate_properties.validity_in_months`` (required there) is
    the policy's ``x509_props.validity_months`` (registry: azurerm_key_vault_certificate). An
    imported certificate (``certificate`` block) takes its validity from the file: unknown
    until Key Vault reads it."""
    from providers.azure.certificates import to_certificate  # noqa: PLC0415 - Azure SDK

    values = cert.values
    x509 = first(first(values.get("certificate_policy")).get("x509_certificate_properties"))
    months = x509.get("validity_in_months")
    if cert.is_unknown("certificate_policy"):
        session.note_unknown(cert, [f"{cert.address}.certificate_policy"])
        months = None
    policy = {"x509_props": {"validity_months": months}} if months is not None else None
    vault = {**_vault(cert, session), "id": cert.address}
    item = {"id": f"{cert.address}/certificates/{values.get('name') or ''}",
            "attributes": {"enabled": True}}  # fmt: skip
    model = to_certificate(vault, item, policy, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": cert.address, "name": cert.address})


def plan_databricks_workspace(workspace: Planned, session: TerraformSession) -> AnalyticsWorkspace:
    """``azurerm_databricks_workspace`` (registry: azurerm_databricks_workspace):
    ``custom_parameters.virtual_network_id`` is VNet injection (set but known only after
    apply still counts); ``custom_parameters.no_public_ip`` defaults to true (azurerm
    3.104.0 and later); ``public_network_access_enabled`` defaults to true. Both subnets must
    carry an NSG, which the configuration names through
    ``public_subnet_network_security_group_association_id`` and
    ``private_subnet_network_security_group_association_id`` (both set: every subnet has an
    NSG; else unknown). Private endpoints are ``azurerm_private_endpoint``s connecting to it;
    logs an ``azurerm_monitor_diagnostic_setting`` targeting it (none on a new workspace:
    off; on an existing one: unknown)."""
    from providers.azure.databricks import to_analytics_workspace  # noqa: PLC0415 - SDK

    values = workspace.values
    custom = first(values.get("custom_parameters"))
    configured = first(workspace.expressions.get("custom_parameters"))
    injected = bool(custom.get("virtual_network_id")) or "virtual_network_id" in configured
    no_public_ip = custom.get("no_public_ip")
    parameters: dict[str, Any] = {
        "enableNoPublicIp": {"value": True if no_public_ip is None else bool(no_public_ip)},
    }
    vnets: dict[str, Any] = {}
    if injected:
        vnet_id = str(custom.get("virtual_network_id") or "planned-vnet")
        parameters["customVirtualNetworkId"] = {"value": vnet_id}
        associated = []
        for side in ("public", "private"):
            name = custom.get(f"{side}_subnet_name") or f"{side}-subnet"
            parameters[f"custom{side.title()}SubnetName"] = {"value": name}
            attribute = f"{side}_subnet_network_security_group_association_id"
            associated.append(bool(custom.get(attribute)) or attribute in configured)
        if all(associated):
            subnets = [
                {"name": parameters[f"custom{side}SubnetName"]["value"],
                 "properties": {"networkSecurityGroup": {"id": "planned"}}}
                for side in ("Public", "Private")
            ]  # fmt: skip
            vnets[vnet_id.lower()] = {"properties": {"subnets": subnets}}
    public = values.get("public_network_access_enabled")
    properties = {
        "parameters": parameters,
        "publicNetworkAccess": "Disabled" if public is False else "Enabled",
        "privateEndpointConnections": [
            {"properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}}
            for _ in _private_endpoints(workspace, session)
        ],
    }
    row = _row(workspace, session, "microsoft.databricks/workspaces", properties)
    logged = _logged(workspace, session)
    model = to_analytics_workspace(
        row,
        vnets,
        None if logged is None else ([{"properties": {"workspaceId": "planned",
                                       "logs": [{"enabled": True, "category": "x"}]}}]
                                     if logged else []),
        subscription="",
        collected_at=session.collected_at,
    )  # fmt: skip
    return model.model_copy(update={"uid": workspace.address, "name": workspace.address})


_DIAGNOSTICS = ("azurerm_monitor_diagnostic_setting",)

COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("azure", KmsKey, ("azurerm_key_vault_key",), plan_vault_key,
              name="plan_vault_keys"),
    collector("azure", Secret, ("azurerm_key_vault_secret",), plan_vault_secret,
              name="plan_vault_secrets"),
    collector("azure", Certificate, ("azurerm_key_vault_certificate",), plan_certificate,
              name="plan_vault_certificates"),
    collector("azure", AnalyticsWorkspace, ("azurerm_databricks_workspace",),
              plan_databricks_workspace, name="plan_databricks_workspaces",
              joins=[(_DIAGNOSTICS, "target_resource_id")]),
)  # fmt: skip
