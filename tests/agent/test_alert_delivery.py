"""Issue 17 item 12: the agent's metrics and alert webhook are safe by default.

- ``/metrics`` has no authentication: it binds 127.0.0.1 unless ``--metrics-address`` widens it.
- The webhook POST never follows a redirect (the alert was lost silently), a failed
  delivery is logged, counted and retried with backoff, and link-local / metadata
  addresses are refused unless explicitly allowed.
- Slack's control characters in alert text are escaped
  (https://api.slack.com/reference/surfaces/formatting#escaping).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from structlog.testing import capture_logs
from typer.main import get_command

from scanner.agent import alert_payload
from scanner.alerts import webhook_notifier
from scanner.cli import app
from scanner.diff import diff_scans
from scanner.errors import OutputError
from scanner.findings import Severity, Status
from scanner.metrics import AgentMetrics
from tests.agent.test_agent import finding, result


class _Server:
    def __init__(self, answers: list[tuple[int, dict[str, str]]]) -> None:
        self.answers = answers
        self.requests: list[tuple[str, bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
                outer.requests.append((self.command, body))
                status, headers = outer.answers.pop(0) if outer.answers else (200, {})
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _any  # noqa: N815 - http.server's handler names

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/hooks/secret"


@pytest.fixture
def servers() -> Iterator[list[_Server]]:
    made: list[_Server] = []
    yield made
    for s in made:
        s.httpd.shutdown()
        s.httpd.server_close()


def test_a_redirect_is_not_followed_and_the_failure_is_logged_counted_retried(servers):
    elsewhere = _Server([])
    hook = _Server([(307, {"Location": elsewhere.url})] * 3)
    servers += [elsewhere, hook]
    waits: list[float] = []
    notify = webhook_notifier(hook.url, retry_delays=(1, 2), sleep=waits.append)
    with capture_logs() as logs, pytest.raises(OutputError, match="not followed"):
        notify({"text": "x", "event": "regression"})
    assert elsewhere.requests == []  # the POST went nowhere else
    assert [m for m, _ in hook.requests] == ["POST"] * 3
    assert waits == [1, 2]  # backoff between attempts
    assert notify.failures == 3
    failed = [e for e in logs if e["event"] == "alert.failed"]
    assert [e["attempt"] for e in failed] == [1, 2, 3]
    assert all("secret" not in json.dumps(e) for e in failed)


def test_a_transient_failure_is_retried_then_delivered(servers):
    hook = _Server([(503, {}), (200, {})])
    servers.append(hook)
    notify = webhook_notifier(hook.url, retry_delays=(0.5,), sleep=lambda _s: None)
    notify({"text": "x"})
    assert (notify.failures, notify.sent, len(hook.requests)) == (1, 1, 2)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/hook",
        "http://[fd00:ec2::254]/",
    ],
)
def test_link_local_and_metadata_addresses_are_refused(url):
    notify = webhook_notifier(url, retry_delays=(1, 1), sleep=lambda _s: pytest.fail("retried"))
    with pytest.raises(OutputError, match="link-local or cloud metadata"):
        notify({"text": "x"})
    assert notify.failures == 1


def test_link_local_is_allowed_when_asked(servers):
    notify = webhook_notifier(
        "http://169.254.169.254:9/hook", allow_link_local=True, timeout=0.5, retry_delays=()
    )
    with pytest.raises(OutputError) as err:
        notify({"text": "x"})
    assert "refused: " not in str(err.value)  # it tried to connect


def test_slack_control_characters_are_escaped():
    hostile = "<!channel> & <http://evil.example|click>"
    base = result()
    head = result(finding("NET-002", hostile, Status.FAIL))
    payload = alert_payload(diff_scans(base, head), head.meta, Severity.LOW)
    assert payload is not None
    text: str = payload["text"]
    assert "<" not in text
    assert ">" not in text
    assert "&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;" in text


def test_metrics_bind_loopback_by_default():
    server, thread = AgentMetrics().serve(0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    agent = get_command(app).commands["agent"]  # type: ignore[attr-defined]
    option: Any = next(p for p in agent.params if p.name == "metrics_addr")
    assert option.default == "127.0.0.1"
    assert "--metrics-address" in option.opts


def test_failed_deliveries_are_a_metric(servers):
    hook = _Server([(500, {})] * 2)
    servers.append(hook)
    notify = webhook_notifier(hook.url, retry_delays=(0,), sleep=lambda _s: None)
    with pytest.raises(OutputError):
        notify({"text": "x"})
    metrics = AgentMetrics(alert_failures=lambda: notify.failures)
    sample = next(
        s
        for m in metrics.registry.collect()
        if m.name == "complyscan_alert_failures"
        for s in m.samples
        if s.name == "complyscan_alert_failures_total"
    )
    assert sample.value == 2
