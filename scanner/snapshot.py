"""Offline scan input: read export files record by record, keeping ``file:line`` for each.

Provider-neutral. A provider's ``open_snapshot`` reads its export format with
``read_records`` and turns every ``Problem`` (bad JSON, not an object, a record it cannot
map) into a ``CollectionError`` with ``scope=SNAPSHOT_SCOPE`` and ``uid="<file>:<line>"``
via ``problem_error``. The engine reports those errors and marks the scan incomplete
(exit 3) while every good record is still evaluated.

Accepted layouts: newline-delimited JSON (one object per line, blank lines skipped, as
``gcloud asset export`` writes it) and a single JSON array of objects; either may be
gzip-compressed (``.gz``).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BufferedReader
from pathlib import Path
from typing import Any

from scanner.errors import CollectionError, ConfigError

#: The scope every collection job of an offline scan runs under.
SNAPSHOT_SCOPE = "snapshot"

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


@dataclass(frozen=True, slots=True)
class Record:
    """One JSON object read from an input file, with where it came from."""

    origin: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Problem:
    """One input record that could not be used, with where it came from and why."""

    origin: str
    message: str


def snake_case(name: str) -> str:
    """``assetType`` -> ``asset_type``; snake_case names are returned unchanged."""
    return _CAMEL.sub(r"_\1", name).lower()


def _open(path: Path) -> gzip.GzipFile | BufferedReader:
    try:
        return gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")
    except OSError as err:
        raise ConfigError(f"cannot read snapshot {path}: {err.strerror or err}") from err


def _parse(origin: str, raw: bytes) -> Record | Problem:
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        return Problem(origin, "not valid UTF-8")
    except json.JSONDecodeError as err:
        return Problem(origin, f"invalid JSON: {err.msg} (column {err.colno})")
    if not isinstance(value, dict):
        return Problem(origin, f"expected a JSON object, got {type(value).__name__}")
    return Record(origin, value)


def parse_lines(lines: Iterable[bytes], label: str) -> Iterator[Record | Problem]:
    """Records of newline-delimited JSON ``lines``; ``label`` names the source in origins."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _parse(f"{label}:{number}", line)


def _array(text: str, label: str) -> Iterator[Record | Problem]:
    """Elements of one JSON array document, each with the line it starts on."""
    decoder = json.JSONDecoder()
    pos, line, counted = text.index("[") + 1, 1, 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return
        line += text.count("\n", counted, pos)
        counted = pos
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as err:
            yield Problem(f"{label}:{err.lineno}", f"invalid JSON: {err.msg}; rest of file skipped")
            return
        origin = f"{label}:{line}"
        if isinstance(value, dict):
            yield Record(origin, value)
        else:
            yield Problem(origin, f"expected a JSON object, got {type(value).__name__}")
        pos = end


def read_records(path: Path) -> Iterator[Record | Problem]:
    """Every record of an export file in order; malformed ones come back as ``Problem``.

    Raises:
        ConfigError: the file cannot be opened at all.
    """
    with _open(path) as stream:
        head = stream.read(4096)
        stream.seek(0)
        if head.lstrip()[:1] == b"[":
            text = stream.read().decode("utf-8", errors="replace")
            yield from _array(text, str(path))
        else:
            yield from parse_lines(stream, str(path))


def problem_error(
    provider: str, problem: Problem, *, resource: str = "SnapshotRecord", hint: str = ""
) -> CollectionError:
    """The CollectionError an offline scan reports for one unusable record."""
    return CollectionError(
        provider,
        SNAPSHOT_SCOPE,
        resource,
        "MalformedRecord",
        uid=problem.origin,
        detail=problem.message,
        hint=hint or "Fix or remove this record; every other record was evaluated",
    )
