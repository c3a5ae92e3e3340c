"""Checks over subnets, virtual networks, Application Gateways and VPN gateways (CIS Azure 7, 8.5).

Semantics: Microsoft.Network REST reference (api-version 2024-05-01); Application Gateway
"TLS policy overview" (predefined policy minimums) and "HTTP/2 support"; WAF on Application
Gateway "Request size limits" (requestBodyCheck) and "Bot protection overview"
(Microsoft_BotManagerRuleSet); VPN Gateway "point-to-site ... Microsoft Entra ID
authentication"; "Azure DDoS Protection overview" (enableDdosProtection + plan).
"""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Network, Subnet, VpnGateway, WafPolicy, WebGateway
from scanner.registry import check

_BOUNDARY = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_WAF = (*_BOUNDARY, "nist-800-53-r5:SI-4")
_TRANSPORT = ("soc2:CC6.7", "iso27001-2022:A.8.24", "nist-csf-2.0:PR.DS-02", "nist-800-53-r5:SC-8")
WAF_TIERS = frozenset({"waf", "waf_v2"})


@check(
    id="NET-252",
    title="Subnets are associated with a network security group",
    severity=Severity.MEDIUM,
    resource=Subnet,
    controls=(*_BOUNDARY, "cis-azure:7.11"),
    providers=("azure",),
)
def subnet_has_security_group(subnet: Subnet) -> Result:
    """A subnet without a network security group filters nothing at the subnet boundary:
    every host in it relies on its own NIC rules, and new hosts arrive unprotected.

    Remediation: associate a network security group with the subnet (GatewaySubnet,
    AzureFirewallSubnet, AzureFirewallManagementSubnet and RouteServerSubnet are exempt:
    their services reject NSGs).
    """
    if subnet.security_group_unsupported:
        return not_applicable(f"{subnet.name} does not support network security groups")
    return setting(
        subnet.security_group_attached,
        on="network security group associated",
        off="no network security group associated",
        unread="subnet configuration unreadable",
    )


@check(
    id="NET-253",
    title="Virtual networks are covered by DDoS Network Protection",
    severity=Severity.LOW,
    resource=Network,
    controls=(*_BOUNDARY, "nist-800-53-r5:SC-5", "cis-azure:8.5"),
    providers=("azure",),
)
def network_ddos_protection(network: Network) -> Result:
    """Basic infrastructure protection is not tuned to the application; without DDoS
    Network Protection a volumetric attack can exhaust public endpoints in the network, with
    no telemetry, mitigation reports or cost protection.

    Remediation: create (or reuse) a DDoS protection plan and enable it on the virtual
    network (enableDdosProtection with ddosProtectionPlan).
    """
    return setting(
        network.ddos_protection,
        on="DDoS Network Protection plan enabled",
        off="DDoS Network Protection not enabled",
        unread="DDoS settings unreadable",
    )


@check(
    id="NET-254",
    title="Application gateways run an enabled web application firewall",
    severity=Severity.HIGH,
    resource=WebGateway,
    controls=(*_WAF, "cis-azure:7.10"),
    providers=("azure",),
)
def web_gateway_waf_enabled(gateway: WebGateway) -> Result:
    """Without a WAF, injection, cross-site scripting and other OWASP Top 10 attacks reach
    the applications behind the gateway unfiltered.

    Remediation: use the WAF_v2 tier and associate an enabled WAF policy (or enable the
    gateway's WAF configuration on the legacy WAF tier).
    """
    if gateway.tier.lower() not in WAF_TIERS:
        return failed(f"tier {gateway.tier or 'unknown'} has no web application firewall")
    waf = gateway.waf
    if waf is None:
        return unknown("the associated WAF policy could not be read")
    if not gateway.waf_configured or not waf.enabled:
        return failed("WAF tier, but no enabled WAF policy or configuration")
    return passed(f"WAF enabled ({waf.mode or 'mode unknown'} mode)")


def _waf_or_skip(gateway: WebGateway) -> WafPolicy | Result:
    """The WAF to judge, or NOT_APPLICABLE / UNKNOWN when there is none (NET-254 reports)."""
    if gateway.tier.lower() not in WAF_TIERS or not gateway.waf_configured:
        return not_applicable("no web application firewall (see NET-254)")
    if gateway.waf is None:
        return unknown("the associated WAF policy could not be read")
    return gateway.waf


@check(
    id="NET-255",
    title="Application gateway WAF policies inspect request bodies",
    severity=Severity.MEDIUM,
    resource=WebGateway,
    controls=(*_WAF, "cis-azure:7.14"),
    providers=("azure",),
)
def web_gateway_waf_inspects_bodies(gateway: WebGateway) -> Result:
    """With request body inspection off, the WAF never sees POST bodies, where most
    injection payloads travel, and its managed rules protect only URLs and headers.

    Remediation: in the WAF policy's Policy settings, enable "Enforce request body
    inspection" (policySettings.requestBodyCheck = true).
    """
    waf = _waf_or_skip(gateway)
    if isinstance(waf, Result):
        return waf
    return setting(
        waf.request_body_inspection,
        on="request body inspection enabled",
        off="request body inspection disabled",
        unread="request body inspection setting absent from the WAF policy",
    )


@check(
    id="NET-256",
    title="Application gateway WAF policies enable bot protection",
    severity=Severity.LOW,
    resource=WebGateway,
    controls=(*_WAF, "cis-azure:7.15"),
    providers=("azure",),
)
def web_gateway_waf_bot_protection(gateway: WebGateway) -> Result:
    """Without the bot manager rule set, known malicious bots, scrapers and vulnerability
    scanners are treated like ordinary clients.

    Remediation: add the Microsoft_BotManagerRuleSet managed rule set to the WAF policy
    (Bot protection: enabled); the legacy WAF configuration cannot do this, so migrate to a
    WAF policy first.
    """
    waf = _waf_or_skip(gateway)
    if isinstance(waf, Result):
        return waf
    return setting(
        waf.bot_protection,
        on="bot manager rule set applied",
        off="no bot manager rule set in the WAF policy",
        unread="managed rule sets unreadable",
    )


@check(
    id="NET-257",
    title="Application gateways require TLS 1.2 or newer",
    severity=Severity.MEDIUM,
    resource=WebGateway,
    controls=(*_TRANSPORT, "cis-azure:7.12"),
    providers=("azure",),
)
def web_gateway_min_tls(gateway: WebGateway) -> Result:
    """TLS 1.0 and 1.1 have known weaknesses; a gateway that still accepts them lets
    clients (and downgrade attacks) negotiate weak encryption.

    Remediation: select the predefined policy AppGwSslPolicy20220101 (or 20220101S /
    20170401S), or a Custom(V2) policy with minimum protocol version TLSv1_2 or TLSv1_3,
    on the gateway and on every SSL profile.
    """
    if not gateway.serves_tls:
        return not_applicable("no HTTPS listener")
    version = gateway.min_tls_version
    if version is None:
        return unknown("no SSL policy set: the default depends on the API version used")
    if version in {"1.2", "1.3"}:
        return passed(f"minimum TLS {version}")
    return failed(f"accepts TLS {version}; needs 1.2 or newer")


@check(
    id="NET-258",
    title="Application gateways enable HTTP/2",
    severity=Severity.LOW,
    resource=WebGateway,
    controls=(*_TRANSPORT, "cis-azure:7.13"),
    providers=("azure",),
)
def web_gateway_http2(gateway: WebGateway) -> Result:
    """HTTP/2 multiplexes requests over one TLS connection and is required by modern
    clients for the strongest cipher configurations; CIS recommends enabling it.

    Remediation: set HTTP2 to Enabled in the gateway's configuration (enableHttp2).
    """
    return setting(
        gateway.http2,
        on="HTTP/2 enabled",
        off="HTTP/2 disabled",
        unread="HTTP/2 setting unreadable",
    )


@check(
    id="NET-259",
    title="Point-to-site VPN accepts only Microsoft Entra ID authentication",
    severity=Severity.MEDIUM,
    resource=VpnGateway,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.5",
        "nist-csf-2.0:PR.AA-03",
        "nist-800-53-r5:IA-2",
        "nist-800-53-r5:AC-17",
        "cis-azure:7.9",
    ),
    providers=("azure",),
)
def vpn_gateway_entra_auth(gateway: VpnGateway) -> Result:
    """Certificates and RADIUS bypass Conditional Access and MFA; a leaked client
    certificate keeps working until someone revokes it by hand.

    Remediation: set the point-to-site tunnel's authentication type to Azure Active
    Directory (Microsoft Entra ID) only, and remove certificate and RADIUS authentication.
    """
    if not gateway.point_to_site:
        return not_applicable("no point-to-site configuration")
    kinds = {k.lower() for k in gateway.client_auth_types}
    if kinds == {"aad"}:
        return passed("point-to-site authentication: Microsoft Entra ID only")
    if not kinds:
        return unknown("point-to-site authentication type unreadable")
    others = ", ".join(sorted(k for k in gateway.client_auth_types if k.lower() != "aad"))
    return failed(f"point-to-site also accepts {others}")
