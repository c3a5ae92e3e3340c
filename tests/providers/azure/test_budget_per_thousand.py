"""API calls per 1,000 resources: the fixture tenant's resource mix replicated to 1,000.

Resource Graph cost grows with pages (1,000 rows each); ARM/data-plane cost grows only with
the resource types that need a detail call (storage accounts, vaults, SQL, Databricks,
Recovery Services); Microsoft Graph cost is per tenant. The figures are asserted so a
change in the budget is a visible, reviewed change (docs/azure-cis.md quotes them).
"""

from __future__ import annotations

import copy
import math
from collections import Counter

from providers.azure import PROVIDER
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.registry import load
from tests.providers.azure.tenant import SUB_A, arm_answers

TARGET = 1000


def _estate(template: list[dict]) -> list[dict]:
    base = [r for r in template if r["subscriptionId"] == SUB_A]
    rows, n = [], 0
    while len(rows) < TARGET:
        for r in base:
            if len(rows) == TARGET:
                break
            row = copy.deepcopy(r)
            if n >= len(base):
                row["id"] = f"{r['id']}x{n}"
                row["name"] = f"{r['name']}x{n}"
            rows.append(row)
            n += 1
    return rows


def _databases_with_server(rows: list[dict]) -> int:
    """Databases whose server is in the estate (TDE is read through the server)."""
    servers = {r["id"].lower() for r in rows if r["type"] == "microsoft.sql/servers"}
    return sum(
        1
        for r in rows
        if r["type"] == "microsoft.sql/servers/databases"
        and r["id"].lower().split("/databases/")[0] in servers
    )


def test_calls_per_thousand_resources(fake, make_session):
    rows = _estate(fake.tables["resources"])
    fake.tables["resources"] = rows
    fake.answers.update(arm_answers(rows))
    session = make_session()
    session.authenticate()
    scopes = PROVIDER.scopes(session, ScanConfig(provider="azure", scopes=(SUB_A,)))
    run_scan(PROVIDER, session, load().select(provider="azure"), scopes, concurrency=4)
    kinds = Counter(r["type"] for r in rows)
    graph = fake.graph_calls()
    msgraph = [r for r in fake.arm_calls() if r.path.startswith("/v1.0/")]
    arm = [r for r in fake.arm_calls() if not r.path.startswith("/v1.0/")]
    # Resource Graph: one page of resources per 1,000 rows + 5 single-page queries
    assert len(graph) == math.ceil(TARGET / 1000) + 5
    # detail calls: storage (blob + file service), vaults (diagnostics, keys, secrets,
    # certificate list + 2 policies), SQL servers (firewall, auditing, admins), databases
    # (TDE), Recovery Services (policies, items), Databricks (diagnostics); per
    # subscription: activity log export, Defender contacts and settings
    expected = (
        2 * kinds["microsoft.storage/storageaccounts"]
        + 6 * kinds["microsoft.keyvault/vaults"]
        + 3 * kinds["microsoft.sql/servers"]
        + _databases_with_server(rows)
        + 2 * kinds["microsoft.recoveryservices/vaults"]
        + kinds["microsoft.databricks/workspaces"]
        + 3
    )
    # (one fixture database is a system database the SQL collector reads no TDE for)
    assert len(arm) == expected - 1
    assert len(msgraph) == 7
    # the measured budget for this mix (quoted in docs/azure-cis.md): 6 + 934 + 7
    assert (len(graph), len(arm), len(msgraph)) == (6, 934, 7)
