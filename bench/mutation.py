"""Mutation testing of the AWS checks with mutmut 2 (driven by ``bench/mutation.sh``).

Not part of CI: one mutant costs one pytest process. Three commands:

- ``modules``: the ``checks/`` files that declare a check running on AWS, plus the shared
  helpers in ``checks/_common.py``, one path a line.
- ``tests PATH``: the fast check tests (``tests/checks``, model level, no moto) that exercise
  the module at PATH: the files that import it or name one of its check ids. Used by
  ``bench/mutmut_config.py`` so each mutant runs only the tests that can kill it.
- ``report [CACHE]``: killed / survived / timeout / skipped per module from mutmut's cache, and
  the diff of every surviving or timed-out mutant.

Why mutmut 2 and not mutmut 3: mutmut 3 never mutates a decorated function (its trampolines
cannot wrap one), and every check is a function decorated with ``@check``; mutmut 3 would only
mutate the undecorated helpers. mutmut 2 rewrites the file in place, decorators or not.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

import mutmut  # type: ignore[import-untyped]

from scanner.registry import load

ROOT = Path(__file__).resolve().parent.parent
CHECK_TESTS = ROOT / "tests" / "checks"
COMMON = "checks/_common.py"
STATUSES = ("ok_killed", "bad_survived", "bad_timeout", "ok_suspicious", "skipped", "untested")


def _aws_checks() -> dict[str, list[str]]:
    """Check module path -> ids of its checks that run on AWS."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for chk in load():
        if "aws" in chk.providers:
            by_module[chk.module.replace(".", "/") + ".py"].append(chk.id)
    return dict(sorted(by_module.items()))


def modules() -> list[str]:
    """Paths (relative to the repository) of the AWS check modules and their shared helpers."""
    return [COMMON, *_aws_checks()]


def tests_for(path: str) -> list[str]:
    """Check test files that import the module at ``path`` or name one of its check ids."""
    if path == COMMON:
        return ["tests/checks"]
    dotted = path.removesuffix(".py").replace("/", ".")
    package, _, name = dotted.rpartition(".")
    ids = _aws_checks().get(path, [])
    patterns = [re.escape(dotted) + r"\b", rf"from {re.escape(package)} import [^\n]*\b{name}\b"]
    patterns += [rf"[\"']{re.escape(i)}[\"']" for i in ids]
    wanted = re.compile("|".join(patterns))
    found = sorted(
        str(p.relative_to(ROOT))
        for p in CHECK_TESTS.rglob("test_*.py")
        if wanted.search(p.read_text(encoding="utf-8"))
    )
    return found or ["tests/checks"]


def _mutant_diff(root: Path, filename: str, line_number: int, index: int, line: str) -> str:
    source = (root / filename).read_text(encoding="utf-8")
    mid = mutmut.RelativeMutationID(line=line, index=index, line_number=line_number)
    ctx = mutmut.Context(source=source, mutation_id=mid, filename=filename, dict_synonyms=[])
    mutated, _ = mutmut.mutate(ctx)
    diff = difflib.unified_diff(
        source.splitlines(), mutated.splitlines(), filename, filename, n=0, lineterm=""
    )
    return "\n".join(list(diff)[2:])


def report(cache: str) -> str:
    """Per-module counts and the diff of every survivor, from mutmut's cache (the sources are
    read next to the cache, in the copy mutmut ran in)."""
    con = sqlite3.connect(cache)
    rows = con.execute(
        'SELECT s.filename, l.line_number, l.line, m."index", m.status FROM mutant m '
        "JOIN line l ON m.line = l.id JOIN sourcefile s ON l.sourcefile = s.id "
        'ORDER BY s.filename, l.line_number, m."index"'
    ).fetchall()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for filename, line_number, line, index, status in rows:
        counts[filename][status] += 1
        if status in ("bad_survived", "bad_timeout"):
            diff = _mutant_diff(Path(cache).parent, filename, line_number, index, line)
            survivors.append(f"## {status} {filename}:{line_number + 1} #{index}\n{diff}")
    head = "module | killed | survived | timeout | suspicious | skipped | untested | score"
    lines = [head, "|".join(["---"] * 8)]
    total: Counter[str] = Counter()
    for filename, c in sorted(counts.items()):
        total.update(c)
        lines.append(_row(filename, c))
    lines.append(_row("TOTAL", total))
    return "\n".join([*lines, "", *survivors])


def _row(name: str, c: Counter[str]) -> str:
    tested = c["ok_killed"] + c["bad_survived"] + c["bad_timeout"] + c["ok_suspicious"]
    # a timeout or a slow-but-failing ("suspicious") test run kills the mutant too
    killed = c["ok_killed"] + c["bad_timeout"] + c["ok_suspicious"]
    score = f"{100 * killed / tested:.1f}%" if tested else "-"
    cells = [c[s] for s in STATUSES]
    return " | ".join([name, *map(str, cells), score])


def main(argv: list[str]) -> int:
    """CLI entry: ``modules`` | ``tests PATH`` | ``report [CACHE]``."""
    if argv[:1] == ["modules"]:
        print("\n".join(modules()))
    elif argv[:1] == ["tests"] and len(argv) == 2:
        print(" ".join(tests_for(argv[1])))
    elif argv[:1] == ["report"]:
        print(report(argv[1] if len(argv) > 1 else ".mutmut-cache"))
    else:
        print("usage: python -m bench.mutation modules | tests PATH | report [CACHE]")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
