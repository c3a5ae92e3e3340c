"""Offline input: a Resource Graph export (rows as ``az graph query -o json`` writes them).

Accepted layouts: ``{"data": [rows...]}`` (one ``az graph query`` answer), a JSON array of
rows, a JSON array of such answers (several queries or pages), or newline-delimited rows.
Rows need ``id`` and ``type``; ``subscriptionId`` is taken from the id when absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from providers.azure.session import AzureSession
from scanner.config import ScanConfig
from scanner.errors import CollectionError, ConfigError


def _rows_of(value: Any, origin: str) -> Iterator[dict[str, Any] | CollectionError]:
    """Rows of one document element: an answer with ``data``, a row, or a problem."""
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        for n, row in enumerate(value["data"]):
            yield from _rows_of(row, f"{origin}/data[{n}]")
    elif isinstance(value, dict) and value.get("id") and value.get("type"):
        yield value
    else:
        yield CollectionError(
            "azure",
            "snapshot",
            "SnapshotRecord",
            "MalformedRecord",
            uid=origin,
            detail="expected a Resource Graph row (with id and type) or {'data': [...]}",
            hint="Fix or remove this record; every other record was evaluated",
        )


def read_rows(path: Path) -> tuple[list[dict[str, Any]], list[CollectionError]]:
    """Every row of an export file, and a CollectionError per unusable record."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"cannot read snapshot {path}: {err}") from err
    try:
        documents: list[tuple[Any, str]] = [(json.loads(text), str(path))]
    except json.JSONDecodeError:
        documents = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                documents.append((json.loads(line), f"{path}:{number}"))
            except json.JSONDecodeError as err:
                raise ConfigError(f"{path}:{number}: invalid JSON: {err.msg}") from err
    rows: list[dict[str, Any]] = []
    problems: list[CollectionError] = []
    for doc, origin in documents:
        items = doc if isinstance(doc, list) else [doc]
        for n, item in enumerate(items):
            for found in _rows_of(item, f"{origin}[{n}]" if isinstance(doc, list) else origin):
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
