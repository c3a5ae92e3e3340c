"""A loopback fake of Cloud Asset Inventory (REST) and the GCS JSON API, for the real clients.

It serves asset records (the same fixture files the snapshot reader reads), pages them,
decodes the integer enums the REST client sends, answers PERMISSION_DENIED and
RESOURCE_EXHAUSTED when a test asks, runs ExportAssets as a long-running operation that
writes NDJSON into an in-memory bucket, and records every request.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
CONTENT_TYPES = {
    "1": "resource",
    "2": "iam_policy",
    "RESOURCE": "resource",
    "IAM_POLICY": "iam_policy",
    "4": "org_policy",
    "ORG_POLICY": "org_policy",
}
_CAMEL_SKIP = {"data"}  # resource.data is the service's own JSON: leave it alone


def load(*names: str) -> list[dict[str, Any]]:
    """Records of fixture NDJSON files."""
    return [
        json.loads(line)
        for name in names
        for line in (FIXTURES / name).read_text().splitlines()
        if line.strip()
    ]


def camel(value: Any) -> Any:
    """snake_case envelope keys -> camelCase, as the REST API answers (data untouched)."""
    if isinstance(value, list):
        return [camel(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, inner in value.items():
        head, *rest = key.split("_")
        new = head + "".join(p.title() for p in rest)
        out[new] = inner if key in _CAMEL_SKIP else camel(inner)
    return out


def _has(record: dict[str, Any], content: str) -> bool:
    if content == "resource":
        return "resource" in record
    if content == "org_policy":
        return "org_policy" in record or "orgPolicy" in record
    return "iam_policy" in record or "iamPolicy" in record


def _type(record: dict[str, Any]) -> str:
    return str(record.get("asset_type") or record.get("assetType"))


@dataclass
class FakeCai:
    """Scope -> records served, plus switches for failures. Use ``serve()`` to run it."""

    records: dict[str, list[dict[str, Any]]]
    denied: set[tuple[str, str]] = field(default_factory=set)  # (scope, content or "*")
    exhausted: int = 0  # the next N ListAssets requests answer 429 RESOURCE_EXHAUSTED
    max_page: int = 1000
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    objects: dict[tuple[str, str], bytes] = field(default_factory=dict)
    operations: dict[str, int] = field(default_factory=dict)  # name -> polls left
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def calls(self, kind: str) -> list[tuple[str, str, dict[str, list[str]]]]:
        """Recorded requests whose path contains ``kind`` (e.g. '/assets', ':exportAssets')."""
        return [r for r in self.requests if kind in r[1]]

    def assets(self, scope: str, content: str, types: list[str]) -> list[dict[str, Any]]:
        return [
            r
            for r in self.records.get(scope, [])
            if _has(r, content) and (not types or _type(r) in types)
        ]

    def is_denied(self, scope: str, content: str) -> bool:
        return (scope, content) in self.denied or (scope, "*") in self.denied

    @contextmanager
    def serve(self) -> Iterator[FakeCai]:
        """Run on 127.0.0.1 (ephemeral port) for the duration of the block."""
        server = _Server(("127.0.0.1", 0), Handler)
        server.fake = self
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def _status(code: int, status: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "status": status, "message": message}}


class _Server(ThreadingHTTPServer):
    fake: FakeCai


class Handler(BaseHTTPRequestHandler):
    """Routes CAI, long-running operation and GCS object requests to the self.fake."""

    server: _Server

    @property
    def fake(self) -> FakeCai:
        return self.server.fake

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, code: int, body: Any, raw: bytes | None = None) -> None:
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        with self.fake.lock:
            self.fake.requests.append((self.command, unquote(parts.path), query))
        return unquote(parts.path), query

    def do_GET(self) -> None:
        path, query = self._record()
        if path.startswith("/storage/v1/b/"):
            self._object(path)
        elif path.endswith("/assets"):
            self._list(path.removeprefix("/v1/").removesuffix("/assets"), query)
        elif "/operations/" in path:
            self._operation(path.removeprefix("/v1/"))
        else:
            self._send(404, _status(404, "NOT_FOUND", path))

    def do_POST(self) -> None:
        path, _query = self._record()
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if path.endswith(":exportAssets"):
            self._export(path.removeprefix("/v1/").removesuffix(":exportAssets"), body)
        else:
            self._send(404, _status(404, "NOT_FOUND", path))

    def _list(self, scope: str, query: dict[str, list[str]]) -> None:
        content = CONTENT_TYPES[query.get("contentType", ["1"])[0]]
        with self.fake.lock:
            throttled = self.fake.exhausted > 0
            self.fake.exhausted -= int(throttled)
        if throttled:
            self._send(429, _status(429, "RESOURCE_EXHAUSTED", "Quota exceeded"))
            return
        if self.fake.is_denied(scope, content):
            message = f"The caller does not have permission on {scope}"
            self._send(403, _status(403, "PERMISSION_DENIED", message))
            return
        records = self.fake.assets(scope, content, query.get("assetTypes", []))
        size = min(int(query.get("pageSize", ["100"])[0]), self.fake.max_page)
        start = int(query.get("pageToken", ["0"])[0] or 0)
        page = records[start : start + size]
        answer: dict[str, Any] = {"assets": [camel(r) for r in page]}
        if start + size < len(records):
            answer["nextPageToken"] = str(start + size)
        self._send(200, answer)

    def _export(self, scope: str, body: dict[str, Any]) -> None:
        content = CONTENT_TYPES[str(body.get("contentType", 1))]
        if self.fake.is_denied(scope, content):
            self._send(403, _status(403, "PERMISSION_DENIED", f"no export on {scope}"))
            return
        uri = body["outputConfig"]["gcsDestination"]["uri"].removeprefix("gs://")
        bucket, _, name = uri.partition("/")
        lines = [
            json.dumps(r) for r in self.fake.assets(scope, content, body.get("assetTypes", []))
        ]
        op = f"{scope}/operations/ExportAssets/{len(self.fake.operations) + 1}"
        with self.fake.lock:
            self.fake.objects[(bucket, name)] = "\n".join(lines).encode() + b"\n"
            self.fake.operations[op] = 1  # done after one poll
        self._send(200, {"name": op, "done": False})

    def _operation(self, name: str) -> None:
        with self.fake.lock:
            left = self.fake.operations.get(name, 0)
            self.fake.operations[name] = max(0, left - 1)
        answer: dict[str, Any] = {"name": name, "done": left <= 1}
        if left <= 1:
            answer["response"] = {
                "@type": "type.googleapis.com/google.cloud.asset.v1.ExportAssetsResponse"
            }
        self._send(200, answer)

    def _object(self, path: str) -> None:
        bucket, _, name = path.removeprefix("/storage/v1/b/").partition("/o/")
        data = self.fake.objects.get((bucket, name))
        if data is None:
            self._send(404, _status(404, "NOT_FOUND", f"no object {name}"))
            return
        self._send(200, None, raw=data)
