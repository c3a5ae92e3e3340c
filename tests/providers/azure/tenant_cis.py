"""Hand-written resources for the CIS Azure v6 checks, in ARM shapes.

Shapes follow Azure/azure-rest-api-specs examples (network 2024-05-01:
ApplicationGatewayListAll.json @11aef454, WafPolicyGet.json, VirtualNetworkGatewayGet.json,
BastionHostListBySubscription.json @4a6b0801, NetworkWatcherGet.json; applicationinsights
ComponentsGet.json; databricks WorkspaceGet.json): only the fields the mappers read, with
the upstream names and nesting; names and ids are ours.
"""

from __future__ import annotations

from typing import Any

RG = "/subscriptions/x/resourceGroups/rg-edge/providers"
WAF_ID = f"{RG}/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf-strict"


def _listener(name: str, protocol: str) -> dict[str, Any]:
    return {"name": name, "properties": {"protocol": protocol}}


def app_gateways() -> list[dict[str, Any]]:
    """A WAF_v2 gateway with a strict policy and TLS 1.2; a Standard_v2 one on TLS 1.1."""
    strict = {
        "id": f"{RG}/Microsoft.Network/applicationGateways/appgw-waf",
        "name": "appgw-waf",
        "type": "Microsoft.Network/applicationGateways",
        "location": "westeurope",
        "properties": {
            "sku": {"name": "WAF_v2", "tier": "WAF_v2", "capacity": 2},
            "sslPolicy": {"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101"},
            "httpListeners": [_listener("https", "Https")],
            "enableHttp2": True,
            "firewallPolicy": {"id": WAF_ID},
        },
    }
    weak = {
        "id": f"{RG}/Microsoft.Network/applicationGateways/appgw-std",
        "name": "appgw-std",
        "type": "Microsoft.Network/applicationGateways",
        "location": "westeurope",
        "properties": {
            "sku": {"name": "Standard_v2", "tier": "Standard_v2", "capacity": 2},
            "sslPolicy": {"policyType": "Custom", "minProtocolVersion": "TLSv1_1"},
            "httpListeners": [_listener("https", "Https"), _listener("http", "Http")],
        },
    }
    policy = {
        "id": WAF_ID,
        "name": "waf-strict",
        "type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
        "location": "westeurope",
        "properties": {
            "policySettings": {
                "state": "Enabled",
                "mode": "Prevention",
                "requestBodyCheck": True,
                "maxRequestBodySizeInKb": 128,
            },
            "managedRules": {
                "managedRuleSets": [
                    {"ruleSetType": "OWASP", "ruleSetVersion": "3.2"},
                    {"ruleSetType": "Microsoft_BotManagerRuleSet", "ruleSetVersion": "0.1"},
                ]
            },
        },
    }
    return [strict, weak, policy]


def vpn_gateways() -> list[dict[str, Any]]:
    """Point-to-site with certificate + Entra ID, and one with Entra ID only."""

    def gateway(name: str, kinds: list[str]) -> dict[str, Any]:
        return {
            "id": f"{RG}/Microsoft.Network/virtualNetworkGateways/{name}",
            "name": name,
            "type": "Microsoft.Network/virtualNetworkGateways",
            "location": "westeurope",
            "properties": {
                "gatewayType": "Vpn",
                "vpnType": "RouteBased",
                "vpnClientConfiguration": {
                    "vpnClientAddressPool": {"addressPrefixes": ["172.16.201.0/24"]},
                    "vpnClientProtocols": ["OpenVPN"],
                    "vpnAuthenticationTypes": kinds,
                    "aadTenant": "https://login.microsoftonline.com/tenant/",
                },
            },
        }

    return [gateway("vpn-mixed", ["Certificate", "AAD"]), gateway("vpn-entra", ["AAD"])]


def services() -> list[dict[str, Any]]:
    """One Network Watcher (westus), one Bastion host, one Application Insights component."""
    return [
        {
            "id": "/subscriptions/x/resourceGroups/NetworkWatcherRG/providers/"
            "Microsoft.Network/networkWatchers/NetworkWatcher_westus",
            "name": "NetworkWatcher_westus",
            "type": "Microsoft.Network/networkWatchers",
            "location": "westus",
            "properties": {"provisioningState": "Succeeded"},
        },
        {
            "id": f"{RG}/Microsoft.Network/bastionHosts/bastionhosttenant",
            "name": "bastionhosttenant",
            "type": "Microsoft.Network/bastionHosts",
            "location": "West US",
            "sku": {"name": "Standard"},
            "properties": {"provisioningState": "Succeeded", "scaleUnits": 2},
        },
        {
            "id": f"{RG}/Microsoft.Insights/components/my-component",
            "name": "my-component",
            "type": "Microsoft.Insights/components",
            "location": "westeurope",
            "kind": "web",
            "properties": {"Application_Type": "web", "provisioningState": "Succeeded"},
        },
    ]


def cis_resources() -> list[dict[str, Any]]:
    """Every hand-written resource above (re-homed by the tenant builder)."""
    return [*app_gateways(), *vpn_gateways(), *services()]
