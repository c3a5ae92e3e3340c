"""write_atomic: a report file is complete or absent, never half-written, no temp left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.errors import OutputError
from scanner.outputs import write_atomic


def _boom(exc: BaseException):
    def fail(*_args: object, **_kwargs: object) -> None:
        raise exc

    return fail


@pytest.mark.parametrize(
    ("exc", "raised"),
    [(KeyboardInterrupt(), KeyboardInterrupt), (OSError(28, "No space left"), OutputError)],
)
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException, raised: type
) -> None:
    target = tmp_path / "complyscan-report.json"
    target.write_text("previous report\n")
    monkeypatch.setattr(os, "fsync", _boom(exc))
    with pytest.raises(raised):
        write_atomic(target, {"new": "report"})
    assert target.read_text() == "previous report\n"
    assert list(tmp_path.iterdir()) == [target]


def test_writes_json_and_text(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.json", {"k": 1})
    write_atomic(tmp_path / "sub" / "b.md", "# title")
    assert (tmp_path / "a.json").read_text() == '{\n  "k": 1\n}\n'
    assert (tmp_path / "sub" / "b.md").read_text() == "# title\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.json", "b.md", "sub"]
