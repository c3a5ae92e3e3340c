"""Verdicts of an offline scan, to prove a faster snapshot path changes none of them.

Usage:
    python bench/snapshot_verdicts.py digest gcp|azure FILE       # per-check digests (JSON)
    python bench/snapshot_verdicts.py compare gcp|azure FILE OLD  # this tree vs tree OLD

``compare`` runs the scan twice on the same export, once with this source tree and once with
another one (``git archive <commit> | tar -x -C OLD``), each in its own process, and compares
the findings one by one in a stable order (check id, resource uid, status, reason). It exits
1 and prints the first differences when any verdict differs.

``tests/test_snapshot_equivalence.py`` keeps the digests of small generated exports, taken
with the code before the snapshot path was made faster, and compares against them.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

Verdict = tuple[str, str, str, str]


def verdicts(provider: str, path: Path) -> list[Verdict]:
    """(check id, resource uid, status, reason) of every finding of a snapshot scan, sorted."""
    from scanner.config import ScanConfig  # noqa: PLC0415 - the tree under test
    from scanner.engine import collect, evaluate  # noqa: PLC0415
    from scanner.log import configure_logging  # noqa: PLC0415
    from scanner.registry import load  # noqa: PLC0415

    configure_logging(json=False, level="critical")
    from providers.azure import PROVIDER as AZURE  # noqa: PLC0415
    from providers.gcp import PROVIDER as GCP  # noqa: PLC0415

    spec: Any = GCP if provider == "gcp" else AZURE
    registry = load().select(provider=provider)
    config = ScanConfig(provider=provider)
    session: Any = spec.open_snapshot(path, config)
    scopes = spec.scopes(session, config)
    inventory = collect(spec, session, scopes, registry.resource_kinds())
    inventory.errors.extend(session.input_errors)
    session.release_inputs()
    findings = evaluate(registry, inventory, account=session.account)
    found = [(f.check_id, f.resource_uid, f.status.value, f.reason) for f in findings]
    # unusable records: where (file:line) and why
    found += [
        ("!error", f"{e.scope} {e.uid}", e.cause, f"{e.resource}: {e.detail}")
        for e in inventory.errors
    ]
    where = str(path)  # an unusable record's finding names it by file:line; the file is neutral
    return sorted(tuple(p.replace(where, "<snapshot>") for p in v) for v in found)  # type: ignore[misc]


def digests(found: list[Verdict]) -> dict[str, dict[str, Any]]:
    """Per check: how many findings and a SHA-256 of them (sorted, one per line)."""
    by_check: dict[str, list[Verdict]] = defaultdict(list)
    for v in found:
        by_check[v[0]].append(v)
    out: dict[str, dict[str, Any]] = {}
    for check, items in sorted(by_check.items()):
        text = "\n".join("\t".join(v) for v in items).encode()
        out[check] = {"count": len(items), "sha256": hashlib.sha256(text).hexdigest()}
    return out


def _in_tree(tree: Path, provider: str, path: Path, out: Path) -> None:
    """Run ``dump`` with ``tree`` first on the import path, in a child process."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "dump", provider, str(path), str(out)], check=True, env=env
    )


def compare(provider: str, path: Path, old_tree: Path) -> int:
    """0 when this tree and ``old_tree`` give the same verdicts on ``path``, else 1."""
    here = Path(__file__).resolve().parents[1]
    results = []
    for tree in (old_tree, here):
        out = path.with_suffix(f".{tree.name}.verdicts.json")
        _in_tree(tree, provider, path, out)
        results.append([tuple(v) for v in json.loads(out.read_text())])
        out.unlink()
    old, new = results
    if old == new:
        print(f"identical: {len(new)} findings")
        return 0
    print(f"DIFFERENT: {len(old)} findings before, {len(new)} after")
    old_set, new_set = set(old), set(new)
    for v in sorted(old_set - new_set)[:10]:
        print("  only before:", v)
    for v in sorted(new_set - old_set)[:10]:
        print("  only after: ", v)
    return 1


def main(argv: list[str]) -> int:
    """Entry point; see the module docstring."""
    if argv[:1] == ["dump"]:
        import scanner  # noqa: PLC0415

        print(f"{argv[1]} verdicts with {Path(scanner.__file__).parents[1]}", file=sys.stderr)
        Path(argv[3]).write_text(json.dumps(verdicts(argv[1], Path(argv[2]))))
        return 0
    if argv[:1] == ["digest"]:
        print(json.dumps(digests(verdicts(argv[1], Path(argv[2]))), indent=1))
        return 0
    if argv[:1] == ["compare"]:
        return compare(argv[1], Path(argv[2]), Path(argv[3]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
