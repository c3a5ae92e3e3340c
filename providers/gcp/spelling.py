"""Reading REST bodies in every spelling CAI, the APIs and exports use.

``resource.data`` is the owning service's REST representation (camelCase keys, enums in
their REST form, ``ENCRYPTED_ONLY``), but records reach us through tools that re-spell them:
protobuf-to-dict conversions with snake_case keys, hand-written or converted exports with
lower-case or camelCase enum values, Struct numbers as floats or strings and booleans as
strings. The helpers here take the documented camelCase key / REST enum and accept the other
spellings, so mappers state what they read once. docs/gcp-cai.md lists them per mapper.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_TRUE = frozenset({"true", "1", "yes", "on", "enabled"})
_FALSE = frozenset({"false", "0", "no", "off", "disabled", ""})


def snake(key: str) -> str:
    """``defaultKmsKeyName`` -> ``default_kms_key_name``."""
    return _WORD.sub("_", key).lower()


def pick(body: Mapping[str, Any] | None, key: str) -> Any:
    """``body[key]`` under its camelCase (documented) or snake_case spelling; None if absent."""
    if not body:
        return None
    value = body.get(key)
    if value is None:
        value = body.get(snake(key))
    return value


def block(body: Mapping[str, Any] | None, key: str) -> Mapping[str, Any]:
    """A nested object (either spelling); an absent or malformed block reads as empty."""
    value = pick(body, key)
    return value if isinstance(value, Mapping) else {}


def items(body: Mapping[str, Any] | None, key: str) -> list[Any]:
    """A repeated field (either spelling); absent reads as empty."""
    value = pick(body, key)
    return value if isinstance(value, list) else []


def enum(value: Any) -> str:
    """An enum value in REST form: ``encryptedOnly``/``encrypted-only`` -> ``ENCRYPTED_ONLY``."""
    if value is None:
        return ""
    text = str(value).strip()
    return _WORD.sub("_", text).replace("-", "_").replace(" ", "_").upper()


def flag(value: Any) -> bool | None:
    """A boolean sent as JSON bool, string or number; None when absent or unreadable."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if isinstance(value, int | float):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def truthy(body: Mapping[str, Any] | None, key: str) -> bool:
    """``pick(body, key)`` read as a boolean, absent meaning False (the proto3 default)."""
    return bool(flag(pick(body, key)))
