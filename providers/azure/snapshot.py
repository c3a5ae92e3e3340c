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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from providers.azure.session import AzureSession
from scanner.config import ScanConfig
from scanner.errors import CollectionError, ConfigError
from scanner.snapshot import Problem, problem_error, read_records


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
        value = json.loads(text)
    except json.JSONDecodeError:
        return None  # newline-delimited rows
    return value if isinstance(value, dict) else None


def read_rows(path: Path) -> tuple[list[dict[str, Any]], list[CollectionError]]:
    """Every row of an export file, and a CollectionError per unusable record."""
    answer = _single_answer(path)
    records: list[tuple[Any, str]] = []
    problems: list[CollectionError] = []
    if answer is not None:
        records.append((answer, str(path)))
    else:
        for record in read_records(path):
            if isinstance(record, Problem):
                problems.append(problem_error("azure", record))
            else:
                records.append((record.data, record.origin))
    rows: list[dict[str, Any]] = []
    for value, origin in records:
        for found in _rows_of(value, origin):
            if isinstance(found, CollectionError):
                problems.append(found)
            else:
                rows.append(found)
    return rows, problems


def open_snapshot(path: Path, config: ScanConfig) -> AzureSession:
    """A session that serves the collectors from an export, making no API calls."""
    rows, problems = read_rows(path)
    if not rows:
        raise ConfigError(f"snapshot {path} holds no Resource Graph rows")
    return AzureSession(
        credential=None,
        rows=rows,
        identity=f"snapshot:{path.name}",
        concurrency=config.concurrency,
        input_errors=tuple(problems),
    )
