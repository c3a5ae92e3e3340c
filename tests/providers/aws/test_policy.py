"""parse_policy_document: shapes IAM, S3, SNS and SQS return, and malformed input."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from providers.aws.policy import parse_policy_document
from scanner.model import PolicyDocument, PolicyStatement

ADMIN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def test_parses_dict_with_statement_list() -> None:
    doc = parse_policy_document(ADMIN)
    assert doc == PolicyDocument(
        statements=(PolicyStatement(effect="Allow", actions=("*",), resources=("*",)),),
        version="2012-10-17",
    )
    assert doc.grants_full_admin


def test_parses_json_string_and_single_statement_dict() -> None:
    text = json.dumps({"Statement": {"Effect": "Deny", "NotAction": ["s3:*", "ec2:*"]}})
    (stmt,) = parse_policy_document(text).statements
    assert stmt.effect == "Deny"
    assert stmt.not_actions == ("s3:*", "ec2:*")
    assert stmt.actions == ()
    assert not stmt.allows


def test_parses_url_encoded_json_as_iam_returns_it() -> None:
    encoded = urllib.parse.quote(json.dumps(ADMIN))
    assert encoded.startswith("%7B")
    assert parse_policy_document(encoded).grants_full_admin


def test_lowercase_url_encoding_and_surrounding_whitespace() -> None:
    encoded = "  " + urllib.parse.quote(json.dumps(ADMIN)).replace("%7B", "%7b") + "\n"
    assert parse_policy_document(encoded).grants_full_admin


def test_effect_is_normalised() -> None:
    (stmt,) = parse_policy_document({"Statement": [{"Effect": "allow"}]}).statements
    assert stmt.effect == "Allow"


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("*", ("*",)),
        ({"AWS": "*"}, ("*",)),
        (
            {"AWS": ["arn:aws:iam::111122223333:root", "222233334444"]},
            ("arn:aws:iam::111122223333:root", "222233334444"),
        ),
        ({"Service": "ec2.amazonaws.com"}, ("ec2.amazonaws.com",)),
        (
            {"Federated": "cognito-identity.amazonaws.com", "AWS": "*"},
            ("cognito-identity.amazonaws.com", "*"),
        ),
        ({"CanonicalUser": "abc123"}, ("abc123",)),
        ({}, ()),
    ],
)
def test_principal_shapes_are_flattened(principal: object, expected: tuple[str, ...]) -> None:
    doc = parse_policy_document(
        {"Statement": [{"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject"}]}
    )
    assert doc.statements[0].principals == expected


def test_anyone_principal_allows_anyone() -> None:
    doc = parse_policy_document(
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:*"}]}
    )
    assert doc.allows_anyone


def test_not_principal_is_parsed_and_means_anyone_else() -> None:
    doc = parse_policy_document(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "NotPrincipal": {"AWS": ["arn:aws:iam::1:root"]},
                    "Action": "s3:GetObject",
                }
            ]
        }
    )
    assert doc.statements[0].not_principals == ("arn:aws:iam::1:root",)
    assert doc.allows_anyone


@pytest.mark.parametrize(
    ("condition", "expected"),
    [(None, False), ({}, False), ({"Bool": {"aws:SecureTransport": "false"}}, True)],
)
def test_condition_sets_has_conditions(condition: object, expected: bool) -> None:
    stmt: dict[str, object] = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    if condition is not None:
        stmt["Condition"] = condition
    doc = parse_policy_document({"Statement": [stmt]})
    assert doc.statements[0].has_conditions is expected
    assert doc.grants_full_admin is not expected


def test_resource_and_not_resource() -> None:
    (stmt,) = parse_policy_document(
        {"Statement": {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::x"}}
    ).statements
    assert stmt.not_resources == ("arn:aws:s3:::x",)
    assert not stmt.grants_everything


def test_empty_statement_list_is_an_empty_policy() -> None:
    doc = parse_policy_document({"Version": "2012-10-17", "Statement": []})
    assert doc == PolicyDocument(version="2012-10-17")


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (None, "missing"),
        ("", "not valid JSON"),
        ("{not json", "not valid JSON"),
        ("%7Bbroken", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ("null", "JSON object"),
        ({"Version": "2012-10-17"}, "no Statement"),
        ({"Statement": "Allow"}, r"Statement\[0\] must be an object"),
        ({"Statement": [None]}, r"Statement\[0\] must be an object"),
        ({"Statement": [{"Action": "*"}]}, "invalid Effect"),
        ({"Statement": [{"Effect": "Maybe"}]}, "invalid Effect"),
        ({"Statement": [{"Effect": ["Allow"]}]}, "invalid Effect"),
        ({"Statement": [{"Effect": "Allow", "Action": 5}]}, r"Statement\[0\]\.Action"),
        ({"Statement": [{"Effect": "Allow", "Resource": ["a", 1]}]}, "Resource"),
        ({"Statement": [{"Effect": "Allow", "Principal": ["*"]}]}, "Principal must be"),
        ({"Statement": [{"Effect": "Allow", "Principal": {"AWS": 7}}]}, r"Principal\.AWS"),
        ({"Statement": [{"Effect": "Allow", "Condition": "x"}]}, "Condition"),
        ({"Statement": [{"Effect": "Allow"}, 3]}, r"Statement\[1\]"),
    ],
)
def test_malformed_documents_raise_value_error(doc: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_policy_document(doc)  # type: ignore[arg-type]


def test_deeply_nested_json_raises_value_error() -> None:
    with pytest.raises(ValueError, match="policy"):
        parse_policy_document("[" * 100_000 + "]" * 100_000)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
_keys = st.sampled_from(
    [
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Principal",
        "NotPrincipal",
        "Condition",
        "Sid",
    ]
)
_statement = st.dictionaries(_keys, _json | st.sampled_from(["Allow", "Deny", "*"]), max_size=6)
_documents = (
    _json
    | st.fixed_dictionaries({"Statement": _statement | st.lists(_statement, max_size=3)})
    | st.fixed_dictionaries({"Statement": _json})
)


@given(_documents, st.booleans())
def test_arbitrary_json_only_ever_raises_value_error(doc: object, as_text: bool) -> None:
    value = json.dumps(doc) if as_text or not isinstance(doc, dict) else doc
    try:
        result = parse_policy_document(value)
    except ValueError:
        return
    assert isinstance(result, PolicyDocument)


@given(st.text())
def test_arbitrary_text_only_ever_raises_value_error(text: str) -> None:
    try:
        parse_policy_document(text)
    except ValueError:
        return
