"""Check texts (rationale, remediation) rendered for each output format.

Check docstrings mark literal values reST-style, ``like=this``, and the remediation often
starts in lower case after "Remediation:". Shown raw, HTML and SARIF displayed the double
backticks and sentences starting in lower case. Each format gets its own rendering.
"""

from __future__ import annotations

import re
from html import escape

_LITERAL = re.compile(r"``(.+?)``", re.S)


def sentence(text: str) -> str:
    """``text`` starting with a capital letter (our texts never start with a literal)."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def as_plain(text: str) -> str:
    """Plain text: literals unmarked (SARIF ``text``, CSV, terminals)."""
    return sentence(_LITERAL.sub(r"\1", text))


def as_markdown(text: str) -> str:
    """Markdown: literals as code spans (SARIF ``markdown``)."""
    return sentence(_LITERAL.sub(lambda m: "`" + m.group(1).replace("`", "'") + "`", text))


def as_html(text: str) -> str:
    """HTML: escaped, literals as ``<code>``."""
    parts = _LITERAL.split(sentence(text))
    return "".join(f"<code>{escape(p)}</code>" if n % 2 else escape(p) for n, p in enumerate(parts))
