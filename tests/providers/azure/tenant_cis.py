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
    return [*app_gateways(), *vpn_gateways(), *services(), *databricks()]


def security_contacts(sub: str, *, good: bool) -> dict[str, Any]:
    """GetSecurityContactsSubscription_example (2023-12-01-preview) shape."""
    base = f"/subscriptions/{sub}/providers/Microsoft.Security/securityContacts/default"
    if not good:
        return {"value": []}
    return {
        "value": [
            {
                "id": base,
                "name": "default",
                "type": "Microsoft.Security/securityContacts",
                "properties": {
                    "emails": "john@contoso.com;jane@contoso.com",
                    "phone": "(214)275-4038",
                    "isEnabled": True,
                    "notificationsSources": [
                        {"sourceType": "Alert", "minimalSeverity": "Low"},
                        {"sourceType": "AttackPath", "minimalRiskLevel": "Critical"},
                    ],
                    "notificationsByRole": {"state": "On", "roles": ["Owner"]},
                },
            }
        ]
    }


def security_settings(sub: str, *, wdatp: bool) -> dict[str, Any]:
    """GetSettings_example (2022-05-01) shape."""
    base = f"/subscriptions/{sub}/providers/Microsoft.Security/settings"
    return {
        "value": [
            {
                "id": f"{base}/MCAS",
                "name": "MCAS",
                "type": "Microsoft.Security/settings",
                "kind": "DataExportSettings",
                "properties": {"enabled": True},
            },
            {
                "id": f"{base}/WDATP",
                "name": "WDATP",
                "type": "Microsoft.Security/settings",
                "kind": "DataExportSettings",
                "properties": {"enabled": wdatp},
            },
            {
                "id": f"{base}/Sentinel",
                "name": "Sentinel",
                "type": "Microsoft.Security/settings",
                "kind": "AlertSyncSettings",
                "properties": {"enabled": False},
            },
        ]
    }


def cis_answers(rows: list[dict[str, Any]], first_sub: str) -> dict[str, Any]:
    """ARM GETs the CIS v6 collectors make, by path (lower-cased by the caller)."""
    answers: dict[str, Any] = {}
    for sub in {r["subscriptionId"] for r in rows}:
        base = f"/subscriptions/{sub}/providers/Microsoft.Security"
        answers[f"{base}/securityContacts"] = security_contacts(sub, good=sub == first_sub)
        answers[f"{base}/settings"] = security_settings(sub, wdatp=sub == first_sub)
    for row in rows:
        if row["type"] == "microsoft.storage/storageaccounts":
            answers[f"{row['id']}/fileServices/default"] = file_service(
                row["id"], strict=row["name"] == "sto4445"
            )
        if row["type"] == "microsoft.databricks/workspaces":
            logged = row["name"] == "dbx-injected"
            answers[f"{row['id']}/providers/microsoft.insights/diagnosticsettings"] = (
                diagnostic_settings(row["id"]) if logged else {"value": []}
            )
        if row["type"] == "microsoft.keyvault/vaults":
            answers.update(vault_certificates(row["name"]))
    answers.update(graph_answers())
    return answers


def diagnostic_settings(resource_id: str) -> dict[str, Any]:
    """A diagnostic setting sending allLogs to Log Analytics (listDiagnosticSettings shape)."""
    return {
        "value": [
            {
                "id": f"{resource_id}/providers/microsoft.insights/diagnosticSettings/to-law",
                "name": "to-law",
                "type": "Microsoft.Insights/diagnosticSettings",
                "properties": {
                    "workspaceId": "/subscriptions/x/resourceGroups/rg/providers/"
                    "Microsoft.OperationalInsights/workspaces/law",
                    "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                    "metrics": [],
                },
            }
        ]
    }


DBX_VNET = f"{RG}/Microsoft.Network/virtualNetworks/dbx-vnet"
NSG_ID = f"{RG}/Microsoft.Network/networkSecurityGroups/dbx-nsg"


def databricks() -> list[dict[str, Any]]:
    """A VNet-injected workspace (WorkspaceGet shape, 2024-05-01) and a managed-VNet one."""

    def subnet(name: str) -> dict[str, Any]:
        return {
            "id": f"{DBX_VNET}/subnets/{name}",
            "name": name,
            "properties": {
                "addressPrefix": "10.139.0.0/18" if name == "public" else "10.139.64.0/18",
                "networkSecurityGroup": {"id": NSG_ID},
                "delegations": [
                    {
                        "name": "dbx",
                        "properties": {"serviceName": "Microsoft.Databricks/workspaces"},
                    }
                ],
            },
        }

    vnet = {
        "id": DBX_VNET,
        "name": "dbx-vnet",
        "type": "Microsoft.Network/virtualNetworks",
        "location": "westeurope",
        "properties": {
            "addressSpace": {"addressPrefixes": ["10.139.0.0/16"]},
            "subnets": [subnet("public"), subnet("private")],
        },
    }

    def workspace(name: str, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "id": f"{RG}/Microsoft.Databricks/workspaces/{name}",
            "name": name,
            "type": "Microsoft.Databricks/workspaces",
            "location": "westeurope",
            "sku": {"name": "premium"},
            "properties": {
                "managedResourceGroupId": f"/subscriptions/x/resourceGroups/{name}-managed",
                "parameters": {k: {"type": "String", "value": v} for k, v in params.items()},
                "provisioningState": "Succeeded",
                **extra,
            },
        }

    injected = workspace(
        "dbx-injected",
        {
            "customVirtualNetworkId": DBX_VNET,
            "customPublicSubnetName": "public",
            "customPrivateSubnetName": "private",
            "enableNoPublicIp": True,
        },
        publicNetworkAccess="Disabled",
        requiredNsgRules="NoAzureDatabricksRules",
    )
    managed = workspace("dbx-managed", {"enableNoPublicIp": False})
    return [vnet, injected, managed]


def file_service(account_id: str, *, strict: bool) -> dict[str, Any]:
    """FileServicesGet example shape (Storage RP 2023-05-01)."""
    smb = (
        {"versions": "SMB3.1.1", "channelEncryption": "AES-256-GCM", "multichannel": {}}
        if strict
        else {}
    )
    return {
        "id": f"{account_id}/fileServices/default",
        "name": "default",
        "type": "Microsoft.Storage/storageAccounts/fileServices",
        "properties": {
            "shareDeleteRetentionPolicy": {"enabled": strict, "days": 7 if strict else 0},
            "protocolSettings": {"smb": smb},
        },
    }


ALL_USERS_GROUP = "f1f2f3f4-0000-0000-0000-000000000001"


def graph_answers() -> dict[str, Any]:
    """Microsoft Graph v1.0 answers (shapes from the Graph API reference examples)."""
    ga = "62e90394-69f5-4237-9190-012177145e10"
    base = "/v1.0"
    mfa_all = {
        "id": "7359d0e0-d8a9-4afa-8a93-e23e099d7be8",
        "displayName": "Require MFA for all users",
        "state": "enabled",
        "conditions": {
            "clientAppTypes": ["all"],
            "applications": {"includeApplications": ["All"], "excludeApplications": []},
            "users": {
                "includeUsers": ["All"],
                "excludeUsers": ["b1a2c3d4-0000-0000-0000-0000000000bb"],
                "excludeGroups": [ALL_USERS_GROUP],
                "includeGroups": [],
                "includeRoles": [],
                "excludeRoles": [],
            },
        },
        "grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
    }
    report_only = {
        "id": "c0ffee00-0000-0000-0000-000000000002",
        "displayName": "MFA for admins (report-only)",
        "state": "enabledForReportingButNotEnforced",
        "conditions": {
            "clientAppTypes": ["all"],
            "applications": {"includeApplications": ["All"]},
            "users": {"includeRoles": [ga]},
        },
        "grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
    }
    return {
        f"{base}/policies/identitySecurityDefaultsEnforcementPolicy": {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/"
            "identitySecurityDefaultsEnforcementPolicy/$entity",
            "id": "00000000-0000-0000-0000-000000000005",
            "displayName": "Security Defaults",
            "isEnabled": False,
        },
        f"{base}/identity/conditionalAccess/policies": {"value": [mfa_all, report_only]},
        f"{base}/groups/{ALL_USERS_GROUP}": {"id": ALL_USERS_GROUP, "displayName": "Contractors"},
        f"{base}/reports/authenticationMethods/userRegistrationDetails": {
            "value": [
                {
                    "id": "u1",
                    "userPrincipalName": "alex@contoso.com",
                    "userType": "member",
                    "isAdmin": True,
                    "isMfaRegistered": True,
                    "isMfaCapable": True,
                },
                {
                    "id": "u2",
                    "userPrincipalName": "sam@contoso.com",
                    "userType": "member",
                    "isAdmin": False,
                    "isMfaRegistered": False,
                    "isMfaCapable": False,
                },
                {
                    "id": "u3",
                    "userPrincipalName": "guest_x#EXT#@contoso.com",
                    "userType": "guest",
                    "isAdmin": False,
                    "isMfaRegistered": False,
                    "isMfaCapable": False,
                },
            ]
        },
        f"{base}/directoryRoles(roleTemplateId='{ga}')/members": {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.user",
                    "id": "u1",
                    "userPrincipalName": "alex@contoso.com",
                }
            ]
        },
        f"{base}/users": {"value": [{"id": "u3"}]},
        f"{base}/policies/authorizationPolicy": {
            "id": "authorizationPolicy",
            "allowInvitesFrom": "everyone",
            "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3",
        },
    }


def vault_certificates(vault_name: str) -> dict[str, Any]:
    """Key Vault data plane answers (GetCertificates / GetCertificatePolicy examples, 7.4)."""
    base = f"https://{vault_name}.vault.azure.net/certificates"
    prefix = f"/{vault_name}/certificates"

    def item(name: str) -> dict[str, Any]:
        return {
            "id": f"{base}/{name}",
            "x5t": "fLi3U52HunIVNXubkEnf8tP6Wbo",
            "attributes": {
                "enabled": True,
                "nbf": 1_700_000_000,
                "exp": 1_800_000_000,
                "created": 1_700_000_000,
                "updated": 1_700_000_000,
            },
        }

    def policy(name: str, months: int) -> dict[str, Any]:
        return {
            "id": f"{base}/{name}/policy",
            "key_props": {"exportable": True, "kty": "RSA", "key_size": 2048, "reuse_key": False},
            "secret_props": {"contentType": "application/x-pkcs12"},
            "x509_props": {"subject": "CN=*.microsoft.com", "validity_months": months},
            "issuer": {"name": "Self"},
            "attributes": {"enabled": True},
        }

    return {
        prefix: {"value": [item("web-12m"), item("legacy-24m")], "nextLink": None},
        f"{prefix}/web-12m/policy": policy("web-12m", 12),
        f"{prefix}/legacy-24m/policy": policy("legacy-24m", 24),
    }
