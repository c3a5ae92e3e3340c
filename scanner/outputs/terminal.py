"""A rich Console that never lets a control sequence from scanned data reach the terminal.

Every string printed (directly, in a table cell, in markup) passes ``render_str``; escaping
control and bidi characters there (``scanner.textsafe``) covers each value we did not write,
whatever command prints it. Our own markup and line breaks contain no such characters, and
rich's own styling is produced later, from styles, so it is unaffected.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console as _RichConsole
from rich.text import Text

from scanner.textsafe import printable


class Console(_RichConsole):
    """``rich.console.Console`` whose printed strings are terminal-safe."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(printable(text, keep="\n"), **kwargs)


def safe_text(text: str, style: str = "") -> Text:
    """A ``Text`` of data for printing as is (``Text`` does not pass ``render_str``)."""
    return Text(printable(text, keep="\n"), style=style)
