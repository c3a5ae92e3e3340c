"""Offline (Resource Graph export): what the CIS v6 / Entra checks can and cannot evaluate."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scanner.cli import app
from scanner.outputs.json_report import finding_dicts
from tests.providers.azure.tenant import SUB_A, all_rows

runner = CliRunner()


def test_snapshot_evaluates_graph_data_and_marks_the_rest_not_in_snapshot(tmp_path: Path):
    export = tmp_path / "graph-export.json"
    export.write_text(json.dumps({"data": all_rows()}), encoding="utf-8")
    args = [
        "scan",
        "--provider",
        "azure",
        "--snapshot",
        str(export),
        "--output-dir",
        str(tmp_path),
        "--quiet",
        "--format",
        "json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    report = json.loads((tmp_path / "complyscan-report.json").read_text())
    by_check: dict[str, set[str]] = {}
    for f in finding_dicts(report):
        by_check.setdefault(f["check_id"], set()).add(f["status"])
    # carried by the export: evaluated
    for cid in ("NET-254", "NET-257", "NET-259", "NET-260", "NET-261", "STOR-257", "SVC-250"):
        assert by_check[cid] - {"unknown"}, cid
    # not in Resource Graph: UNKNOWN, reported as NotInSnapshot
    for cid in ("IAM-251", "LOG-251", "STOR-259", "CRYPTO-250", "SVC-252"):
        assert by_check[cid] == {"unknown"}, cid
    causes = {(e["resource_kind"], e["cause"]) for e in report["errors"]}
    for kind in (
        "Directory",
        "DefenderSettings",
        "FileSystem",
        "Certificate",
        "AnalyticsWorkspace",
    ):
        assert (kind, "NotInSnapshot") in causes, kind
    # the export holds no assessments: the update check is unknown, not failed
    assert by_check["LOG-256"] == {"unknown"}
    footprint = [
        f for f in finding_dicts(report) if f["check_id"] == "NET-260" and f["account"] == SUB_A
    ]
    assert footprint
