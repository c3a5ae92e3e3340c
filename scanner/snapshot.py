"""Offline scan input: read export files record by record, keeping ``file:line`` for each.

Provider-neutral. A provider's ``open_snapshot`` reads its export format with
``read_records`` and turns every ``Problem`` (bad JSON, not an object, a record it cannot
map) into a ``CollectionError`` with ``scope=SNAPSHOT_SCOPE`` and ``uid="<file>:<line>"``
via ``problem_error``. The engine reports those errors and marks the scan incomplete
(exit 3) while every good record is still evaluated.

Accepted layouts: newline-delimited JSON (one object per line, blank lines skipped, as
``gcloud asset export`` writes it) and a single JSON array of objects; either may be
gzip-compressed, which is recognised from the file's first bytes, whatever its name.

Hostile or damaged input is bounded and reported, never fatal: a record longer than
``MAX_RECORD_BYTES`` (decompressed), nested deeper than ``MAX_DEPTH``, or a compressed file
that is truncated or corrupt becomes a ``Problem`` at its ``file:line``; every record read
before it (and, for an over-long or too-deep record, after it) is kept. A JSON array
document is read whole, so it is limited to ``MAX_ARRAY_BYTES``.

Parsed JSON takes 4-5 times its text in memory, so a provider that has to hold a large
export for the whole scan keeps its valid records in a ``PackedRecords`` (their text,
compressed in blocks) and parses them again when a collector reads them.

JSON is decoded with msgspec (C, about three times the standard library's speed) and, when
msgspec refuses a text, again with the standard library, which decides: what msgspec
accepts it decodes to exactly what ``json.loads`` gives (integers of any size included),
and what it refuses (NaN, Infinity, lone surrogates, other encodings, bad JSON) gets the
standard library's value or error message, as before. orjson was measured as fast but reads
integers beyond 64 bits as floats, silently (docs/snapshot-performance.md).
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from io import BufferedReader
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

import msgspec

from scanner.errors import CollectionError, ConfigError
from scanner.textsafe import valid_unicode

#: The scope every collection job of an offline scan runs under.
SNAPSHOT_SCOPE = "snapshot"

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


#: Uncompressed text per ``PackedRecords`` block: a few hundred records, parsed at once.
BLOCK_SIZE = 256 * 1024
_OTHER_ENCODINGS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_GZIP_MAGIC = b"\x1f\x8b"
#: Largest record (one line, decompressed) read; longer ones are skipped in bounded pieces.
MAX_RECORD_BYTES = 32 * 1024 * 1024
#: Deepest nesting of arrays/objects accepted in a record (real exports nest ~10 deep).
MAX_DEPTH = 128
#: Largest JSON array document (decompressed) read; newline-delimited JSON has no limit.
MAX_ARRAY_BYTES = 512 * 1024 * 1024
#: What reading a damaged compressed file raises, at any point.
_DAMAGED = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


@dataclass(frozen=True, slots=True)
class Record:
    """One JSON object read from an input file, with where it came from.

    ``text`` is the object's JSON text as read, in UTF-8, when the reader kept it (empty
    otherwise); ``json.loads(text) == data``. ``strict``: msgspec decoded it, so ``data``
    holds no NaN, Infinity or lone surrogate and ``encode(data)`` writes it back exactly.
    """

    origin: str
    data: dict[str, Any]
    text: bytes = b""
    strict: bool = False


#: msgspec's JSON decoder and encoder (thread-safe, reused).
_DECODE = msgspec.json.Decoder().decode
_ENCODE = msgspec.json.Encoder().encode
_REFUSED = (msgspec.MsgspecError, RecursionError, ValueError)


def encode(value: Any, *, strict: bool) -> bytes:
    """JSON text of ``value``; ``strict`` when it was decoded by msgspec (see ``Record``),
    else the standard library writes it (NaN and Infinity as the tokens it reads back)."""
    return _ENCODE(value) if strict else json.dumps(value).encode()


def decode(text: bytes) -> Any:
    """``json.loads(text)`` for UTF-8 ``text``, by msgspec when it accepts the text (lone
    surrogates, which only ``json.loads`` accepts, repaired: ``textsafe.valid_unicode``)."""
    try:
        return _DECODE(text)
    except _REFUSED:
        return valid_unicode(json.loads(text))


@dataclass(frozen=True, slots=True)
class Problem:
    """One input record that could not be used, with where it came from and why."""

    origin: str
    message: str


def snake_case(name: str) -> str:
    """``assetType`` -> ``asset_type``; snake_case names are returned unchanged."""
    return _CAMEL.sub(r"_\1", name).lower()


def _open(path: Path) -> gzip.GzipFile | BufferedReader:
    """The file, decompressed when its first bytes are gzip's magic number (any name)."""
    try:
        stream = path.open("rb")
    except OSError as err:
        raise ConfigError(f"cannot read snapshot {path}: {err.strerror or err}") from err
    if stream.peek(2)[:2] != _GZIP_MAGIC:
        return stream
    stream.close()
    return gzip.open(path, "rb")


def _damaged(origin: str, err: BaseException) -> Problem:
    return Problem(
        origin,
        f"the compressed file is truncated or corrupt ({type(err).__name__}: {err}); "
        "nothing after this point was read",
    )


def _depth_exceeded(value: Any) -> bool:
    """Whether ``value`` nests arrays/objects deeper than ``MAX_DEPTH`` (iterative walk)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


def _too_deep(raw: bytes | str, value: Any) -> bool:
    # counting brackets is C-speed; only records with many of them are walked
    text = raw if isinstance(raw, bytes) else raw.encode()
    return text.count(b"[") + text.count(b"{") > MAX_DEPTH and _depth_exceeded(value)


def _is_utf8(raw: bytes) -> bool:
    """Whether ``json.loads`` reads ``raw`` as plain UTF-8 (no BOM, not UTF-16/32)."""
    return not raw.startswith(_OTHER_ENCODINGS) and b"\x00" not in raw[:4]


def _parse(origin: str, raw: bytes) -> Record | Problem:
    utf8 = _is_utf8(raw)
    if utf8:
        try:
            value = _DECODE(raw)
        except _REFUSED:
            pass  # the standard library decides, with its own value or message
        else:
            if isinstance(value, dict) and not _too_deep(raw, value):
                return Record(origin, value, raw, strict=True)
    return _parse_stdlib(origin, raw, utf8=utf8)


def _parse_stdlib(origin: str, raw: bytes, *, utf8: bool) -> Record | Problem:
    try:
        # what json.loads(raw) decodes to, without its encoding detection on every line
        value = valid_unicode(json.loads(raw.decode("utf-8", "surrogatepass") if utf8 else raw))
    except UnicodeDecodeError:
        return Problem(origin, "not valid UTF-8")
    except json.JSONDecodeError as err:
        return Problem(origin, f"invalid JSON: {err.msg} (column {err.colno})")
    except RecursionError:
        return Problem(origin, f"nested deeper than {MAX_DEPTH} levels; record skipped")
    if not isinstance(value, dict):
        return Problem(origin, f"expected a JSON object, got {type(value).__name__}")
    if _too_deep(raw, value):
        return Problem(origin, f"nested deeper than {MAX_DEPTH} levels; record skipped")
    return Record(origin, value, raw if utf8 else b"")


def parse_lines(
    lines: Iterable[bytes | Unreadable], label: str, first: int = 1
) -> Iterator[Record | Problem]:
    """Records of newline-delimited JSON ``lines``; ``label`` names the source in origins,
    ``first`` is the number of the first line."""
    for number, line in enumerate(lines, start=first):
        if isinstance(line, Unreadable):
            yield Problem(f"{label}:{number}", line.message)
        elif line.strip():
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
        except RecursionError:
            yield Problem(
                f"{label}:{line}", f"nested deeper than {MAX_DEPTH} levels; rest of file skipped"
            )
            return
        origin = f"{label}:{line}"
        if isinstance(value, dict) and _too_deep(text[pos:end], value):
            yield Problem(origin, f"nested deeper than {MAX_DEPTH} levels; record skipped")
        elif isinstance(value, dict):
            yield Record(origin, value, text[pos:end].encode())
        else:
            yield Problem(origin, f"expected a JSON object, got {type(value).__name__}")
        pos = end


def read_records(path: Path) -> Iterator[Record | Problem]:
    """Every record of an export file in order; malformed ones come back as ``Problem``.

    Raises:
        ConfigError: the file cannot be opened at all.
    """
    label = str(path)
    with _open(path) as stream:
        try:
            head = stream.read(4096)
            stream.seek(0)
        except _DAMAGED as err:
            yield _damaged(f"{label}:1", err)
            return
        if head.lstrip()[:1] == b"[":
            yield from _read_array(stream, label)
        else:
            yield from parse_lines(_bounded_lines(stream), label)


def is_plain_lines(path: Path) -> bool:
    """Whether ``path`` is uncompressed newline-delimited JSON (what can be read in parts)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return head[:2] != _GZIP_MAGIC and head.lstrip()[:1] != b"["


def window_lines(path: Path, start: int, end: int | None) -> Iterator[bytes | Unreadable]:
    """The lines of an uncompressed file from byte ``start`` (a line's start) up to byte
    ``end`` (another line's start; None: the end of the file), as ``read_records`` reads
    them."""
    with _open(path) as stream:
        stream.seek(start)
        yield from _bounded_lines(stream, end)


def _read_array(stream: gzip.GzipFile | BufferedReader, label: str) -> Iterator[Record | Problem]:
    try:
        raw = stream.read(MAX_ARRAY_BYTES + 1)
    except _DAMAGED as err:
        yield _damaged(f"{label}:1", err)
        return
    if len(raw) > MAX_ARRAY_BYTES:
        yield Problem(
            f"{label}:1",
            f"a JSON array document larger than {MAX_ARRAY_BYTES} bytes is not read; "
            "write the export as newline-delimited JSON (one object per line)",
        )
        return
    yield from _array(raw.decode("utf-8", errors="replace"), label)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A line that could not be read whole; ``parse_lines`` reports it at its number."""

    message: str


def _bounded_lines(
    stream: gzip.GzipFile | BufferedReader, end: int | None = None
) -> Iterator[bytes | Unreadable]:
    """The lines of ``stream`` (up to byte ``end``, a line's start, if given), none longer
    than ``MAX_RECORD_BYTES`` held at once.

    An over-long line is drained in bounded pieces and stands as an ``Unreadable``; a
    damaged compressed stream ends with one, so line numbers stay right in both cases.
    """
    while True:
        if end is not None and stream.tell() >= end:
            return
        try:
            line = stream.readline(MAX_RECORD_BYTES + 1)
            if not line:
                return
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                piece = line
                while piece and not piece.endswith(b"\n"):
                    piece = stream.readline(1024 * 1024)
                yield Unreadable(f"record longer than {MAX_RECORD_BYTES} bytes; skipped")
                continue
        except _DAMAGED as err:
            yield Unreadable(_damaged("", err).message)
            return
        yield line


def _block(origins: list[str], texts: list[bytes]) -> bytes:
    """One JSON array: the origins, then the records (each text is one JSON object)."""
    return b"".join((b"[", json.dumps(origins).encode(), b",", b",".join(texts), b"]"))


def _unblock(block: bytes) -> Iterator[tuple[str, Any]]:
    origins, *values = decode(block)
    return zip(origins, values, strict=True)


class _Extendable(Protocol):
    def extend(self, other: Self) -> None: ...


E = TypeVar("E", bound=_Extendable)


def extend_each(mine: dict[str, E], theirs: Mapping[str, E]) -> None:
    """Add each of ``theirs`` after ``mine``'s of the same key (new keys at the end, in
    their order): two parts of one file joined in file order."""
    for key, value in theirs.items():
        kept = mine.get(key)
        if kept is None:
            mine[key] = value
        else:
            kept.extend(value)


class PackedRecords:
    """Records kept as compressed JSON text and parsed again on every pass over them.

    ``add`` (or ``add_text``) every record first (from one thread), then read: each pass
    decompresses and parses one block of about ``block_size`` bytes of text at a time, so a
    reader holds one block's objects, and the store a fraction of the text (the generated
    CAI export of ``bench/gcp_snapshot.py`` compresses 13x). Records read back equal the
    ones added, in order and with their origins; their ``text`` is not kept.
    """

    def __init__(self, block_size: int = BLOCK_SIZE) -> None:
        self._block_size = block_size
        self._blocks: list[bytes] = []
        self._origins: list[str] = []
        self._texts: list[bytes] = []
        self._pending = 0
        self._count = 0

    def add(self, record: Record) -> None:
        """Keep ``record``: its text as read when there is one, else its data re-encoded."""
        self.add_text(record.origin, record.text or json.dumps(record.data).encode())

    def add_text(self, origin: str, text: bytes) -> None:
        """Keep one value given as its JSON text (``encode``); ``values`` reads it back."""
        self._origins.append(origin)
        self._texts.append(text)
        self._pending += len(text)
        self._count += 1
        if self._pending >= self._block_size:
            self.seal()

    def seal(self) -> None:
        """Compress the records not in a block yet (done when a block fills, or at the end)."""
        if self._texts:
            self._blocks.append(zlib.compress(_block(self._origins, self._texts), 1))
            self._origins, self._texts, self._pending = [], [], 0

    def extend(self, other: PackedRecords) -> None:
        """Add ``other``'s records after these (both sealed: nothing pending)."""
        if self._texts or other._texts:
            raise ValueError("seal both stores before extending one with the other")
        self._blocks.extend(other._blocks)
        self._count += other._count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Record]:
        for origin, data in self.items():
            yield Record(origin, data)

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(origin, data) of every record, in order; what iterating gives, minus Records."""
        return self.values()

    def values(self) -> Iterator[tuple[str, Any]]:
        """(origin, value) of everything added, in order (``add_text`` values included)."""
        blocks, origins, texts = list(self._blocks), list(self._origins), list(self._texts)
        for block in blocks:
            yield from _unblock(zlib.decompress(block))
        if texts:
            yield from _unblock(_block(origins, texts))

    @property
    def nbytes(self) -> int:
        """Bytes of text held (compressed blocks plus records not sealed yet)."""
        return sum(map(len, self._blocks)) + self._pending


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
