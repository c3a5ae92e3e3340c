"""Inject an API error into a real boto3 client, before any HTTP is sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Http:
    """The slice of botocore's AWSResponse a short-circuited call reads."""

    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""


def fail(
    client: Any,
    operation: str,
    code: str = "AccessDenied",
    status: int = 403,
    *,
    when: Callable[[str], bool] | None = None,
) -> None:
    """Make ``operation`` calls on ``client`` raise a ClientError with ``code``.

    ``when`` receives the serialised request body; only matching calls fail.
    """

    def respond(params: dict[str, Any], **_: Any) -> tuple[_Http, dict[str, Any]] | None:
        if when is not None and not when(str(params.get("body", ""))):
            return None
        parsed = {
            "Error": {"Code": code, "Message": f"injected {code}"},
            "ResponseMetadata": {"HTTPStatusCode": status},
        }
        return _Http(status), parsed

    client.meta.events.register_first(f"before-call.*.{operation}", respond)
