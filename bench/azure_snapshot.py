"""Benchmark: read and collect a synthetic N-row Azure Resource Graph export offline.

Usage:
    python bench/azure_snapshot.py generate N FILE [--single]  # write the export
    python bench/azure_snapshot.py phases FILE [--until collect]  # read / collect / evaluate
    python bench/azure_snapshot.py evaluate FILE               # whole scan + JSON, SARIF

The export is what ``az graph query -q QUERY --first 1000 -o json`` answers, one answer per
page: newline-delimited JSON, each line ``{"count", "data": [rows...], "skip_token",
"total_records"}`` (``--single`` writes one answer holding every row instead). Rows carry
the columns complyscan's own inventory queries project (``providers/azure/graph.py``):
``id, name, type, location, resourceGroup, subscriptionId, tenantId, tags, properties``
(plus ``sku, kind, managedBy`` from the ``resources`` table), with ARM's property names.

The mix follows a mid-sized tenant: network security groups, virtual networks with flow
logs, managed disks, virtual machines, storage accounts, key vaults, SQL servers and
databases, Recovery Services vaults, application gateways and activity-log alerts, plus
per subscription its container row, Defender plans and role assignments. About a third of
the resources are misconfigured (open management ports, public blob access, TLS 1.0,
unencrypted or publicly reachable disks, vaults without purge protection, ...).
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.gcp_snapshot import phases as gcp_phases

SUBSCRIPTIONS = 50
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
PAGE = 1000
LOCATIONS = ("westeurope", "northeurope", "eastus", "westus2", "uksouth")
_PLANS = ("VirtualMachines", "StorageAccounts", "KeyVaults", "Arm", "SqlServers", "Containers")
_OWNER = "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"


def subscription(n: int) -> str:
    """The n-th synthetic subscription id (a GUID)."""
    return f"{n:08x}-0000-4000-8000-{n:012x}"


def _row(  # noqa: PLR0917 - every row has these
    sub: str, group: str, rtype: str, name: str, props: dict[str, Any], rnd: random.Random,
    **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    provider, kind = rtype.split("/")[:2]  # a child's type names its parent's, then its own
    rid = f"/subscriptions/{sub}/resourceGroups/{group}/providers/{provider}/{kind}/{name}"
    return {
        "id": rid,
        "name": name.rsplit("/", 1)[-1],
        "type": rtype.lower(),
        "location": rnd.choice(LOCATIONS),
        "resourceGroup": group.lower(),
        "subscriptionId": sub,
        "tenantId": TENANT,
        "tags": {"env": rnd.choice(("prod", "dev", "test"))},
        "properties": props,
        "sku": extra.get("sku"),
        "kind": extra.get("kind"),
        "managedBy": extra.get("managedBy", ""),
    }


def _bad(rnd: random.Random) -> bool:
    """About a third of the resources are misconfigured."""
    return rnd.random() < 1 / 3


def _nsg(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    bad = _bad(rnd)
    port = rnd.choice(("22", "3389", "1433", "*")) if bad else rnd.choice(("443", "22", "80"))
    rules = [
        {
            "name": f"rule-{i}",
            "properties": {
                "protocol": "Tcp",
                "sourcePortRange": "*",
                "destinationPortRange": port,
                "sourceAddressPrefix": rnd.choice(("*", "Internet", "0.0.0.0/0"))
                if bad
                else "10.0.0.0/8",
                "destinationAddressPrefix": "*",
                "access": "Allow",
                "priority": 100 + i % 3000,
                "direction": "Inbound",
            },
        }
    ]
    props = {"securityRules": rules, "provisioningState": "Succeeded"}
    return _row(sub, f"rg-{i % 40}", "Microsoft.Network/networkSecurityGroups", f"nsg-{i}", props,
                rnd)  # fmt: skip


def _vnet(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    group = f"rg-{i % 40}"
    nsg = f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Network/"
    nsg += f"networkSecurityGroups/nsg-{i}"
    subnets = [
        {"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}
         | ({} if _bad(rnd) else {"networkSecurityGroup": {"id": nsg}})}
    ]  # fmt: skip
    props = {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": subnets,
             "enableDdosProtection": False}  # fmt: skip
    return _row(sub, group, "Microsoft.Network/virtualNetworks", f"vnet-{i}", props, rnd)


def _flow_log(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    target = f"/subscriptions/{sub}/resourceGroups/rg-{i % 40}/providers/Microsoft.Network/"
    target += f"virtualNetworks/vnet-{i}"
    days = rnd.choice((0, 30, 90, 120)) if _bad(rnd) else 120
    props = {"targetResourceId": target, "enabled": True,
             "retentionPolicy": {"days": days, "enabled": True}}  # fmt: skip
    return _row(sub, "NetworkWatcherRG", "Microsoft.Network/networkWatchers/flowLogs",
                f"NetworkWatcher_westeurope/flowLogs/fl-{i}", props, rnd)  # fmt: skip


def _disk(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    bad = _bad(rnd)
    props = {
        "diskSizeGB": rnd.choice((32, 128, 512)),
        "diskState": rnd.choice(("Attached", "Unattached")),
        "encryption": {"type": "EncryptionAtRestWithPlatformKey"}
        if bad
        else {"type": "EncryptionAtRestWithCustomerKey",
              "diskEncryptionSetId": f"/subscriptions/{sub}/resourceGroups/rg/providers/"
              "Microsoft.Compute/diskEncryptionSets/des"},
        "networkAccessPolicy": "AllowAll" if bad else "DenyAll",
        "publicNetworkAccess": "Enabled" if bad else "Disabled",
    }  # fmt: skip
    return _row(sub, f"rg-{i % 40}", "Microsoft.Compute/disks", f"disk-{i}", props, rnd,
                sku={"name": "Premium_LRS"})  # fmt: skip


def _vm(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    props = {"hardwareProfile": {"vmSize": "Standard_D2s_v5"},
             "storageProfile": {"osDisk": {"name": f"disk-{i}", "osType": "Linux"}},
             "provisioningState": "Succeeded"}  # fmt: skip
    return _row(sub, f"rg-{i % 40}", "Microsoft.Compute/virtualMachines", f"vm-{i}", props, rnd)


def _storage(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    bad = _bad(rnd)
    props = {
        "supportsHttpsTrafficOnly": not bad or rnd.random() < 0.5,
        "minimumTlsVersion": "TLS1_0" if bad else "TLS1_2",
        "allowBlobPublicAccess": bad,
        "allowSharedKeyAccess": bad,
        "encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": not bad,
                       "services": {"blob": {"enabled": True}, "file": {"enabled": True}}},
        "networkAcls": {"defaultAction": "Allow" if bad else "Deny", "bypass": "AzureServices"},
        "publicNetworkAccess": "Enabled" if bad else "Disabled",
    }  # fmt: skip
    return _row(sub, f"rg-{i % 40}", "Microsoft.Storage/storageAccounts", f"st{i}", props, rnd,
                kind="StorageV2", sku={"name": "Standard_LRS"})  # fmt: skip


def _vault(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    bad = _bad(rnd)
    props = {"tenantId": TENANT, "sku": {"family": "A", "name": "standard"},
             "enableSoftDelete": True, "enablePurgeProtection": not bad,
             "enableRbacAuthorization": not bad,
             "publicNetworkAccess": "Enabled" if bad else "Disabled",
             "networkAcls": {"defaultAction": "Allow" if bad else "Deny"}}  # fmt: skip
    return _row(sub, f"rg-{i % 40}", "Microsoft.KeyVault/vaults", f"kv-{i}", props, rnd)


def _sql(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    bad = _bad(rnd)
    props: dict[str, Any]
    if rnd.random() < 0.4:
        props = {"administratorLogin": "admin", "version": "12.0",
                 "minimalTlsVersion": "1.0" if bad else "1.2",
                 "publicNetworkAccess": "Enabled" if bad else "Disabled"}  # fmt: skip
        return _row(sub, f"rg-{i % 40}", "Microsoft.Sql/servers", f"sql-{i}", props, rnd)
    props = {"status": "Online", "collation": "SQL_Latin1_General_CP1_CI_AS",
             "zoneRedundant": not bad}  # fmt: skip
    name = f"sql-{i // 3}/databases/db-{i}"
    return _row(sub, f"rg-{i % 40}", "Microsoft.Sql/servers/databases", name, props, rnd)


def _misc(sub: str, i: int, rnd: random.Random) -> dict[str, Any]:
    kind = rnd.random()
    props: dict[str, Any]
    if kind < 0.4:
        props = {"securitySettings": {"softDeleteSettings": {"softDeleteState": "Enabled"}},
                 "publicNetworkAccess": "Enabled" if _bad(rnd) else "Disabled"}  # fmt: skip
        return _row(sub, f"rg-{i % 40}", "Microsoft.RecoveryServices/vaults", f"rsv-{i}", props,
                    rnd, sku={"name": "RS0"})  # fmt: skip
    if kind < 0.8:
        waf = {"enabled": not _bad(rnd), "firewallMode": "Prevention", "ruleSetType": "OWASP",
               "ruleSetVersion": "3.2"}  # fmt: skip
        tls = "TLSv1_0" if _bad(rnd) else "TLSv1_2"
        props = {"sku": {"name": "WAF_v2", "tier": "WAF_v2"},
                 "webApplicationFirewallConfiguration": waf,
                 "sslPolicy": {"minProtocolVersion": tls}}  # fmt: skip
        return _row(sub, f"rg-{i % 40}", "Microsoft.Network/applicationGateways", f"agw-{i}",
                    props, rnd)  # fmt: skip
    write = "Microsoft.Network/networkSecurityGroups/write"
    condition = {"allOf": [{"field": "category", "equals": "Administrative"},
                           {"field": "operationName", "equals": write}]}  # fmt: skip
    props = {"enabled": not _bad(rnd), "scopes": [f"/subscriptions/{sub}"],
             "condition": condition, "actions": {"actionGroups": []}}  # fmt: skip
    return _row(sub, f"rg-{i % 40}", "Microsoft.Insights/activityLogAlerts", f"alert-{i}", props,
                rnd)  # fmt: skip


#: (share of rows, generator)
_MIX: tuple[tuple[float, Callable[[str, int, random.Random], dict[str, Any]]], ...] = (
    (0.24, _nsg),
    (0.08, _vnet),
    (0.04, _flow_log),
    (0.20, _disk),
    (0.14, _vm),
    (0.12, _storage),
    (0.06, _vault),
    (0.08, _sql),
    (0.04, _misc),
)


def _per_subscription(sub: str, n: int) -> Iterator[dict[str, Any]]:
    """The subscription container, its Defender plans and two role assignments."""
    yield {"id": f"/subscriptions/{sub}", "name": f"subscription-{n}",
           "type": "microsoft.resources/subscriptions", "location": "", "resourceGroup": "",
           "subscriptionId": sub, "tenantId": TENANT, "tags": {},
           "properties": {"state": "Enabled"}}  # fmt: skip
    for p, plan in enumerate(_PLANS):
        yield {"id": f"/subscriptions/{sub}/providers/Microsoft.Security/pricings/{plan}",
               "name": plan, "type": "microsoft.security/pricings", "location": "",
               "resourceGroup": "", "subscriptionId": sub, "tenantId": TENANT, "tags": {},
               "properties": {"pricingTier": "Standard" if (n + p) % 3 else "Free"}}  # fmt: skip
    for a in range(2):
        name = f"{n:08x}-{a:04x}-4000-8000-000000000000"
        rid = f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments/{name}"
        yield {"id": rid,
               "name": name, "type": "microsoft.authorization/roleassignments", "location": "",
               "resourceGroup": "", "subscriptionId": sub, "tenantId": TENANT, "tags": {},
               "properties": {"roleDefinitionId": f"/subscriptions/{sub}{_OWNER}",
                              "principalId": f"{a:08x}-1111-4000-8000-000000000000",
                              "principalType": "User" if a else "ServicePrincipal",
                              "scope": f"/subscriptions/{sub}"}}  # fmt: skip


def rows(count: int, seed: int = 11) -> Iterator[dict[str, Any]]:
    """``count`` Resource Graph rows (the per-subscription ones included), deterministic."""
    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not security
    subs = [subscription(n + 1) for n in range(SUBSCRIPTIONS)]
    made = 0
    for n, sub in enumerate(subs):
        for row in _per_subscription(sub, n):
            if made < count:
                made += 1
                yield row
    weights = [w for w, _ in _MIX]
    makers = [g for _, g in _MIX]
    for i in range(count - made):
        yield rnd.choices(makers, weights)[0](subs[i % len(subs)], i, rnd)


def generate(count: int, path: Path, *, single: bool = False) -> None:
    """Write ``count`` rows as ``az graph query`` answers: one per page, or one for all."""
    with path.open("w") as out:
        if single:
            out.write('{"count": %d, "data": [' % count)  # noqa: UP031 - streamed JSON
            for n, row in enumerate(rows(count)):
                out.write(("," if n else "") + json.dumps(row))
            out.write('], "skip_token": null, "total_records": %d}\n' % count)  # noqa: UP031
            return
        page: list[dict[str, Any]] = []
        for row in rows(count):
            page.append(row)
            if len(page) == PAGE:
                _page(out, page, count)
                page = []
        if page:
            _page(out, page, count)


def _page(out: Any, page: list[dict[str, Any]], total: int) -> None:
    answer = {"count": len(page), "data": page, "skip_token": None, "total_records": total}
    out.write(json.dumps(answer) + "\n")


def phases(path: Path, until: str = "evaluate") -> dict[str, Any]:
    """Seconds (wall and CPU), RSS after, and peak RSS so far for each phase of a scan
    (``bench.gcp_snapshot.phases`` for the Azure provider)."""
    return gcp_phases(path, until, provider="azure")


def evaluate(path: Path) -> dict[str, Any]:
    """Read, scan and report ``path`` like ``complyscan scan --provider azure --snapshot``."""
    from providers.azure import PROVIDER  # noqa: PLC0415 - timed imports
    from scanner.config import ScanConfig  # noqa: PLC0415
    from scanner.engine import run_scan  # noqa: PLC0415
    from scanner.log import configure_logging  # noqa: PLC0415
    from scanner.outputs import write_outputs  # noqa: PLC0415
    from scanner.registry import load  # noqa: PLC0415

    configure_logging(json=False, level="warning")
    started = time.perf_counter()
    config = ScanConfig(provider="azure")
    session = PROVIDER.open_snapshot(path, config)  # type: ignore[misc]
    loaded = time.perf_counter()
    registry = load().select(provider="azure")
    result = run_scan(PROVIDER, session, registry, PROVIDER.scopes(session, config))
    scanned = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        write_outputs(result, Path(out), ("json", "sarif"))
    done = time.perf_counter()
    return {
        "resources": result.meta.resources_collected,
        "findings": len(result.findings),
        "read_s": round(loaded - started, 2),
        "scan_s": round(scanned - loaded, 2),
        "report_s": round(done - scanned, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str]) -> int:
    """Entry point; see the module docstring."""
    if argv[:1] == ["generate"]:
        generate(int(argv[1]), Path(argv[2]), single="--single" in argv)
        return 0
    if argv[:1] == ["phases"]:
        until = argv[argv.index("--until") + 1] if "--until" in argv else "evaluate"
        print(json.dumps(phases(Path(argv[1]), until)))
        return 0
    if argv[:1] == ["evaluate"]:
        print(json.dumps(evaluate(Path(argv[1]))))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
