"""Compliant factories for the Azure CIS v6 kinds (gateways, footprint, workspaces...)."""

from __future__ import annotations

from typing import Any

from scanner.model import (
    AccessPolicy,
    AnalyticsWorkspace,
    Certificate,
    DefenderSettings,
    Directory,
    FileSystem,
    FirewallRule,
    Resource,
    SecurityGroup,
    ServiceFootprint,
    VpnGateway,
    WafPolicy,
    WebGateway,
)

SUB = "00000000-0000-0000-0000-000000000001"


def _make(model: type[Any], defaults: dict[str, Any], overrides: dict[str, Any]) -> Any:
    from tests.checks.factories import NOW

    base: dict[str, Any] = {
        "uid": f"/subscriptions/{SUB}/resourceGroups/rg/providers/x/{model.__name__.lower()}",
        "provider": "azure",
        "account": SUB,
        "region": "westeurope",
        "service": model.__name__,
        "name": f"example-{model.__name__.lower()}",
        "collected_at": NOW,
        "group": "rg",
    }
    return model(**{**base, **defaults, **overrides})


def waf_policy(**overrides: Any) -> WafPolicy:
    return WafPolicy(
        **{
            "enabled": True,
            "mode": "Prevention",
            "request_body_inspection": True,
            "bot_protection": True,
            "policy_id": f"/subscriptions/{SUB}/resourceGroups/rg/providers/"
            "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf",
            **overrides,
        }
    )


def web_gateway(**overrides: Any) -> WebGateway:
    defaults = {
        "tier": "WAF_v2",
        "waf": waf_policy(),
        "waf_configured": True,
        "serves_tls": True,
        "min_tls_version": "1.2",
        "http2": True,
    }
    return _make(WebGateway, defaults, overrides)  # type: ignore[no-any-return]


def vpn_gateway(**overrides: Any) -> VpnGateway:
    defaults = {"point_to_site": True, "client_auth_types": ("AAD",)}
    return _make(VpnGateway, defaults, overrides)  # type: ignore[no-any-return]


def footprint(**overrides: Any) -> ServiceFootprint:
    defaults = {
        "regions_in_use": ("eastus", "westeurope"),
        "network_watcher_regions": ("eastus", "westeurope"),
        "bastion_hosts": 1,
        "app_insights_components": 1,
    }
    return _make(ServiceFootprint, defaults, overrides)  # type: ignore[no-any-return]


def nsg_rule(**overrides: Any) -> FirewallRule:
    """An inbound NSG rule: tcp/8443 from the internet (no CIS-named port), priority 200."""
    fields: dict[str, Any] = {
        "direction": "ingress",
        "protocol": "tcp",
        "from_port": 8443,
        "to_port": 8443,
        "sources": ("Internet",),
        "priority": 200,
    }
    return FirewallRule(**{**fields, **overrides})


def nsg(**overrides: Any) -> SecurityGroup:
    """A compliant NSG for every security group check, CIS Azure 7.3/7.4 included: the
    internet reaches only tcp/8443; HTTPS is open to the virtual network only."""
    rules = (
        nsg_rule(),
        nsg_rule(from_port=443, to_port=443, sources=("VirtualNetwork",), priority=210),
        nsg_rule(
            protocol="*", from_port=None, to_port=None, sources=("*",), priority=4096, action="deny"
        ),
    )
    defaults = {"rules": rules, "logging_enabled": True}
    return _make(SecurityGroup, defaults, overrides)  # type: ignore[no-any-return]


AZURE_FACTORIES: dict[type[Resource], Any] = {
    # the shared default opens tcp/443 to the internet, which CIS Azure 7.4 flags
    SecurityGroup: nsg,
    WebGateway: web_gateway,
    VpnGateway: vpn_gateway,
    ServiceFootprint: footprint,
}


def defender_settings(**overrides: Any) -> DefenderSettings:
    defaults = {
        "contact_emails": ("soc@example.com",),
        "notify_roles": ("Owner",),
        "alert_min_severity": "High",
        "attack_path_min_risk": "Critical",
        "endpoint_protection": True,
        "machines": 1,
        "update_assessed": ("/subscriptions/x/vm1",),
        "update_unhealthy": (),
    }
    return _make(DefenderSettings, defaults, overrides)  # type: ignore[no-any-return]


AZURE_FACTORIES[DefenderSettings] = defender_settings


def analytics_workspace(**overrides: Any) -> AnalyticsWorkspace:
    defaults = {
        "customer_network": True,
        "subnets_have_security_group": True,
        "no_public_ip": True,
        "public_network_access": False,
        "private_endpoint": True,
        "diagnostic_logging": True,
    }
    return _make(AnalyticsWorkspace, defaults, overrides)  # type: ignore[no-any-return]


AZURE_FACTORIES[AnalyticsWorkspace] = analytics_workspace


def file_service(**overrides: Any) -> FileSystem:
    from tests.checks.factories import file_system

    defaults = {
        "share_soft_delete_days": 7,
        "smb_versions": ("SMB3.1.1",),
        "smb_channel_encryption": ("AES-256-GCM",),
    }
    return file_system(**{**defaults, **overrides})


AZURE_FACTORIES[FileSystem] = file_service


def access_policy(**overrides: Any) -> AccessPolicy:
    """An enabled 'Require MFA for all users' policy excluding one emergency account."""
    fields: dict[str, Any] = {
        "name": "Require MFA for all users",
        "state": "enabled",
        "requires_mfa": True,
        "all_users": True,
        "all_apps": True,
        "excluded_users": ("break-glass-1",),
    }
    return AccessPolicy(**{**fields, **overrides})


def directory(**overrides: Any) -> Directory:
    defaults = {
        "security_defaults": False,
        "access_policies": (access_policy(),),
        "users_without_mfa": (),
        "users_checked": 12,
        "global_admins": ("admin1@contoso.com", "breakglass@contoso.com"),
        "guest_users": 3,
        "guest_invites_from": "adminsAndGuestInviters",
        "guest_access": "restricted",
    }
    return _make(Directory, defaults, overrides)  # type: ignore[no-any-return]


AZURE_FACTORIES[Directory] = directory


def certificate(**overrides: Any) -> Certificate:
    return _make(Certificate, {"validity_months": 12}, overrides)  # type: ignore[no-any-return]


AZURE_FACTORIES[Certificate] = certificate
