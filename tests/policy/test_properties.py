"""Property tests: the engine agrees with the naive reference evaluator on random policies."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
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
