"""Alert delivery: POST a JSON message to a webhook (Slack-compatible ``text`` field).

Delivery rules (docs/security.md):

* The POST never follows a redirect: a 3xx is a failed delivery (a redirected POST turns
  into a GET or lands somewhere else, and the alert is lost silently).
* A failed delivery is logged (``alert.failed``, with ``failures_total``), counted
  (``WebhookNotifier.failures``, the agent's ``complyscan_alert_failures_total`` metric)
  and retried with backoff (``RETRY_DELAYS``); after the last attempt the agent logs
  ``agent.alert.failed`` and scans on.
* The webhook host is resolved before each attempt; a link-local address (169.254.0.0/16,
  fe80::/10, where cloud metadata services live) or a known metadata address is refused
  unless ``allow_link_local`` (``--alert-allow-link-local``): a mistyped or hostile URL
  must not turn the agent into a client of the instance's credential endpoint.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import structlog

from scanner import __version__
from scanner.errors import ConfigError, OutputError

log = structlog.get_logger(__name__)

#: Seconds to wait before the 2nd, 3rd and 4th attempts.
RETRY_DELAYS: tuple[float, ...] = (1.0, 4.0, 15.0)
#: Metadata endpoints outside the link-local ranges (Alibaba Cloud, AWS IPv6 IMDS).
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254")}
)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None  # urllib then raises HTTPError for the 3xx itself


_OPENER = urllib.request.build_opener(_NoRedirect)


def refused_address(host: str) -> str | None:
    """Why ``host`` must not receive alerts (it resolves to link-local/metadata), or None."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return None  # unresolvable: the attempt fails and says so
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if addr.is_link_local or addr in METADATA_ADDRESSES:
            return f"{host} resolves to {addr}, a link-local or cloud metadata address"
    return None


class WebhookNotifier:
    """POSTs each payload as JSON to a webhook; see the module docstring for the rules."""

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 10.0,
        allow_link_local: bool = False,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Check ``url`` (ConfigError unless http(s)); nothing is sent yet."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigError(f"--alert-webhook: {url!r} is not an http(s) URL")
        self._url = url
        self._host = parts.hostname
        self._timeout = timeout
        self._allow_link_local = allow_link_local
        self._delays = tuple(retry_delays)
        self._sleep = sleep
        self.shown = f"{parts.scheme}://{parts.hostname}"  # a Slack webhook's path is a secret
        self.failures = 0
        self.sent = 0

    def __call__(self, payload: dict[str, Any]) -> None:
        """Deliver ``payload``; OutputError once every attempt failed."""
        body = json.dumps(payload).encode()
        event = payload.get("event")
        for attempt in range(len(self._delays) + 1):
            if attempt:
                self._sleep(self._delays[attempt - 1])
            try:
                status = self._post(body)
            except OutputError as err:
                self.failures += 1
                log.warning(
                    "alert.failed",
                    webhook=self.shown,
                    alert_event=event,
                    attempt=attempt + 1,
                    error=str(err),
                    failures_total=self.failures,
                )
                if attempt == len(self._delays) or "refused" in str(err):
                    raise
                continue
            self.sent += 1
            log.info("alert.sent", webhook=self.shown, status=status, alert_event=event)
            return

    def _post(self, body: bytes) -> int:
        if not self._allow_link_local:
            why = refused_address(self._host)
            if why is not None:
                raise OutputError(
                    f"alert webhook {self.shown} refused: {why}; pass "
                    "--alert-allow-link-local if this is really where alerts go"
                )
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self._url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "User-Agent": f"complyscan/{__version__}"},
        )
        try:
            with _OPENER.open(request, timeout=self._timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as err:
            err.close()
            target = urlsplit(err.headers.get("Location") or "")
            where = f"{target.scheme}://{target.hostname}" if target.hostname else "elsewhere"
            moved = f" (redirect to {where} not followed)"  # its path may be a secret too
            raise OutputError(
                f"alert webhook {self.shown}: HTTP {err.code}"
                + (moved if 300 <= err.code < 400 else "")
            ) from err
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            raise OutputError(f"alert webhook {self.shown}: {err}") from err


def webhook_notifier(
    url: str,
    *,
    timeout: float = 10.0,
    allow_link_local: bool = False,
    retry_delays: Sequence[float] = RETRY_DELAYS,
    sleep: Callable[[float], None] = time.sleep,
) -> WebhookNotifier:
    """A notifier that POSTs each payload as JSON to ``url`` (http or https).

    Raises:
        ConfigError: ``url`` is not an http(s) URL.
    """
    return WebhookNotifier(
        url,
        timeout=timeout,
        allow_link_local=allow_link_local,
        retry_delays=retry_delays,
        sleep=sleep,
    )


def slack_escape(text: str) -> str:
    """``text`` with Slack's control characters escaped (``&``, ``<``, ``>``).

    Slack reads ``<...>`` as links and mentions (``<!channel>``, ``<http://x|label>``);
    https://api.slack.com/reference/surfaces/formatting#escaping
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
