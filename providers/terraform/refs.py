"""Which resource of the plan an expression's references name, as ``TerraformSession.joined``
decides it (same module instance; an explicit index must match, else the only instance or
the one with the same ``count``/``for_each`` key), for joins that are not one top-level
attribute pointing at the owner (nested blocks, chains such as route -> peering -> VPC)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession

_OBJECT = re.compile(r"^([a-z0-9_]+\.[a-z0-9_-]+(?:\[[^\]]*\])?)")
_INDEX = re.compile(r"\[[^\]]*\]")


def names(refs: Iterable[str], target: Planned, me: Planned) -> bool:
    """``refs`` (from ``me``'s configuration) name ``target``."""
    if target.module != me.module:
        return False
    base = _INDEX.sub("", target.local_address)
    objects = {m.group(1) for m in map(_OBJECT.match, refs) if m is not None}
    explicit = {o for o in objects if "[" in o and _INDEX.sub("", o) == base}
    if explicit:
        return target.local_address in explicit
    if base not in objects:
        return False
    return target.index is None or target.index == me.index


def named(
    session: TerraformSession, me: Planned, refs: Iterable[str], *types: str
) -> Planned | None:
    """The resource of ``types`` that ``refs`` name, if the plan holds it."""
    listed = list(refs)
    return next((o for o in session.all_of(*types) if names(listed, o, me)), None)
