"""Evaluating checks on every core: the work split across processes forked after collection.

Checks are pure, CPU-bound Python, so threads only contend for the GIL; processes do not.
Once the inventory is collected, :func:`evaluate_columns` forks ``processes - 1`` workers.
Each process evaluates every check on its own slice of each check's resources (the parent
the first slice, worker ``k`` the ``k``-th): a resource is read by one process only, so a
worker copies (copy-on-write) mostly the pages of its own slice (pages mix objects of
neighbouring resources: measured, 927 MiB of a 1.6 GiB process at 1M resources, see
bench/README.md), and the slices take about as long as each other. A worker sends its
verdicts back through a pipe as compact columns (one byte per status, a table of distinct
reasons and an index per verdict), plus one byte per check finished, which the parent turns
into progress. The cyclic garbage collector stays off in a worker (evaluation runs with it
paused), so no collection walks, and so copies, the inherited heap; only the pages a worker
reads are copied (reading an object updates its reference count), which the
``evaluate.worker`` log event reports (``end_private_dirty_mib``).

The parent owns every decision: workers ignore SIGINT and SIGTERM (the parent's stop and
Ctrl-C handling stays as it is), never log (a check that crashes in a worker is logged by
the parent) and end with ``os._exit``. A worker that dies or sends nothing usable is not an
error: the parent evaluates its slice itself, so the findings are the same in every case.
Where ``fork`` is missing or unsafe (Windows, macOS) everything runs in one process.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog

from scanner.findings import Result, Status
from scanner.model.base import Resource
from scanner.registry import Check

log = structlog.get_logger(__name__)

#: Below this many (check x resource) evaluations a fork costs more than it saves.
MIN_PARALLEL = 100_000
#: The default number of processes: both cores of the machine this was measured on; more
#: processes copy more of the inventory (each its own slice) for less and less gain.
MAX_PROCESSES = 2

_STATUSES = tuple(Status)
_CODE = {s: i for i, s in enumerate(_STATUSES)}
_HEADER = struct.Struct("<cQ")

#: One check's verdicts on a slice of its resources: statuses and (interned) reasons.
Columns = tuple[list[Status], list[str]]
#: (check id, resource uid, exception text) of a check that crashed in a worker.
Crash = tuple[str, str, str]
#: on_crash(check, resource, exception) is called when a check raises.
OnCrash = Callable[[Check[Any], Resource, BaseException], None]
#: progress(done, label): ``done`` checks finished in every process, the last one's label.
Tick = Callable[[int, str], None]


@dataclass(frozen=True)
class Unit:
    """One check and the resources it runs on (sorted by uid, filtered by provider)."""

    check: Check[Any]
    resources: Sequence[Resource]


def fork_supported() -> bool:
    """Whether this platform forks safely (Linux; macOS system libraries do not)."""
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask: a container's share)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def processes_for(evaluations: int, wanted: int | None) -> int:
    """How many processes evaluate: ``wanted`` if given (1 where fork is unsupported),
    else up to ``MAX_PROCESSES`` CPUs once there are ``MIN_PARALLEL`` evaluations."""
    if not fork_supported():
        return 1
    if wanted is not None:
        return max(1, wanted)
    if evaluations < MIN_PARALLEL:
        return 1
    return max(1, min(MAX_PROCESSES, usable_cpus()))


def run_check(check: Check[Any], resources: Sequence[Resource], on_crash: OnCrash) -> Columns:
    """``check`` on each of ``resources``: a crash is an ERROR verdict, reported to
    ``on_crash``. The hot loop of a scan; reasons are interned (most repeat)."""
    results: list[Result] = []
    append = results.append
    for res in resources:
        try:
            append(check(res))
        except Exception as err:  # noqa: BLE001 - engine boundary: a crashing check is an ERROR finding, reported to on_crash
            on_crash(check, res, err)
            append(Result(status=Status.ERROR, reason=f"check crashed: {type(err).__name__}"))
    intern = sys.intern
    return [r.status for r in results], [intern(r.reason) for r in results]


def _slice(resources: Sequence[Resource], k: int, processes: int) -> Sequence[Resource]:
    n = len(resources)
    return resources[k * n // processes : (k + 1) * n // processes]


# -- the worker -----------------------------------------------------------------------------


def _encode(columns: Columns) -> tuple[bytes, tuple[str, ...], bytes, str]:
    """Statuses as one byte each; reasons as a table and an index per verdict."""
    statuses, reasons = columns
    table: dict[str, int] = {}
    index = [table.setdefault(r, len(table)) for r in reasons]
    code = "H" if len(table) < 2**16 else "I"
    return bytes([_CODE[s] for s in statuses]), tuple(table), array(code, index).tobytes(), code


def _decode(encoded: tuple[bytes, tuple[str, ...], bytes, str]) -> Columns:
    codes, table, index, code = encoded
    reasons = tuple(sys.intern(r) for r in table)
    return (
        list(map(_STATUSES.__getitem__, codes)),
        list(map(reasons.__getitem__, array(code, index))),
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _own_memory() -> dict[str, float]:
    """This process's RSS, PSS and private (copied or new) memory in MiB, where Linux says."""
    try:
        with open("/proc/self/smaps_rollup") as rollup:
            text = rollup.read()
    except OSError:
        return {}
    kib = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name in {"Rss", "Pss", "Private_Dirty"} and value.strip().endswith("kB"):
            kib[name] = int(value.split()[0])
    return {f"{k.lower()}_mib": round(v / 1024, 1) for k, v in kib.items()}


def _worker(units: Sequence[Unit], k: int, processes: int, fd: int) -> None:
    """Evaluate slice ``k`` of every unit and send it to the parent; never returns."""
    code = 0
    try:
        # no cyclic collection may walk (and so copy) the inherited heap: evaluation runs
        # with the collector paused already; say so here too, whoever calls
        gc.disable()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        crashes: list[Crash] = []

        def crashed(check: Check[Any], res: Resource, err: BaseException) -> None:
            text = "".join(traceback.format_exception(err))
            crashes.append((check.id, res.uid, text))

        out = []
        for unit in units:
            out.append(
                _encode(run_check(unit.check, _slice(unit.resources, k, processes), crashed))
            )
            _write_all(fd, b".")
        payload = pickle.dumps((out, crashes, _own_memory()), protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(fd, _HEADER.pack(b"R", len(payload)) + payload)
    except BaseException as err:  # noqa: BLE001 - whatever happens, tell the parent and exit
        code = 70
        try:
            text = f"{type(err).__name__}: {err}".encode(errors="replace")[:4096]
            _write_all(fd, _HEADER.pack(b"E", len(text)) + text)
        except BaseException:  # noqa: BLE001, S110 - the parent falls back anyway
            pass
    finally:
        os._exit(code)


# -- the parent -----------------------------------------------------------------------------


@dataclass
class _Child:
    """A forked worker as the parent sees it."""

    k: int
    pid: int
    fd: int
    started: float
    buffer: bytearray = field(default_factory=bytearray)
    ticks: int = 0
    closed: bool = False
    result: tuple[list[Any], list[Crash], dict[str, float]] | None = None
    error: str = ""

    def feed(self, data: bytes) -> None:
        """Take what the worker wrote: progress bytes, then one framed result."""
        if not data:
            self.closed = True
        self.buffer += data
        while self.buffer[:1] == b".":
            dots = len(self.buffer) - len(self.buffer.lstrip(b"."))
            self.ticks += dots
            del self.buffer[:dots]
        if len(self.buffer) >= _HEADER.size and self.result is None and not self.error:
            kind, size = _HEADER.unpack_from(self.buffer)
            if len(self.buffer) >= _HEADER.size + size:
                body = bytes(self.buffer[_HEADER.size : _HEADER.size + size])
                self.buffer.clear()
                if kind == b"R":
                    self.result = pickle.loads(body)  # noqa: S301 - our own forked child
                else:
                    self.error = body.decode(errors="replace")


def _pump(children: list[_Child], timeout: float) -> None:
    """Read whatever the workers have written (waiting up to ``timeout`` seconds)."""
    open_ = {c.fd: c for c in children if not c.closed}
    if not open_:
        return
    ready, _, _ = select.select(list(open_), [], [], timeout)
    for fd in ready:
        open_[fd].feed(os.read(fd, 1 << 20))


def _reap(child: _Child, kill: bool) -> None:
    """Wait for a worker (killing it first if asked) and log what it cost."""
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
    try:
        _pid, status, usage = os.wait4(child.pid, 0)
    except ChildProcessError:
        return
    finally:
        os.close(child.fd)
    log.info(
        "evaluate.worker",
        worker=child.k,
        pid=child.pid,
        exit=os.waitstatus_to_exitcode(status),
        wall_s=round(time.perf_counter() - child.started, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        peak_mib=round(usage.ru_maxrss / 1024, 1),
        # at its end: what it copied from the parent (copy-on-write) or allocated itself
        **{f"end_{k}": v for k, v in (child.result[2] if child.result else {}).items()},
        error=child.error or None,
    )


def _fork(units: Sequence[Unit], k: int, processes: int) -> _Child:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the worker; its verdicts are asserted in the parent
        os.close(read)
        _worker(units, k, processes, write)
    os.close(write)
    return _Child(k=k, pid=pid, fd=read, started=time.perf_counter())


def evaluate_columns(
    units: Sequence[Unit], processes: int, on_crash: OnCrash, tick: Tick | None = None
) -> list[Columns]:
    """Every unit's verdicts, in order, computed by ``processes`` processes."""
    if processes <= 1:
        out = []
        for n, unit in enumerate(units, 1):
            out.append(run_check(unit.check, unit.resources, on_crash))
            if tick:
                tick(n, f"evaluating {unit.check.id}")
        return out
    children: list[_Child] = []
    try:
        children = [_fork(units, k, processes) for k in range(1, processes)]
        mine: list[Columns] = []
        for unit in units:
            mine.append(run_check(unit.check, _slice(unit.resources, 0, processes), on_crash))
            _pump(children, 0)
            _progress(tick, units, len(mine), children, processes)
        while any(not c.closed for c in children):
            _pump(children, 0.2)
            _progress(tick, units, len(mine), children, processes)
        for child in children:
            _reap(child, kill=False)
        slices = [mine, *(_theirs(c, units, processes, on_crash) for c in children)]
        children = []
    finally:
        for child in children:  # interrupted (a second Ctrl-C) or failed: no orphan left
            _reap(child, kill=True)
    chain = itertools.chain.from_iterable
    return [
        (list(chain(part[n][0] for part in slices)), list(chain(part[n][1] for part in slices)))
        for n in range(len(units))
    ]


def _progress(
    tick: Tick | None, units: Sequence[Unit], mine: int, children: list[_Child], processes: int
) -> None:
    if tick is None or not units:
        return
    done = (mine + sum(min(c.ticks, len(units)) for c in children)) // processes
    tick(done, f"evaluating {units[max(0, min(mine, len(units)) - 1)].check.id}")


def _theirs(
    child: _Child, units: Sequence[Unit], processes: int, on_crash: OnCrash
) -> list[Columns]:
    """A worker's slices, decoded; evaluated here instead if it did not deliver them."""
    if child.result is not None and len(child.result[0]) == len(units):
        encoded, crashes, _memory = child.result
        for check_id, uid, text in crashes:
            log.error("check.crashed", check=check_id, uid=uid, worker=child.k, exception=text)
        return [_decode(e) for e in encoded]
    log.warning(
        "evaluate.worker_failed",
        worker=child.k,
        error=child.error or "no result",
        hint="its share is evaluated in the main process instead",
    )
    return [run_check(u.check, _slice(u.resources, child.k, processes), on_crash) for u in units]
