# ruff: noqa: E501 - plan fixtures are written inline
"""Azure VNets, subnets, Application Gateways and VPN gateways in plans.

registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/: virtual_network
(``ddos_protection_plan`` {id, enable}, inline ``subnet.security_group``),
network_watcher_flow_log (``target_resource_id``, ``enabled``, ``retention_policy``),
subnet and subnet_network_security_group_association (``subnet_id``),
application_gateway (``sku.tier``, ``firewall_policy_id``, ``waf_configuration``,
``http_listener.protocol``, ``ssl_policy``, ``ssl_profile``, ``http2_enabled`` /
``enable_http2``), web_application_firewall_policy (``policy_settings`` defaults enabled,
Prevention, request_body_check true; ``managed_rule_set.type``), virtual_network_gateway
(``type``, ``vpn_client_configuration``, ``vpn_auth_types``).
"""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import status_of as _verdict

AZ = {"location": "westeurope", "resource_group_name": "rg"}
VNET = "azurerm_virtual_network.n"


def _vnet(actions: tuple[str, ...] = ("create",), **values: object) -> Res:
    return Res(
        "azurerm_virtual_network",
        "n",
        {"name": "n", **AZ, "address_space": ["10.0.0.0/16"], **values},
        actions=actions,
    )


def _flow_log(target: str, *, enabled: bool = True, days: int = 90, retain: bool = True) -> Res:
    return Res("azurerm_network_watcher_flow_log", "f",
               {"name": "f", "network_watcher_name": "nw", "resource_group_name": "rg", "enabled": enabled,
                "retention_policy": [{"enabled": retain, "days": days}]},
               unknown={"target_resource_id": True, "storage_account_id": True},
               expressions={"target_resource_id": ref(f"{target}.id"), "storage_account_id": ref("azurerm_storage_account.s.id"),
                            "enabled": {"constant_value": enabled}})  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_vnet()], "NET-253", Status.FAIL),  # no ddos_protection_plan
        ([_vnet(ddos_protection_plan=[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ddosProtectionPlans/p", "enable": True}])], "NET-253", Status.PASS),
        ([_vnet(ddos_protection_plan=[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ddosProtectionPlans/p", "enable": False}])], "NET-253", Status.FAIL),
        ([_vnet()], "NET-001", Status.FAIL),  # a new VNet has no flow log
        ([_vnet(actions=("no-op",))], "NET-001", Status.UNKNOWN),  # one may exist outside the plan
        ([_vnet(), _flow_log(VNET)], "NET-001", Status.PASS),
        ([_vnet(), _flow_log(VNET, enabled=False)], "NET-001", Status.FAIL),
        ([_vnet(), _flow_log(VNET, days=90)], "NET-201", Status.PASS),
        ([_vnet(), _flow_log(VNET, days=89)], "NET-201", Status.FAIL),
        ([_vnet(), _flow_log(VNET, days=30, retain=False)], "NET-201", Status.PASS),  # retention off: kept forever
        ([_vnet(), Res("azurerm_subnet", "s", {"name": "s", "resource_group_name": "rg", "address_prefixes": ["10.0.1.0/24"]},
                       expressions={"virtual_network_name": ref("azurerm_virtual_network.n.name"), "name": {"constant_value": "s"}}),
          _flow_log("azurerm_subnet.s")], "NET-001", Status.PASS),  # a flow log on one of its subnets
    ],
)  # fmt: skip
def test_virtual_network(tmp_path, resources, check, expected):
    assert _verdict(_scan(tmp_path, *resources), VNET, check) is expected


def test_vnet_ddos_plan_known_after_apply(tmp_path):
    vnet = Res("azurerm_virtual_network", "n", {"name": "n", **AZ, "ddos_protection_plan": [{"enable": True}]},
               unknown={"ddos_protection_plan": [{"id": True}]},
               expressions={"ddos_protection_plan": [{"id": ref("azurerm_network_ddos_protection_plan.p.id"), "enable": {"constant_value": True}}]})  # fmt: skip
    assert _verdict(_scan(tmp_path, vnet), VNET, "NET-253") is Status.PASS


def _subnet(name: str = "s", actions: tuple[str, ...] = ("create",)) -> Res:
    return Res(
        "azurerm_subnet",
        "s",
        {
            "name": name,
            "resource_group_name": "rg",
            "virtual_network_name": "n",
            "address_prefixes": ["10.0.1.0/24"],
        },
        actions=actions,
    )


ASSOC = Res("azurerm_subnet_network_security_group_association", "a", {},
            unknown={"subnet_id": True, "network_security_group_id": True},
            expressions={"subnet_id": ref("azurerm_subnet.s.id"), "network_security_group_id": ref("azurerm_network_security_group.g.id")})  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([_subnet()], Status.FAIL),
        ([_subnet(), ASSOC], Status.PASS),
        ([_subnet(actions=("no-op",))], Status.UNKNOWN),  # may be associated outside the plan
        ([_subnet("GatewaySubnet")], Status.NOT_APPLICABLE),
        ([_subnet("AzureFirewallSubnet")], Status.NOT_APPLICABLE),
    ],
)
def test_subnet_security_group(tmp_path, resources, expected):
    assert _verdict(_scan(tmp_path, *resources), "azurerm_subnet.s", "NET-252") is expected


@pytest.mark.parametrize(("nsg", "expected"), [(True, Status.PASS), (False, Status.FAIL)])
def test_inline_subnet_security_group(tmp_path, nsg, expected):
    block = {
        "name": "web",
        "address_prefixes": ["10.0.1.0/24"],
        **({"security_group": "/subscriptions/s/x/networkSecurityGroups/g"} if nsg else {}),
    }
    result = _scan(tmp_path, _vnet(subnet=[block]))
    found = [f for f in result.findings if f.check_id == "NET-252"]
    assert [f.status for f in found] == [expected]
    assert found[0].resource_uid == f"{VNET}/subnets/web"


GW = "azurerm_application_gateway.g"


def _gateway(
    tier: str = "WAF_v2",
    *,
    listener: str = "Https",
    expressions: dict[str, object] | None = None,
    **values: object,
) -> Res:
    base = {
        "name": "g",
        **AZ,
        "sku": [{"name": tier, "tier": tier, "capacity": 2}],
        "http_listener": [
            {
                "name": "l",
                "protocol": listener,
                "frontend_ip_configuration_name": "f",
                "frontend_port_name": "p",
            }
        ],
        **values,
    }
    return Res("azurerm_application_gateway", "g", base, expressions=expressions)


def _policy(**settings: object) -> Res:
    sets = settings.pop("sets", [{"type": "OWASP", "version": "3.2"}])
    return Res(
        "azurerm_web_application_firewall_policy",
        "w",
        {
            "name": "w",
            **AZ,
            "policy_settings": [settings] if settings else [],
            "managed_rules": [{"managed_rule_set": sets}],
        },
    )


LINKED = {"firewall_policy_id": ref("azurerm_web_application_firewall_policy.w.id")}
TLS12 = {"ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20220101"}]}


def _linked(**values: object) -> Res:
    gw = _gateway(**values)
    from tests.providers.terraform.plans import _constants  # the plan builder's own constants

    gw.expressions = {**_constants(gw.values), **LINKED}
    return gw


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_gateway("Standard_v2")], "NET-254", Status.FAIL),  # no WAF in the tier
        ([_gateway("WAF_v2")], "NET-254", Status.FAIL),  # WAF tier, nothing configured
        ([_gateway("WAF_v2", waf_configuration=[{"enabled": True, "firewall_mode": "Prevention"}])], "NET-254", Status.PASS),
        ([_gateway("WAF_v2", waf_configuration=[{"enabled": False, "firewall_mode": "Prevention"}])], "NET-254", Status.FAIL),
        ([_linked(), _policy()], "NET-254", Status.PASS),  # policy_settings.enabled defaults to true
        ([_linked(), _policy(enabled=False)], "NET-254", Status.FAIL),
        ([_linked(), _policy()], "NET-255", Status.PASS),  # request_body_check defaults to true
        ([_linked(), _policy(request_body_check=False)], "NET-255", Status.FAIL),
        ([_gateway("WAF_v2", waf_configuration=[{"enabled": True, "firewall_mode": "Detection", "request_body_check": False}])], "NET-255", Status.FAIL),
        ([_linked(), _policy()], "NET-256", Status.FAIL),  # OWASP only
        ([_linked(), _policy(sets=[{"type": "OWASP", "version": "3.2"}, {"type": "Microsoft_BotManagerRuleSet", "version": "1.0"}])], "NET-256", Status.PASS),
        ([_gateway(**TLS12)], "NET-257", Status.PASS),
        ([_gateway(ssl_policy=[{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20170401"}])], "NET-257", Status.FAIL),  # TLS 1.1
        ([_gateway(ssl_policy=[{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20170401S"}])], "NET-257", Status.PASS),
        ([_gateway(ssl_policy=[{"policy_type": "Custom", "min_protocol_version": "TLSv1_1", "cipher_suites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}])], "NET-257", Status.FAIL),
        ([_gateway(ssl_policy=[{"policy_type": "CustomV2", "min_protocol_version": "TLSv1_2", "cipher_suites": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}])], "NET-257", Status.PASS),
        ([_gateway(ssl_policy=[{"disabled_protocols": ["TLSv1_0"]}])], "NET-257", Status.FAIL),  # TLS 1.1 still on
        ([_gateway(ssl_policy=[{"disabled_protocols": ["TLSv1_0", "TLSv1_1"]}])], "NET-257", Status.PASS),
        ([_gateway(**TLS12, ssl_profile=[{"name": "old", "ssl_policy": [{"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20150501"}]}])], "NET-257", Status.FAIL),
        ([_gateway()], "NET-257", Status.UNKNOWN),  # default depends on the API version
        ([_gateway(listener="Http")], "NET-257", Status.NOT_APPLICABLE),
        ([_gateway()], "NET-258", Status.FAIL),  # http2 off by default
        ([_gateway(http2_enabled=True)], "NET-258", Status.PASS),  # azurerm 4.x
        ([_gateway(enable_http2=True)], "NET-258", Status.PASS),  # azurerm 3.x
    ],
)  # fmt: skip
def test_application_gateway(tmp_path, resources, check, expected):
    assert _verdict(_scan(tmp_path, *resources), GW, check) is expected


def test_gateway_waf_policy_outside_the_plan_is_unknown(tmp_path):
    gw = _gateway(
        firewall_policy_id="/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/p"
    )
    assert _verdict(_scan(tmp_path, gw), GW, "NET-254") is Status.UNKNOWN


VPN = "azurerm_virtual_network_gateway.v"


def _vpn(client: dict[str, object] | None, gateway_type: str = "Vpn") -> Res:
    values: dict[str, object] = {"name": "v", **AZ, "type": gateway_type, "sku": "VpnGw1"}
    if client is not None:
        values["vpn_client_configuration"] = [{"address_space": ["10.2.0.0/24"], **client}]
    return Res("azurerm_virtual_network_gateway", "v", values)


@pytest.mark.parametrize(
    ("gateway", "expected"),
    [
        (_vpn(None), Status.NOT_APPLICABLE),  # site-to-site only
        (_vpn({"vpn_auth_types": ["AAD"], "aad_tenant": "https://login.microsoftonline.com/t/"}), Status.PASS),
        (_vpn({"aad_tenant": "https://login.microsoftonline.com/t/"}), Status.PASS),  # inferred AAD
        (_vpn({"vpn_auth_types": ["AAD", "Certificate"], "aad_tenant": "t", "root_certificate": [{"name": "r", "public_cert_data": "MIIB"}]}), Status.FAIL),
        (_vpn({"root_certificate": [{"name": "r", "public_cert_data": "MIIB"}]}), Status.FAIL),  # certificates only
        (_vpn({"radius_server_address": "10.0.0.4", "radius_server_secret": "x"}), Status.FAIL),
    ],
)  # fmt: skip
def test_vpn_gateway_point_to_site_auth(tmp_path, gateway, expected):
    result = _scan(tmp_path, gateway)
    assert _verdict(result, VPN, "NET-259") is expected
    assert "radius_server_secret" not in result.model_dump_json()


def test_plan_of_many_azure_kinds_collects_without_import_errors(tmp_path):
    """The Azure mappers import the live provider lazily from the collectors' threads; the
    plan loader imports it first (before, two threads importing it at once could raise
    _DeadlockError or see a partially initialised module)."""
    resources = [
        _linked(), _policy(), _vnet(), _flow_log(VNET), _subnet(), _vpn(None),
        Res("azurerm_storage_account", "a", {"name": "a", **AZ, "account_tier": "Standard", "account_replication_type": "LRS"}),
        Res("azurerm_network_security_group", "g", {"name": "g", **AZ}),
        Res("azurerm_managed_disk", "d", {"name": "d", **AZ}),
        Res("azurerm_key_vault", "v", {"name": "v", **AZ}),
        Res("azurerm_mssql_server", "s", {"name": "s", **AZ}),
        Res("azurerm_security_center_subscription_pricing", "p", {"tier": "Free"}),
    ]  # fmt: skip
    result = _scan(tmp_path, *resources)
    assert not result.errors, result.errors
    assert not [f for f in result.findings if "InternalError" in f.reason]
