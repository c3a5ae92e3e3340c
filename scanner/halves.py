"""Reading a large export on two cores: its second half read by a process forked for it.

Reading a snapshot is CPU-bound Python (decode, validate, re-encode, compress every record)
while the second core idles. A newline-delimited export that is neither compressed nor
small is cut at the first line boundary past its middle; a forked child reads the second
half (counting the lines before it for its ``file:line`` origins) while this process reads
the first, and sends back what the provider's ``load`` made of it (packed records and
problems, compressed: a few percent of the text). The results come back in file order, so
what a provider keeps is the same as one process reading the whole file: same records, in
the same order, same origins, same problems.

The child ignores SIGINT and SIGTERM (this process decides), never logs, and ends with
``os._exit``. A child that dies or sends nothing usable is not an error: this process reads
the second half itself. Gzip files and JSON array documents are read whole, in one process
(neither can be cut without reading it). Where ``fork`` is missing or unsafe, likewise.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import structlog

from scanner.forked import fork_supported, usable_cpus
from scanner.snapshot import (
    Problem,
    Record,
    is_plain_lines,
    parse_lines,
    read_records,
    window_lines,
)

log = structlog.get_logger(__name__)

T = TypeVar("T")

#: Files smaller than this are read in one process: the fork would cost more than it saves.
MIN_SPLIT_BYTES = 32 * 1024 * 1024
#: How far past the middle the cut looks for a line boundary before giving up.
_SEARCH = 64 * 1024 * 1024
_LENGTH = struct.Struct("<Q")

Load = Callable[[Iterator[Record | Problem]], T]


def split_point(path: Path, size: int, near: int | None = None) -> int | None:
    """The offset of the first line that starts after byte ``near`` (default: the middle
    of ``path``), or None when none does."""
    middle = size // 2 if near is None else near
    with path.open("rb") as stream:
        stream.seek(middle)
        scanned = 0
        while scanned < _SEARCH:
            chunk = stream.read(1 << 20)
            if not chunk:
                return None
            at = chunk.find(b"\n")
            if at >= 0:
                cut = middle + scanned + at + 1
                return cut if cut < size else None
            scanned += len(chunk)
    return None


def _lines_before(path: Path, offset: int) -> int:
    """Newlines in the first ``offset`` bytes of ``path`` (so: the lines before it)."""
    count, left = 0, offset
    with path.open("rb") as stream:
        while left > 0:
            chunk = stream.read(min(left, 8 << 20))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def _records(
    path: Path, start: int, end: int | None, first_line: int
) -> Iterator[Record | Problem]:
    return parse_lines(window_lines(path, start, end), str(path), first_line)


def read_in_two(path: Path, load: Load[T], *, near: int | None = None) -> list[T]:
    """``load`` over the records of ``path``: ``[load(all)]``, or ``[load(first half),
    load(second half)]`` with the second half read in a forked child (see the module).
    ``near``: cut at the first line after this byte instead of the middle."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    cut = None
    if size >= MIN_SPLIT_BYTES and fork_supported() and usable_cpus() > 1 and is_plain_lines(path):
        cut = split_point(path, size, near)
    if cut is None:
        return [load(read_records(path))]
    began = time.perf_counter()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; what it sends is asserted in the parent
        os.close(read)
        _child(path, cut, load, write)
    os.close(write)
    reaped = False
    try:
        first = load(_records(path, 0, cut, 1))
        payload = _receive(read)
        _pid, status, usage = os.wait4(pid, 0)
        reaped = True
        second: T | None = None
        if payload is not None and os.waitstatus_to_exitcode(status) == 0:
            second = pickle.loads(payload)  # noqa: S301 - our own forked child
        log.info(
            "read.halves",
            cut=cut,
            size=size,
            child_exit=os.waitstatus_to_exitcode(status),
            child_cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
            child_peak_mib=round(usage.ru_maxrss / 1024, 1),
            wall_s=round(time.perf_counter() - began, 3),
        )
        if second is None:
            log.warning(
                "read.half_failed",
                hint="the second half of the file is read in the main process instead",
            )
            second = load(_records(path, cut, None, _lines_before(path, cut) + 1))
        return [first, second]
    finally:
        os.close(read)
        if not reaped:  # interrupted or failed: no orphan left behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _receive(fd: int) -> bytes | None:
    """The child's framed payload, or None if it sent nothing whole."""
    data = bytearray()
    while chunk := os.read(fd, 1 << 20):
        data += chunk
    if len(data) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack_from(data)
    body = bytes(data[_LENGTH.size :])
    return body if len(body) == length else None


def _child(path: Path, cut: int, load: Load[T], fd: int) -> None:  # pragma: no cover
    """Read the second half, send what ``load`` made of it, and exit; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        result = load(_records(path, cut, None, _lines_before(path, cut) + 1))
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_LENGTH.pack(len(payload)) + payload)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:  # noqa: BLE001 - whatever happens, the parent reads it instead
        code = 70
    finally:
        os._exit(code)
