"""How many API calls a scan makes: the fixture tenant, and Resource Graph at scale."""

from __future__ import annotations

import copy
import math

from providers.azure import PROVIDER
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.registry import load
from tests.providers.azure.tenant import SUB_A, SUB_B


def _scan(session, subs):
    scopes = PROVIDER.scopes(session, ScanConfig(provider="azure", scopes=subs))
    return run_scan(PROVIDER, session, load().select(provider="azure"), scopes, concurrency=4)


def test_fixture_tenant_call_budget(fake, make_session):
    result = _scan(make_session(), (SUB_A, SUB_B))
    assert result.meta.complete is True
    graph = fake.graph_calls()
    msgraph = [r for r in fake.arm_calls() if r.path.startswith("/v1.0/")]
    arm = [r for r in fake.arm_calls() if not r.path.startswith("/v1.0/")]
    # Microsoft Graph, once per tenant: security defaults, Conditional Access policies, one
    # excluded group's name, MFA registration report, Global Administrators, guests,
    # authorization policy
    assert len(msgraph) == 7
    # 6 Resource Graph queries (one batch of 2 subscriptions, one page each; the fifth lists
    # the regions in use for CIS 7.6, the sixth Defender's system update assessments);
    # ARM only for what Resource Graph lacks: 2 activity-log exports, 2 vaults x (diagnostic
    # settings, keys, secrets), 8 storage accounts' blob service, 2 SQL servers x (firewall
    # rules, auditing, admins), 1 database TDE, 1 Recovery Services vault x (policies, items);
    # CIS v6: 2 subscriptions x Defender (security contacts, settings), 2 Databricks
    # workspaces' diagnostic settings, 8 storage accounts' file service, and on the Key Vault
    # data plane 2 vaults x (certificate list + 2 certificate policies)
    assert len(graph) == 6
    assert len(arm) == 2 + 2 * 3 + 8 + 2 * 3 + 1 + 2 + 2 * 2 + 2 + 8 + 2 * 3 == 45
    assert all(r.status == 200 for r in graph + arm + msgraph)


def test_resource_graph_queries_per_thousand_resources(fake, make_session):
    template = next(r for r in fake.tables["resources"] if r["name"] == "ssh-open")
    rows = []
    for n in range(5000):
        row = copy.deepcopy(template)
        row["id"] = f"{template['id']}-{n}"
        row["subscriptionId"] = SUB_A if n % 2 else SUB_B
        rows.append(row)
    fake.tables["resources"] = rows
    inventory = make_session(SUB_A, SUB_B).graph()
    assert sum(len(v) for v in inventory.rows.values()) >= 5000
    # one query per 1,000-row page of the resources table + 3 single-page tables per batch
    # + the single-page regions-in-use and update-assessment queries
    assert inventory.queries == math.ceil(5000 / 1000) + 3 + 2 == 10
