"""Check that output locations are usable before a scan starts, not after it finished."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from scanner.errors import ConfigError, OutputError


def require_formats(formats: tuple[str, ...], flag: str = "--format") -> tuple[str, ...]:
    """``formats`` unless empty: ``--format ""`` would write nothing, silently."""
    if not formats:
        raise ConfigError(
            f"{flag} names no format; give one or more of json,sarif,ocsf,html,markdown,csv"
        )
    return formats


def ensure_writable_dir(directory: Path, what: str) -> None:
    """Create ``directory`` if needed (owner-only) and prove a file can be created in it.

    Raises:
        OutputError: it cannot be created or written (exit 2), naming the flag.
    """
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".complyscan-probe-", dir=directory)
        os.close(fd)
        Path(probe).unlink()
    except OSError as err:
        raise OutputError(
            f"{what} {directory} is not writable: {err.strerror or err}; choose another "
            "(checked before scanning, so no scan time is lost)"
        ) from err
