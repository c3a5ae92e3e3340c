"""System programs some tests drive for real (Chromium, PostgreSQL, LibreOffice).

Outside CI a missing program skips its tests, saying why. ``.ci/run`` installs them and sets
``COMPLYSCAN_REQUIRE_SYSTEM_TOOLS=1``: there a missing program fails the test instead, so a
CI run can never pass with those tests silently skipped.
"""

from __future__ import annotations

import os

import pytest

REQUIRED = os.environ.get("COMPLYSCAN_REQUIRE_SYSTEM_TOOLS") == "1"


def unavailable(reason: str) -> None:
    """Skip (developer machine) or fail (CI) because a system program is unavailable."""
    if REQUIRED:
        pytest.fail(f"{reason} (required in CI: COMPLYSCAN_REQUIRE_SYSTEM_TOOLS=1)")
    pytest.skip(reason)
