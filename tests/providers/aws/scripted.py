"""Script a real boto3 client's answers for one operation, before any HTTP is sent.

Each call consumes the next step: a dict is returned as the parsed response, a string is
raised as a ClientError with that code. Request bodies are recorded for assertions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Http:
    """The slice of botocore's AWSResponse a short-circuited call reads."""

    status_code: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""


def script(client: Any, operation: str, *steps: dict[str, Any] | str) -> list[str]:
    """Answer the next ``len(steps)`` calls of ``operation`` (PascalCase) from ``steps``.

    Later calls reach the client's normal backend (moto). Returns the list every call's
    serialised request body is appended to, so ``script(client, op)`` is a pure spy.
    """
    remaining = list(steps)
    bodies: list[str] = []

    def respond(params: dict[str, Any], **_: Any) -> tuple[_Http, dict[str, Any]] | None:
        bodies.append(str(params.get("body", "")))
        if not remaining:
            return None
        step = remaining.pop(0)
        if isinstance(step, str):
            error = {"Error": {"Code": step, "Message": f"scripted {step}"}}
            return _Http(400), {**error, "ResponseMetadata": {"HTTPStatusCode": 400}}
        return _Http(200), {**step, "ResponseMetadata": {"HTTPStatusCode": 200}}

    client.meta.events.register_first(f"before-call.*.{operation}", respond)
    return bodies
