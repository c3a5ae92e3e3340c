"""Published support windows of versions and runtimes (provider calendars)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from scanner.model.base import Frozen


class SupportWindow(Frozen):
    """Where a version stands in its provider's published support calendar.

    A model field holding a ``SupportWindow`` is ``None`` when the version is not in the
    calendar the scanner ships (unknown, never "supported"). Checks compare the dates with
    the resource's ``collected_at``, never with the clock.
    """

    version: str
    ends: date | None = Field(
        description="End of (standard) support; None: listed with no end date announced."
    )
    extended_ends: date | None = Field(
        default=None, description="End of paid extended support, where the provider offers it."
    )
    source: str = Field(description="Where the dates come from (documentation page).")
