"""Issue 17 item 14: an unreachable STS endpoint is not reported as rejected credentials."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from scanner.cli import app


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_sts_says_so_and_exits_3(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
    result = CliRunner().invoke(
        app,
        ["scan", "--provider", "aws", "--region", "us-east-1", "--output-dir", str(tmp_path)],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 3, result.output
    flat = " ".join(result.output.split())
    assert "could not reach the STS endpoint" in flat
    assert "rejected" not in flat
