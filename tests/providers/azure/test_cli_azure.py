"""Azure end to end: the CLI on a Resource Graph export, and a live scan on the fake ARM.

The live scan goes through the engine API with an injected credential rather than the CLI:
DefaultAzureCredential's service-principal path (MSAL) runs instance discovery against the
public Microsoft Entra endpoint for an unknown authority host, which a loopback test cannot
serve without a test-only switch in production code.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from providers.azure import PROVIDER
from scanner.cli import app
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.outputs.json_report import finding_dicts
from scanner.registry import load
from scanner.suppress import exit_code
from tests.providers.azure.tenant import SUB_A, SUB_B, TENANT, all_rows

SARIF_SCHEMA = Path(__file__).parents[2] / "outputs" / "sarif-schema-2.1.0.json"
runner = CliRunner()
SSH_OPEN = (
    f"/subscriptions/{SUB_A}/resourceGroups/rg-own/providers/Microsoft.Network/"
    "networkSecurityGroups/ssh-open"
)


@pytest.fixture
def export(tmp_path) -> Path:
    """The fixture tenant as `az graph query -o json` writes it."""
    rows = all_rows()
    path = tmp_path / "graph-export.json"
    answer = {"count": len(rows), "data": rows, "skip_token": None, "total_records": len(rows)}
    path.write_text(json.dumps(answer), encoding="utf-8")
    return path


def _scan(export: Path, out: Path, *extra: str):
    args = ["scan", "--provider", "azure", "--snapshot", str(export), "--output-dir", str(out)]
    return runner.invoke(app, [*args, "--quiet", *extra])


def test_snapshot_scan_writes_reports_with_azure_pseudo_paths(export, tmp_path):
    result = _scan(export, tmp_path, "--checks", "NET-002,NET-003,NET-008,STOR-203,VAULT-202")
    assert result.exit_code == 1, result.output  # failures, scan complete
    report = json.loads((tmp_path / "complyscan-report.json").read_text())
    assert report["scan"]["complete"] is True
    assert set(report["scan"]["regions"]) == {SUB_A, SUB_B}
    by_key = {(f["check_id"], f["resource_uid"]): f for f in finding_dicts(report)}
    assert by_key[("NET-002", SSH_OPEN)]["status"] == "fail"
    assert by_key[("NET-003", SSH_OPEN)]["status"] == "pass"  # deny at 100 wins
    sarif = json.loads((tmp_path / "complyscan.sarif").read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    results = sarif["runs"][0]["results"]
    ssh = next(r for r in results if r["ruleId"] == "NET-002" and "ssh-open" in json.dumps(r))
    location = ssh["locations"][0]
    uri = location["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"azure/{SUB_A}/rg-own/Microsoft.Network%2FnetworkSecurityGroups/ssh-open"
    assert location["logicalLocations"][0]["fullyQualifiedName"] == SSH_OPEN


def test_snapshot_without_management_data_is_incomplete(export, tmp_path):
    result = _scan(export, tmp_path, "--format", "json")
    assert result.exit_code == 3, result.output
    report = json.loads((tmp_path / "complyscan-report.json").read_text())
    assert report["scan"]["complete"] is False
    causes = {(e["resource_kind"], e["cause"]) for e in report["errors"]}
    assert ("KmsKey", "NotInSnapshot") in causes
    assert ("AuditLogConfig", "NotInSnapshot") in causes
    unknown = [f for f in finding_dicts(report) if f["check_id"] == "CRYPTO-201"]
    assert unknown
    assert {f["status"] for f in unknown} == {"unknown"}


def test_snapshot_rejects_bad_subscription_ids(export, tmp_path):
    result = _scan(export, tmp_path, "--subscription", "not-a-guid")
    assert result.exit_code == 2
    assert "GUID" in result.output


def test_permissions_print_an_azure_role_definition():
    result = runner.invoke(app, ["permissions", "azure"])
    assert result.exit_code == 0
    role = json.loads(result.output)
    assert role["IsCustom"] is True
    assert role["AssignableScopes"] == ["/subscriptions/{subscriptionId}"]
    assert all(a.endswith("/read") for a in role["Actions"]), role["Actions"]
    assert "Microsoft.ResourceGraph/resources/read" in role["Actions"]


def test_live_scan_keeps_readable_subscription_when_another_is_denied(fake, make_session):
    fake.denied = {SUB_B}
    session = make_session()
    session.authenticate()
    scopes = PROVIDER.scopes(session, ScanConfig(provider="azure", scopes=(SUB_A, SUB_B)))
    registry = load().select(provider="azure")
    result = run_scan(PROVIDER, session, registry, scopes, concurrency=4)
    assert (result.meta.identity, result.meta.accounts) == ("complyscan-ci", (TENANT,))
    assert result.meta.complete is False
    assert exit_code(result, "low") == 3
    denied = [f for f in result.findings if SUB_B in (f.region, f.account)]
    assert denied
    assert {f.status for f in denied} == {Status.UNKNOWN}
    assert all("AuthorizationFailed" in f.reason for f in denied)
    kept = [f for f in result.findings if f.account == SUB_A]
    assert {Status.PASS, Status.FAIL} <= {f.status for f in kept}
    assert any(f.check_id == "NET-002" and f.resource_uid == SSH_OPEN for f in kept)
    assert not [f for f in result.findings if f.status is Status.ERROR]


def test_snapshot_layouts_and_malformed_records(tmp_path):
    from providers.azure.snapshot import read_rows

    rows = all_rows()[:3]
    ndjson = tmp_path / "rows.ndjson"
    ndjson.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n", encoding="utf-8")
    found, problems = read_rows(ndjson)
    assert [r["id"] for r in found] == [r["id"] for r in rows]
    assert [p.uid for p in problems] == [f"{ndjson}:4"]
    pages = tmp_path / "pages.json"
    pages.write_text(json.dumps([{"data": rows[:2]}, {"data": rows[2:]}, {"no": "id"}]))
    found, problems = read_rows(pages)
    assert len(found) == 3
    assert len(problems) == 1
    assert problems[0].cause == "MalformedRecord"
