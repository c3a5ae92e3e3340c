"""Make text we did not write safe for a terminal, a log line or a spreadsheet cell.

Names, ids, tags and API messages come from the scanned estate. Written raw to a terminal,
an escape sequence in a project id can retitle the window or fake coloured PASS output; a
Unicode bidi override can make ``exe.txt`` read as ``txt.exe``. ``printable`` turns every
such character into a visible escape (``\\x1b``, ``\\u202e``), so the text stays readable and
nothing is hidden or lost, and nothing reaches the terminal as a control.

Escaped: C0 controls (U+0000-U+001F) and DEL, C1 controls (U+0080-U+009F), the Unicode
bidirectional formatting characters (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069)
and the line/paragraph separators U+2028-U+2029. ``keep`` names characters to leave alone
(the console keeps our own ``\\n`` line breaks).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_CONTROLS = "".join(chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))) + _BIDI


@cache
def _pattern(keep: str) -> re.Pattern[str]:
    chars = "".join(c for c in _CONTROLS if c not in keep)
    return re.compile(f"[{re.escape(chars)}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with control and bidi characters shown as escapes (``\\x1b``, ``\\u202e``)."""
    if text.isprintable() and not any(c in _BIDI for c in text):
        return text
    return _pattern(keep).sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _repair(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


def valid_unicode(value: Any) -> Any:
    """``value`` (decoded JSON) with every lone UTF-16 surrogate in its strings and keys
    replaced by U+FFFD.

    ``json.loads`` accepts ``"\\ud800"`` escapes that pair with nothing; such a string is not
    Unicode text: it cannot be encoded as UTF-8, so a path, a report or a terminal line built
    from it would fail. Input we did not write is repaired once, where it is decoded, and the
    name shows the replacement character where the broken escape was. Text without
    surrogates (nearly all) is returned as it is.
    """
    if isinstance(value, str):
        return _repair(value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {valid_unicode(k): valid_unicode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [valid_unicode(v) for v in value]
    return value
