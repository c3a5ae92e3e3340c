"""Google plans for the mapper tests: ``plans.plan`` with a ``google`` provider block, and
the live verdicts of the CAI fixture the same resources are compared with."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from scanner.api import ScanResult, Status, scan
from tests.providers.terraform.plans import Res, plan, write

ACME = Path(__file__).parents[1] / "gcp" / "fixtures" / "acme-org.ndjson"


def gplan(*resources: Res, project: str | None = "acme-prod") -> dict[str, Any]:
    """A plan whose ``google`` provider configuration sets ``project`` (None: no project)."""
    document = plan(*resources, region="europe-west1")
    expressions: dict[str, Any] = {"region": {"constant_value": "europe-west1"}}
    if project is not None:
        expressions["project"] = {"constant_value": project}
    document["configuration"]["provider_config"]["google"] = {
        "name": "google",
        "full_name": "registry.terraform.io/hashicorp/google",
        "expressions": expressions,
    }
    return document


def gscan(tmp_path: Path, *resources: Res, project: str | None = "acme-prod") -> ScanResult:
    document = gplan(*resources, project=project)
    return scan("terraform", snapshot=write(tmp_path / "plan.json", document))


def verdicts(result: ScanResult, uid: str) -> dict[str, Status]:
    """Check id -> status for the resource ``uid``."""
    return {f.check_id: f.status for f in result.findings if f.resource_uid == uid}


def verdict(result: ScanResult, uid: str, check: str) -> Status:
    found = [f for f in result.findings if f.resource_uid == uid and f.check_id == check]
    assert len(found) == 1, sorted((f.check_id, f.resource_uid, f.status) for f in result.findings)
    return found[0].status


def reason(result: ScanResult, uid: str, check: str) -> str:
    return next(f.reason for f in result.findings if f.resource_uid == uid and f.check_id == check)


@cache
def live() -> dict[tuple[str, str], Status]:
    """(check id, resource name) -> status of the live scan of the CAI fixture."""
    result = scan("gcp", snapshot=ACME)
    return {(f.check_id, f.resource_name): f.status for f in result.findings}


def live_verdicts(name: str, checks: set[str]) -> dict[str, Status]:
    return {c: s for (c, n), s in live().items() if n == name and c in checks}
