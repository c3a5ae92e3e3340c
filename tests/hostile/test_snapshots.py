"""Issue 17 item 9: damaged or hostile snapshot files never crash a scan or lose it.

Before: a truncated ``.gz`` ended in a bare ``Aborted!`` (exit 1), a corrupt one in a zlib
traceback, a deeply nested record raised ``RecursionError`` and lost the whole scan, a gzip
bomb or a 1 GB line grew memory without bound, and ``.GZ``/``.gzip`` files were read as
text. Now each bad spot is reported at ``file:line``, every other record is kept, and the
scan exits 3 (incomplete), never 1 and never with a traceback.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

import scanner.snapshot
from scanner.cli import app
from scanner.snapshot import Problem, Record, read_records
from tests.providers.gcp.fake_cai import FIXTURES

ACME = FIXTURES / "acme-org.ndjson"
LINES = ACME.read_bytes().splitlines(keepends=True)
runner = CliRunner()


def _scan(path: Path, out: Path) -> tuple[int, str, dict]:
    result = runner.invoke(
        app,
        ["scan", "--provider", "gcp", "--snapshot", str(path), "--output-dir", str(out)],
        env={"COLUMNS": "250"},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert "Aborted" not in result.output
    report = json.loads((out / "complyscan-report.json").read_text())
    return result.exit_code, result.stdout, report


def _baseline(tmp_path: Path) -> int:
    return _scan(ACME, tmp_path / "base")[2]["scan"]["resources_collected"]


def test_truncated_gzip_keeps_what_was_read_and_names_the_line(tmp_path):
    packed = gzip.compress(b"".join(LINES))
    bad = tmp_path / "export.ndjson.gz"
    bad.write_bytes(packed[: len(packed) * 2 // 3])
    code, console, report = _scan(bad, tmp_path / "out")
    assert code == 3
    assert report["scan"]["resources_collected"] > 0
    [error] = [e for e in report["errors"] if e["cause"] == "MalformedRecord"]
    assert error["resource_uid"].startswith(f"{bad}:")
    assert "truncated or corrupt" in error["message"]
    assert f"at {bad}:" in console  # the console lists file:line


def test_corrupt_gzip_is_reported_not_a_zlib_traceback(tmp_path):
    packed = bytearray(gzip.compress(b"".join(LINES)))
    packed[len(packed) // 2 : len(packed) // 2 + 40] = b"\xff" * 40
    bad = tmp_path / "export.gz"
    bad.write_bytes(bytes(packed))
    code, _, report = _scan(bad, tmp_path / "out")
    assert code == 3
    assert any("truncated or corrupt" in e["message"] for e in report["errors"])


def test_deeply_nested_record_is_skipped_and_the_rest_kept(tmp_path):
    deep = b'{"name": "x", "resource": {"data": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}\n"
    shallow = b'{"name": "y", "resource": {"data": ' + b"[" * 100 + b"]" * 100 + b"}}\n"
    path = tmp_path / "export.ndjson"
    path.write_bytes(b"".join(LINES[:2]) + deep + shallow + b"".join(LINES[2:]))
    code, console, report = _scan(path, tmp_path / "out")
    assert code == 3
    assert report["scan"]["resources_collected"] == _baseline(tmp_path)
    uids = {e["resource_uid"]: e["message"] for e in report["errors"]}
    assert "nested deeper than" in uids[f"{path}:3"]
    assert "nested deeper" not in uids.get(f"{path}:4", "")  # 102 levels is within bounds
    assert f"at {path}:3" in console


@pytest.mark.parametrize("name", ["export.ndjson.GZ", "export.gzip", "export.ndjson"])
def test_compression_is_sniffed_from_the_bytes(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(gzip.compress(ACME.read_bytes()))
    _, _, report = _scan(path, tmp_path / "out")
    assert report["scan"]["resources_collected"] == _baseline(tmp_path)
    assert not [e for e in report["errors"] if e["cause"] == "MalformedRecord"]


def test_overlong_line_and_gzip_bomb_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(scanner.snapshot, "MAX_RECORD_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.ndjson.gz"
    # 64 MiB of one line (no newline) that compresses to ~64 KiB, between two good records
    with gzip.open(bomb, "wb") as out:
        out.write(LINES[0])
        out.write(b'{"pad": "')
        for _ in range(64):
            out.write(b"A" * (1024 * 1024))
        out.write(b'"}\n')
        out.write(b"".join(LINES[1:]))
    tracemalloc.start()
    try:
        items = list(read_records(bomb))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # never the whole 64 MiB line
    problems = [i for i in items if isinstance(i, Problem)]
    assert [(p.origin, p.message.split(";")[0]) for p in problems] == [
        (f"{bomb}:2", "record longer than 1048576 bytes")
    ]
    assert sum(isinstance(i, Record) for i in items) == len(LINES)


def test_array_document_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(scanner.snapshot, "MAX_ARRAY_BYTES", 1000)
    path = tmp_path / "export.json"
    path.write_text(json.dumps([json.loads(x) for x in LINES]))
    [problem] = list(read_records(path))
    assert isinstance(problem, Problem)
    assert problem.origin == f"{path}:1"
    assert "newline-delimited JSON" in problem.message
