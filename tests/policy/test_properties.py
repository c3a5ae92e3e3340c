"""Property tests: the engine agrees with the naive reference evaluator on random policies."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scanner.policy import Request, evaluate, parse_policy_document
from scanner.policy.wildcard import covers, matches
from tests.policy.naive import naive_decide

ACTIONS = [
    "s3:GetObject",
    "s3:PutObject",
    "iam:PassRole",
    "iam:AttachUserPolicy",
    "ec2:RunInstances",
]
RESOURCES = ["arn:aws:s3:::b/k", "arn:aws:s3:::b", "arn:aws:iam::1:role/r", "*"]
action_patterns = st.sampled_from(
    [
        "*",
        "s3:*",
        "S3:get*",
        "iam:Attach*",
        "iam:?assRole",
        "ec2:RunInstances",
        "*:*",
        "s3:Put?bject",
    ]
)
resource_patterns = st.sampled_from(
    ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b", "arn:aws:iam::1:role/*", "arn:aws:s3:::?/k"]
)
keys = st.sampled_from(["aws:SecureTransport", "aws:SourceVpce", "aws:PrincipalTag/team"])
values = st.sampled_from(["true", "false", "vpce-1", "red", "v*"])
operators = st.sampled_from(
    [
        "StringEquals",
        "StringNotEquals",
        "StringLike",
        "Bool",
        "StringEqualsIfExists",
        "BoolIfExists",
    ]
)


@st.composite
def statements(draw: st.DrawFn) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    acts = draw(st.lists(action_patterns, min_size=1, max_size=3))
    stmt["NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action"] = acts
    if draw(st.booleans()):
        res = draw(st.lists(resource_patterns, min_size=1, max_size=2))
        stmt["NotResource" if draw(st.integers(0, 4)) == 0 else "Resource"] = res
    if draw(st.booleans()):
        cond: dict[str, dict[str, Any]] = {}
        for _ in range(draw(st.integers(1, 2))):
            cond.setdefault(draw(operators), {})[draw(keys)] = draw(
                st.lists(values, min_size=1, max_size=2)
            )
        stmt["Condition"] = cond
    return stmt


contexts = st.dictionaries(keys.map(str.lower), values, max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(statements(), min_size=1, max_size=4),
    st.sampled_from(ACTIONS),
    st.sampled_from(RESOURCES),
    contexts,
)
def test_engine_agrees_with_naive_reference(
    stmts: list[dict[str, Any]], action: str, resource: str, context: dict[str, str]
) -> None:
    policy = {"Version": "2012-10-17", "Statement": stmts}
    request = Request(action, resource, context={k: (v,) for k, v in context.items()})
    got = evaluate([parse_policy_document(policy)], request).effect
    assert got == naive_decide(policy, action, resource, context)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(statements(), min_size=1, max_size=2),
    st.lists(statements(), min_size=1, max_size=2),
    st.sampled_from(ACTIONS),
    st.sampled_from(RESOURCES),
    contexts,
)
def test_deny_in_any_policy_wins(
    first: list[dict[str, Any]],
    second: list[dict[str, Any]],
    action: str,
    resource: str,
    context: dict[str, str],
) -> None:
    """Several policies of one principal decide like one document with all statements."""
    docs = [parse_policy_document({"Statement": s}) for s in (first, second)]
    merged = naive_decide({"Statement": first + second}, action, resource, context)
    request = Request(action, resource, context={k: (v,) for k, v in context.items()})
    assert evaluate(docs, request).effect == merged


patterns = st.text(alphabet="ab*?", min_size=0, max_size=5)
words = st.text(alphabet="ab", min_size=0, max_size=6)


@settings(max_examples=400, deadline=None)
@given(patterns, patterns, words)
def test_covers_is_sound(general: str, specific: str, word: str) -> None:
    """If ``general`` covers ``specific``, every word ``specific`` matches, it matches."""
    if covers(general, specific) and matches(specific, word):
        assert matches(general, word)


WHO_KEYS = ["aws:SourceVpce", "aws:PrincipalOrgID"]
CALLER_KEYS = ["aws:SecureTransport"]
exposure_ops = st.sampled_from(
    ["StringEquals", "StringNotEquals", "StringLike", "StringEqualsIfExists"]
)
exposure_values = st.sampled_from(["vpce-1", "o-1", "*", "true", "v*"])


def _outsider_contexts(policy: dict[str, Any]) -> list[dict[str, str]]:
    """Every request context an outsider could present: who-keys absent or holding a value
    the owner never listed; caller keys absent or set to any value in sight (the engine
    treats caller-controlled keys as free, whatever their real value domain)."""
    seen = {"true", "false"}
    for stmt in policy["Statement"]:
        for block in stmt.get("Condition", {}).values():
            for vals in block.values():
                seen.update(vals)  # the caller may send any value, even a literal '*'
    contexts: list[dict[str, str]] = [{}]
    # an outsider's own value: unlisted, or one of its own matching a wildcard pattern
    own = {"zz-outsider"} | {v.replace("*", "outsider") for v in seen if "*" in v}
    for key in WHO_KEYS:
        contexts = [
            c | extra for c in contexts for extra in ({}, *({key.lower(): v} for v in sorted(own)))
        ]
    # a caller value may also be one of its own that a pattern matches and no listed literal
    # equals (StringNotEquals 'v*' with StringLike 'v*': 'voutsider' passes both)
    for key in CALLER_KEYS:
        free = sorted(seen | own)
        contexts = [
            c | extra for c in contexts for extra in ({}, *({key.lower(): v} for v in free))
        ]
    return contexts


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            exposure_ops,
            st.sampled_from(WHO_KEYS + CALLER_KEYS),
            st.lists(exposure_values, min_size=1, max_size=2),
        ),
        max_size=2,
    )
)
@example(  # found by CI: the reference once lacked caller values a pattern matches
    [
        ("StringNotEquals", "aws:SecureTransport", ["v*"]),
        ("StringLike", "aws:SecureTransport", ["v*"]),
    ]
)
def test_public_means_some_outsider_gets_in(clauses: list[tuple[str, str, list[str]]]) -> None:
    """The exposure verdict agrees with brute force over outsider contexts, decided by the
    naive reference evaluator."""
    from scanner.policy import public_access

    condition: dict[str, dict[str, list[str]]] = {}
    for op, key, vals in clauses:
        condition.setdefault(op, {})[key] = vals
    stmt: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": "*",
    }
    if condition:
        stmt["Condition"] = condition
    policy = {"Statement": [stmt]}
    brute = any(
        naive_decide(policy, "s3:GetObject", "arn:aws:s3:::b/k", ctx) == "Allow"
        for ctx in _outsider_contexts(policy)
    )
    assert public_access(parse_policy_document(policy), service="s3").public is brute
