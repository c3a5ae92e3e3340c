"""mutmut 2 hooks for ``bench/mutation.sh`` (copied to the work copy's root as mutmut_config.py).

``pre_mutation`` does two things before each mutant is tested:

1. Runs only the check tests that exercise the mutated module (``bench.mutation.tests_for``),
   so a mutant costs one short pytest process instead of the whole suite.
2. Skips two kinds of mutant that cannot change a verdict, so the score measures verdicts:
   - anything inside a ``@check(...)`` decorator (id, title, severity, controls, providers:
     metadata that the registry validates against the catalogs and that
     tests/test_registry_lint.py covers; mutmut would also delete the decorator), and the
     same metadata keywords passed to a check factory such as ``public_port_check``, and
     control references (``"cis-aws:6.3"``) wherever they are spelled;
   - the text of a reason: strings and f-strings inside ``passed(...)``, ``failed(...)``,
     ``unknown(...)``, ``not_applicable(...)``, the ``on=``/``off=``/``unread=`` messages of
     ``setting(...)``, log calls, and module-level prose (shared remediation text). A
     reason is what the finding says, not what it decides.
   Every other mutant (comparisons, numbers, booleans, None, and/or, strings that are compared
   with what a provider returned) is run.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import mutmut  # type: ignore[import-untyped]

from bench.mutation import tests_for

MESSAGE_CALLS = frozenset({"passed", "failed", "unknown", "not_applicable"})
MESSAGE_KEYWORDS = frozenset({"on", "off", "unread"})
# keyword arguments that carry check metadata when a factory (public_port_check, ...) builds a
# check without the decorator syntax
METADATA_KEYWORDS = frozenset(
    {"id", "title", "severity", "controls", "providers", "rationale", "remediation", "name"}
    | {"module", "doc"}
)
# the stack is read after the replay, so the literal already carries mutmut's "XX"
CONTROL_REF = re.compile(r"[\"'](?:XX)?[a-z0-9.-]+:[A-Za-z0-9.()-]+?(?:XX)?[\"']")
LOGGERS = frozenset({"log", "logger", "_log"})
# mutmut 2 counts a mutant as killed only when the test command exits with 1; pytest exits
# with 2 when a mutant breaks an import (collection error), so any failure is folded into 1
PYTEST = (
    "python -m pytest -x -q --noconftest -p no:randomly -p no:cacheprovider -p no:xdist"
    " -p no:hypothesispytest"
)
TEST_COMMAND = "sh -c '" + PYTEST + " {tests} || exit 1'"

# (context being replayed, stacks seen at its mutation point); one replay at a time
_capture: list[tuple[Any, list[list[Any]]]] = []


def pre_mutation_ast(context: Any) -> None:
    """Record the parse-tree stack of the mutant being replayed by ``_stack``."""
    for replayed, stacks in _capture:
        if context is replayed and context.mutation_id == context.mutation_id_of_current_index:
            stacks.append(list(context.stack))


def _replay(source: str, filename: str, mutation_id: Any) -> list[Any]:
    """Apply one mutant to ``source`` again and return the parse-tree stack at its node."""
    ctx = mutmut.Context(source=source, mutation_id=mutation_id, filename=filename)
    stacks: list[list[Any]] = []
    hooks = mutmut.mutmut_config
    mutmut.mutmut_config = sys.modules[__name__]  # mutmut calls pre_mutation_ast through it
    _capture.append((ctx, stacks))
    try:
        mutmut.mutate(ctx)
    finally:
        _capture.clear()
        mutmut.mutmut_config = hooks
    return stacks[0] if stacks else []


def _stack(filename: str, mutation_id: Any) -> list[Any]:
    return _replay(Path(filename).read_text(encoding="utf-8"), filename, mutation_id)


def _called_name(node: Any) -> str | None:
    """``f`` for a call node ``f(...)`` or ``a.f(...)``'s receiver ``a``."""
    if node.type not in ("atom_expr", "power") or len(node.children) < 2:
        return None
    first = node.children[0]
    return first.value if first.type == "name" else None


def _keyword(node: Any) -> str | None:
    """``k`` for a keyword argument node ``k=value``."""
    if node.type != "argument" or node.children[0].type != "name":
        return None
    return str(node.children[0].value)


def why_skip(stack: list[Any]) -> str | None:  # noqa: PLR0911 (one return per reason)
    """Why a mutant with this parse-tree stack cannot change a verdict (None: run it)."""
    if any(node.type == "decorator" or _keyword(node) in METADATA_KEYWORDS for node in stack):
        return "check metadata"
    if not stack or stack[-1].type not in ("string", "fstring", "fstring_string"):
        return None
    text = stack[-1].get_code().strip()
    if CONTROL_REF.fullmatch(text):
        return "check metadata"
    if stack[0].type == "simple_stmt" and " " in text:
        return "reason text"  # module-level prose: shared remediation or rationale text
    for node in stack:
        name = _called_name(node)
        if name in MESSAGE_CALLS or name in LOGGERS:
            return "reason text"
        if _keyword(node) in MESSAGE_KEYWORDS:
            return "reason text"
    return None


@cache
def _command(filename: str) -> str:
    return TEST_COMMAND.format(tests=" ".join(tests_for(filename)))


def pre_mutation(context: Any) -> None:
    """Choose the tests for the mutated module; skip metadata and reason-text mutants."""
    if why_skip(_stack(context.filename, context.mutation_id)):
        context.skip = True
        return
    context.config.test_command = _command(context.filename)
