# ruff: noqa: S603 - these tests run the system's Chromium on files they wrote
"""HTML report: self-contained, escaped, and (in headless Chromium) rendered and filterable
with no network request."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.findings import Status, Suppression
from scanner.outputs import write_outputs
from scanner.outputs.html import to_html
from scanner.registry import Registry
from scanner.result import ScanResult
from scanner.suppress import apply_suppressions
from tests.fakes import FakeSession, spec
from tests.system_tools import unavailable

URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href"}
CSS_FETCH = re.compile(r"url\(\s*[\"']?\s*(?!data:|#)[^)\s]|@import", re.IGNORECASE)


class _Resources(HTMLParser):
    """Every URL the markup (attributes, inline CSS, inline script) could load."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag if tag in {"style", "script"} else None
        for name, raw in attrs:
            value = (raw or "").strip()
            if name in URL_ATTRS and value and not value.startswith("#"):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style" and CSS_FETCH.search(value):
                self.found.append(f"<{tag} style={value}>")
            if name == "http-equiv" and value.lower() == "refresh":
                self.found.append("<meta refresh>")

    def handle_data(self, data: str) -> None:
        if self._in == "style" and CSS_FETCH.search(data):
            self.found.append("<style> loads a URL")
        if self._in == "script" and re.search(r"https?:|fetch\(|XMLHttpRequest|import\(", data):
            self.found.append("<script> names a URL or fetches")


def external_resources(page: str) -> list[str]:
    parser = _Resources()
    parser.feed(page)
    return parser.found


@pytest.fixture(scope="module")
def result() -> ScanResult:
    raw = run_scan(
        spec(),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )
    hostile = next(f for f in raw.findings if f.status is Status.FAIL).model_copy(
        update={
            "id": "x" * 64,
            "resource_uid": 'arn:aws:kms:us-east-1:123456789012:key/<script>alert("x")</script>',
            "reason": "rotation off <img src=https://evil.example/x.png>",
        }
    )
    raw = raw.model_copy(update={"findings": (*raw.findings, hostile)})
    return apply_suppressions(
        raw,
        [
            Suppression(
                check="CRYPTO-001",
                resource="*<script>*",
                reason="accepted for the test",
                owner="secops@example.com",
                expires=date(2099, 1, 1),
            ),
            Suppression(
                check="CRYPTO-001",
                resource="*key/bad",
                reason="lapsed acceptance",
                owner="alice@example.com",
                expires=date(2020, 1, 1),
            ),
        ],
        date(2025, 6, 1),
    )


@pytest.fixture(scope="module")
def page(result) -> str:
    return to_html(result)


def test_page_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src" not in page
    assert "<link" not in page
    assert external_resources(page) == []
    assert "default-src 'none'" in page  # the browser refuses any request the page might make


def test_external_reference_detector_is_not_vacuous():
    for bad in (
        '<img src="https://x.example/a.png">',
        "<link href=http://x.example/a.css>",
        "<div style=\"background:url('https://x.example/a')\">",
        "<style>@import 'x.css'</style>",
        '<script src="//cdn.example.com/x.js"></script>',
        "<script>fetch('/x')</script>",
    ):
        assert external_resources(bad), bad
    fine = '<a href="#check-NET-002">x</a><p>&lt;img src=https://e.example/x&gt;</p>'
    assert external_resources(fine) == []


def test_page_has_summary_chart_table_and_remediation(result, page):
    assert '<section id="summary">' in page
    assert '<svg id="chart"' in page
    assert "<rect" in page
    assert page.count("<tr data-status=") == len(result.findings)
    assert 'id="check-CRYPTO-001"' in page
    assert "Remediation." in page
    assert "Expired exception: CRYPTO-001" in page
    assert "alice@example.com" in page
    assert "Accepted: accepted for the test (owner secops@example.com, until 2099-01-01)" in page


def test_untrusted_text_is_escaped(page):
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=https://evil.example" not in page


def test_written_with_the_other_formats(result, tmp_path):
    written = write_outputs(result, tmp_path, ["html", "csv", "json"])
    assert written["html"].name == "complyscan-report.html"
    assert written["html"].read_text().endswith("</html>\n")


# --- headless Chromium ------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        unavailable("Chromium is not installed (`apt-get install chromium`; .ci/run does)")
    try:
        subprocess.run([exe, "--version"], check=True, capture_output=True, timeout=60)
    except (subprocess.SubprocessError, OSError) as err:
        unavailable(f"Chromium cannot start here: {err}")
    return exe


def render(chromium: str, url: str, tmp: Path) -> tuple[str, list[str]]:
    """The DOM after scripts ran, and every non-file URL the page asked the network for.

    Every request goes to a proxy on a closed loopback port and no name resolves, so
    nothing leaves the machine even if the page (or the browser itself) tries.
    """
    netlog = tmp / "netlog.json"
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={tmp / 'profile'}",
        f"--proxy-server=127.0.0.1:{_closed_port()}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={netlog}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, _page_requests(netlog)


def _page_requests(netlog: Path) -> list[str]:
    """URLs requested on behalf of a file:// document (browser housekeeping excluded)."""
    data = json.loads(netlog.read_text())
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in data["events"]
        if e["type"] == start
        and "file://" in e.get("params", {}).get("network_isolation_key", "")
        and not e["params"]["url"].startswith("file:")
    ]


def rows(dom: str) -> list[tuple[str, bool]]:
    """(data-status, hidden) of every findings row in the dumped DOM."""
    return [
        (m[1], "hidden" in m[0]) for m in re.finditer(r'<tr data-status="([a-z_]+)"[^>]*>', dom)
    ]


def test_chromium_renders_and_filters_offline(chromium, page, result, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(page)
    dom, requests = render(chromium, path.as_uri(), tmp_path / "a")
    assert 'data-filtered="yes"' in dom  # the inline script ran under the CSP
    everything = rows(dom)
    assert len(everything) == len(result.findings)
    assert not any(hidden for _, hidden in everything)
    total = len(result.findings)
    assert f"{total} of {total} findings shown" in dom
    assert requests == []

    dom, requests = render(chromium, path.as_uri() + "?status=fail", tmp_path / "b")
    shown = [s for s, hidden in rows(dom) if not hidden]
    assert shown == ["fail"]  # key/bad: its exception expired, so it fails again
    assert {s for s, hidden in rows(dom) if hidden} >= {"pass", "unknown", "suppressed"}
    assert f"1 of {total} findings shown" in dom
    assert requests == []

    dom, _ = render(chromium, path.as_uri() + "?q=key%2Fgood&severity=medium", tmp_path / "c")
    assert [s for s, hidden in rows(dom) if not hidden] == ["pass"]


def test_network_check_catches_a_page_that_does_fetch(chromium, tmp_path):
    """Positive control: the same harness sees requests when a page makes them."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        '<!DOCTYPE html><img src="http://example.invalid/pixel.png">'
        '<script>fetch("https://example.invalid/beacon")</script>'
    )
    _, requests = render(chromium, leaky.as_uri(), tmp_path / "leaky")
    assert "http://example.invalid/pixel.png" in requests
    assert "https://example.invalid/beacon" in requests
