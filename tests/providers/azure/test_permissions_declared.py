"""Every request a full Azure scan makes is covered by a declared permission.

The fake records each request; each is mapped to the action or Graph permission it needs
and compared (case-insensitively) with ``PROVIDER.permissions()``, which is what
``complyscan permissions azure`` prints.
"""

from __future__ import annotations

from providers.azure import PROVIDER
from providers.azure.rows import resource_type
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.registry import load
from tests.providers.azure.tenant import SUB_A, SUB_B

GRAPH = {
    "/v1.0/policies/": "graph:Policy.Read.All",
    "/v1.0/identity/conditionalaccess/": "graph:Policy.Read.All",
    "/v1.0/groups/": "graph:GroupMember.Read.All",
    "/v1.0/reports/authenticationmethods/": "graph:AuditLog.Read.All",
    "/v1.0/directoryroles": "graph:RoleManagement.Read.Directory",
    "/v1.0/users": "graph:User.Read.All",
}


def needed(method: str, path: str) -> str:
    low = path.lower()
    if method == "POST" and low.startswith("/providers/microsoft.resourcegraph/resources"):
        return "Microsoft.ResourceGraph/resources/read"
    for prefix, permission in GRAPH.items():
        if low.startswith(prefix):
            return permission
    if "/certificates" in low and "/providers/" not in low:
        return "data:Microsoft.KeyVault/vaults/certificates/read"
    kind = resource_type(path)
    if low.rstrip("/").endswith("/current") or low.rstrip("/").endswith("/default"):
        kind = resource_type(path.rsplit("/", 1)[0] + "/x")
    return f"{kind}/read"


def test_every_call_is_declared(fake, make_session):
    session = make_session()
    session.authenticate()
    scopes = PROVIDER.scopes(session, ScanConfig(provider="azure", scopes=(SUB_A, SUB_B)))
    run_scan(PROVIDER, session, load().select(provider="azure"), scopes, concurrency=4)
    declared = {p.lower() for p in PROVIDER.permissions()}
    used = {needed(r.method, r.path) for r in fake.requests}
    missing = sorted(u for u in used if u.lower() not in declared)
    assert not missing, missing
    assert len(used) >= 20
