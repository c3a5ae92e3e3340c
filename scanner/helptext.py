"""Human metavars in ``--help``: ``--region REGION[,...]``, never ``<list[str]>``.

Typer 0.29 labels an option's value with its Python type (``<str>``, ``<list[str]>``,
``<int>``). ``HumanGroup`` (the ``cls`` of every Typer app in the CLI) gives each option and
argument that has no metavar of its own one named after it, when the command is built.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup


def human_metavars(command: Any) -> None:
    """Name the value of every option/argument of ``command`` (and its subcommands).

    Duck-typed: Typer builds its commands on its own copy of click's classes.
    """
    for sub in getattr(command, "commands", {}).values():
        human_metavars(sub)
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        if getattr(param, "count", False):
            continue
        longs = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
        name = (longs[0][2:] if longs else param.name or "value").upper().replace("-", "_")
        repeatable = getattr(param, "multiple", False)
        param.metavar = f"{name}[,...]" if repeatable else name


class HumanGroup(TyperGroup):
    """A Typer group whose commands show human metavars in ``--help``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        human_metavars(self)
