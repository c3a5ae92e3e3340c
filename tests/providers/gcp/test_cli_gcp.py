"""`complyscan scan --provider gcp` end to end through the CLI: snapshot and live (fake CAI)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from google.auth.credentials import AnonymousCredentials
from typer.testing import CliRunner

import providers.gcp
from providers.gcp import connect
from scanner.cli import app
from scanner.outputs.json_report import finding_dicts
from tests.providers.gcp.conftest import FORSETI, ORG, fast_retry
from tests.providers.gcp.fake_cai import FIXTURES, FakeCai, load

runner = CliRunner()
PSEUDO_PATH = re.compile(r"^gcp/[a-z0-9-]+/[a-z0-9-]+/[a-z]+\.[A-Za-z]+/[^/]+$")


@pytest.fixture
def org_export(tmp_path: Path) -> Path:
    path = tmp_path / "org-export.ndjson"
    path.write_text("".join((FIXTURES / f).read_text() for f in FORSETI))
    return path


def _scan(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["scan", "--provider", "gcp", "--quiet", *args])
    return result.exit_code, result.output


def test_snapshot_scan_writes_json_and_sarif_with_gcp_pseudo_paths(org_export, tmp_path):
    out = tmp_path / "out"
    code, output = _scan("--snapshot", str(org_export), "--output-dir", str(out))
    assert code == 1, output  # failures at or above --fail-on low
    report = json.loads((out / "complyscan-report.json").read_text())
    assert report["scan"]["provider"] == "gcp"
    assert report["scan"]["complete"] is True
    assert report["scan"]["accounts"] == ["organizations/111222333"]
    assert "cis-gcp" in report["controls"]
    sarif = json.loads((out / "complyscan.sarif").read_text())
    results = sarif["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris
    assert all(PSEUDO_PATH.match(u) for u in uris), sorted(uris)[:5]
    assert "gcp/project2/global/compute.Firewall/default-allow-ssh" in uris
    names = {
        r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        for r in results
        if r["ruleId"] == "NET-002"
    }
    assert "//compute.googleapis.com/projects/project2/global/firewalls/default-allow-ssh" in names


def test_snapshot_scan_fail_on_none_exits_0(org_export, tmp_path):
    code, output = _scan(
        "--snapshot", str(org_export), "--output-dir", str(tmp_path), "--fail-on", "none"
    )
    assert code == 0, output


def test_malformed_snapshot_exits_3_and_names_the_line(tmp_path):
    path = tmp_path / "broken.ndjson"
    path.write_text((FIXTURES / "acme-org.ndjson").read_text() + "{not json\n")
    code, _ = _scan("--snapshot", str(path), "--output-dir", str(tmp_path / "o"))
    assert code == 3
    report = json.loads((tmp_path / "o" / "complyscan-report.json").read_text())
    assert report["errors"][0]["resource_uid"] == f"{path}:35"
    assert report["summary"]["by_status"]["fail"] > 0  # the good lines were evaluated


def test_live_scan_with_a_denied_scope_is_unknown_and_exits_3(monkeypatch, tmp_path):
    fake = FakeCai({ORG: load(*FORSETI), "projects/locked-down": []})
    fake.denied.add(("projects/locked-down", "*"))
    with fake.serve():

        def fake_connect(config):
            return connect(
                config, credentials=AnonymousCredentials(), endpoint=fake.url, retry=fast_retry()
            )

        monkeypatch.setattr(
            providers.gcp, "PROVIDER", replace(providers.gcp.PROVIDER, connect=fake_connect)
        )
        out = tmp_path / "live"
        code, output = _scan(
            "--scope", ORG, "--scope", "projects/locked-down", "--output-dir", str(out)
        )
    assert code == 3, output
    report = json.loads((out / "complyscan-report.json").read_text())
    assert report["scan"]["complete"] is False
    locked = [f for f in finding_dicts(report) if f["region"] == "projects/locked-down"]
    assert locked
    assert {f["status"] for f in locked} == {"unknown"}
    assert any("cloudasset.assets.listResource" in e["message"] for e in report["errors"])
    assert len(fake.calls("/assets")) == 6  # 3 content types x 2 scopes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "needs --scope"),
        (("--scope", "project/foo"), "not a GCP scope"),
        (("--scope", "projects/acme-prod", "--export", "s3://bucket"), "gs://"),
    ],
)
def test_bad_live_flags_exit_2_before_any_call(args, message, tmp_path):
    code, output = _scan(*args, "--output-dir", str(tmp_path))
    assert code == 2
    assert message in output


def test_permissions_prints_a_custom_role():
    result = runner.invoke(app, ["permissions", "gcp"])
    role = json.loads(result.output)
    assert role["stage"] == "GA"
    assert "cloudasset.assets.listResource" in role["includedPermissions"]
    assert "cloudasset.assets.exportResource" in role["includedPermissions"]
