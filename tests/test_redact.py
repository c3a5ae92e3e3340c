"""Redaction: credential-shaped values and secret-named keys never survive; evidence does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scanner.redact import REDACTED, redact, redact_text

# Canaries: fake credentials in every shape the redactor must catch.
CANARIES = {
    "aws_access_key": "AKIAZZCANARY0000WXYZ",
    "aws_session_key": "ASIAZZCANARY1111WXYZ",
    "aws_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0KEY",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJjYW5hcnkiOiJ5ZXMifQ.c2lnbmF0dXJlLWNhbmFyeS0xMjM0",
    "github": "ghp_CANARYcanaryCANARYcanaryCANARY123456",
    "slack": "xoxb-123456789012-canarycanary",
    "google": "AIzaSyCANARYcanaryCANARYcanary123456789",
    "pem": "-----BEGIN PRIVATE KEY-----\nMIIEcanaryPEMbody\n-----END PRIVATE KEY-----",
}


@pytest.mark.parametrize("name", sorted(CANARIES))
def test_credential_shapes_are_redacted_anywhere(name):
    canary = CANARIES[name]
    text = f"note: {canary} (rotated)"
    out = redact_text(text)
    assert canary not in out
    assert REDACTED in out
    assert out.startswith("note: ")


@pytest.mark.parametrize(
    ("text", "kept", "secret"),
    [
        ("Server=db;User Id=app;Password=Canary-Pw-1;", "User Id=app", "Canary-Pw-1"),
        ("DefaultEndpointsProtocol=https;AccountKey=Q2FuYXJ5S2V5==;", "https", "Q2FuYXJ5S2V5"),
        ("https://x.blob.core.windows.net/c?sv=2022&sig=CanarySig%2B", "sv=2022", "CanarySig"),
        ("postgresql://app:CanaryPass@db.internal:5432/x", "db.internal", "CanaryPass"),
        ("Authorization: Bearer CanaryBearerToken123", "Authorization", "CanaryBearerToken123"),
        ("api_key: CanaryApiKey42", "api_key", "CanaryApiKey42"),
    ],
)
def test_key_value_secrets_in_text_are_redacted(text, kept, secret):
    out = redact_text(text)
    assert secret not in out
    assert kept in out


def test_secret_named_keys_lose_text_but_keep_evidence():
    used = datetime(2025, 1, 2, tzinfo=UTC)
    data = {
        "tags": {"db_password": "hunter2-canary", "Environment": "prod"},
        "client_secret": "plain-canary",
        "password_last_used": used,
        "min_password_length": 14,
        "static_credentials": False,
        "access_keys": [{"id": CANARIES["aws_access_key"], "active": True}],
        "nested": ({"token": "tok-canary"},),
    }
    out = redact(data)
    assert out["tags"] == {"db_password": REDACTED, "Environment": "prod"}
    assert out["client_secret"] == REDACTED
    assert out["password_last_used"] == used  # a timestamp is evidence, not a secret
    assert out["min_password_length"] == 14
    assert out["static_credentials"] is False
    assert out["access_keys"] == [{"id": REDACTED, "active": True}]
    assert out["nested"] == [{"token": REDACTED}]
    assert data["client_secret"] == "plain-canary"  # the input is not modified


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3",  # sha1 hex (certificate thumbprint)
        "4e70f28cbf756a45d8a396f66c95608f83522a92ab474061b77564d34d152e27",  # finding id
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/x",
        "projects/demo-project/locations/global/keyRings/ring/cryptoKeys/key",
        "open to 0.0.0.0/0: SSH/22",
        "AIDAEXAMPLEUSERID123",  # IAM unique ids are identifiers, not credentials
    ],
)
def test_ordinary_identifiers_are_kept(value):
    assert redact_text(value) == value


def test_access_keys_glued_to_other_text_are_redacted():
    key = CANARIES["aws_access_key"]
    for text in (f"leaky%20{key}", f"name-{key}", f"{key}:x"):
        assert key not in redact_text(text), text
