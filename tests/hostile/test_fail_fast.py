"""Issue 17 item 14: unusable outputs and empty flags fail before the scan, not after it.

Before: an unwritable ``--output-dir`` or ``--evidence`` was discovered only once the whole
scan had run, and ``--format ""`` wrote nothing, silently.
"""

from __future__ import annotations

from typer.testing import CliRunner

from scanner.cli import app

runner = CliRunner()


def _demo(*args: str):
    return runner.invoke(app, ["demo", *args], env={"COLUMNS": "250"})


def test_unwritable_output_dir_fails_before_collecting(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = _demo("--output-dir", str(blocker / "reports"))
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert f"--output-dir {blocker / 'reports'} is not writable" in flat
    assert "Seeding the simulated" not in result.output  # nothing was collected


def test_unwritable_evidence_dir_fails_before_collecting(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = _demo("--output-dir", str(tmp_path / "out"), "--evidence", str(blocker / "ev"))
    assert result.exit_code == 2, result.output
    assert "--evidence" in " ".join(result.output.split())
    assert "Seeding the simulated" not in result.output


def test_empty_format_is_rejected(tmp_path):
    result = _demo("--output-dir", str(tmp_path / "out"), "--format", "")
    assert result.exit_code == 2
    assert "--format names no format" in " ".join(result.output.split())
    assert not (tmp_path / "out").exists()
