"""Wildcard matching as the AWS policy language does it (``*`` and ``?``).

Actions compare case-insensitively; resources, ARNs and condition values case-sensitively.
A policy variable (``${aws:username}``) matches like ``*`` here: the engine asks whether a
pattern *could* match, and a variable's value is chosen by the request. ``${*}``, ``${?}``
and ``${$}`` are the documented escapes for the literal characters.
"""

from __future__ import annotations

import functools
import re

# Stand-ins for a specific pattern's own wildcards when asking whether one pattern covers
# another: only the general pattern's ``*`` may consume them (see ``covers``).
_STAR, _QMARK = "\x00", "\x01"
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_ESCAPES = {"*": "*", "?": "?", "$": "$"}


def _tokens(pattern: str) -> list[str]:
    """Split a pattern into literal text and the tokens ``*``/``?`` (variables become ``*``)."""
    out: list[str] = []
    pos = 0
    for found in _VARIABLE.finditer(pattern):
        out.extend(_wild_split(pattern[pos : found.start()]))
        inner = found.group(1)
        out.append(("lit:" + inner) if inner in _ESCAPES else "*")
        pos = found.end()
    out.extend(_wild_split(pattern[pos:]))
    return out


def _wild_split(text: str) -> list[str]:
    return [
        part if part in {"*", "?"} else "lit:" + part for part in re.split(r"([*?])", text) if part
    ]


@functools.lru_cache(maxsize=8192)
def _regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    body = []
    wild = {"*": ".*", "?": f"[^{_STAR}]"}
    for part in _tokens(pattern):
        body.append(wild[part] if part in wild else re.escape(part[4:]))
    return re.compile("".join(body), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches ``pattern`` (``*`` any run, ``?`` one character)."""
    return _regex(pattern, ignore_case).fullmatch(value) is not None


def action_matches(pattern: str, action: str) -> bool:
    """Whether an Action entry (``iam:Attach*``, ``*``) matches ``service:Name``; no case."""
    return matches(pattern, action, ignore_case=True)


def is_fixed(value: str) -> bool:
    """A value without wildcards or policy variables (what S3 calls a "fixed" value)."""
    return not any(c in value for c in "*?") and "${" not in value


def covers(general: str, specific: str, *, ignore_case: bool = False) -> bool:
    """Whether every string ``specific`` can match is matched by ``general`` (sound).

    ``specific``'s wildcards are replaced by stand-ins that only a ``*`` of ``general`` can
    consume, so ``covers("a*", "ab*")`` is True and ``covers("a?c", "a*c")`` is False.
    """
    literal = "".join({"*": _STAR, "?": _QMARK}.get(t, t[4:]) for t in _tokens(specific))
    return matches(general, literal, ignore_case=ignore_case)


def any_match(patterns: tuple[str, ...], value: str, *, ignore_case: bool = False) -> bool:
    """Whether some pattern matches ``value``."""
    return any(matches(p, value, ignore_case=ignore_case) for p in patterns)
