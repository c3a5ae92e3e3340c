"""Property tests over the policy documents the AWS collectors parse.

IAM, bucket, key and queue policies arrive as JSON text (URL-encoded from IAM) or as
objects; ``Statement`` may be one object or a list, ``Principal`` a string or a mapping of
strings or lists, and people put wildcards, ``NotPrincipal`` and conditions in odd places.
Whatever arrives, parsing gives a document or a ``ValueError`` (the policy is then
UNKNOWN), never another exception that would fail a whole region.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from providers.aws.policy import parse_policy_document
from providers.aws.s3 import policy_flags, to_bucket
from scanner.model import PolicyDocument

NOW_ISO = "2026-11-22T00:00:00+00:00"
text = st.sampled_from(["*", "s3:*", "*:*", "iam:Pass*", "arn:aws:s3:::b/*", "", "?"]) | st.text(
    max_size=12
)
strings = text | st.lists(text, max_size=3)
principal = (
    st.sampled_from(["*", "AWS", ""])
    | st.dictionaries(st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]), strings)
    | st.integers()
    | st.none()
    | st.lists(text, max_size=2)
)
condition = st.dictionaries(
    st.sampled_from(["Bool", "StringEquals", "IpAddress", "Null", "ForAnyValue:StringLike"]),
    st.dictionaries(st.sampled_from(["aws:SecureTransport", "aws:SourceIp", "k"]), strings)
    | strings,
    max_size=2,
)
statement = st.fixed_dictionaries(
    {},
    optional={
        "Sid": text,
        "Effect": st.sampled_from(["Allow", "Deny", "allow", "DENY", "Maybe", ""]) | st.integers(),
        "Principal": principal,
        "NotPrincipal": principal,
        "Action": strings | st.integers(),
        "NotAction": strings,
        "Resource": strings,
        "NotResource": strings,
        "Condition": condition | st.lists(text, max_size=1) | st.text(max_size=4),
    },
)
statements = statement | st.lists(statement | text | st.integers(), max_size=4)
document = st.fixed_dictionaries(
    {}, optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17"]), "Statement": statements}
)
anything: st.SearchStrategy[Any] = document | st.lists(document, max_size=2) | text | st.none()


@given(anything)
@settings(max_examples=300, deadline=None)
def test_any_policy_shape_parses_or_raises_value_error(doc: Any) -> None:
    for form in (doc, json.dumps(doc), urllib.parse.quote(json.dumps(doc))):
        try:
            parsed = parse_policy_document(form)
        except ValueError:
            continue
        assert isinstance(parsed, PolicyDocument)
        # the same document as an object, as JSON text and URL-encoded reads the same
        assert parse_policy_document(json.dumps(doc)) == parsed


@given(anything)
@settings(max_examples=300, deadline=None)
def test_bucket_policy_flags_are_booleans_or_value_error(doc: Any) -> None:
    try:
        public, tls = policy_flags(json.dumps(doc))
    except ValueError:
        return
    assert isinstance(public, bool)
    assert isinstance(tls, bool)


@given(st.text(max_size=40) | anything.map(json.dumps))
@settings(max_examples=200, deadline=None)
def test_a_malformed_bucket_policy_leaves_the_bucket_unknown_not_failed(raw: str) -> None:
    details: dict[str, Any] = {k: {} for k in ("encryption", "public_access_block", "versioning")}
    details |= {"logging": {}, "policy": {"Policy": raw}}
    bucket = to_bucket("b", details, region="us-east-1", account="1", collected_at=NOW_ISO)
    try:
        expected: tuple[bool | None, bool | None] = policy_flags(raw) if raw else (False, False)
    except ValueError:
        expected = (None, None)
    assert (bucket.policy_allows_public, bucket.policy_requires_tls) == expected
