"""The fixture tenant: azure-rest-api-specs examples re-homed into two subscriptions.

Resource Graph rows (per table) and ARM GET answers (per lower-case path) are built from the
copied upstream examples in ``fixtures/`` plus a few hand-written resources below, so the
fake server and the offline snapshot serve the same data.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from providers.azure.rows import resource_type
from tests.providers.azure.tenant_cis import cis_answers, cis_resources

FIXTURES = Path(__file__).parent / "fixtures"
SUB_A = "11111111-1111-1111-1111-111111111111"
SUB_B = "22222222-2222-2222-2222-222222222222"
TENANT = "72f988bf-0000-0000-0000-000000000000"
OWNER = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
_SUB = re.compile(r"/subscriptions/([^/\"]+)", re.IGNORECASE)


def body(rel: str) -> Any:
    """The 200 answer of an x-ms-examples document."""
    return json.loads((FIXTURES / rel).read_text(encoding="utf-8"))["responses"]["200"]["body"]


def items(rel: str) -> list[dict[str, Any]]:
    """The ``value`` list of a list example, or the single resource of a get example."""
    answer = body(rel)
    return list(answer["value"]) if "value" in answer else [answer]


def rehome(resource: dict[str, Any], sub: str) -> dict[str, Any]:
    """The resource with every ``/subscriptions/<x>`` in it pointing at ``sub``."""
    text = json.dumps(resource)
    return json.loads(_SUB.sub(f"/subscriptions/{sub}", text))


def graph_row(resource: dict[str, Any], sub: str) -> dict[str, Any]:
    """An ARM resource as Resource Graph returns it (lower-case type, flattened metadata)."""
    r = rehome(copy.deepcopy(resource), sub)
    rid = str(r["id"])
    group = re.search(r"/resourceGroups/([^/]+)", rid, re.IGNORECASE)
    return {
        "id": rid,
        "name": r.get("name") or rid.rsplit("/", 1)[-1],
        "type": str(r.get("type") or resource_type(rid)).lower(),
        "location": r.get("location", ""),
        "resourceGroup": group.group(1).lower() if group else "",
        "subscriptionId": sub,
        "tenantId": TENANT,
        "tags": r.get("tags") or {},
        "properties": r.get("properties") or {},
        "sku": r.get("sku"),
        "kind": r.get("kind"),
        "managedBy": r.get("managedBy", ""),
    }


def _nsg(name: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
    rid = (
        "/subscriptions/x/resourceGroups/rg-own/providers/Microsoft.Network/"
        f"networkSecurityGroups/{name}"
    )
    return {
        "id": rid,
        "name": name,
        "type": "Microsoft.Network/networkSecurityGroups",
        "location": "westeurope",
        "properties": {
            "securityRules": [
                {"name": r["name"], "properties": {k: v for k, v in r.items() if k != "name"}}
                for r in rules
            ],
            "defaultSecurityRules": items("network/NetworkSecurityGroupGet.json")[0]["properties"][
                "defaultSecurityRules"
            ],
        },
    }


def _rule(name: str, priority: int, access: str, source: str, ports: str, **extra: Any) -> dict:
    return {
        "name": name,
        "protocol": extra.pop("protocol", "Tcp"),
        "sourcePortRange": "*",
        "destinationPortRange": ports,
        "sourceAddressPrefix": source,
        "destinationAddressPrefix": "*",
        "access": access,
        "priority": priority,
        "direction": "Inbound",
        **extra,
    }


def own_nsgs() -> list[dict[str, Any]]:
    """Hand-written NSGs: SSH open from Internet, RDP denied first, IPv6 range, all traffic."""
    return [
        _nsg(
            "ssh-open",
            [
                _rule("deny-rdp", 100, "Deny", "*", "3389"),
                _rule("ssh", 110, "Allow", "Internet", "22"),
                _rule("rdp", 120, "Allow", "0.0.0.0/0", "3389"),
                _rule("v6-range", 130, "Allow", "::/0", "5000-5500"),
            ],
        ),
        _nsg("all-open", [_rule("any", 4000, "Allow", "*", "*", protocol="*")]),
    ]


def _flow_log(name: str, target: str, days: int) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/x/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/"
        f"networkWatchers/NetworkWatcher_westus/flowLogs/{name}",
        "name": name,
        "type": "Microsoft.Network/networkWatchers/flowLogs",
        "location": "westus",
        "properties": {
            "targetResourceId": target,
            "enabled": True,
            "retentionPolicy": {"days": days, "enabled": True},
        },
    }


def _pricings(sub: str, on: set[str]) -> list[dict[str, Any]]:
    plans = ("VirtualMachines", "StorageAccounts", "KeyVaults", "Arm", "SqlServers", "Containers")
    return [
        {
            "id": f"/subscriptions/{sub}/providers/Microsoft.Security/pricings/{p}",
            "name": p,
            "type": "Microsoft.Security/pricings",
            "properties": {"pricingTier": "Standard" if p in on else "Free"},
        }
        for p in plans
    ]


def _role_rows(sub: str) -> list[dict[str, Any]]:
    assignments = items("authorization/RoleAssignments_ListForResourceGroup.json")
    owner = copy.deepcopy(assignments[0])
    owner["id"] = owner["id"].replace("b0f43c54", "0wner000")
    owner["properties"]["roleDefinitionId"] = OWNER
    role = copy.deepcopy(items("authorization/GetRoleDefinitionById.json")[0])
    role["properties"]["type"] = "CustomRole"
    star = copy.deepcopy(role)
    star["id"] = star["id"].replace("roleDefinitionId", "star-role")
    star["properties"].update(roleName="Everything", permissions=[{"actions": ["*"]}])
    return [graph_row(r, sub) for r in (*assignments, owner, role, star)]


def resource_rows(sub: str) -> list[dict[str, Any]]:
    """The ``resources`` table of subscription A."""
    vnets = items("network/VirtualNetworkListAll.json") + items("network/VirtualNetworkGet.json")
    vnet1 = rehome(vnets[0], sub)["id"]
    resources = (
        items("network/NetworkSecurityGroupGet.json")
        + items("network/NetworkSecurityGroupListAll.json")
        + own_nsgs()
        + vnets
        + items("network/NetworkWatcherFlowLogGet.json")
        + [_flow_log("vnet1-log", vnet1, 30)]
        + items("keyvault/getVault.json")
        + items("keyvault/listVaultBySubscription.json")
        + items("storage/StorageAccountList.json")
        + items("storage/StorageAccountCreate.json")
        + items("sql/ServerListByResourceGroup.json")
        + [
            json.loads(
                json.dumps(d).replace(
                    "Default-SQL-SouthEastAsia/providers/Microsoft.Sql/servers/testsvr",
                    "sqlcrudtest-7398/providers/Microsoft.Sql/servers/sqlcrudtest-4645",
                )
            )
            for d in items("sql/ListVCoreDatabasesByServer.json")
        ]
        + items("compute/Disk_ListBySubscription.json")
        + [body("compute/Disk_Create_WithDiskEncryptionSet.json")]
        + items("recoveryservices/GETVault.json")
        + items("monitor/ActivityLogAlertRule_ListBySubscriptionId.json")
        + cis_resources()
    )
    return [graph_row(r, sub) for r in resources]


def tables(subs: tuple[str, ...] = (SUB_A, SUB_B)) -> dict[str, list[dict[str, Any]]]:
    """Resource Graph rows per table for the fixture tenant."""
    containers = [
        {
            "id": f"/subscriptions/{s}",
            "name": f"subscription-{s[:4]}",
            "type": "microsoft.resources/subscriptions",
            "subscriptionId": s,
            "tenantId": TENANT,
            "properties": {"state": "Enabled"},
        }
        for s in subs
    ]
    b_rows = [
        graph_row(r, SUB_B) for r in [own_nsgs()[0], *items("storage/StorageAccountCreate.json")]
    ]
    return {
        "resources": resource_rows(SUB_A) + (b_rows if SUB_B in subs else []),
        "resourcecontainers": containers,
        "authorizationresources": _role_rows(SUB_A),
        "securityresources": [
            graph_row(p, s)
            for s in subs
            for p in _pricings(s, {"VirtualMachines", "KeyVaults"} if s == SUB_A else set())
        ],
    }


def all_rows() -> list[dict[str, Any]]:
    """Every row of every table (what a snapshot export holds)."""
    return [row for rows in tables().values() for row in rows]


def _key_with_rotation(vault_id: str) -> dict[str, Any]:
    policy = body("keyvault/GetKeyRotationPolicy-example.json")
    return {
        "id": f"{vault_id}/keys/rotating-key",
        "name": "rotating-key",
        "type": "Microsoft.KeyVault/vaults/keys",
        "properties": {
            "kty": "RSA",
            "attributes": {"enabled": True, "exp": 1900000000},
            "rotationPolicy": {k: v for k, v in policy.items() if k != "id"},
        },
    }


def _secrets(vault_id: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{vault_id}/secrets/{name}",
            "name": name,
            "type": "Microsoft.KeyVault/vaults/secrets",
            "properties": {"attributes": {"enabled": True, **extra}},
        }
        for name, extra in (("db-password", {}), ("api-token", {"exp": 1900000000}))
    ]


def _blob_service(account_id: str, *, good: bool) -> dict[str, Any]:
    return {
        "id": f"{account_id}/blobServices/default",
        "name": "default",
        "properties": {
            "isVersioningEnabled": good,
            "deleteRetentionPolicy": {"enabled": good, "days": 14},
        },
    }


def _sql_answers(server_id: str, first: bool) -> dict[str, Any]:
    allow_all = {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"}  # noqa: S104
    narrow = {"startIpAddress": "203.0.113.10", "endIpAddress": "203.0.113.20"}
    admin = {
        "id": f"{server_id}/administrators/ActiveDirectory",
        "name": "ActiveDirectory",
        "properties": {"administratorType": "ActiveDirectory", "login": "sql-admins"},
    }
    return {
        f"{server_id}/firewallrules": {
            "value": [{"name": "rule", "properties": allow_all if first else narrow}]
        },
        f"{server_id}/auditingsettings/default": body("sql/ServerBlobAuditingGet.json"),
        f"{server_id}/administrators": {"value": [] if first else [admin]},
    }


def arm_answers(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Every ARM GET the collectors make for ``rows``, by lower-case path."""
    answers: dict[str, Any] = {}
    for sub in {r["subscriptionId"] for r in rows}:
        settings = body("monitor/listSubscriptionDiagnosticSettings.json") if sub == SUB_A else {}
        answers[f"/subscriptions/{sub}/providers/microsoft.insights/diagnosticsettings"] = {
            "value": (settings or {}).get("value", [])
        }
    for n, r in enumerate(rows):
        rid, kind = r["id"], r["type"]
        if kind == "microsoft.keyvault/vaults":
            logged = body("monitor/listDiagnosticSettings.json") if n % 2 else {"value": []}
            answers[f"{rid}/providers/microsoft.insights/diagnosticsettings"] = logged
            keys = [rehome(k, r["subscriptionId"]) for k in items("keyvault/listKeys.json")]
            answers[f"{rid}/keys"] = {"value": [*keys, _key_with_rotation(rid)]}
            answers[f"{rid}/secrets"] = {"value": _secrets(rid)}
        elif kind == "microsoft.storage/storageaccounts":
            answers[f"{rid}/blobservices/default"] = _blob_service(rid, good=r["name"] == "sto4445")
        elif kind == "microsoft.sql/servers":
            answers.update(_sql_answers(rid, first=r["name"].endswith("4645")))
        elif kind == "microsoft.sql/servers/databases":
            answers[f"{rid}/transparentdataencryption/current"] = body(
                "sql/TransparentDataEncryptionGet.json"
            )
        elif kind == "microsoft.recoveryservices/vaults":
            answers[f"{rid}/backuppolicies"] = body(
                "recoveryservicesbackup/BackupPolicies_List.json"
            )
            answers[f"{rid}/backupprotecteditems"] = body(
                "recoveryservicesbackup/BackupProtectedItems_List.json"
            )
    answers.update(cis_answers(rows, SUB_A))
    return {k.lower(): v for k, v in answers.items()}
