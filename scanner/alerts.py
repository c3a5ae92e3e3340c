"""Alert delivery: POST a JSON message to a webhook (Slack-compatible ``text`` field)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import structlog

from scanner import __version__
from scanner.agent import Notifier
from scanner.errors import ConfigError, OutputError

log = structlog.get_logger(__name__)


def webhook_notifier(url: str, *, timeout: float = 10.0) -> Notifier:
    """A notifier that POSTs each payload as JSON to ``url`` (http or https).

    Raises:
        ConfigError: ``url`` is not an http(s) URL.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"--alert-webhook: {url!r} is not an http(s) URL")
    shown = f"{parts.scheme}://{parts.hostname}"  # the path of a Slack webhook is its secret

    def notify(payload: dict[str, Any]) -> None:
        body = json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": f"complyscan/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status = response.status
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise OutputError(f"alert webhook {shown}: {err}") from err
        log.info("alert.sent", webhook=shown, status=status, alert_event=payload.get("event"))

    return notify
