"""Benchmark: ``complyscan scan --provider gcp|azure --snapshot FILE`` end to end, per phase.

For each size, generates (once) the synthetic Cloud Asset Inventory export of
``bench/gcp_snapshot.py``, then runs the real command under ``/usr/bin/time -v``::

    python -m scanner --log-level info --log-format json scan --provider gcp \\
        --snapshot FILE --format json,sarif --fail-on none --output-dir OUT

and reads its ``phase.done`` log events (``scanner/phases.py``: read, collect, evaluate,
suppress, write.<format>, summary). Meanwhile it samples the memory of the whole process tree
(the command and any worker it forks) every ``--interval`` seconds: the sum of RSS (pages
shared copy-on-write counted in every process that maps them: an upper bound) and the sum
of PSS (shared pages split between the processes: what the machine actually spends). Each
phase gets the peak of the samples taken while it ran. Usage::

    python -m bench.cli_scale --sizes 100000,300000 [--formats json,sarif] [--json]
    python -m bench.cli_scale --sizes 100000 --pythonpath /tmp/before   # another tree
    python -m bench.cli_scale --provider azure --sizes 1000000          # a Resource Graph export

``--pythonpath`` runs another source tree (``git archive REV | tar -x -C DIR``) with this
interpreter, for before/after figures from one machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.azure_snapshot import generate as azure_generate
from bench.gcp_snapshot import generate

_KIB = re.compile(r"^(\w+):\s+(\d+) kB$", re.MULTILINE)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _tree(root: int) -> list[int]:
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_children(pid))
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) once it is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = {k: int(v) for k, v in _KIB.findall(text)}
    return fields.get("Rss", 0), fields.get("Pss", 0)


@dataclass
class Sampler:
    """Samples (time, processes, sum RSS, sum PSS) of a process tree in a thread."""

    root: int
    interval: float
    samples: list[tuple[float, int, int, int]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        """Sample until stopped."""
        while not self._stop.is_set():
            # /usr/bin/time itself is tiny: measure what it runs
            pids = [p for p in _tree(self.root) if p != self.root]
            mem = [_memory(p) for p in pids]
            live = sum(1 for rss, _ in mem if rss)
            self.samples.append((time.time(), live, sum(r for r, _ in mem), sum(p for _, p in mem)))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()

    def peak(self, start: float, end: float) -> tuple[int, int, int]:
        """Peak (sum RSS MiB, sum PSS MiB, most processes) of the samples in [start, end]."""
        inside = [s for s in self.samples if start <= s[0] <= end] or [
            min(self.samples, key=lambda s: abs(s[0] - end))
        ]
        return (
            max(s[2] for s in inside) // 1024,
            max(s[3] for s in inside) // 1024,
            max(s[1] for s in inside),
        )


def _uptime() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def _time_v(text: str) -> dict[str, Any]:
    wanted = {
        "Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall",
        "User time (seconds)": "user_s",
        "System time (seconds)": "sys_s",
        "Maximum resident set size (kbytes)": "maxrss_kib",
        "Exit status": "exit",
    }
    out: dict[str, Any] = {}
    for line in text.splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key in wanted:
            out[wanted[key]] = value
    wall = out.get("wall", "0:0")
    parts = [float(p) for p in wall.split(":")]
    out["wall_s"] = round(sum(p * 60**i for i, p in enumerate(reversed(parts))), 2)
    return out


def run_one(
    snapshot: Path, formats: str, pythonpath: str | None, interval: float, provider: str = "gcp"
) -> dict[str, Any]:
    """Run the command once on ``snapshot``; figures as a dict."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    with tempfile.TemporaryDirectory(prefix="cli-scale-") as tmp:
        out_dir = Path(tmp) / "out"
        cmd = [
            "/usr/bin/time",
            "-v",
            sys.executable,
            "-m",
            "scanner",
            "--log-level",
            "info",
            "--log-format",
            "json",
            "scan",
            "--provider",
            provider,
            "--snapshot",
            str(snapshot),
            "--format",
            formats,
            "--fail-on",
            "none",
            "--output-dir",
            str(out_dir),
        ]
        load_before = _uptime()
        with (Path(tmp) / "stderr").open("w+") as err, (Path(tmp) / "stdout").open("w+") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)  # noqa: S603
            sampler = Sampler(proc.pid, interval)
            thread = threading.Thread(target=sampler.run, daemon=True)
            thread.start()
            proc.wait()
            sampler.stop()
            thread.join()
            err.seek(0)
            stderr = err.read()
        sizes = {p.name: p.stat().st_size for p in out_dir.iterdir()} if out_dir.exists() else {}
    phases: dict[str, dict[str, Any]] = {}
    extra: list[dict[str, Any]] = []
    for line in stderr.splitlines():
        if not line.startswith("{"):
            continue
        event = json.loads(line)
        if event.get("event") == "phase.done":
            rss, pss, procs = sampler.peak(event["started"], event["ended"])
            phases[event["phase"]] = {
                "wall_s": event["wall_s"],
                "cpu_s": event["cpu_s"],
                "tree_rss_peak_mib": rss,
                "tree_pss_peak_mib": pss,
                "processes": procs,
            }
        elif event.get("event") in {"evaluate.worker", "evaluate.split", "read.halves"}:
            extra.append({k: v for k, v in event.items() if k not in {"timestamp", "level"}})
    all_rss = max((s[2] for s in sampler.samples), default=0) // 1024
    all_pss = max((s[3] for s in sampler.samples), default=0) // 1024
    return {
        "snapshot": str(snapshot),
        "formats": formats,
        "load_before": load_before,
        "load_after": _uptime(),
        "time": _time_v(stderr),
        "tree_rss_peak_mib": all_rss,
        "tree_pss_peak_mib": all_pss,
        "phases": phases,
        "workers": extra,
        "files": sizes,
    }


def _table(size: int, row: dict[str, Any]) -> str:
    lines = [
        f"{size:,} assets  wall {row['time']['wall_s']} s  user {row['time'].get('user_s')} s  "
        f"maxrss(time -v) {int(row['time'].get('maxrss_kib', 0)) // 1024} MiB  "
        f"tree peak RSS {row['tree_rss_peak_mib']} / PSS {row['tree_pss_peak_mib']} MiB  "
        f"load {row['load_before']} -> {row['load_after']}",
        f"  {'phase':<12} {'wall s':>8} {'cpu s':>8} {'RSS MiB':>8} {'PSS MiB':>8} {'procs':>5}",
    ]
    for name, p in row["phases"].items():
        lines.append(
            f"  {name:<12} {p['wall_s']:>8} {p['cpu_s']:>8} {p['tree_rss_peak_mib']:>8} "
            f"{p['tree_pss_peak_mib']:>8} {p['processes']:>5}"
        )
    lines.extend(f"  {w}" for w in row["workers"])
    lines.append(f"  files: {row['files']}")
    return "\n".join(lines)


def main() -> None:
    """Generate the snapshots that are missing, run each size once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--formats", default="json,sarif")
    parser.add_argument("--snapshots", default="bench-out", help="where the exports are kept")
    parser.add_argument("--pythonpath", help="run the source tree in this directory")
    parser.add_argument("--interval", type=float, default=0.25, help="memory sampling, s")
    parser.add_argument("--json", action="store_true", help="one JSON object per size")
    parser.add_argument(
        "--provider",
        choices=("gcp", "azure"),
        default="gcp",
        help="gcp: a Cloud Asset Inventory export (bench/gcp_snapshot.py, gN.ndjson); azure: "
        "a Resource Graph export, N rows (bench/azure_snapshot.py, aN.ndjson)",
    )
    args = parser.parse_args()
    folder = Path(args.snapshots)
    folder.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        snapshot = folder / f"{args.provider[0]}{size}.ndjson"
        if not snapshot.exists():
            if args.provider == "azure":
                azure_generate(size, snapshot)
            else:
                generate(size, snapshot)
        row = run_one(snapshot, args.formats, args.pythonpath, args.interval, args.provider)
        row["assets"] = size
        print(json.dumps(row) if args.json else _table(size, row), flush=True)


if __name__ == "__main__":
    main()
