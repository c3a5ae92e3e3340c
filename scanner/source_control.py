"""Command-line helpers for source-control scans (GitHub): the audit window and ``--org ORG``.

Kept out of ``scanner.cli`` so the wiring there stays a few lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from scanner.errors import ConfigError
from scanner.trend import since_cutoff

SOURCE_CONTROL_PROVIDERS = frozenset({"github"})


def _provider_of(args: Sequence[str]) -> str | None:
    for n, arg in enumerate(args):
        if arg == "--provider" and n + 1 < len(args):
            return args[n + 1]
        if arg.startswith("--provider="):
            return arg.partition("=")[2]
    return None


def org_argument(args: Sequence[str]) -> list[str]:
    """``--org ORG`` means the organisation to scan for GitHub (``--owner ORG``); for AWS
    ``--org`` stays a flag (every member account)."""
    out = list(args)
    if _provider_of(out) not in SOURCE_CONTROL_PROVIDERS:
        return out
    for n, arg in enumerate(out):
        if arg.startswith("--org="):
            out[n] = "--owner=" + arg.partition("=")[2]
        elif arg == "--org" and n + 1 < len(out) and not out[n + 1].startswith("-"):
            out[n] = "--owner"
    return out


def _date(text: str, flag: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as err:
        raise ConfigError(f"{flag} {text!r}: expected a date like 2025-01-31") from err
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def audit_window(
    since: str | None, start: str | None, end: str | None, now: datetime
) -> tuple[datetime, datetime] | None:
    """``--since 90d`` or ``--from DATE [--to DATE]`` as [start, end); None: the default.

    A ``--to`` date without a time means the whole of that day is inside the window.
    """
    if since and (start or end):
        raise ConfigError("--since and --from/--to are alternatives; give one")
    if since:
        return since_cutoff(since, now), now
    if end and not start:
        raise ConfigError("--to needs --from")
    if not start:
        return None
    first = _date(start, "--from")
    last = now
    if end:
        last = _date(end, "--to")
        if "T" not in end and " " not in end:
            last += timedelta(days=1)
    if last <= first:
        raise ConfigError("--to must be after --from")
    return first, last
