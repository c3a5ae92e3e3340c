"""Issue 17 item 13: ``evidence verify`` refuses symlinks and non-regular files; one file mode.

Before: a bundle file replaced by a symlink to ``/dev/zero`` made ``verify`` read forever
(memory exhausted), and one linked to an identical copy outside the bundle "matched".
Every file complyscan writes (reports, evidence, the SQLite history) is now owner-only
(0600), directories it creates 0700 (docs/security.md).
"""

from __future__ import annotations

import os
import shutil
import stat

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.evidence import MANIFEST, verify_evidence

runner = CliRunner()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("ev")
    result = runner.invoke(
        app,
        [
            "demo",
            "--output-dir",
            str(out / "reports"),
            "--format",
            "json,csv,html",
            "--evidence",
            str(out / "evidence"),
            "--history",
            str(out / "history.sqlite"),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def _copy(bundle, tmp_path):
    target = tmp_path / "evidence"
    shutil.copytree(bundle / "evidence", target, symlinks=True)
    assert verify_evidence(target) == []
    return target, sorted(p for p in target.rglob("*.json") if p.name != MANIFEST)[0]


def test_symlink_to_dev_zero_is_refused(bundle, tmp_path):
    target, victim = _copy(bundle, tmp_path)
    victim.unlink()
    victim.symlink_to("/dev/zero")
    problems = verify_evidence(target)
    rel = victim.relative_to(target).as_posix()
    assert f"{rel}: is a symbolic link (refused: a bundle holds files only)" in problems


def test_symlink_to_an_identical_copy_outside_does_not_match(bundle, tmp_path):
    target, victim = _copy(bundle, tmp_path)
    outside = tmp_path / "outside.json"
    outside.write_bytes(victim.read_bytes())
    victim.unlink()
    victim.symlink_to(outside)
    result = runner.invoke(app, ["evidence", "verify", str(target)])
    assert result.exit_code != 0
    assert "symbolic link" in result.output


def test_symlinked_directory_and_device_are_refused(bundle, tmp_path):
    target, victim = _copy(bundle, tmp_path)
    folder = victim.parent
    moved = tmp_path / "elsewhere"
    shutil.move(folder, moved)
    folder.symlink_to(moved, target_is_directory=True)
    problems = verify_evidence(target)
    assert any("symbolic link" in p for p in problems)
    fifo_target, fifo_victim = _copy(bundle, tmp_path / "second")
    fifo_victim.unlink()
    os.mkfifo(fifo_victim)
    assert any("not a regular file" in p for p in verify_evidence(fifo_target))


def test_manifest_symlink_is_refused(bundle, tmp_path):
    target, _ = _copy(bundle, tmp_path)
    manifest = target / MANIFEST
    real = tmp_path / "real-manifest.json"
    shutil.move(manifest, real)
    manifest.symlink_to(real)
    assert verify_evidence(target) == [
        f"{MANIFEST}: is a symbolic link (refused: a bundle holds files only)"
    ]


def test_one_file_mode_for_reports_evidence_and_history(bundle):
    files = [
        *(bundle / "reports").iterdir(),
        *(p for p in (bundle / "evidence").rglob("*") if p.is_file()),
        bundle / "history.sqlite",
    ]
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
    assert set(modes.values()) == {0o600}, modes
    dirs = [bundle / "evidence", *(p for p in (bundle / "evidence").rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(d.stat().st_mode) for d in dirs} == {0o700}
