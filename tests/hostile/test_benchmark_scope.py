"""Issue 17 item 2: a provider's CIS benchmark is rolled up only from that provider's findings.

STOR-005 (buckets keep object versions) maps to CIS Azure 9.2.3 (blob versioning) because it
also runs on Azure storage. On the AWS demo its S3 findings must not make CIS Azure 9.2.3
"fail" in any output, while SOC 2 / ISO / NIST controls still roll up from them.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.frameworks.scope import applies_to, controls_on
from scanner.merge import read_report
from scanner.metrics import control_resources
from scanner.outputs.json_report import finding_dicts

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    result = runner.invoke(
        app,
        ["demo", "--format", "json,html,markdown,sarif,csv", "--output-dir", str(out)],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_no_other_providers_benchmark_in_any_output(demo):
    out, console = demo
    report = json.loads((out / "complyscan-report.json").read_text())
    assert "cis-azure" not in report["controls"]
    assert "cis-gcp" not in report["controls"]
    assert report["controls"]["cis-aws"]  # the AWS benchmark still rolls up
    stor005 = [f for f in finding_dicts(report) if f["check_id"] == "STOR-005"]
    assert any(f["status"] == "fail" for f in stor005)
    assert all("cis-azure:9.2.3" not in f["controls"] for f in stor005)
    assert all("soc2:A1.2" in f["controls"] for f in stor005)  # neutral catalogs kept
    assert "| cis-azure |" not in (out / "complyscan-summary.md").read_text()
    assert "cis-azure" not in (out / "complyscan-report.html").read_text().split("<h2>Controls")[-1]
    assert "cis-azure" not in (out / "complyscan-findings.csv").read_text()
    sarif = json.loads((out / "complyscan.sarif").read_text())
    assert all(
        not any(c.startswith("cis-azure") for c in r["properties"]["controls"])
        for r in sarif["runs"][0]["results"]
    )
    assert "cis-azure" not in console


def test_metrics_roll_up_only_the_scanned_providers_benchmark(demo):
    out, _ = demo
    result = read_report(out / "complyscan-report.json")
    frameworks = {fw for (_acct, fw, _c, _s) in control_resources(result)}
    assert "cis-azure" not in frameworks
    assert {"cis-aws", "soc2"} <= frameworks


def test_scope_rules():
    assert applies_to("cis-aws", ["aws"])
    assert not applies_to("cis-aws", ["azure"])
    assert applies_to("soc2", ["gcp"])
    refs = ("soc2:A1.2", "cis-azure:9.2.3", "cis-aws:2.1.3")
    assert controls_on(refs, ["aws"]) == ("soc2:A1.2", "cis-aws:2.1.3")
    assert controls_on(refs, ["azure"]) == ("soc2:A1.2", "cis-azure:9.2.3")
    assert controls_on(("soc2:A1.2",), ["gcp"]) == ("soc2:A1.2",)
