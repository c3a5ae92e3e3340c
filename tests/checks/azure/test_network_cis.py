"""Near-miss twins for CIS Azure 7.x / 8.x network checks.

NSG rules are built as ARM JSON and mapped by the real mapper, so Azure's rule semantics
are exercised end to end: "Network security groups - how it works" and "Security rules"
(https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview):
lowest priority number first, first match wins, service tags Internet/*/Any, augmented
(plural) prefixes and port ranges.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.network import edge_azure as edge
from checks.network import footprint as fp
from checks.network import security_group_cis_azure as nsg
from providers.azure.network import to_security_group
from scanner.findings import Status
from tests.checks.factories import NOW, flow_logged_network, subnet
from tests.checks.factories_azure import footprint, vpn_gateway, waf_policy, web_gateway


def _rule(priority: int, access: str, protocol: str, ports: Any, source: Any) -> dict:
    p: dict[str, Any] = {
        "protocol": protocol,
        "sourcePortRange": "*",
        "destinationAddressPrefix": "*",
        "access": access,
        "priority": priority,
        "direction": "Inbound",
    }
    p.update(
        {"destinationPortRanges": ports}
        if isinstance(ports, list)
        else {"destinationPortRange": ports}
    )
    p.update(
        {"sourceAddressPrefixes": source}
        if isinstance(source, list)
        else {"sourceAddressPrefix": source}
    )
    return {"name": f"r{priority}", "properties": p}


def _group(*rules: dict) -> Any:
    row = {
        "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/"
        "networkSecurityGroups/n",
        "name": "n",
        "location": "westeurope",
        "properties": {"securityRules": list(rules)},
    }
    return to_security_group(row, subscription="s", collected_at=NOW)


UDP_CASES = [
    ([_rule(100, "Allow", "Udp", "53", "Internet")], "fail"),
    ([_rule(100, "Allow", "Tcp", "53", "Internet")], "pass"),
    ([_rule(100, "Allow", "Udp", "53", "10.0.0.0/8")], "pass"),
    ([_rule(100, "Allow", "Udp", "53", "VirtualNetwork")], "pass"),
    ([_rule(100, "Allow", "*", "500", "0.0.0.0/0")], "fail"),
    ([_rule(100, "Allow", "Udp", "*", "::/0")], "fail"),
    ([_rule(100, "Allow", "Udp", "123", "Any")], "fail"),
    ([_rule(100, "Allow", "Udp", "123", "*")], "fail"),
    ([_rule(100, "Allow", "Udp", ["53", "123"], ["10.0.0.0/8", "0.0.0.0/0"])], "fail"),
    ([_rule(100, "Allow", "Udp", ["53", "123"], ["10.0.0.0/8", "192.168.0.0/16"])], "pass"),
    # a deny with a lower priority number shadows the allow ...
    ([_rule(100, "Deny", "Udp", "*", "*"), _rule(200, "Allow", "Udp", "53", "Internet")], "pass"),
    ([_rule(100, "Deny", "*", "*", "*"), _rule(200, "Allow", "Udp", "53", "Internet")], "pass"),
    # ... but not when it comes later, nor when it leaves part of the range open
    ([_rule(300, "Deny", "Udp", "*", "*"), _rule(200, "Allow", "Udp", "53", "Internet")], "fail"),
    ([_rule(100, "Deny", "Udp", "53", "*"), _rule(200, "Allow", "Udp", "50-60", "*")], "fail"),
    ([_rule(100, "Deny", "Udp", "50-60", "*"), _rule(200, "Allow", "Udp", "50-60", "*")], "pass"),
    ([_rule(100, "Deny", "Udp", "50-59", "*"), _rule(200, "Allow", "Udp", "50-60", "*")], "fail"),
    ([_rule(100, "Deny", "Udp", "51-60", "*"), _rule(200, "Allow", "Udp", "50-60", "*")], "fail"),
    # a deny for IPv4 only leaves IPv6 open
    ([_rule(100, "Deny", "Udp", "*", "0.0.0.0/0"), _rule(200, "Allow", "Udp", "53", "*")], "fail"),
    ([_rule(100, "Deny", "Tcp", "*", "*"), _rule(200, "Allow", "Udp", "53", "*")], "fail"),
]


@pytest.mark.parametrize(("rules", "expected"), UDP_CASES)
def test_udp_from_internet(rules, expected):
    assert nsg.security_group_blocks_public_udp(_group(*rules)).status is Status(expected)


HTTP_CASES = [
    ([_rule(100, "Allow", "Tcp", "80", "Internet")], "fail"),
    ([_rule(100, "Allow", "Tcp", "443", "0.0.0.0/0")], "fail"),
    ([_rule(100, "Allow", "*", "400-500", "*")], "fail"),
    ([_rule(100, "Allow", "Tcp", ["81-442", "444-8080"], "*")], "pass"),
    ([_rule(100, "Allow", "Tcp", ["22", "443"], ["10.1.0.0/16", "Internet"])], "fail"),
    ([_rule(100, "Allow", "Udp", "443", "Internet")], "pass"),
    ([_rule(100, "Allow", "Tcp", "443", "AzureFrontDoor.Backend")], "pass"),
    ([_rule(100, "Deny", "Tcp", "80", "*"), _rule(110, "Allow", "Tcp", "80", "*")], "pass"),
    ([_rule(120, "Deny", "Tcp", "80", "*"), _rule(110, "Allow", "Tcp", "80", "*")], "fail"),
]


@pytest.mark.parametrize(("rules", "expected"), HTTP_CASES)
def test_http_from_internet(rules, expected):
    assert nsg.security_group_blocks_public_http(_group(*rules)).status is Status(expected)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, "pass"),
        ({"security_group_attached": False}, "fail"),
        ({"security_group_attached": None}, "unknown"),
        ({"security_group_attached": False, "security_group_unsupported": True}, "not_applicable"),
    ],
)
def test_subnet_nsg(overrides, expected):
    assert edge.subnet_has_security_group(subnet(**overrides)).status is Status(expected)


@pytest.mark.parametrize(
    ("value", "expected"), [(True, "pass"), (False, "fail"), (None, "unknown")]
)
def test_ddos(value, expected):
    result = edge.network_ddos_protection(flow_logged_network(ddos_protection=value))
    assert result.status is Status(expected)


WAF_CASES = [
    (edge.web_gateway_waf_enabled, {}, "pass"),
    (edge.web_gateway_waf_enabled, {"tier": "Standard_v2", "waf_configured": False}, "fail"),
    (edge.web_gateway_waf_enabled, {"tier": "Standard_v2"}, "fail"),
    (edge.web_gateway_waf_enabled, {"tier": "WAF"}, "pass"),
    (edge.web_gateway_waf_enabled, {"waf": waf_policy(enabled=False)}, "fail"),
    (edge.web_gateway_waf_enabled, {"waf_configured": False}, "fail"),
    (edge.web_gateway_waf_enabled, {"waf": None}, "unknown"),
    (edge.web_gateway_waf_enabled, {"waf": waf_policy(mode="Detection")}, "pass"),
    (
        edge.web_gateway_waf_inspects_bodies,
        {"waf": waf_policy(request_body_inspection=False)},
        "fail",
    ),
    (
        edge.web_gateway_waf_inspects_bodies,
        {"waf": waf_policy(request_body_inspection=None)},
        "unknown",
    ),
    (edge.web_gateway_waf_inspects_bodies, {"tier": "Standard_v2"}, "not_applicable"),
    (edge.web_gateway_waf_inspects_bodies, {"waf": None}, "unknown"),
    (edge.web_gateway_waf_bot_protection, {"waf": waf_policy(bot_protection=False)}, "fail"),
    (edge.web_gateway_waf_bot_protection, {"waf_configured": False}, "not_applicable"),
    (edge.web_gateway_min_tls, {"min_tls_version": "1.3"}, "pass"),
    (edge.web_gateway_min_tls, {"min_tls_version": "1.1"}, "fail"),
    (edge.web_gateway_min_tls, {"min_tls_version": "1.0"}, "fail"),
    (edge.web_gateway_min_tls, {"min_tls_version": None}, "unknown"),
    (edge.web_gateway_min_tls, {"serves_tls": False, "min_tls_version": "1.0"}, "not_applicable"),
    (edge.web_gateway_http2, {"http2": False}, "fail"),
    (edge.web_gateway_http2, {"http2": None}, "unknown"),
    (edge.vpn_gateway_entra_auth, {}, "pass"),
    (edge.vpn_gateway_entra_auth, {"client_auth_types": ("AAD", "Certificate")}, "fail"),
    (edge.vpn_gateway_entra_auth, {"client_auth_types": ("Radius",)}, "fail"),
    (edge.vpn_gateway_entra_auth, {"client_auth_types": ()}, "unknown"),
    (
        edge.vpn_gateway_entra_auth,
        {"point_to_site": False, "client_auth_types": ()},
        "not_applicable",
    ),
]


@pytest.mark.parametrize(("check", "overrides", "expected"), WAF_CASES)
def test_gateways(check, overrides, expected):
    factory = vpn_gateway if check is edge.vpn_gateway_entra_auth else web_gateway
    assert check(factory(**overrides)).status is Status(expected)


@pytest.mark.parametrize(
    ("check", "overrides", "expected"),
    [
        (fp.network_watcher_in_regions_in_use, {}, "pass"),
        (fp.network_watcher_in_regions_in_use, {"network_watcher_regions": ("eastus",)}, "fail"),
        (
            fp.network_watcher_in_regions_in_use,
            {"network_watcher_regions": ("eastus", "westeurope", "japaneast")},
            "pass",
        ),
        (fp.network_watcher_in_regions_in_use, {"regions_in_use": None}, "unknown"),
        (fp.network_watcher_in_regions_in_use, {"regions_in_use": ()}, "pass"),
        (fp.bastion_host_exists, {"bastion_hosts": 0}, "fail"),
        (fp.bastion_host_exists, {"bastion_hosts": None}, "unknown"),
    ],
)
def test_footprint(check, overrides, expected):
    assert check(footprint(**overrides)).status is Status(expected)
