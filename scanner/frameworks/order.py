"""Natural order of control ids: 2.5 before 2.10, A.9 before A.10, CC6.2 before CC6.10."""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(control_id: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key comparing the digit runs of ``control_id`` as numbers, the rest as text."""
    return tuple(
        (0, int(p)) if p.isdigit() else (1, p.lower()) for p in _PARTS.split(control_id) if p
    )
