"""Subnets, Application Gateways (with their WAF policies) and VPN gateways.

All from Resource Graph rows (the resources table holds each resource's full ARM
``properties``). Field meanings follow the Microsoft.Network REST reference (api-version
2024-05-01): ``Subnet.networkSecurityGroup``, ``ApplicationGateway.{sku, sslPolicy,
sslProfiles, httpListeners, enableHttp2, firewallPolicy, webApplicationFirewallConfiguration}``,
``WebApplicationFirewallPolicy.{policySettings, managedRules}`` and
``VirtualNetworkGateway.vpnClientConfiguration``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from providers.azure.network import GRAPH_READ, VNET, FlowLogs
from providers.azure.rows import base_fields, of_type, props
from providers.azure.session import AzureSession
from scanner.model import Subnet, VpnGateway, WafPolicy, WebGateway
from scanner.provider import Collector, Item

APP_GATEWAY = "microsoft.network/applicationgateways"
WAF_POLICY = "microsoft.network/applicationgatewaywebapplicationfirewallpolicies"
VPN_GATEWAY = "microsoft.network/virtualnetworkgateways"
FLOW_LOG = "microsoft.network/networkwatchers/flowlogs"
#: Subnets whose service rejects an NSG association (VPN gateway settings, Azure Firewall
#: FAQ, Route Server FAQ): judged not applicable instead of failing.
NSG_UNSUPPORTED = frozenset(
    {"gatewaysubnet", "azurefirewallsubnet", "azurefirewallmanagementsubnet", "routeserversubnet"}
)
#: Minimum TLS of each predefined Application Gateway policy (TLS policy overview).
PREDEFINED_MIN_TLS = {
    "appgwsslpolicy20150501": "1.0",
    "appgwsslpolicy20170401": "1.1",
    "appgwsslpolicy20170401s": "1.2",
    "appgwsslpolicy20220101": "1.2",
    "appgwsslpolicy20220101s": "1.2",
}
_TLS = {"tlsv1_0": "1.0", "tlsv1_1": "1.1", "tlsv1_2": "1.2", "tlsv1_3": "1.3"}
BOT_RULE_SET = "microsoft_botmanagerruleset"


def to_subnets(
    vnet: Mapping[str, Any], flow_logs: FlowLogs, *, subscription: str, collected_at: datetime
) -> list[Subnet]:
    """Pure: the subnets of a VNet row; flow logged when a VNet flow log covers the subnet
    (targeting the VNet or the subnet) or an NSG flow log covers its NSG."""
    fields = base_fields(vnet, subscription=subscription, collected_at=collected_at)
    vnet_id = str(vnet.get("id", ""))
    vnet_logged = bool(flow_logs.by_target.get(vnet_id.lower()))
    out = []
    for raw in props(vnet).get("subnets") or ():
        p = props(raw)
        sid = str(raw.get("id") or f"{vnet_id}/subnets/{raw.get('name', '')}")
        nsg = str((p.get("networkSecurityGroup") or {}).get("id", "")).lower()
        logged = vnet_logged or sid.lower() in flow_logs.by_target or nsg in flow_logs.by_target
        prefixes = [str(x) for x in p.get("addressPrefixes") or () if x]
        cidr = str(p.get("addressPrefix") or (prefixes[0] if prefixes else ""))
        name = str(raw.get("name") or sid.rsplit("/", 1)[-1])
        out.append(
            Subnet(
                **{**fields, "uid": sid, "name": name, "tags": {}},
                network_id=vnet_id,
                cidr=cidr,
                flow_logs_enabled=bool(logged),
                security_group_attached=bool(nsg),
                security_group_unsupported=name.lower() in NSG_UNSUPPORTED,
            )
        )
    return out


def collect_subnets(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every subnet of every VNet of ``subscription`` (from the VNet rows)."""
    rows = session.graph_rows(subscription, "Subnet")
    logs = FlowLogs.of(of_type(rows, FLOW_LOG))
    now = session.now()
    for vnet in of_type(rows, VNET):
        yield from to_subnets(vnet, logs, subscription=subscription, collected_at=now)


def _policy_tls(policy: Mapping[str, Any] | None) -> str | None:
    """Minimum TLS of one sslPolicy object; None when unset (the API-version default)."""
    if not policy:
        return None
    kind = str(policy.get("policyType") or "").lower()
    if kind == "predefined":
        return PREDEFINED_MIN_TLS.get(str(policy.get("policyName") or "").lower())
    if policy.get("minProtocolVersion"):
        return _TLS.get(str(policy["minProtocolVersion"]).lower())
    disabled = {str(v).lower() for v in policy.get("disabledSslProtocols") or ()}
    if kind in {"custom", "customv2"} or disabled:
        # without a minimum, the lowest protocol not disabled is accepted
        return next(
            (_TLS[v] for v in ("tlsv1_0", "tlsv1_1", "tlsv1_2", "tlsv1_3") if v not in disabled),
            None,
        )
    return None


def gateway_min_tls(p: Mapping[str, Any]) -> tuple[bool, str | None]:
    """(serves TLS at all, lowest minimum TLS over the gateway policy and SSL profiles)."""
    listeners = [props(x) for x in p.get("httpListeners") or ()]
    tls = any(str(x.get("protocol", "")).lower() == "https" for x in listeners)
    versions = [_policy_tls(p.get("sslPolicy"))]
    versions += [_policy_tls(props(sp).get("sslPolicy")) for sp in p.get("sslProfiles") or ()]
    known = [v for v in versions if v is not None]
    weakest = min(known) if known else None
    if versions[0] is None and (weakest is None or weakest >= "1.2"):
        # gateway policy unset: its default depends on the API version that created it
        return tls, None
    return tls, weakest


def _waf(p: Mapping[str, Any], policies: Mapping[str, Mapping[str, Any]]) -> WafPolicy | None:
    """The WAF in force: a linked WAF policy wins over the legacy in-gateway configuration."""
    policy_id = str((p.get("firewallPolicy") or {}).get("id", ""))
    if policy_id:
        policy = policies.get(policy_id.lower())
        if policy is None:
            return None
        settings = props(policy).get("policySettings") or {}
        sets = (props(policy).get("managedRules") or {}).get("managedRuleSets") or ()
        body = settings.get("requestBodyCheck")
        return WafPolicy(
            enabled=str(settings.get("state", "Enabled")).lower() == "enabled",
            mode=str(settings.get("mode") or ""),
            request_body_inspection=body if isinstance(body, bool) else None,
            bot_protection=any(str(s.get("ruleSetType", "")).lower() == BOT_RULE_SET for s in sets),
            policy_id=policy_id,
        )
    legacy = p.get("webApplicationFirewallConfiguration") or {}
    body = legacy.get("requestBodyCheck")
    return WafPolicy(
        enabled=legacy.get("enabled") is True,
        mode=str(legacy.get("firewallMode") or ""),
        # the legacy configuration inspects bodies unless requestBodyCheck is false
        request_body_inspection=body is not False,
        bot_protection=False,
    )


def to_web_gateway(
    row: Mapping[str, Any],
    policies: Mapping[str, Mapping[str, Any]],
    *,
    subscription: str,
    collected_at: datetime,
) -> WebGateway:
    """Pure: an Application Gateway row plus the WAF policies by lower-case id."""
    p = props(row)
    tier = str((p.get("sku") or row.get("sku") or {}).get("tier") or "")
    configured = bool((p.get("firewallPolicy") or {}).get("id")) or bool(
        (p.get("webApplicationFirewallConfiguration") or {}).get("enabled")
    )
    tls, min_tls = gateway_min_tls(p)
    http2 = p.get("enableHttp2")
    return WebGateway(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        tier=tier,
        waf=_waf(p, policies),
        waf_configured=configured,
        serves_tls=tls,
        min_tls_version=min_tls,
        http2=http2 is True,
    )


def collect_web_gateways(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every Application Gateway of ``subscription``, its WAF policy resolved.

    A WAF policy may live in another subscription: it is looked up across every
    subscription this scan reads, and an unresolvable one leaves the WAF unknown.
    """
    rows = session.graph_rows(subscription, "WebGateway")
    inventory = session.graph()
    policies = {
        str(r.get("id", "")).lower(): r
        for sub_rows in inventory.rows.values()
        for r in of_type(sub_rows, WAF_POLICY)
    }
    now = session.now()
    for row in of_type(rows, APP_GATEWAY):
        yield to_web_gateway(row, policies, subscription=subscription, collected_at=now)


def _auth_types(config: Mapping[str, Any]) -> tuple[str, ...]:
    explicit = [str(t) for t in config.get("vpnAuthenticationTypes") or () if t]
    if explicit:
        return tuple(explicit)
    inferred = []
    if config.get("vpnClientRootCertificates"):
        inferred.append("Certificate")
    if config.get("radiusServerAddress") or config.get("radiusServers"):
        inferred.append("Radius")
    if config.get("aadTenant"):
        inferred.append("AAD")
    return tuple(inferred)


def to_vpn_gateway(
    row: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> VpnGateway:
    """Pure: a virtual network gateway row -> VpnGateway (P2S configuration)."""
    p = props(row)
    config = p.get("vpnClientConfiguration") or {}
    pool: Sequence[Any] = (config.get("vpnClientAddressPool") or {}).get("addressPrefixes") or ()
    vpn = str(p.get("gatewayType", "Vpn")).lower() == "vpn"
    return VpnGateway(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        point_to_site=vpn and bool(pool or _auth_types(config)),
        client_auth_types=_auth_types(config),
    )


def collect_vpn_gateways(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every virtual network gateway of ``subscription``."""
    now = session.now()
    for row in of_type(session.graph_rows(subscription, "VpnGateway"), VPN_GATEWAY):
        yield to_vpn_gateway(row, subscription=subscription, collected_at=now)


COLLECTORS = (
    Collector(
        Subnet,
        collect_subnets,
        permissions=(
            *GRAPH_READ,
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/networkWatchers/flowLogs/read",
        ),
    ),
    Collector(
        WebGateway,
        collect_web_gateways,
        permissions=(
            *GRAPH_READ,
            "Microsoft.Network/applicationGateways/read",
            "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/read",
        ),
    ),
    Collector(
        VpnGateway,
        collect_vpn_gateways,
        permissions=(*GRAPH_READ, "Microsoft.Network/virtualNetworkGateways/read"),
    ),
)
