"""Azure resources in a plan -> the neutral models, through the Azure provider's mappers.

Planned ``azurerm_*`` attributes are rewritten as the ARM resource bodies Resource Graph
serves and mapped by the live scan's functions. Defaults: registry.terraform.io/providers/
hashicorp/azurerm/latest/docs (per resource; attribute names of azurerm 3.x and 4.x both
read); attributes known only after apply are UNKNOWN, naming the attribute.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply, opaque_resource
from scanner.model import Bucket, SecurityGroup
from scanner.provider import Collector, Item

#: The rules every NSG has besides its own (learn.microsoft.com/azure/virtual-network/
#: network-security-groups-overview#default-security-rules); Resource Graph lists them
#: as ``defaultSecurityRules``, a plan never does.
DEFAULT_RULES = tuple(
    {"properties": {"priority": priority, "direction": direction, "access": access,
                    "protocol": "*", "sourceAddressPrefix": source,
                    "destinationPortRange": "*"}}
    for priority, direction, access, source in (
        (65000, "Inbound", "Allow", "VirtualNetwork"),
        (65001, "Inbound", "Allow", "AzureLoadBalancer"),
        (65500, "Inbound", "Deny", "*"),
        (65000, "Outbound", "Allow", "VirtualNetwork"),
        (65001, "Outbound", "Allow", "*"),
        (65500, "Outbound", "Deny", "*"),
    )
)  # fmt: skip


def _first(value: Any) -> Mapping[str, Any]:
    if isinstance(value, list) and value and isinstance(value[0], Mapping):
        return value[0]
    return {}


def _row(
    resource: Planned, session: TerraformSession, arm_type: str, properties: Any
) -> dict[str, Any]:
    values = resource.values
    return {
        "id": resource.address,
        "name": str(values.get("name") or resource.address),
        "type": arm_type,
        "location": values.get("location") or session.region(resource),
        "tags": values.get("tags") or {},
        "properties": properties,
    }


def _setting(values: Mapping[str, Any], *names: str, default: Any) -> Any:
    """The first attribute present among ``names`` (azurerm 4.x then 3.x spelling)."""
    return next((values[n] for n in names if values.get(n) is not None), default)


def plan_storage_account(account: Planned, session: TerraformSession) -> Bucket:
    """``azurerm_storage_account`` -> Bucket. Defaults: HTTPS only true, min_tls_version
    TLS1_2, allow_nested_items_to_be_public true, shared_access_key_enabled true,
    public_network_access_enabled true, infrastructure encryption false, network rules
    default action Allow (no ``network_rules`` block)."""
    # the Azure provider's modules load Azure's SDK: only for plans with Azure resources
    from providers.azure.storage import to_bucket  # noqa: PLC0415

    values = account.values
    blob = _first(values.get("blob_properties"))
    retention = _first(blob.get("delete_retention_policy"))
    key = _first(values.get("customer_managed_key"))
    properties = {
        "supportsHttpsTrafficOnly": _setting(
            values, "https_traffic_only_enabled", "enable_https_traffic_only", default=True
        ),
        "minimumTlsVersion": values.get("min_tls_version") or "TLS1_2",
        "allowBlobPublicAccess": _setting(
            values, "allow_nested_items_to_be_public", "allow_blob_public_access", default=True
        ),
        "allowSharedKeyAccess": _setting(values, "shared_access_key_enabled", default=True),
        "publicNetworkAccess": "Enabled"
        if _setting(values, "public_network_access_enabled", default=True)
        else "Disabled",
        "networkAcls": {
            "defaultAction": _first(values.get("network_rules")).get("default_action", "Allow")
        },
        "encryption": {
            "requireInfrastructureEncryption": bool(
                values.get("infrastructure_encryption_enabled", False)
            ),
            **({"keySource": "Microsoft.Keyvault", "keyvaultproperties": {
                "keyname": key.get("key_vault_key_id", "")}} if key else {}),
        },
    }  # fmt: skip
    blob_service = {
        "properties": {
            "isVersioningEnabled": bool(blob.get("versioning_enabled", False)),
            "deleteRetentionPolicy": {
                "enabled": bool(retention),
                "days": retention.get("days", 7) if retention else 0,
            },
        }
    }
    _join_account_settings(account, session, properties)
    row = _row(account, session, "microsoft.storage/storageaccounts", properties)
    model = to_bucket(row, blob_service, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": account.address, "name": account.address})


#: Resources that configure a storage account apart from it (storage_account_id).
_ACCOUNT_NETWORK_RULES = ("azurerm_storage_account_network_rules",)
_ACCOUNT_CMK = ("azurerm_storage_account_customer_managed_key",)


def _join_account_settings(
    account: Planned, session: TerraformSession, properties: dict[str, Any]
) -> None:
    """``azurerm_storage_account_network_rules`` and ``_customer_managed_key`` (separate
    resources naming ``storage_account_id``) override the inline blocks, as the provider
    applies them (registry: azurerm_storage_account_network_rules, "conflicts with the
    network_rules block"; azurerm_storage_account_customer_managed_key)."""
    for rules in session.joined(account, _ACCOUNT_NETWORK_RULES, "storage_account_id"):
        properties["networkAcls"] = {
            "defaultAction": rules.values.get("default_action") or "Allow",
            "bypass": ",".join(rules.values.get("bypass") or ()),
            "ipRules": [{"value": ip} for ip in rules.values.get("ip_rules") or ()],
        }
    for key in session.joined(account, _ACCOUNT_CMK, "storage_account_id"):
        properties["encryption"] = {
            **properties["encryption"],
            "keySource": "Microsoft.Keyvault",
            "keyvaultproperties": {
                "keyname": key.values.get("key_name")
                or key.values.get("key_vault_key_id")
                or "planned key"
            },
        }


def collect_storage_accounts(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``azurerm_storage_account``, with its separate network rules and
    customer-managed key resources."""
    joins = [(_ACCOUNT_NETWORK_RULES, "storage_account_id"), (_ACCOUNT_CMK, "storage_account_id")]
    for account in session.judged("azurerm_storage_account", joins=joins):
        if account.opaque:
            yield opaque_resource("azure", account, "Bucket")
            continue
        yield plan_storage_account(account, session)


def _rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """An inline ``security_rule`` / ``azurerm_network_security_rule`` -> ARM rule."""
    return {
        "properties": {
            "priority": rule.get("priority"),
            "direction": rule.get("direction"),
            "access": rule.get("access"),
            "protocol": rule.get("protocol"),
            "sourceAddressPrefix": rule.get("source_address_prefix"),
            "sourceAddressPrefixes": list(rule.get("source_address_prefixes") or ()),
            "destinationPortRange": rule.get("destination_port_range"),
            "destinationPortRanges": list(rule.get("destination_port_ranges") or ()),
        }
    }


def collect_security_groups(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``azurerm_network_security_group`` with its separate rule resources
    (joined through ``network_security_group_name``) and Azure's default rules."""
    groups = session.judged(
        "azurerm_network_security_group",
        joins=[(("azurerm_network_security_rule",), "network_security_group_name")],
    )
    if not groups:
        return
    from providers.azure.network import to_security_group  # noqa: PLC0415 - SDK

    for group in groups:
        if group.opaque:
            yield opaque_resource("azure", group, "SecurityGroup")
            continue
        rules = [_rule(r) for r in group.values.get("security_rule") or ()]
        unknown = [f"{group.address}.security_rule"] if (
            group.configured("security_rule") and group.is_unknown("security_rule")
        ) else []  # fmt: skip
        for rule in session.joined(
            group, ("azurerm_network_security_rule",), "network_security_group_name"
        ):
            if rule.is_unknown("source_address_prefix") or rule.is_unknown(
                "source_address_prefixes"
            ):
                unknown.append(f"{rule.address}.source_address_prefix")
            rules.append(_rule(rule.values))
        if unknown:
            yield known_after_apply("azure", group, "SecurityGroup", unknown)
            continue
        row = _row(
            group,
            session,
            "microsoft.network/networksecuritygroups",
            {"securityRules": rules, "defaultSecurityRules": list(DEFAULT_RULES)},
        )
        model = to_security_group(row, subscription="", collected_at=session.collected_at)
        yield model.model_copy(update={"uid": group.address, "name": group.address})


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(
        Bucket, collect_storage_accounts, permissions=(), scope="global", name="plan_storage"
    ),
    Collector(
        SecurityGroup, collect_security_groups, permissions=(), scope="global", name="plan_nsgs"
    ),
)
