"""Condition operators of the AWS policy language, evaluated over a request context.

Rules (IAM User Guide, "IAM JSON policy elements: Condition operators" and "Set operators
for multivalued context keys"):

- Several operators in a Condition block, and several keys under one operator, are ANDed;
  several values for one key are ORed, except for negated operators (``StringNotEquals``,
  ``NotIpAddress``, ``ArnNotLike``...), where the key must match none of them.
- A key absent from the request: a positive operator is false and a negated one is true;
  ``...IfExists`` is true; ``Null`` tests presence itself.
- ``ForAnyValue:`` is false for an absent or empty key, true when some request value
  matches; ``ForAllValues:`` is true for an absent or empty key, and otherwise true when
  every request value matches.

A request context maps lower-cased keys to a tuple of string values (one for single-valued
keys); a key not in the mapping is absent.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from scanner.model.iam import ConditionClause
from scanner.policy.wildcard import matches

Context = Mapping[str, tuple[str, ...]]


class UnknownOperatorError(ValueError):
    """A condition operator the policy language does not define."""


def _string_eq(value: str, pattern: str) -> bool:
    return value == pattern


def _string_eq_ic(value: str, pattern: str) -> bool:
    return value.casefold() == pattern.casefold()


def _string_like(value: str, pattern: str) -> bool:
    return matches(pattern, value)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    """ISO 8601 (date or date-time, ``Z`` or an offset) or epoch seconds."""
    number = _number(text)
    if number is not None:
        return datetime.fromtimestamp(number, tz=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _compare(
    parse: Callable[[str], float | datetime | None], op: str
) -> Callable[[str, str], bool]:
    def compare(value: str, pattern: str) -> bool:
        left, right = parse(value), parse(pattern)
        if left is None or right is None:
            return False
        return {
            "eq": left == right,
            "lt": left < right,  # type: ignore[operator]
            "le": left <= right,  # type: ignore[operator]
            "gt": left > right,  # type: ignore[operator]
            "ge": left >= right,  # type: ignore[operator]
        }[op]

    return compare


def _bool(value: str, pattern: str) -> bool:
    return value.lower() == pattern.lower()


def _ip(value: str, pattern: str) -> bool:
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(pattern, strict=False)
    except ValueError:
        return False


def _arn_like(value: str, pattern: str) -> bool:
    """ARN match: the six colon-separated parts compare part by part, wildcards within."""
    vparts, pparts = value.split(":", 5), pattern.split(":", 5)
    if len(vparts) != len(pparts):
        return matches(pattern, value)
    return all(matches(p, v) for p, v in zip(pparts, vparts, strict=True))


#: Positive base operators -> how one request value matches one policy value.
_MATCHERS: dict[str, Callable[[str, str], bool]] = {
    "stringequals": _string_eq,
    "stringequalsignorecase": _string_eq_ic,
    "stringlike": _string_like,
    "numericequals": _compare(_number, "eq"),
    "numericlessthan": _compare(_number, "lt"),
    "numericlessthanequals": _compare(_number, "le"),
    "numericgreaterthan": _compare(_number, "gt"),
    "numericgreaterthanequals": _compare(_number, "ge"),
    "dateequals": _compare(_date, "eq"),
    "datelessthan": _compare(_date, "lt"),
    "datelessthanequals": _compare(_date, "le"),
    "dategreaterthan": _compare(_date, "gt"),
    "dategreaterthanequals": _compare(_date, "ge"),
    "bool": _bool,
    "binaryequals": _string_eq,
    "ipaddress": _ip,
    "arnequals": _arn_like,
    "arnlike": _arn_like,
}
#: Negated operators -> the positive operator they negate.
_NEGATED = {
    "stringnotequals": "stringequals",
    "stringnotequalsignorecase": "stringequalsignorecase",
    "stringnotlike": "stringlike",
    "numericnotequals": "numericequals",
    "datenotequals": "dateequals",
    "notipaddress": "ipaddress",
    "arnnotequals": "arnequals",
    "arnnotlike": "arnlike",
}
_SET = re.compile(r"^(forallvalues|foranyvalue):", re.IGNORECASE)


@dataclass(frozen=True)
class Operator:
    """A parsed condition operator: base family, negation, set qualifier, IfExists."""

    base: str  # lower-case positive base ("stringequals") or "null"
    negated: bool
    qualifier: str | None  # "forallvalues", "foranyvalue" or None
    if_exists: bool

    @property
    def family(self) -> str:
        """String, Numeric, Date, Bool, Binary, IpAddress, Arn or Null."""
        for prefix in ("string", "numeric", "date", "bool", "binary", "arn", "null"):
            if self.base.startswith(prefix):
                return prefix
        return "ipaddress"


def parse_operator(text: str) -> Operator:
    """``ForAnyValue:StringNotLikeIfExists`` -> Operator; raises UnknownOperatorError."""
    rest = text.strip()
    qualifier = None
    found = _SET.match(rest)
    if found:
        qualifier = found.group(1).lower()
        rest = rest[found.end() :]
    lower = rest.lower()
    if_exists = lower.endswith("ifexists") and lower != "ifexists"
    if if_exists:
        lower = lower[: -len("ifexists")]
    if lower == "null":
        if if_exists:
            raise UnknownOperatorError("Null has no IfExists form")
        return Operator("null", negated=False, qualifier=qualifier, if_exists=False)
    if lower in _MATCHERS:
        return Operator(lower, negated=False, qualifier=qualifier, if_exists=if_exists)
    if lower in _NEGATED:
        return Operator(_NEGATED[lower], negated=True, qualifier=qualifier, if_exists=if_exists)
    raise UnknownOperatorError(f"unknown condition operator {text!r}")


def value_matches(op: Operator, value: str, policy_values: tuple[str, ...]) -> bool:
    """Whether one request value satisfies ``op`` against the policy values (ORed, or
    for a negated operator: matches none of them)."""
    hit = any(_MATCHERS[op.base](value, p) for p in policy_values)
    return not hit if op.negated else hit


def evaluate_clause(clause: ConditionClause, context: Context) -> bool:  # noqa: PLR0911
    """Whether one ``operator: {key: values}`` clause holds for the request context."""
    op = parse_operator(clause.operator)
    values = context.get(clause.key.lower())
    present = bool(values)
    if op.base == "null":
        wants_absent = {v.lower() for v in clause.values}
        return ("true" in wants_absent and not present) or ("false" in wants_absent and present)
    if not present or values is None:
        if op.if_exists:
            return True
        if op.qualifier == "forallvalues":
            return True
        if op.qualifier == "foranyvalue":
            return False
        return op.negated
    if op.qualifier == "forallvalues":
        return all(value_matches(op, v, clause.values) for v in values)
    if op.qualifier == "foranyvalue":
        return any(value_matches(op, v, clause.values) for v in values)
    if op.negated:  # single-valued: the request value matches none of the policy values
        return all(value_matches(op, v, clause.values) for v in values)
    return any(value_matches(op, v, clause.values) for v in values)


def evaluate_conditions(clauses: tuple[ConditionClause, ...], context: Context) -> bool:
    """Whether every clause of a statement's Condition element holds (empty: True)."""
    return all(evaluate_clause(c, context) for c in clauses)
