"""Output transforms (pure) and the thin, atomic file writer."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pydantic_core

from scanner.errors import OutputError
from scanner.gcpause import cyclic_gc_paused
from scanner.outputs.csv_report import to_csv_chunks
from scanner.outputs.html import to_html_chunks
from scanner.outputs.json_report import to_json_chunks
from scanner.outputs.markdown import to_markdown
from scanner.outputs.ocsf import to_ocsf_chunks
from scanner.outputs.sarif import to_sarif_chunks
from scanner.phases import phase
from scanner.result import ScanResult

#: A transform returns a JSON document (dict), ready-made text (str), or text in pieces
#: (an iterator of str, or of UTF-8 bytes, for outputs too large to hold as one string).
Output = dict[str, Any] | str | Iterator[str] | Iterator[bytes]
Transform = Callable[[ScanResult, Iterable[str] | None], Output]


def _sarif(result: ScanResult, _frameworks: Iterable[str] | None) -> Iterator[str]:
    return to_sarif_chunks(result)


#: format name -> (file name, transform)
WRITERS: dict[str, tuple[str, Transform]] = {
    "json": ("complyscan-report.json", to_json_chunks),
    "sarif": ("complyscan.sarif", _sarif),
    "markdown": ("complyscan-summary.md", to_markdown),
    "ocsf": ("complyscan-ocsf.json", to_ocsf_chunks),
    "html": ("complyscan-report.html", to_html_chunks),
    "csv": ("complyscan-findings.csv", to_csv_chunks),
}


def _json_text(data: dict[str, Any]) -> str:
    """``data`` as indented JSON, encoded by pydantic-core (Rust).

    The standard library's encoder falls back to pure Python whenever it indents, ~10x
    slower: minutes for the SARIF of a scan with a hundred thousand failures.
    """
    return pydantic_core.to_json(data, indent=2).decode()


def write_atomic(path: Path, data: Output) -> None:
    """Write JSON (a dict), text (a str) or text in pieces to ``path``: temp file, rename.

    The rename makes the file appear complete or not at all: the data is flushed to disk
    first, and the temp file is removed if anything (a full disk, Ctrl-C) stops the write.
    """
    tmp: Path | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, str | dict):
                text = data if isinstance(data, str) else _json_text(data)
                fh.write((text if text.endswith("\n") else text + "\n").encode())
            else:
                last = b""
                for piece in data:
                    last = piece.encode() if isinstance(piece, str) else piece
                    fh.write(last)
                if not last.endswith(b"\n"):
                    fh.write(b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        tmp = None
    except OSError as err:
        raise OutputError(
            f"cannot write {path}: {err.strerror or err}. Choose a writable --output-dir"
        ) from err
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def write_outputs(
    result: ScanResult,
    output_dir: Path,
    formats: Iterable[str],
    frameworks: Iterable[str] | None = None,
) -> dict[str, Path]:
    """Write every requested format into ``output_dir``; returns format -> path."""
    written: dict[str, Path] = {}
    fws = list(frameworks) if frameworks else None
    with cyclic_gc_paused():
        for fmt in formats:
            name, transform = WRITERS[fmt]
            path = output_dir / name
            with phase(f"write.{fmt}"):
                write_atomic(path, transform(result, fws))
            written[fmt] = path
    return written
