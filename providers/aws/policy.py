"""Parse AWS IAM policy language documents into the neutral ``PolicyDocument`` model.

Pure and SDK-free: used for identity policies, trust policies and resource policies. A
malformed document raises ``MalformedPolicyError`` (a ``ValueError``); callers record the
policy as unreadable (``None``) so checks report UNKNOWN rather than guessing.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping

from scanner.model.iam import PolicyDocument, PolicyStatement

_EFFECTS = {"allow": "Allow", "deny": "Deny"}


class MalformedPolicyError(ValueError):
    """A policy document that is not valid JSON or not valid policy language."""


def parse_policy_document(doc: str | Mapping[str, object] | None) -> PolicyDocument:
    """Parse a policy from a JSON string (URL-encoded too, as IAM returns it) or a dict.

    ``None`` is not an empty policy: it raises like any other unreadable input. Callers with
    a legitimately absent policy build ``PolicyDocument()`` themselves.

    Raises:
        MalformedPolicyError: (a ``ValueError``) the input is not a well-formed policy.
    """
    if doc is None:
        raise MalformedPolicyError("policy document is missing")
    data = _load(doc) if isinstance(doc, str) else doc
    if not isinstance(data, Mapping):
        kind = type(data).__name__
        raise MalformedPolicyError(f"policy document must be a JSON object, not {kind}")
    if "Statement" not in data:
        raise MalformedPolicyError("policy document has no Statement element")
    raw = data["Statement"]
    statements = raw if isinstance(raw, list) else [raw]
    return PolicyDocument(statements=tuple(_statement(s, i) for i, s in enumerate(statements)))


def _load(text: str) -> object:
    """Decode JSON text, URL-decoding it first when it starts with an encoded ``{``."""
    text = text.strip()
    if text[:3].upper() == "%7B":
        text = urllib.parse.unquote(text)
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise MalformedPolicyError(f"policy document is not valid JSON: {err}") from err


def _statement(raw: object, index: int) -> PolicyStatement:
    """One ``Statement`` entry -> PolicyStatement."""
    if not isinstance(raw, Mapping):
        kind = type(raw).__name__
        raise MalformedPolicyError(f"Statement[{index}] must be an object, not {kind}")
    effect = raw.get("Effect")
    if not isinstance(effect, str) or effect.lower() not in _EFFECTS:
        raise MalformedPolicyError(f"Statement[{index}] has an invalid Effect: {effect!r}")
    condition = raw.get("Condition")
    if condition is not None and not isinstance(condition, Mapping):
        raise MalformedPolicyError(f"Statement[{index}].Condition must be an object")
    return PolicyStatement(
        effect=_EFFECTS[effect.lower()],
        actions=_strings(raw.get("Action"), f"Statement[{index}].Action"),
        not_actions=_strings(raw.get("NotAction"), f"Statement[{index}].NotAction"),
        resources=_strings(raw.get("Resource"), f"Statement[{index}].Resource"),
        not_resources=_strings(raw.get("NotResource"), f"Statement[{index}].NotResource"),
        principals=_principals(raw.get("Principal"), f"Statement[{index}].Principal"),
        not_principals=_principals(raw.get("NotPrincipal"), f"Statement[{index}].NotPrincipal"),
        has_conditions=bool(condition),
    )


def _strings(value: object, where: str) -> tuple[str, ...]:
    """A string-or-list-of-strings element as a tuple (absent: empty)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(str(v) for v in value)
    raise MalformedPolicyError(f"{where} must be a string or a list of strings")


def _principals(value: object, where: str) -> tuple[str, ...]:
    """``"*"`` or ``{"AWS": ..., "Service": ..., "Federated": ...}`` flattened to strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Mapping):
        raise MalformedPolicyError(f"{where} must be '*' or an object")
    out: list[str] = []
    for kind, values in value.items():
        out.extend(_strings(values, f"{where}.{kind}"))
    return tuple(out)
