"""Resource policies (SQS, SNS, KMS, ECR, Secrets Manager...) read into the model.

One helper per shape: a policy text from an attribute map, or one ``Get*Policy`` call whose
"no policy" error codes mean an empty document. Parsing goes through the policy engine's
parser; a malformed document is None (checks then say UNKNOWN) with an error recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import botocore.exceptions

from providers.aws.session import SDK_ERRORS, error_code
from scanner.model import PolicyDocument
from scanner.policy import parse_policy_document


def policy_from_text(text: object) -> PolicyDocument | None:
    """Pure: a policy JSON string (empty/absent: no policy) -> document; None if malformed."""
    if not text:
        return PolicyDocument()
    try:
        return parse_policy_document(str(text))
    except ValueError:
        return None


def read_policy(
    call: Callable[[], Mapping[str, Any]], field: str, absent: frozenset[str]
) -> tuple[PolicyDocument | None, Exception | None]:
    """Call a ``Get*Policy`` API: (document, None), (empty, None) when ``absent`` says no
    policy exists, or (None, error) when it could not be read."""
    try:
        answer = call()
    except SDK_ERRORS as err:
        if isinstance(err, botocore.exceptions.ClientError) and error_code(err) in absent:
            return PolicyDocument(), None
        return None, err
    return policy_from_text(answer.get(field)), None
