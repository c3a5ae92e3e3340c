"""Issue 17 item 15: a new user's first run shows every report and reads as healthy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from scanner.cli import app
from scanner.frameworks import FRAMEWORK_IDS
from scanner.outputs import WRITERS
from scanner.registry import load

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_demo_writes_every_format_and_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    out = tmp_path / "complyscan-demo"
    for fmt, (name, _) in WRITERS.items():
        assert (out / name).is_file(), fmt
        assert f"{fmt}: complyscan-demo/{name}" in result.stdout
    assert "NotImplemented" not in result.output  # simulator gaps are not incidents
    assert "warning" not in result.stderr.lower()
    assert "Scan incomplete" not in result.output


def test_demo_output_folders_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().split()
    assert {"complyscan-demo/", "complyscan-out/", "demo-out/"} <= set(ignored)


def test_readme_names_every_framework_and_what_ci_installs():
    readme = (ROOT / "README.md").read_text()
    for framework in FRAMEWORK_IDS:
        assert framework in readme, framework
    for package in ("chromium", "postgresql", "libreoffice-calc-nogui"):
        assert package in readme
    ci = (ROOT / ".ci" / "run").read_text()
    for package in ("chromium", "postgresql", "libreoffice-calc-nogui"):
        assert package in ci
    assert "COMPLYSCAN_REQUIRE_SYSTEM_TOOLS=1" in ci


def test_checks_list_fits_80_columns_without_breaking_ids():
    result = runner.invoke(app, ["checks", "list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    first_cells = (re.match(r"\W+([A-Z]+-\d{3}) ", line) for line in lines)
    shown = {m.group(1) for m in first_cells if m}
    assert shown == {c.id for c in load()}


def _commands(group, prefix=()):
    for name, command in getattr(group, "commands", {}).items():
        yield (*prefix, name), command
        yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(get_command(app))], ids=" ".join)
def test_help_shows_human_metavars(path):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    options = [line for line in result.output.splitlines() if line.lstrip().startswith("--")]
    assert not [o for o in options if re.search(r"<[a-z]+(\[[a-z]+\])?>", o)], options
