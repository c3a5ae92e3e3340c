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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from providers.azure.graph import GraphInventory
from providers.azure.session import AzureSession
from scanner.config import ScanConfig
from scanner.errors import CollectionError, ConfigError
from scanner.halves import read_in_two
from scanner.snapshot import Problem, Record, decode, problem_error, read_records
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
    yield from _values(read_records(path))


def _rows(path: Path) -> Iterator[tuple[dict[str, Any], bool] | CollectionError]:
    return _rows_from(_records(path))


def _rows_from(
    found: Iterable[tuple[Any, str, bool] | CollectionError],
) -> Iterator[tuple[dict[str, Any], bool] | CollectionError]:
    for item in found:
        if isinstance(item, CollectionError):
            yield item
            continue
        value, origin, strict = item
        for row in _rows_of(value, origin):
            yield row if isinstance(row, CollectionError) else (row, strict)


def _values(
    records: Iterable[Record | Problem],
) -> Iterator[tuple[Any, str, bool] | CollectionError]:
    for record in records:
        if isinstance(record, Problem):
            yield problem_error("azure", record)
        else:
            yield record.data, record.origin, record.strict


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
    record by record, and a CollectionError per unusable record. A large export of
    answers or rows, one per line, is read on two cores (``scanner.halves``)."""
    if _one_document(path):
        return _inventory_of(_rows(path))
    return merged(read_in_two(path, load_part))


#: Rows packed per subscription and type, and a CollectionError per unusable record.
Part = tuple[GraphInventory, list[CollectionError]]


def load_part(records: Iterable[Record | Problem]) -> Part:
    """What a run of an export's records (answers or rows, one per line) gives."""
    return _inventory_of(_rows_from(_values(records)))


def merged(parts: Sequence[Part]) -> Part:
    """The parts of one export, in file order, as one inventory (the first part grows)."""
    inventory, problems = parts[0]
    for more, more_problems in parts[1:]:
        inventory.extend(more)
        problems.extend(more_problems)
    return inventory, problems


def _inventory_of(
    found: Iterable[tuple[dict[str, Any], bool] | CollectionError],
) -> tuple[GraphInventory, list[CollectionError]]:
    inventory = GraphInventory(packed=True)
    problems: list[CollectionError] = []
    for item in found:
        if isinstance(item, CollectionError):
            problems.append(item)
        else:
            row, strict = item
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
