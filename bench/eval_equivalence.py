"""Check: evaluation on several processes gives the findings of one, on a large snapshot.

    python -m bench.eval_equivalence bench-out/g100000.ndjson [--processes 2]
    python -m bench.eval_equivalence FILE --dump rows.tsv     # for another tree: diff them

Reads and collects the export once, evaluates it with one process and with ``--processes``,
and compares every finding in order (check id, resource uid, status, reason). Prints the
counts, the time of each evaluation, and whether they are identical (exit 1 if not).
``--dump`` writes the findings (one line each, tab-separated) of the several-process
run, so the same command under ``PYTHONPATH=<another tree>`` (before a change) can be
compared with ``cmp``. The test suite runs the same comparison on a few thousand assets
(``tests/test_parallel_eval.py``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable
from pathlib import Path

from providers.gcp import PROVIDER, open_snapshot
from scanner.config import ScanConfig
from scanner.engine import collect, evaluate
from scanner.findings import Finding
from scanner.log import configure_logging
from scanner.registry import load


def _rows(findings: Iterable[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.check_id, f.resource_uid, f.status.value, f.reason) for f in findings]


def main() -> int:
    """Compare one process with ``--processes`` on the snapshot given."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--dump", type=Path, help="write the findings here, one per line")
    args = parser.parse_args()
    configure_logging(json=False, level="error")
    registry = load().select(provider="gcp")
    session = open_snapshot(args.snapshot, ScanConfig(provider="gcp"))
    inventory = collect(PROVIDER, session, list(session.scopes), registry.resource_kinds())
    inventory.errors.extend(session.input_errors)
    session.release_inputs()
    timings: dict[str, float] = {}
    rows = {}
    for label, processes in (("one", 1), ("many", args.processes)):
        began = time.perf_counter()
        try:
            findings = evaluate(registry, inventory, account=session.account, processes=processes)
        except TypeError:  # a tree from before ``processes``: one process only
            findings = evaluate(registry, inventory, account=session.account)
        timings[label] = round(time.perf_counter() - began, 2)
        rows[label] = _rows(findings)
    same = rows["one"] == rows["many"]
    if args.dump:
        with args.dump.open("w") as out:
            out.writelines("\t".join(row) + "\n" for row in rows["many"])
    print(
        json.dumps(
            {
                "snapshot": str(args.snapshot),
                "resources": inventory.count(),
                "findings": len(rows["one"]),
                "processes": args.processes,
                "evaluate_s_one_process": timings["one"],
                "evaluate_s_processes": timings["many"],
                "identical": same,
                "sorted": rows["one"] == sorted(rows["one"]),
            }
        )
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
