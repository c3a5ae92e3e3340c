"""Issue 17 item 10: a crash nobody handled prints a redacted traceback and exits 4, not 1.

The crash here is real: a third-party check pack (an installed entry point) that raises on
import, its message carrying an access key. Before, Python printed the raw traceback with
the key and exited 1, which reads as "failures found".
"""

from __future__ import annotations

import os
import subprocess
import sys


def test_unhandled_crash_is_redacted_and_exits_4(tmp_path):
    site = tmp_path / "site"
    dist = site / "boompack-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: boompack\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[complyscan.checks]\nboom = boompack\n")
    (site / "boompack").mkdir()
    (site / "boompack" / "__init__.py").write_text(
        'raise RuntimeError("plugin settings leaked AKIAIOSFODNN7EXAMPLE")\n'
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-m", "scanner", "scan", "--plugins", "boom", "--output-dir", "out"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 4, done.stderr
    assert "cli.crashed" in done.stderr
    assert "RuntimeError" in done.stderr
    assert "AKIAIOSFODNN7EXAMPLE" not in done.stderr + done.stdout
    assert "[redacted]" in done.stderr
    assert "\x1b[" not in done.stderr
