"""A deliberately naive reference evaluator of the AWS policy language, for property tests.

Written separately from scanner.policy and as literally as the IAM User Guide reads
("Policy evaluation logic", "Condition operators"): raw JSON in, straight loops, no
shared helpers. It supports the subset the property tests generate: Effect, Action/
NotAction, Resource/NotResource, and StringEquals/StringNotEquals/StringLike/Bool with
the IfExists forms, on single-valued keys.
"""

from __future__ import annotations

import re
from typing import Any


def _glob(pattern: str, text: str, ignore_case: bool) -> bool:
    # translate character by character: '*' any run, '?' one character
    out = ""
    for ch in pattern:
        if ch == "*":
            out += ".*"
        elif ch == "?":
            out += "."
        else:
            out += re.escape(ch)
    flags = re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL
    return re.fullmatch(out, text, flags) is not None


def _listify(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _condition_true(condition: dict[str, Any], context: dict[str, str]) -> bool:
    for operator, block in condition.items():
        if_exists = operator.endswith("IfExists")
        base = operator[: -len("IfExists")] if if_exists else operator
        for key, values in block.items():
            present = key.lower() in context
            if not present:
                if if_exists:
                    continue
                if base == "StringNotEquals":
                    continue
                return False
            actual = context[key.lower()]
            vals = [str(v).lower() if isinstance(v, bool) else str(v) for v in _listify(values)]
            if base == "StringEquals":
                ok = actual in vals
            elif base == "StringNotEquals":
                ok = actual not in vals
            elif base == "StringLike":
                ok = any(_glob(v, actual, ignore_case=False) for v in vals)
            elif base == "Bool":
                ok = actual.lower() in [v.lower() for v in vals]
            else:
                raise ValueError(base)
            if not ok:
                return False
    return True


def naive_decide(
    policy: dict[str, Any], action: str, resource: str, context: dict[str, str]
) -> str:
    """'Allow', 'ExplicitDeny' or 'ImplicitDeny'."""
    allowed = False
    for st in _listify(policy.get("Statement")):
        if "NotAction" in st:
            act_ok = not any(_glob(p, action, True) for p in _listify(st["NotAction"]))
        else:
            act_ok = any(_glob(p, action, True) for p in _listify(st.get("Action")))
        if "NotResource" in st:
            res_ok = not any(_glob(p, resource, False) for p in _listify(st["NotResource"]))
        elif "Resource" in st:
            res_ok = any(_glob(p, resource, False) for p in _listify(st["Resource"]))
        else:
            res_ok = True
        if not (act_ok and res_ok and _condition_true(st.get("Condition", {}), context)):
            continue
        if st["Effect"] == "Deny":
            return "ExplicitDeny"
        allowed = True
    return "Allow" if allowed else "ImplicitDeny"
