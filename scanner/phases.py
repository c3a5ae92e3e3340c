"""Wall time, CPU time and memory of each phase of a run, as ``phase.done`` log events.

``complyscan --log-level info --log-format json scan ...`` prints one ``phase.done`` line per
phase (read, collect, evaluate, suppress, write.<format>, summary) with its wall and CPU
seconds, the resident set size at its end and the process's peak so far; ``started`` and
``ended`` (Unix time) let a benchmark match the lines with its own memory samples of the
whole process tree (``bench/cli_scale.py``). The peak of a forked evaluation worker is
reported by the engine itself (``evaluate.worker``). Nothing here changes what a run does.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import structlog

log = structlog.get_logger(__name__)

_PAGE = resource.getpagesize()


def rss_mib() -> float | None:
    """Resident set size of this process now (Linux ``/proc``; None elsewhere)."""
    try:
        with Path("/proc/self/statm").open() as statm:
            return int(statm.read().split()[1]) * _PAGE / 2**20
    except OSError:
        return None


def peak_mib() -> float:
    """Peak resident set size of this process so far (``ru_maxrss``)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS


@contextmanager
def phase(name: str, **fields: object) -> Iterator[None]:
    """Time the block and log ``phase.done`` with ``name`` when it ends (even on error)."""
    started, wall, cpu = time.time(), time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        now = rss_mib()
        log.info(
            "phase.done",
            phase=name,
            wall_s=round(time.perf_counter() - wall, 3),
            cpu_s=round(time.process_time() - cpu, 3),
            rss_mib=None if now is None else round(now, 1),
            peak_mib=round(peak_mib(), 1),
            started=round(started, 3),
            ended=round(time.time(), 3),
            **fields,
        )
