"""Remove anything that looks like a credential from data before it leaves the process.

Two rules, applied to any JSON-like structure (mappings, sequences, scalars):

* **by key**: a text value under a key that names a secret (``password``, ``client_secret``,
  ``api_token``, ...) is replaced whole. Booleans, numbers, timestamps and nested mappings
  under such keys are kept (``password_last_used``, ``min_password_length`` and
  ``static_credentials: false`` are evidence, not secrets); nested mappings are redacted
  by their own keys and values.
* **by value**: a substring shaped like a known credential (AWS access keys and secret
  keys, private keys, JWTs, GitHub/Slack/Google tokens, ``password=...`` pairs, URL
  user-info passwords, bearer tokens) is replaced wherever it appears, whatever the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[redacted]"

SECRET_KEY = re.compile(
    r"(?i)secret|token|passw(?:or)?d|passphrase|pwd|key_?material|credential|authori[sz]ation"
    r"|private_?key|api_?key|access_?key|account_?key|sas_?key|connection_?string|signature"
)

#: (pattern, replacement); group 1, where present, is kept as context.
_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)",
            re.S,
        ),
        REDACTED,
    ),
    (re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"), REDACTED),
    # an AWS secret access key: 40 base64 characters mixing upper, lower and digits
    (
        re.compile(
            r"(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])"
            r"(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"
        ),
        REDACTED,
    ),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+"), REDACTED),
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"), REDACTED),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), REDACTED),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), REDACTED),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/-]{8,}=*"), rf"\1 {REDACTED}"),
    # scheme://user:password@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@"), rf"\1{REDACTED}@"),
    # password=..., AccountKey=...;, sig=... (connection strings, SAS URLs, env dumps)
    (
        re.compile(
            r"(?i)\b((?:password|passwd|pwd|secret|client_secret|token|api_?key|accountkey"
            r"|sharedaccesskey|sig)\s*[=:]\s*)[^\s;&,\"']+"
        ),
        rf"\1{REDACTED}",
    ),
)


def redact_text(text: str) -> str:
    """``text`` with every credential-shaped substring replaced by ``[redacted]``."""
    for pattern, replacement in _VALUE_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact(value: Any, *, key: str = "") -> Any:
    """A copy of ``value`` (JSON-like) with secrets removed by key name and by shape.

    ``key`` is the mapping key ``value`` was found under, if any.
    """
    if isinstance(value, Mapping):
        return {k: redact(v, key=str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, key=key) for v in value]
    if isinstance(value, str | bytes):
        if key and SECRET_KEY.search(key):
            return REDACTED
        return redact_text(value) if isinstance(value, str) else REDACTED
    return value
