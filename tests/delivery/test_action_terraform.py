# ruff: noqa: S603, E501 - our own tools on our own files; input tables one per line
"""The action's plan mode (provider terraform) and the pull-request example workflow."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.delivery.test_action import (
    PINNED,
    ROOT,
    _load,
    _steps,
    run_action,
    scrubbed_env,
    stub_venv,  # noqa: F401 - fixture
    tool,
)

WORKFLOW = ROOT / "examples" / "workflows" / "terraform-plan.yml"
PLAN = ROOT / "tests" / "providers" / "terraform" / "fixtures" / "project" / "plan.json"


def test_workflow_is_valid_and_pinned():
    proc = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for step in _steps(_load(WORKFLOW)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
        assert "${{" not in step.get("run", "")
    ours = next(s for s in _steps(_load(WORKFLOW)) if s.get("uses", "").startswith("complyscan/"))
    assert ours["with"]["provider"] == "terraform"
    assert set(ours["with"]) <= set(_load(ROOT / "action.yml")["inputs"])


def test_zizmor_finds_nothing_in_the_workflow():
    proc = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(WORKFLOW)],
        check=False,
        capture_output=True,
        text=True,
        env=scrubbed_env(HOME=str(ROOT)),
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_plan_mode_command_line(tmp_path, stub_venv):  # noqa: F811 - fixture
    ws = tmp_path / "workspace"
    (ws / "infra").mkdir(parents=True)
    shutil.copy(PLAN, ws / "infra" / "plan.json")
    run = run_action(
        tmp_path,
        venv=stub_venv,
        INPUT_PROVIDER="terraform",
        INPUT_PLAN="infra/plan.json",
        INPUT_SOURCE_DIR="infra",
        INPUT_CHANGED_ONLY="true",
        INPUT_FAIL_ON="high",
    )
    assert run.argv[:3] == ["scan", "--provider", "terraform"]
    assert "--plan=infra/plan.json" in run.argv
    assert "--source-dir=infra" in run.argv
    assert "--changed-only" in run.argv


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INPUT_PROVIDER": "terraform"}, "provider terraform needs plan"),
        ({"INPUT_PROVIDER": "terraform", "INPUT_PLAN": "nope.json"}, "plan file 'nope.json' does not exist"),
        ({"INPUT_PLAN": "plan.json"}, "apply to provider terraform only"),
        ({"INPUT_PROVIDER": "terraform", "INPUT_CHANGED_ONLY": "yes"}, "input changed-only must be true or false"),
    ],
)  # fmt: skip
def test_plan_mode_input_errors(tmp_path, stub_venv, env, message):  # noqa: F811 - fixture
    run = run_action(tmp_path, venv=stub_venv, **env)
    assert run.proc.returncode == 2
    assert message in run.log
    assert not run.argv
