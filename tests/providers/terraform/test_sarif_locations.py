"""SARIF results on the .tf file and line (python-hcl2), the address as logical location."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scanner.cli import app

PROJECT = Path(__file__).parent / "fixtures" / "project"
runner = CliRunner()


def _sarif(tmp_path: Path, *extra: str) -> tuple[int, dict[str, list[tuple[str, int, str]]]]:
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["scan", "--provider", "terraform", "--plan", str(PROJECT / "plan.json"),
         "--output-dir", str(out), "--format", "sarif,json", "--quiet", *extra],
    )  # fmt: skip
    sarif = json.loads((out / "complyscan.sarif").read_text())
    found: dict[str, list[tuple[str, int, str]]] = {}
    for r in sarif["runs"][0]["results"]:
        location = r["locations"][0]
        physical = location["physicalLocation"]
        found.setdefault(r["ruleId"], []).append(
            (
                physical["artifactLocation"]["uri"],
                physical["region"]["startLine"],
                location["logicalLocations"][0]["fullyQualifiedName"],
            )
        )
    return result.exit_code, found


def test_results_point_at_the_resource_block(tmp_path, monkeypatch):
    # CI runs from the checkout root: paths are relative to it (`--source-dir project`)
    monkeypatch.chdir(PROJECT.parent)
    code, found = _sarif(tmp_path, "--source-dir", "project")
    assert code == 1
    # the inline SSH rule of a local child module: modules/net/main.tf, block on line 3
    assert found["NET-002"] == [
        ("project/modules/net/main.tf", 3, "module.net.aws_security_group.web")
    ]
    # a registry module is not on disk: the module call in main.tf (line 26)
    assert found["CRYPTO-001"] == [("project/main.tf", 26, "module.vendor.aws_kms_key.this[0]")]
    # the root bucket (versioned through the split resource, so STOR-005 passes)
    # (the bucket's ARN is known at plan time: it is the fully qualified name)
    assert ("project/main.tf", 11, "arn:aws:s3:::acme-logs") in found["STOR-006"]
    assert "STOR-005" not in found


def test_source_dir_given_as_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(PROJECT)
    _code, found = _sarif(tmp_path, "--source-dir", ".")
    assert found["NET-002"] == [("modules/net/main.tf", 3, "module.net.aws_security_group.web")]


def test_without_sources_the_plan_file_is_the_artifact(tmp_path):
    code, found = _sarif(tmp_path)
    assert code == 1
    assert found["NET-002"] == [("plan.json", 1, "module.net.aws_security_group.web")]


def test_the_deleted_key_is_not_judged(tmp_path):
    _code, found = _sarif(tmp_path)
    assert all("retired" not in fqn for results in found.values() for _, _, fqn in results)
