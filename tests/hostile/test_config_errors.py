"""Issue 17 item 11: configuration mistakes are exit 2 with the line named, never a traceback.

Before: ``expires: 2027-02-30`` raised PyYAML's ValueError (traceback, exit 1), and a
suppression naming an unknown check id (a typo) was silently ignored, so it suppressed
nothing while the author believed the risk was accepted.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import scanner.config
from scanner.cli import app

runner = CliRunner()
GOOD = """\
suppressions:
  - check: NET-002
    reason: "Bastion approved in RISK-142"
    owner: netops@example.com
    expires: 2099-12-31
"""


def _demo(config: Path, tmp_path: Path):
    return runner.invoke(
        app,
        ["demo", "--config", str(config), "--output-dir", str(tmp_path / "out")],
        env={"COLUMNS": "250"},
    )


def test_impossible_date_is_a_config_error_with_its_line(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(GOOD + GOOD.split("\n", 1)[1].replace("2099-12-31", "2027-02-30"))
    result = _demo(config, tmp_path)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    flat = " ".join(result.output.split())
    assert f"{config}:9" in flat  # the second entry's expires line
    assert "expires" in flat
    assert not (tmp_path / "out").exists()  # nothing scanned


def test_unknown_check_id_is_a_config_error_with_its_line(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(GOOD + GOOD.split("\n", 1)[1].replace("NET-002", "NET-0002"))
    result = _demo(config, tmp_path)
    assert result.exit_code == 2, result.output
    flat = " ".join(result.output.split())
    assert f"{config}:6" in flat
    assert "NET-0002" in flat


def test_a_valid_config_still_applies(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(GOOD)
    assert _demo(config, tmp_path).exit_code == 0


def test_config_size_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(scanner.config, "MAX_CONFIG_BYTES", 100)
    config = tmp_path / "c.yaml"
    config.write_text(GOOD + "#" * 200 + "\n")
    result = _demo(config, tmp_path)
    assert result.exit_code == 2
    assert "larger than 100 bytes" in " ".join(result.output.split())
