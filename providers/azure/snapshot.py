"""Offline input: a Resource Graph export (rows as ``az graph query -o json`` writes them).

Accepted layouts: ``{"data": [rows...]}`` (one ``az graph query`` answer), or, through the
provider-neutral ``scanner.snapshot`` reader, a JSON array or newline-delimited JSON of rows
or of such answers (several queries or pages); any of them gzip-compressed. Rows need
``id`` and ``type``; ``subscriptionId`` is taken from the id when absent. Unusable records
become CollectionErrors naming ``file:line`` (the scan is then incomplete).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from providers.azure.graph import GraphInventory
from providers.azure.session import AzureSession
from scanner.config import ScanConfig
from scanner.errors import CollectionError, ConfigError
from scanner.snapshot import Problem, decode, problem_error, read_records
from scanner.textsafe import valid_unicode


def _rows_of(value: Any, origin: str) -> Iterator[dict[str, Any] | CollectionError]:
    """Rows of one record: an answer with ``data``, a row, or a problem."""
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        for n, row in enumerate(value["data"]):
            yield from _rows_of(row, f"{origin} data[{n}]")
    elif isinstance(value, dict) and value.get("id") and value.get("type"):
        yield value
    else:
        yield problem_error(
            "azure",
            Problem(origin, "expected a Resource Graph row (id and type) or {'data': [...]}"),
        )


def _single_answer(path: Path) -> dict[str, Any] | None:
    """The whole file as one JSON object (``az graph query -o json``), else None."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read snapshot {path}: {err}") from err
    if not text.lstrip().startswith("{"):
        return None
    try:
        value = valid_unicode(json.loads(text))
    except json.JSONDecodeError:
        return None  # newline-delimited rows
    return value if isinstance(value, dict) else None


def _one_document(path: Path) -> bool:
    """Whether the file must be read as one JSON document: it starts with ``{`` and its first
    line is not a whole JSON value (``az graph query -o json`` indents its answer), or it
    has one line only. Newline-delimited answers or rows are read record by record."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            first = stream.readline()
            while first and not first.strip():  # what json.loads skips as whitespace
                first = stream.readline()
            if not first.lstrip().startswith(b"{"):
                return False
            rest = stream.read(1 << 16)
            while rest and not rest.strip():
                rest = stream.read(1 << 16)
    except (OSError, EOFError, zlib.error):
        return True  # read whole, as before, with the same errors
    if not rest:
        return True
    try:
        decode(first)
    except ValueError:
        return True
    return False


def _records(path: Path) -> Iterator[tuple[Any, str, bool] | CollectionError]:
    """(value, origin, strict) of every record of the file, or a CollectionError."""
    answer = _single_answer(path) if _one_document(path) else None
    if answer is not None:
        yield answer, str(path), False
        return
    for record in read_records(path):
        if isinstance(record, Problem):
            yield problem_error("azure", record)
        else:
            yield record.data, record.origin, record.strict


def _rows(path: Path) -> Iterator[tuple[dict[str, Any], bool] | CollectionError]:
    for found in _records(path):
        if isinstance(found, CollectionError):
            yield found
            continue
        value, origin, strict = found
        for row in _rows_of(value, origin):
            yield row if isinstance(row, CollectionError) else (row, strict)


def read_rows(path: Path) -> tuple[list[dict[str, Any]], list[CollectionError]]:
    """Every row of an export file, and a CollectionError per unusable record."""
    rows: list[dict[str, Any]] = []
    problems: list[CollectionError] = []
    for found in _rows(path):
        if isinstance(found, CollectionError):
            problems.append(found)
        else:
            rows.append(found[0])
    return rows, problems


def read_inventory(path: Path) -> tuple[GraphInventory, list[CollectionError]]:
    """The rows of an export file packed per subscription and type (``RowTable``), read
    record by record, and a CollectionError per unusable record."""
    inventory = GraphInventory(packed=True)
    problems: list[CollectionError] = []
    for found in _rows(path):
        if isinstance(found, CollectionError):
            problems.append(found)
        else:
            row, strict = found
            inventory.add(row, strict=strict)
    inventory.seal()
    return inventory, problems


def open_snapshot(path: Path, config: ScanConfig) -> AzureSession:
    """A session that serves the collectors from an export, making no API calls."""
    inventory, problems = read_inventory(path)
    if not any(len(t) for t in inventory.rows.values()):
        raise ConfigError(f"snapshot {path} holds no Resource Graph rows")
    return AzureSession(
        credential=None,
        snapshot=inventory,
        identity=f"snapshot:{path.name}",
        concurrency=config.concurrency,
        input_errors=tuple(problems),
    )
