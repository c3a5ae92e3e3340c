"""Azure virtual networks, subnets, Application Gateways and VPN gateways in a plan.

Each planned resource is rewritten as the Microsoft.Network body Resource Graph serves and
mapped by the live ``to_*`` (providers/azure/network.py, edge.py). Attributes and defaults:
registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/<type>, per mapper.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.terraform.azure_more import _row
from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, opaque_resource
from scanner.model import Network, Subnet, VpnGateway, WebGateway
from scanner.provider import Collector, Item

_FLOW_LOGS = ("azurerm_network_watcher_flow_log",)
_SUBNETS = ("azurerm_subnet",)
_ASSOCIATIONS = ("azurerm_subnet_network_security_group_association",)
_WAF_POLICIES = ("azurerm_web_application_firewall_policy",)


def _flow_log(log: Planned, target: str) -> dict[str, Any]:
    """An ``azurerm_network_watcher_flow_log`` (``enabled`` and ``retention_policy``
    {``enabled``, ``days``} required; registry: azurerm_network_watcher_flow_log) as the ARM
    flow log, aimed at ``target``."""
    retention = first(log.values.get("retention_policy"))
    return {"properties": {
        "targetResourceId": target,
        "enabled": log.values.get("enabled") is True,
        "retentionPolicy": {"enabled": retention.get("enabled") is True,
                            "days": retention.get("days") or 0},
    }}  # fmt: skip


def _nsg_flow_logs(session: TerraformSession) -> bool:
    """The plan has NSG flow logs (``network_security_group_id``, or a target that is an
    NSG): their coverage depends on every subnet's NSG, which this mapper does not resolve."""
    return any(
        log.values.get("network_security_group_id")
        or log.configured("network_security_group_id")
        or any(r.startswith("azurerm_network_security_group.") for r in log.references(
            "target_resource_id"))
        for log in session.all_of(*_FLOW_LOGS)
    )  # fmt: skip


def plan_virtual_network(vnet: Planned, session: TerraformSession) -> Network:
    """``azurerm_virtual_network``: DDoS protection is the ``ddos_protection_plan`` block
    (``id`` and ``enable`` required; registry: azurerm_virtual_network). Flow logs are
    ``azurerm_network_watcher_flow_log``s whose ``target_resource_id`` is the VNet or one of
    its ``azurerm_subnet``s. A new VNet without one has none; an existing one may have one
    outside the configuration (unknown), as may any VNet when the plan has NSG flow logs."""
    from providers.azure.network import to_network  # noqa: PLC0415 - Azure SDK

    ddos = first(vnet.values.get("ddos_protection_plan"))
    configured = first(vnet.expressions.get("ddos_protection_plan"))
    properties = {
        "enableDdosProtection": ddos.get("enable") is True,
        "ddosProtectionPlan": {"id": ddos.get("id") or ("planned" if "id" in configured else None)},
        "subnets": [],
    }
    row = _row(vnet, session, "microsoft.network/virtualnetworks", properties)
    logs = [_flow_log(log, vnet.address)
            for log in session.joined(vnet, _FLOW_LOGS, "target_resource_id")]  # fmt: skip
    for subnet in session.joined(vnet, _SUBNETS, "virtual_network_name"):
        target = f"{vnet.address}/subnets/{subnet.values.get('name')}"
        logs += [_flow_log(log, target)
                 for log in session.joined(subnet, _FLOW_LOGS, "target_resource_id")]  # fmt: skip
    model = to_network(row, logs, subscription="", collected_at=session.collected_at)
    update: dict[str, Any] = {"uid": vnet.address, "name": vnet.address}
    if not model.flow_logs_enabled and (not vnet.created or _nsg_flow_logs(session)):
        update.update(flow_logs_enabled=None, flow_log_retention_days=None)
    if vnet.is_unknown("ddos_protection_plan") and not model.ddos_protection:
        session.note_unknown(vnet, [f"{vnet.address}.ddos_protection_plan"])
        update["ddos_protection"] = None
    return model.model_copy(update=update)


def _subnet(
    row_id: str,
    name: str,
    cidrs: Any,
    nsg: bool | None,
    *,
    network: str,
    session: TerraformSession,
) -> Subnet:
    """One subnet through the live ``to_subnets`` (an NSG id when ``nsg``)."""
    from providers.azure.edge import to_subnets  # noqa: PLC0415 - Azure SDK
    from providers.azure.network import FlowLogs  # noqa: PLC0415 - Azure SDK

    raw = {"id": row_id, "name": name, "properties": {
        "addressPrefixes": list(cidrs or ()),
        "networkSecurityGroup": {"id": "planned"} if nsg else None}}  # fmt: skip
    vnet = {"id": network, "name": network, "properties": {"subnets": [raw]}}
    (model,) = to_subnets(vnet, FlowLogs.of(()), subscription="", collected_at=session.collected_at)
    update: dict[str, Any] = {"flow_logs_enabled": None, "network_id": network}
    if nsg is None:
        update["security_group_attached"] = None
    return model.model_copy(update=update)


def collect_subnets(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``azurerm_subnet`` and inline ``subnet`` block of an
    ``azurerm_virtual_network`` -> Subnet.

    ``azurerm_subnet``: the NSG is an ``azurerm_subnet_network_security_group_association``
    naming it in ``subnet_id``, or the write-only ``network_security_group_id_wo`` (registry:
    azurerm_subnet, azurerm_subnet_network_security_group_association); none on a new subnet
    is none, on an existing one unknown (associated outside the configuration). An inline
    subnet's NSG is its ``security_group`` (registry: azurerm_virtual_network). Subnets that
    reject NSGs (GatewaySubnet, AzureFirewallSubnet...) are judged as the live scan judges
    them."""
    for subnet in session.judged(*_SUBNETS, joins=[(_ASSOCIATIONS, "subnet_id")]):
        if subnet.opaque:
            yield opaque_resource("azure", subnet, "Subnet")
            continue
        values = subnet.values
        nsg: bool | None = bool(session.joined(subnet, _ASSOCIATIONS, "subnet_id")) or (
            subnet.configured("network_security_group_id_wo")
        )
        if not nsg and not subnet.created:
            nsg = None
        network = next(iter(subnet.references("virtual_network_name")), "") or str(
            values.get("virtual_network_name") or ""
        )
        name = str(values.get("name") or subnet.address)
        model = _subnet(subnet.address, name, values.get("address_prefixes"), nsg,
                        network=network, session=session)  # fmt: skip
        yield model.model_copy(update={"uid": subnet.address, "name": name})
    for vnet in session.judged("azurerm_virtual_network"):
        if vnet.opaque:
            continue
        blocks = vnet.values.get("subnet") or ()
        configured = vnet.expressions.get("subnet")
        for n, block in enumerate(blocks if isinstance(blocks, list) else ()):
            expressions = (
                configured[n] if isinstance(configured, list) and n < len(configured) else {}
            )
            nsg = bool(block.get("security_group")) or "security_group" in expressions
            name = str(block.get("name") or n)
            model = _subnet(f"{vnet.address}/subnets/{name}", name, block.get("address_prefixes"),
                            nsg, network=vnet.address, session=session)  # fmt: skip
            # the finding is located on the VNet's block (the name is its address)
            yield model.model_copy(update={"name": vnet.address})


def _tls_policy(block: Mapping[str, Any]) -> dict[str, Any] | None:
    """An ``ssl_policy`` block (``policy_type`` Predefined/Custom/CustomV2, ``policy_name``,
    ``min_protocol_version``, ``disabled_protocols``) as the ARM ``sslPolicy``; None unset."""
    if not block:
        return None
    return {"policyType": block.get("policy_type"), "policyName": block.get("policy_name"),
            "minProtocolVersion": block.get("min_protocol_version"),
            "disabledSslProtocols": list(block.get("disabled_protocols") or ())}  # fmt: skip


def _waf_policy(policy: Planned) -> dict[str, Any]:
    """An ``azurerm_web_application_firewall_policy``: ``policy_settings.enabled`` true,
    ``mode`` Prevention, ``request_body_check`` true by default; ``managed_rule_set.type``
    defaults to OWASP (registry: azurerm_web_application_firewall_policy)."""
    settings = first(policy.values.get("policy_settings"))
    rule_sets = first(policy.values.get("managed_rules")).get("managed_rule_set") or ()
    body = settings.get("request_body_check")
    return {"properties": {
        "policySettings": {"state": "Disabled" if settings.get("enabled") is False else "Enabled",
                           "mode": settings.get("mode") or "Prevention",
                           "requestBodyCheck": body is not False},
        "managedRules": {"managedRuleSets": [{"ruleSetType": s.get("type") or "OWASP"}
                                             for s in rule_sets]},
    }}  # fmt: skip


def plan_application_gateway(gateway: Planned, session: TerraformSession) -> WebGateway:
    """``azurerm_application_gateway`` (registry: azurerm_application_gateway): ``sku.tier``
    (WAF, WAF_v2 carry a firewall); ``firewall_policy_id`` links an
    ``azurerm_web_application_firewall_policy`` (one of the plan's is read; another is
    unknown); the legacy ``waf_configuration`` (``enabled``, ``firewall_mode`` required,
    ``request_body_check`` default true); ``http_listener.protocol`` Https serves TLS;
    ``ssl_policy`` and ``ssl_profile.ssl_policy``; ``http2_enabled`` (4.x) /
    ``enable_http2`` (3.x) default false. An unset ``ssl_policy``'s minimum TLS depends on
    the API version, as in the live scan (unknown)."""
    from providers.azure.edge import to_web_gateway  # noqa: PLC0415 - Azure SDK

    values = gateway.values
    policies: dict[str, Any] = {}
    policy_id = values.get("firewall_policy_id")
    for policy in session.all_of(*_WAF_POLICIES):
        if policy.module == gateway.module and any(
            r.startswith(policy.local_address + ".")
            for r in gateway.references("firewall_policy_id")
        ):
            policy_id = policy.address
            policies[policy.address.lower()] = _waf_policy(policy)
    if not policy_id and gateway.configured("firewall_policy_id"):
        policy_id = "(known after apply)"
        session.note_unknown(gateway, [f"{gateway.address}.firewall_policy_id"])
    legacy = first(values.get("waf_configuration"))
    http2 = values.get("http2_enabled")
    properties = {
        "sku": {"tier": first(values.get("sku")).get("tier") or ""},
        "firewallPolicy": {"id": policy_id} if policy_id else None,
        "webApplicationFirewallConfiguration": {
            "enabled": legacy.get("enabled") is True,
            "firewallMode": legacy.get("firewall_mode"),
            "requestBodyCheck": legacy.get("request_body_check") is not False,
        } if legacy else None,
        "httpListeners": [{"properties": {"protocol": x.get("protocol")}}
                          for x in values.get("http_listener") or ()],
        "sslPolicy": _tls_policy(first(values.get("ssl_policy"))),
        "sslProfiles": [{"properties": {"sslPolicy": _tls_policy(first(p.get("ssl_policy")))}}
                        for p in values.get("ssl_profile") or ()],
        "enableHttp2": (values.get("enable_http2") if http2 is None else http2) is True,
    }  # fmt: skip
    row = _row(gateway, session, "microsoft.network/applicationgateways", properties)
    model = to_web_gateway(row, policies, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": gateway.address, "name": gateway.address})


def plan_vpn_gateway(gateway: Planned, session: TerraformSession) -> VpnGateway:
    """``azurerm_virtual_network_gateway`` (registry: azurerm_virtual_network_gateway):
    ``type`` Vpn or ExpressRoute; ``vpn_client_configuration`` (point-to-site) with
    ``address_space`` (required there), ``vpn_auth_types`` (AAD, Certificate, Radius),
    else inferred from ``aad_tenant``, ``root_certificate``, ``radius_server_address`` /
    ``radius_server`` blocks, as the live mapper infers them."""
    from providers.azure.edge import to_vpn_gateway  # noqa: PLC0415 - Azure SDK

    values = gateway.values
    client = first(values.get("vpn_client_configuration"))
    config = {
        "vpnClientAddressPool": {"addressPrefixes": list(client.get("address_space") or ())},
        "vpnAuthenticationTypes": list(client.get("vpn_auth_types") or ()),
        "vpnClientRootCertificates": list(client.get("root_certificate") or ()),
        "radiusServerAddress": client.get("radius_server_address"),
        "radiusServers": list(client.get("radius_server") or ()),
        "aadTenant": client.get("aad_tenant"),
    } if client else {}  # fmt: skip
    properties = {"gatewayType": values.get("type") or "Vpn", "vpnClientConfiguration": config}
    row = _row(gateway, session, "microsoft.network/virtualnetworkgateways", properties)
    model = to_vpn_gateway(row, subscription="", collected_at=session.collected_at)
    if gateway.configured("vpn_client_configuration") and gateway.is_unknown(
        "vpn_client_configuration"
    ):
        session.note_unknown(gateway, [f"{gateway.address}.vpn_client_configuration"])
        model = model.model_copy(update={"point_to_site": True, "client_auth_types": ()})
    return model.model_copy(update={"uid": gateway.address, "name": gateway.address})


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("azure", Network, ("azurerm_virtual_network",), plan_virtual_network,
              name="plan_virtual_networks",
              joins=[(_FLOW_LOGS, "target_resource_id"), (_SUBNETS, "virtual_network_name")]),
    Collector(Subnet, collect_subnets, permissions=(), scope="global", name="plan_subnets"),
    collector("azure", WebGateway, ("azurerm_application_gateway",), plan_application_gateway,
              name="plan_application_gateways", joins=[(_WAF_POLICIES, "firewall_policy_id")]),
    collector("azure", VpnGateway, ("azurerm_virtual_network_gateway",), plan_vpn_gateway,
              name="plan_vpn_gateways"),
)  # fmt: skip
