# ruff: noqa: S603, S607 - these tests run the project's own tools and scripts
"""action.yml and the example workflow: schemas, zizmor, pins, and the shell logic run locally.

GitHub itself cannot run here, so scripts/action-run.sh runs with a fake GitHub environment
(GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH): against a stub
complyscan that replays real reports with a chosen exit code (the branching), and end to end
against `provider: demo` with complyscan installed from its wheel.
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.outputs import write_outputs
from scanner.registry import Registry
from tests.delivery.conftest import ROOT, Installed, scrubbed_env, tool
from tests.fakes import FakeSession, spec

ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / "examples" / "workflows" / "scheduled-scan.yml"
SCRIPT = ROOT / "scripts" / "action-run.sh"
PINNED = re.compile(r"^[\w.\-]+/[\w.\-]+(/[\w.\-/]+)?@[0-9a-f]{40}$")
PLACEHOLDER = "complyscan/complyscan@" + "0" * 40


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _steps(doc: dict) -> list[dict]:
    if "runs" in doc:
        return doc["runs"]["steps"]
    return [s for job in doc["jobs"].values() for s in job.get("steps", [])]


# --- static: schemas, zizmor, pins ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "schema"),
    [(ACTION, "vendor.github-actions"), (WORKFLOW, "vendor.github-workflows")],
)
def test_valid_against_github_schemas(path, schema):
    checker = tool("check-jsonschema")
    proc = subprocess.run(
        [checker, "--builtin-schema", schema, str(path)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing_even_pedantic():
    zizmor = tool("zizmor")
    proc = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", "--no-progress", str(ACTION), str(WORKFLOW)],
        check=False,
        capture_output=True,
        text=True,
        env=scrubbed_env(HOME=str(ROOT)),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings" in proc.stdout


def test_shellcheck():
    shellcheck = tool("shellcheck")
    proc = subprocess.run([shellcheck, str(SCRIPT)], check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


@pytest.mark.parametrize("path", [ACTION, WORKFLOW])
def test_third_party_actions_are_pinned_by_full_sha(path):
    text = path.read_text(encoding="utf-8")
    uses = [s["uses"] for s in _steps(_load(path)) if "uses" in s]
    uses += re.findall(r"^\s*#\s*- uses: (\S+)", text, re.M)  # the commented alternatives
    assert uses
    for ref in uses:
        assert PINNED.match(ref), f"{ref}: pin by full commit SHA"


def test_run_steps_never_interpolate_expressions():
    for path in (ACTION, WORKFLOW):
        for step in _steps(_load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name}: use env, not ${{{{ }}}} in run"


def test_action_interface():
    action = _load(ACTION)
    inputs = action["inputs"]
    assert action["runs"]["using"] == "composite"
    for name in ("provider", "regions", "scope", "frameworks", "checks", "fail-on"):
        assert name in inputs
    assert inputs["fail-on"]["default"] == "none"
    assert inputs["upload-sarif"]["default"] == "true"
    assert inputs["output-dir"]["default"]
    assert not [n for n in inputs if re.search(r"key|secret|token|password|credential", n, re.I)]
    for name in ("failed", "report-path", "sarif-path", "exit-code"):
        assert name in action["outputs"]
    steps = {s.get("name"): s for s in action["runs"]["steps"]}
    sarif = steps["Upload SARIF to code scanning"]
    assert sarif["uses"].startswith("github/codeql-action/upload-sarif@")
    assert sarif["with"]["category"] == "${{ steps.scan.outputs.category }}"
    assert "inputs.upload-sarif == 'true'" in sarif["if"]
    assert steps["Upload reports"]["uses"].startswith("actions/upload-artifact@")
    env = steps["Scan"]["env"]
    assert env["INPUT_FAIL_ON"] == "${{ inputs.fail-on }}"
    assert steps["Scan"]["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/action-run.sh" scan'


def test_example_workflow():
    wf = _load(WORKFLOW)
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads `on` as a boolean
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {
        "id-token": "write",
        "security-events": "write",
        "contents": "read",
    }
    assert wf["permissions"] == {}
    steps = job["steps"]
    aws = next(s for s in steps if s.get("uses", "").startswith("aws-actions/"))
    assert "role-to-assume" in aws["with"]
    assert not {"aws-access-key-id", "aws-secret-access-key"} & set(aws["with"])
    ours = next(s for s in steps if s.get("uses") == PLACEHOLDER)
    assert set(ours["with"]) <= set(_load(ACTION)["inputs"]), "only inputs action.yml declares"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "google-github-actions/auth@" in text
    assert "azure/login@" in text


# --- the shell logic, with a fake GitHub environment ------------------------------------------


@dataclass
class Run:
    proc: subprocess.CompletedProcess[str]
    outputs: dict[str, str]
    summary: str
    argv: list[str]

    @property
    def log(self) -> str:
        return self.proc.stdout + self.proc.stderr


STUB = """#!/usr/bin/env bash
# Stub complyscan: record argv, copy canned reports into --output-dir, exit with STUB_RC.
printf '%s\\n' "$@" > "$STUB_ARGV"
out=complyscan-out
for arg in "$@"; do
  case $arg in --output-dir) next=1 ;; *) [[ -n ${next:-} ]] && out=$arg; next= ;; esac
done
if [[ -n ${STUB_REPORTS:-} ]]; then mkdir -p "$out" && cp "$STUB_REPORTS"/* "$out"/; fi
echo "::set-output name=injected::from-a-resource-name"
exit "$STUB_RC"
"""


@pytest.fixture(scope="module")
def canned(tmp_path_factory) -> dict[str, Path]:
    """Real reports: one incomplete scan with a medium failure, one complete and clean."""
    result = run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )
    clean = result.model_copy(
        update={
            "findings": tuple(f for f in result.findings if f.status.value == "pass"),
            "errors": (),
            "meta": result.meta.model_copy(update={"complete": True}),
        }
    )
    dirs = {}
    for name, res in (("incomplete", result), ("clean", clean)):
        d = tmp_path_factory.mktemp(name)
        write_outputs(res, d, ["json", "sarif", "markdown"])
        dirs[name] = d
    return dirs


@pytest.fixture
def stub_venv(tmp_path) -> Path:
    venv = tmp_path / "stub-venv"
    (venv / "bin").mkdir(parents=True)
    exe = venv / "bin" / "complyscan"
    exe.write_text(STUB, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return venv


def run_action(tmp_path: Path, mode: str = "scan", *, venv: Path | None = None, **env: str) -> Run:
    ws = tmp_path / "workspace"
    ws.mkdir(exist_ok=True)
    (tmp_path / "runner-temp").mkdir(exist_ok=True)
    files = {
        "GITHUB_OUTPUT": tmp_path / "github_output",
        "GITHUB_STEP_SUMMARY": tmp_path / "step_summary",
    }
    for f in files.values():
        f.touch()
    full = scrubbed_env(
        HOME=str(tmp_path),
        RUNNER_TEMP=str(tmp_path / "runner-temp"),
        GITHUB_ACTION_PATH=str(ROOT),
        PYTHON=sys.executable,
        STUB_ARGV=str(tmp_path / "argv"),
        STUB_RC="0",
        **{k: str(v) for k, v in files.items()},
    )
    if venv is not None:
        full["COMPLYSCAN_VENV"] = str(venv)
    full.update(env)
    proc = subprocess.run(
        ["bash", str(SCRIPT), mode],
        cwd=ws,
        env=full,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    outputs = dict(
        line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if line
    )
    argv_file = tmp_path / "argv"
    argv = argv_file.read_text().splitlines() if argv_file.exists() else []
    return Run(proc, outputs, files["GITHUB_STEP_SUMMARY"].read_text(), argv)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INPUT_PROVIDER": "aliyun"}, "unknown provider 'aliyun'; choose one of: aws, gcp"),
        ({"INPUT_FAIL_ON": "severe"}, "unknown fail-on 'severe'; choose one of: critical"),
        ({"INPUT_UPLOAD_SARIF": "yes"}, "input upload-sarif must be true or false"),
        ({"INPUT_FAIL_ON_INCOMPLETE": "1"}, "input fail-on-incomplete must be true or false"),
        ({"INPUT_SCOPE": "projects/p"}, "scope is for gcp"),
        ({"INPUT_PROVIDER": "gcp", "INPUT_REGIONS": "us-east-1"}, "regions applies to aws only"),
        ({"INPUT_CONFIG": "missing.yaml"}, "config file 'missing.yaml' does not exist"),
    ],
)
def test_invalid_inputs_fail_with_a_clear_error(tmp_path, stub_venv, env, message):
    run = run_action(tmp_path, venv=stub_venv, **env)
    assert run.proc.returncode == 2
    assert f"::error title=complyscan::{message}" in run.log
    assert not run.argv, "nothing may run before the inputs are valid"
    assert "report-path" not in run.outputs


def test_error_messages_cannot_inject_workflow_commands(tmp_path, stub_venv):
    run = run_action(tmp_path, venv=stub_venv, INPUT_PROVIDER="x\n::add-mask::y%")
    assert run.proc.returncode == 2
    assert "::error title=complyscan::unknown provider 'x%0A::add-mask::y%25'" in run.log
    assert "\n::add-mask::" not in run.log


def test_aws_command_line_from_inputs(tmp_path, stub_venv, canned):
    (tmp_path / "workspace").mkdir()
    (tmp_path / "workspace" / "suppress.yaml").write_text("suppressions: []\n")
    run = run_action(
        tmp_path,
        venv=stub_venv,
        STUB_REPORTS=str(canned["clean"]),
        INPUT_PROVIDER="AWS",
        INPUT_REGIONS="eu-west-1, us-east-1\nap-southeast-2",
        INPUT_FRAMEWORKS="soc2,cis-aws",
        INPUT_CHECKS="NET-002",
        INPUT_FAIL_ON="High",
        INPUT_CONFIG="suppress.yaml",
        INPUT_OUTPUT_DIR="reports",
    )
    assert run.proc.returncode == 0, run.log
    assert run.argv == [
        "scan",
        "--provider",
        "aws",
        "--output-dir",
        "reports",
        "--format",
        "json,sarif,markdown",
        "--fail-on",
        "high",
        "--region=eu-west-1",
        "--region=us-east-1",
        "--region=ap-southeast-2",
        "--framework=soc2",
        "--framework=cis-aws",
        "--checks=NET-002",
        "--config=suppress.yaml",
    ]
    out = tmp_path / "workspace" / "reports"
    assert run.outputs["report-path"] == str(out / "complyscan-report.json")
    assert run.outputs["sarif-path"] == str(out / "complyscan.sarif")
    assert run.outputs["failed"] == "false"
    assert run.outputs["verdict"] == "0"
    assert run.outputs["category"] == "complyscan-aws-123456789012"
    assert run.outputs["artifact-name"] == "complyscan-aws-123456789012"
    assert run.summary == (canned["clean"] / "complyscan-summary.md").read_text()
    # complyscan's own output is fenced off from the workflow-command parser
    token = re.search(r"^::stop-commands::(\S+)$", run.proc.stdout, re.M)
    assert token
    assert run.proc.stdout.index("::set-output name=injected") < run.proc.stdout.index(
        f"::{token.group(1)}::"
    )


def test_azure_scopes_are_subscriptions(tmp_path, stub_venv, canned):
    run = run_action(
        tmp_path,
        venv=stub_venv,
        STUB_REPORTS=str(canned["clean"]),
        INPUT_PROVIDER="azure",
        INPUT_SCOPE="sub-a sub-b",
    )
    assert run.proc.returncode == 0, run.log
    assert "--subscription=sub-a" in run.argv
    assert "--subscription=sub-b" in run.argv


def test_incomplete_scan_warns_uploads_and_passes_by_default(tmp_path, stub_venv, canned):
    run = run_action(tmp_path, venv=stub_venv, STUB_REPORTS=str(canned["incomplete"]), STUB_RC="3")
    assert run.proc.returncode == 0, run.log
    assert "::warning title=complyscan::scan incomplete: 2 collection error(s)" in run.log
    assert run.outputs["exit-code"] == "3"
    assert run.outputs["complete"] == "false"
    assert run.outputs["failed"] == "false"
    assert run.outputs["verdict"] == "0"
    assert run.outputs["sarif-path"]  # the uploads still run
    assert "Scan incomplete" in run.summary
    assert "::notice title=complyscan::1 failing finding(s)" in run.log
    verdict = run_action(tmp_path, "verdict", SCAN_VERDICT="0", SCAN_EXIT_CODE="3")
    assert verdict.proc.returncode == 0


def test_incomplete_scan_fails_when_asked(tmp_path, stub_venv, canned):
    run = run_action(
        tmp_path,
        venv=stub_venv,
        STUB_REPORTS=str(canned["incomplete"]),
        STUB_RC="3",
        INPUT_FAIL_ON_INCOMPLETE="true",
    )
    assert run.proc.returncode == 0, run.log
    assert (run.outputs["failed"], run.outputs["verdict"]) == ("true", "3")
    verdict = run_action(tmp_path, "verdict", SCAN_VERDICT="3", SCAN_EXIT_CODE="3")
    assert verdict.proc.returncode == 3
    assert "::error title=complyscan::scan incomplete" in verdict.log


def test_failures_above_fail_on_count_even_in_an_incomplete_scan(tmp_path, stub_venv, canned):
    # complyscan exits 3 (incomplete wins), but a medium failure was seen: fail-on medium fails.
    run = run_action(
        tmp_path,
        venv=stub_venv,
        STUB_REPORTS=str(canned["incomplete"]),
        STUB_RC="3",
        INPUT_FAIL_ON="medium",
    )
    assert (run.outputs["failed"], run.outputs["verdict"]) == ("true", "1")
    assert "::error title=complyscan::1 unsuppressed failure(s) at or above 'medium'" in run.log
    (tmp_path / "high").mkdir()
    high = run_action(
        tmp_path / "high",
        venv=stub_venv,
        STUB_REPORTS=str(canned["incomplete"]),
        STUB_RC="3",
        INPUT_FAIL_ON="high",
    )
    assert (high.outputs["failed"], high.outputs["verdict"]) == ("false", "0")


def test_usage_error_fails_the_step_and_ignores_stale_reports(tmp_path, stub_venv, canned):
    stale = tmp_path / "workspace" / "complyscan-out"
    stale.mkdir(parents=True)
    for f in canned["clean"].iterdir():
        (stale / f.name).write_bytes(f.read_bytes())
    run = run_action(tmp_path, venv=stub_venv, STUB_RC="2")
    assert run.proc.returncode == 2
    assert "::error title=complyscan::complyscan could not scan (exit 2)" in run.log
    assert run.outputs["exit-code"] == "2"
    assert "report-path" not in run.outputs
    assert not (stale / "complyscan-report.json").exists()
    assert run.summary == ""


def test_verdict_without_a_scan_is_an_error(tmp_path):
    assert run_action(tmp_path, "verdict").proc.returncode == 2


def test_install_refuses_an_old_python(tmp_path):
    old = tmp_path / "python3.10"
    old.write_text("#!/bin/sh\n[ \"$1\" = -V ] && echo 'Python 3.10.12'\nexit 1\n")
    old.chmod(0o755)
    run = run_action(tmp_path, PYTHON=str(old))
    assert run.proc.returncode == 2
    assert "complyscan needs Python 3.11 or newer" in run.log
    assert "Python 3.10.12" in run.log


@pytest.mark.slow
def test_demo_end_to_end_with_the_installed_wheel(tmp_path, installed: Installed):
    run = run_action(
        tmp_path,
        venv=installed.venv,
        INPUT_PROVIDER="demo",
        INPUT_FAIL_ON="critical",
        INPUT_FRAMEWORKS="soc2",
    )
    assert run.proc.returncode == 0, run.log
    assert f"Using complyscan from {installed.venv}" in run.log
    assert run.outputs["exit-code"] == "1"  # the demo estate has critical failures
    assert (run.outputs["failed"], run.outputs["verdict"]) == ("true", "1")
    assert run.outputs["account"] == "123456789012"
    assert run.outputs["category"] == "complyscan-aws-123456789012"
    report = json.loads(Path(run.outputs["report-path"]).read_text())
    assert report["scan"]["accounts"] == ["123456789012"]
    assert list(report["controls"]) == ["soc2"]
    sarif = json.loads(Path(run.outputs["sarif-path"]).read_text())
    assert sarif["version"] == "2.1.0"
    summary = Path(run.outputs["summary-path"]).read_text()
    assert run.summary == summary
    assert summary.startswith("## complyscan: aws 123456789012")
    assert "#### Critical" in summary
    assert "::error title=complyscan::" in run.log
    verdict = run_action(
        tmp_path, "verdict", SCAN_VERDICT=run.outputs["verdict"], SCAN_EXIT_CODE="1"
    )
    assert verdict.proc.returncode == 1
    assert "failing findings at or above fail-on (complyscan exit 1)" in verdict.log
