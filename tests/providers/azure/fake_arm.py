"""A loopback HTTPS fake of Azure Resource Manager and Resource Graph for the real SDKs.

Serves the fixture tenant: Resource Graph ``POST /providers/Microsoft.ResourceGraph/
resources`` with ``$skipToken`` paging, quota headers and injectable 429s; ARM GETs by path
with absolute ``nextLink`` paging; ``403 AuthorizationFailed`` for denied subscriptions.
Every request is recorded so tests can count API calls.
"""

from __future__ import annotations

import base64
import json
import re
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

GRAPH_PATH = "/providers/microsoft.resourcegraph/resources"
_TABLE = re.compile(r"^\s*(\w+)")
_TYPES = re.compile(r"'([a-z0-9./]+)'")
_SUB = re.compile(r"^/subscriptions/([^/]+)", re.IGNORECASE)


@dataclass
class Request:
    """One request the fake received."""

    method: str
    path: str
    body: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class FakeArm:
    """State of the fake: what it serves and what it saw."""

    tables: dict[str, list[dict[str, Any]]]
    answers: dict[str, Any]
    denied: set[str] = field(default_factory=set)
    page_size: int = 1000
    throttle_graph: int = 0
    retry_after: str = "0.2"
    quota: int = 15
    list_page: int = 0
    #: Microsoft Graph (/v1.0/...) answers 403 Authorization_RequestDenied (no admin consent).
    graph_denied: bool = False
    #: The next N Microsoft Graph GETs answer 429 (the client must retry them).
    throttle_msgraph: int = 0
    requests: list[Request] = field(default_factory=list)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def graph_calls(self) -> list[Request]:
        """Resource Graph requests answered (any status)."""
        return [r for r in self.requests if r.path.lower().startswith(GRAPH_PATH)]

    def arm_calls(self) -> list[Request]:
        """Every other ARM request."""
        return [r for r in self.requests if not r.path.lower().startswith(GRAPH_PATH)]

    # --- Resource Graph ------------------------------------------------------------------

    def graph(self, request: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any]]:
        with self._lock:
            if self.throttle_graph > 0:
                self.throttle_graph -= 1
                return 429, {"Retry-After": self.retry_after}, _error("RateLimiting", "throttled")
            self.quota = self.quota - 1 if self.quota > 0 else 15
            quota = self.quota
        query = str(request.get("query", ""))
        table = _TABLE.match(query).group(1).lower()  # type: ignore[union-attr]
        wanted = {s.lower() for s in request.get("subscriptions") or ()}
        types = set(_TYPES.findall(query.lower()))
        rows = [
            r
            for r in self.tables.get(table, [])
            if (not wanted or r["subscriptionId"] in wanted)
            and r["subscriptionId"] not in self.denied
            and (not types or r["type"] in types or table == "authorizationresources")
        ]
        if "distinct subscriptionid, location" in query.lower():
            rows = _locations(self.tables.get(table, []), wanted, self.denied)
        options = request.get("options") or {}
        token = options.get("$skipToken")
        offset = json.loads(base64.b64decode(token))["offset"] if token else 0
        size = min(int(options.get("$top") or 1000), self.page_size)
        page = rows[offset : offset + size]
        answer: dict[str, Any] = {
            "totalRecords": len(rows),
            "count": len(page),
            "resultTruncated": "false",
            "data": page,
        }
        if offset + size < len(rows):
            answer["$skipToken"] = base64.b64encode(
                json.dumps({"offset": offset + size}).encode()
            ).decode()
        headers = {
            "x-ms-user-quota-remaining": str(quota),
            "x-ms-user-quota-resets-after": "00:00:05",
        }
        return 200, headers, answer

    # --- ARM GETs ------------------------------------------------------------------------

    def get(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        clean = re.sub(r"/+", "/", unquote(path)).rstrip("/").lower()
        if clean.startswith("/v1.0/") and self.throttle_msgraph > 0:
            with self._lock:
                self.throttle_msgraph -= 1
            return 429, _error("TooManyRequests", "Too many requests")
        if clean.startswith("/v1.0/") and self.graph_denied:
            return 403, _error(
                "Authorization_RequestDenied", "Insufficient privileges to complete the operation."
            )
        sub = _SUB.match(clean)
        if sub and sub.group(1) in self.denied:
            return 403, _error(
                "AuthorizationFailed",
                f"The client does not have authorization to perform action over scope "
                f"'/subscriptions/{sub.group(1)}' or the scope is invalid.",
            )
        if clean not in self.answers:
            return 404, _error("ResourceNotFound", f"{path} not found")
        answer = self.answers[clean]
        values = answer.get("value") if isinstance(answer, dict) else None
        if not self.list_page or not isinstance(values, list):
            return 200, answer
        start = int(query.get("page", ["0"])[0])
        page: dict[str, Any] = {"value": values[start : start + self.list_page]}
        if start + self.list_page < len(values):
            page["nextLink"] = f"{self.url}{path}?api-version=x&page={start + self.list_page}"
        return 200, page


def _locations(
    rows: list[dict[str, Any]], wanted: set[str], denied: set[str]
) -> list[dict[str, Any]]:
    """What the regions-in-use query answers: one row per (subscription, location)."""
    seen = sorted(
        {
            (r["subscriptionId"], r["location"])
            for r in rows
            if r.get("location")
            and (not wanted or r["subscriptionId"] in wanted)
            and r["subscriptionId"] not in denied
        }
    )
    return [
        {
            "subscriptionId": sub,
            "location": loc,
            "id": f"/subscriptions/{sub}/locations/{loc}",
            "type": "microsoft.resources/subscriptions/locations",
            "name": loc,
        }
        for sub, loc in seen
    ]


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def handler(fake: FakeArm) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``fake``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # keep test output quiet
            return

        def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            parts = urlsplit(self.path)
            record = Request("POST", parts.path, payload, time.monotonic())
            fake.requests.append(record)
            if parts.path.lower() != GRAPH_PATH:
                record.status = 404
                self._send(404, _error("NotFound", parts.path), {})
                return
            record.status, headers, answer = fake.graph(payload)
            self._send(record.status, answer, headers)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            record = Request("GET", parts.path, {}, time.monotonic())
            fake.requests.append(record)
            record.status, answer = fake.get(parts.path, parse_qs(parts.query))
            self._send(record.status, answer, {})

    return Handler


def serve(fake: FakeArm, cert_file: str, key_file: str) -> ThreadingHTTPServer:
    """Start the fake on 127.0.0.1 over TLS; ``fake.url`` is set. Call ``shutdown()`` after."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(fake))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    fake.url = f"https://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
