"""Issue 17 item 14: with Azure and no credentials, only our one clear error is printed.

Before, about 15 lines of azure-identity warnings (every credential DefaultAzureCredential
tried) came first. The real CLI runs in a child process with an empty environment, so
Python's default handling of the SDK's log records is what a user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys


def test_no_credentials_prints_only_our_error(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [
            sys.executable,
            "-m",
            "scanner",
            "scan",
            "--provider",
            "azure",
            "--scope",
            "00000000-0000-0000-0000-000000000000",
            "--output-dir",
            str(tmp_path / "out"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: azure: no usable credentials"), done.stderr
    assert "DefaultAzureCredential failed" not in done.stderr
    assert "EnvironmentCredential" not in done.stderr
    assert len(lines) <= 3
