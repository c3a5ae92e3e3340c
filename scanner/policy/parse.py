"""Parse AWS IAM policy language documents into the neutral ``PolicyDocument`` model.

Pure and SDK-free: used for identity policies, trust policies and resource policies. A
malformed document raises ``MalformedPolicyError`` (a ``ValueError``); callers record the
policy as unreadable (``None``) so checks report UNKNOWN rather than guessing.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping

from scanner.model.iam import ConditionClause, PolicyDocument, PolicyStatement, PrincipalRef
from scanner.policy.conditions import UnknownOperatorError, parse_operator

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
    version = data.get("Version")
    return PolicyDocument(
        statements=tuple(_statement(s, i) for i, s in enumerate(statements)),
        version=version if isinstance(version, str) else None,
    )


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
    where = f"Statement[{index}]"
    principal, not_principal = raw.get("Principal"), raw.get("NotPrincipal")
    sid = raw.get("Sid")
    return PolicyStatement(
        effect=_EFFECTS[effect.lower()],
        sid=sid if isinstance(sid, str) else None,
        conditions=_conditions(condition or {}, f"{where}.Condition"),
        principal_refs=_principal_refs(principal, f"{where}.Principal"),
        not_principal_refs=_principal_refs(not_principal, f"{where}.NotPrincipal"),
        has_principal=principal is not None,
        has_not_principal=not_principal is not None,
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


def _condition_values(value: object, where: str) -> tuple[str, ...]:
    """A condition value: string, boolean, number, or a list of them, as strings."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            out.append(str(item))
        else:
            raise MalformedPolicyError(f"{where} values must be strings, numbers or booleans")
    return tuple(out)


def _conditions(raw: Mapping[str, object], where: str) -> tuple[ConditionClause, ...]:
    """``{operator: {key: values}}`` -> clauses; an unknown operator is malformed."""
    out = []
    for operator, block in raw.items():
        try:
            parse_operator(str(operator))
        except UnknownOperatorError as err:
            raise MalformedPolicyError(f"{where}: {err}") from err
        if not isinstance(block, Mapping):
            raise MalformedPolicyError(f"{where}.{operator} must be an object")
        for key, values in block.items():
            clause_where = f"{where}.{operator}.{key}"
            out.append(
                ConditionClause(
                    operator=str(operator),
                    key=str(key),
                    values=_condition_values(values, clause_where),
                )
            )
    return tuple(out)


def _principal_refs(value: object, where: str) -> tuple[PrincipalRef, ...]:
    """The Principal element by kind; the bare ``"*"`` is ``AWS``/``*``."""
    if value is None:
        return ()
    if isinstance(value, str):  # AWS documents only "*"; anything else is read as AWS
        return (PrincipalRef(kind="AWS", value=value),)
    if not isinstance(value, Mapping):
        raise MalformedPolicyError(f"{where} must be '*' or an object")
    return tuple(
        PrincipalRef(kind=str(kind), value=v)
        for kind, values in value.items()
        for v in _strings(values, f"{where}.{kind}")
    )


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
