"""Output transforms (pure) and the thin, atomic file writer."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from scanner.errors import OutputError
from scanner.outputs.csv_report import to_csv
from scanner.outputs.html import to_html
from scanner.outputs.json_report import to_json_text
from scanner.outputs.markdown import to_markdown
from scanner.outputs.ocsf import to_ocsf
from scanner.outputs.sarif import to_sarif
from scanner.result import ScanResult

#: A transform returns a JSON document (dict) or ready-made text (str).
Transform = Callable[[ScanResult, Iterable[str] | None], dict[str, Any] | str]


def _sarif(result: ScanResult, _frameworks: Iterable[str] | None) -> dict[str, Any]:
    return to_sarif(result)


#: format name -> (file name, transform)
WRITERS: dict[str, tuple[str, Transform]] = {
    "json": ("complyscan-report.json", to_json_text),
    "sarif": ("complyscan.sarif", _sarif),
    "markdown": ("complyscan-summary.md", to_markdown),
    "ocsf": ("complyscan-ocsf.json", to_ocsf),
    "html": ("complyscan-report.html", to_html),
    "csv": ("complyscan-findings.csv", to_csv),
}


def write_atomic(path: Path, data: dict[str, Any] | str) -> None:
    """Write JSON (a dict) or text (a str) to ``path`` via a temp file and rename.

    The rename makes the file appear complete or not at all: the data is flushed to disk
    first, and the temp file is removed if anything (a full disk, Ctrl-C) stops the write.
    """
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if isinstance(data, str):
                fh.write(data if data.endswith("\n") else data + "\n")
            else:
                json.dump(data, fh, indent=2, sort_keys=False)
                fh.write("\n")
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
    for fmt in formats:
        name, transform = WRITERS[fmt]
        path = output_dir / name
        write_atomic(path, transform(result, fws))
        written[fmt] = path
    return written
