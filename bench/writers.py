"""Report writers at scale: size, wall time and peak RSS of each format on one scan.

Scans a Cloud Asset Inventory export once (as ``complyscan scan --snapshot`` does), then
writes each format in a forked child, so every writer starts from the same scanned state
and its peak is its own: a child's peak RSS counts the pages it shares with the parent, so
it is what ``complyscan scan --format FMT`` would peak at, give or take the other writers::

    python bench/gcp_snapshot.py generate 100000 /tmp/g.ndjson
    python bench/writers.py /tmp/g.ndjson                      # every format
    python bench/writers.py /tmp/g.ndjson --formats json,ocsf --keep /tmp/out

Prints one JSON line: the scan's seconds and RSS, then per format the writer's wall seconds,
the file's bytes, the child's CPU seconds (user + system: the steadier figure on a loaded
machine) and its peak RSS (MiB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FORMATS = ("json", "sarif", "ocsf", "csv", "html", "markdown")


def _rss_mib() -> float:
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _child(result: Any, fmt: str, out: Path, pipe: int) -> None:
    from scanner.outputs import write_outputs  # noqa: PLC0415 - after fork

    began = time.perf_counter()
    if os.environ.get("WRITERS_PROFILE"):  # top functions of this writer, to stderr
        import cProfile  # noqa: PLC0415
        import pstats  # noqa: PLC0415

        with cProfile.Profile() as prof:
            written = write_outputs(result, out, (fmt,))
        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    else:
        written = write_outputs(result, out, (fmt,))
    took = time.perf_counter() - began
    os.write(pipe, json.dumps({"s": round(took, 2), "bytes": written[fmt].stat().st_size}).encode())
    os._exit(0)


def run(path: Path, formats: list[str], keep: Path | None) -> dict[str, Any]:
    """Scan ``path`` once, then write each of ``formats`` in a child of its own."""
    from providers.gcp import PROVIDER, open_snapshot  # noqa: PLC0415 - timed imports
    from scanner.config import ScanConfig  # noqa: PLC0415
    from scanner.engine import run_scan  # noqa: PLC0415
    from scanner.log import configure_logging  # noqa: PLC0415
    from scanner.registry import load  # noqa: PLC0415

    configure_logging(json=False, level="error")
    began = time.perf_counter()
    session = open_snapshot(path, ScanConfig(provider="gcp"))
    registry = load().select(provider="gcp")
    result = run_scan(PROVIDER, session, registry, PROVIDER.scopes(session, ScanConfig()))
    stats: dict[str, Any] = {
        "assets": sum(1 for _ in path.open()),
        "findings": len(result.findings),
        "scan_s": round(time.perf_counter() - began, 1),
        "scan_rss_mib": round(_rss_mib()),
        "scan_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    with tempfile.TemporaryDirectory() as tmp:
        base = keep or Path(tmp)
        for fmt in formats:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _child(result, fmt, base / fmt, write)
            os.close(write)
            _, status, usage = os.wait4(pid, 0)
            with os.fdopen(read) as fh:
                got = fh.read()
            if status or not got:
                stats[fmt] = {"failed": status}
                continue
            stats[fmt] = {
                **json.loads(got),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                "peak_mib": round(usage.ru_maxrss / 1024),
            }
    return stats


def main(argv: list[str]) -> int:
    """Entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--keep", type=Path, help="write the reports here (else a temp dir)")
    args = parser.parse_args(argv)
    stats = run(args.snapshot, args.formats.split(","), args.keep)
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
