"""Edge mappers (subnets, Application Gateways, VPN gateways, footprint) and their collectors
through the real Resource Graph client against the loopback fake."""

from __future__ import annotations

from typing import Any

import pytest

from providers.azure.edge import (
    collect_subnets,
    collect_vpn_gateways,
    collect_web_gateways,
    gateway_min_tls,
    to_subnets,
    to_vpn_gateway,
    to_web_gateway,
)
from providers.azure.footprint import collect_footprints
from providers.azure.network import FlowLogs
from tests.checks.factories import NOW
from tests.providers.azure.tenant import SUB_A, SUB_B

VNET = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"


def _vnet(*subnets: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": VNET,
        "name": "v",
        "location": "westeurope",
        "properties": {"subnets": list(subnets)},
    }


def _subnet(name: str, nsg: str | None = None) -> dict[str, Any]:
    p: dict[str, Any] = {"addressPrefix": "10.0.0.0/24"}
    if nsg:
        p["networkSecurityGroup"] = {"id": nsg}
    return {"id": f"{VNET}/subnets/{name}", "name": name, "properties": p}


def test_subnets_nsg_and_reserved_names():
    nsg = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/n"
    subnets = to_subnets(
        _vnet(
            _subnet("app", nsg),
            _subnet("data"),
            _subnet("GatewaySubnet"),
            _subnet("AzureFirewallSubnet"),
            _subnet("AzureBastionSubnet"),
        ),
        FlowLogs.of([]),
        subscription="s",
        collected_at=NOW,
    )
    by = {s.name: s for s in subnets}
    assert by["app"].security_group_attached is True
    assert by["data"].security_group_attached is False
    assert by["GatewaySubnet"].security_group_unsupported is True
    assert by["AzureFirewallSubnet"].security_group_unsupported is True
    # Bastion's subnet supports (and needs) an NSG
    assert by["AzureBastionSubnet"].security_group_unsupported is False
    assert by["app"].network_id == VNET
    assert by["app"].cidr == "10.0.0.0/24"


@pytest.mark.parametrize(
    ("ssl", "profiles", "expected"),
    [
        ({"policyType": "Predefined", "policyName": "AppGwSslPolicy20150501"}, [], "1.0"),
        ({"policyType": "Predefined", "policyName": "AppGwSslPolicy20170401"}, [], "1.1"),
        ({"policyType": "Predefined", "policyName": "AppGwSslPolicy20170401S"}, [], "1.2"),
        ({"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101S"}, [], "1.2"),
        ({"policyType": "Custom", "minProtocolVersion": "TLSv1_2"}, [], "1.2"),
        ({"policyType": "CustomV2", "minProtocolVersion": "TLSv1_3"}, [], "1.3"),
        ({"policyType": "Custom", "minProtocolVersion": "TLSv1_1"}, [], "1.1"),
        ({"disabledSslProtocols": ["TLSv1_0", "TLSv1_1"]}, [], "1.2"),
        ({"disabledSslProtocols": ["TLSv1_0"]}, [], "1.1"),
        (None, [], None),
        # gateway default unknown, but a weak SSL profile is a known failure
        (
            None,
            [
                {
                    "properties": {
                        "sslPolicy": {"policyType": "Custom", "minProtocolVersion": "TLSv1_0"}
                    }
                }
            ],
            "1.0",
        ),
        (
            None,
            [
                {
                    "properties": {
                        "sslPolicy": {"policyType": "Custom", "minProtocolVersion": "TLSv1_2"}
                    }
                }
            ],
            None,
        ),
        # an SSL profile with a weaker policy lowers the gateway's minimum
        (
            {"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101"},
            [
                {
                    "properties": {
                        "sslPolicy": {"policyType": "Custom", "minProtocolVersion": "TLSv1_1"}
                    }
                }
            ],
            "1.1",
        ),
    ],
)
def test_min_tls(ssl, profiles, expected):
    p = {"httpListeners": [{"properties": {"protocol": "Https"}}], "sslProfiles": profiles}
    if ssl is not None:
        p["sslPolicy"] = ssl
    assert gateway_min_tls(p) == (True, expected)


def test_http_only_gateway_serves_no_tls():
    assert gateway_min_tls({"httpListeners": [{"properties": {"protocol": "Http"}}]})[0] is False


def _gw(**p: Any) -> dict[str, Any]:
    return {
        "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/applicationGateways/a",
        "name": "a",
        "location": "westeurope",
        "properties": p,
    }


def test_waf_policy_resolution_and_legacy_configuration():
    pid = (
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
        "ApplicationGatewayWebApplicationFirewallPolicies/w"
    )
    policy = {
        "id": pid,
        "properties": {
            "policySettings": {"state": "Disabled", "mode": "Detection", "requestBodyCheck": False},
            "managedRules": {"managedRuleSets": [{"ruleSetType": "OWASP"}]},
        },
    }
    linked = to_web_gateway(
        _gw(sku={"tier": "WAF_v2"}, firewallPolicy={"id": pid}),
        {pid.lower(): policy},
        subscription="s",
        collected_at=NOW,
    )
    assert linked.waf is not None
    assert (linked.waf.enabled, linked.waf.request_body_inspection, linked.waf.bot_protection) == (
        False,
        False,
        False,
    )
    missing = to_web_gateway(
        _gw(sku={"tier": "WAF_v2"}, firewallPolicy={"id": pid}),
        {},
        subscription="s",
        collected_at=NOW,
    )
    assert missing.waf is None
    assert missing.waf_configured is True
    legacy = to_web_gateway(
        _gw(
            sku={"tier": "WAF"},
            webApplicationFirewallConfiguration={
                "enabled": True,
                "firewallMode": "Prevention",
                "ruleSetType": "OWASP",
            },
        ),
        {},
        subscription="s",
        collected_at=NOW,
    )
    assert legacy.waf is not None
    assert legacy.waf.enabled
    assert legacy.waf.request_body_inspection
    assert legacy.waf.bot_protection is False
    assert legacy.http2 is False  # enableHttp2 unset means disabled


def test_vpn_auth_types_explicit_and_inferred():
    def row(config: dict[str, Any], kind: str = "Vpn") -> dict[str, Any]:
        return {
            "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
            "virtualNetworkGateways/v",
            "name": "v",
            "properties": {"gatewayType": kind, "vpnClientConfiguration": config},
        }

    pool = {"vpnClientAddressPool": {"addressPrefixes": ["172.16.0.0/24"]}}
    certs = to_vpn_gateway(
        row({**pool, "vpnClientRootCertificates": [{"name": "c"}]}),
        subscription="s",
        collected_at=NOW,
    )
    assert certs.point_to_site
    assert certs.client_auth_types == ("Certificate",)
    entra = to_vpn_gateway(
        row({**pool, "aadTenant": "https://login.microsoftonline.com/t"}),
        subscription="s",
        collected_at=NOW,
    )
    assert entra.client_auth_types == ("AAD",)
    s2s = to_vpn_gateway(row({}), subscription="s", collected_at=NOW)
    assert s2s.point_to_site is False
    er = to_vpn_gateway(row(pool, "ExpressRoute"), subscription="s", collected_at=NOW)
    assert er.point_to_site is False


def test_collectors_through_the_graph_client(make_session):
    session = make_session(SUB_A, SUB_B)
    gateways = {g.name: g for g in collect_web_gateways(session, SUB_A)}
    assert gateways["appgw-waf"].waf is not None
    assert gateways["appgw-waf"].waf.bot_protection
    assert gateways["appgw-waf"].min_tls_version == "1.2"
    assert gateways["appgw-waf"].http2
    assert gateways["appgw-std"].min_tls_version == "1.1"
    assert not gateways["appgw-std"].http2
    vpns = {g.name: g.client_auth_types for g in collect_vpn_gateways(session, SUB_A)}
    assert vpns == {"vpn-mixed": ("Certificate", "AAD"), "vpn-entra": ("AAD",)}
    (footprint,) = collect_footprints(session, SUB_A)
    assert footprint.bastion_hosts == 1
    assert footprint.app_insights_components == 1
    assert footprint.network_watcher_regions == ("westus",)
    assert footprint.regions_in_use is not None
    assert {"westus", "westeurope"} <= set(footprint.regions_in_use)
    assert "global" not in footprint.regions_in_use
    subnets = list(collect_subnets(session, SUB_A))
    assert subnets
    assert all(s.security_group_attached is not None for s in subnets)
    (empty,) = collect_footprints(session, SUB_B)
    assert empty.bastion_hosts == 0
