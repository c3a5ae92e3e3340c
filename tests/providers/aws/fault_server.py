"""moto's server behind a fault-injecting WSGI middleware, run as a child process by tests.

``python fault_server.py`` serves moto on 127.0.0.1 (a free port, printed on stdout) with
werkzeug's threaded server and stops when its stdin closes (the test process went away) or
on SIGTERM. Nothing here imports complyscan, so the server is independent of the code under
test, and moto's global state lives in this process, not in the pytest worker.

Faults, set with ``POST /_faults`` (JSON) and counted at ``GET /_faults/stats``:

- ``latency_ms``: every API request waits this long in its own server thread.
- ``throttle_rate`` / ``fail_rate``: that fraction of requests is answered with the service's
  throttling error / HTTP 503. The draw is a hash of (seed, request, its occurrence number),
  so it does not depend on thread timing; a retry is a new occurrence and a fresh draw.
- ``rules``: deterministic errors for matching requests, first match wins. A rule matches on
  ``service`` (SigV4 signing name), ``region`` and ``action`` (each optional), lets ``after``
  matching requests through first, then answers ``code`` (a string, or a mapping from
  protocol - ec2, query, json, rest-json, rest-xml - to code, with ``default``) with
  ``status``. A rule with ``rate`` (and ``burst``) is a server-side rate limit instead: it
  answers its error only to requests above that many per second, as AWS throttles. Rules
  are what per-service AccessDenied, not-opted-in regions and credentials that expire
  mid-scan look like on the wire.

Error bodies follow each protocol's shape (EC2 ``<Response><Errors>``, query
``<ErrorResponse>``, JSON ``__type``, REST-JSON ``x-amzn-ErrorType``, S3 ``<Error>``), so
botocore parses them exactly as it parses AWS's own.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import re
import signal
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from typing import Any

_CRED = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
StartResponse = Callable[..., Any]


def classify(environ: dict[str, Any], body: bytes) -> tuple[str, str, str]:
    """(service signing name, action, region) of an API request."""
    match = _CRED.search(environ.get("HTTP_AUTHORIZATION", ""))
    region, service = match.groups() if match else ("?", "unsigned")
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return service, target.rsplit(".", 1)[-1], region
    query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    if "Action" in query:
        return service, query["Action"][0], region
    if environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return service, form["Action"][0], region
    path = environ.get("PATH_INFO", "/")
    if service == "s3" and path.startswith("/v20180820/"):
        service = "s3control"
    first_query = environ.get("QUERY_STRING", "").split("&")[0].split("=")[0]
    return service, f"{environ.get('REQUEST_METHOD')} {first_query}".strip(), region


def protocol(environ: dict[str, Any], service: str) -> str:
    """The AWS wire protocol of a request, which decides the error body's shape."""
    ctype = environ.get("CONTENT_TYPE", "")
    if environ.get("HTTP_X_AMZ_TARGET") or ctype.startswith("application/x-amz-json"):
        return "json"
    if service in {"s3", "s3control", "cloudfront"}:  # CloudFront is REST-XML too
        return "rest-xml"
    if service == "ec2":
        return "ec2"
    if ctype.startswith("application/x-www-form-urlencoded"):
        return "query"
    return "rest-json"


def error_response(
    start_response: StartResponse, proto: str, code: str, status: int, message: str
) -> list[bytes]:
    """An AWS-shaped error answer for ``proto``."""
    rid = str(uuid.uuid4())
    headers = [("x-amzn-RequestId", rid), ("x-amz-request-id", rid), ("x-fault-injected", code)]
    if proto == "json":
        body = json.dumps({"__type": code, "message": message}).encode()
        headers.append(("Content-Type", "application/x-amz-json-1.1"))
    elif proto == "rest-json":
        body = json.dumps({"__type": code, "message": message, "Message": message}).encode()
        headers += [("Content-Type", "application/json"), ("x-amzn-ErrorType", code)]
    elif proto == "ec2":
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code}'
            f"</Code><Message>{message}</Message></Error></Errors><RequestID>{rid}</RequestID>"
            "</Response>"
        ).encode()
        headers.append(("Content-Type", "text/xml"))
    elif proto == "rest-xml":
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>'
            f"{message}</Message><RequestId>{rid}</RequestId><HostId>faults</HostId></Error>"
        ).encode()
        headers.append(("Content-Type", "application/xml"))
    else:
        kind = "Receiver" if status >= 500 else "Sender"
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>{kind}</Type>'
            f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>{rid}"
            "</RequestId></ErrorResponse>"
        ).encode()
        headers.append(("Content-Type", "text/xml"))
    headers.append(("Content-Length", str(len(body))))
    reason = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 503: "Slow Down"}
    start_response(f"{status} {reason.get(status, 'Error')}", headers)
    return [body]


class Faults:
    """The fault settings, the deterministic draws and the counters; thread-safe."""

    def __init__(self) -> None:
        """No faults, zero counters."""
        self.lock = threading.Lock()
        self.settings: dict[str, Any] = {}
        self.configure({})

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Replace the settings; counters and occurrence numbers restart from zero."""
        with self.lock:
            self.settings = {
                "latency_ms": float(settings.get("latency_ms", 0)),
                "throttle_rate": float(settings.get("throttle_rate", 0)),
                "fail_rate": float(settings.get("fail_rate", 0)),
                "seed": int(settings.get("seed", 7)),
                "rules": [dict(r) for r in settings.get("rules", ())],
            }
            self.seen: collections.Counter[str] = collections.Counter()
            self.rule_hits: collections.Counter[int] = collections.Counter()
            self.buckets: dict[int, tuple[float, float]] = {}
            self.stats: dict[str, collections.Counter[str]] = collections.defaultdict(
                collections.Counter
            )
            return dict(self.settings)

    def snapshot(self) -> dict[str, Any]:
        """Counters as JSON: total, by status, by service, by injected fault."""
        with self.lock:
            return {k: dict(v) for k, v in self.stats.items()} | {
                "total": sum(self.stats["status"].values())
            }

    def _rule(self, service: str, action: str, region: str) -> dict[str, Any] | None:
        for index, rule in enumerate(self.settings["rules"]):
            if any(
                rule.get(key) not in (None, value)
                for key, value in (("service", service), ("action", action), ("region", region))
            ):
                continue
            self.rule_hits[index] += 1
            if "rate" in rule:  # a server-side token bucket: throttle only above the rate
                return None if self._take(index, float(rule["rate"]), rule) else rule
            if self.rule_hits[index] > int(rule.get("after", 0)):
                return rule
            return None
        return None

    def _take(self, index: int, rate: float, rule: dict[str, Any]) -> bool:
        """Take a token from rule ``index``'s bucket (``rate`` per second, ``burst`` deep)."""
        burst = float(rule.get("burst", 1))
        now = time.monotonic()
        tokens, last = self.buckets.get(index, (burst, now))
        tokens = min(burst, tokens + (now - last) * rate)
        if tokens >= 1:
            self.buckets[index] = (tokens - 1, now)
            return True
        self.buckets[index] = (tokens, now)
        return False

    def decide(
        self, environ: dict[str, Any], body: bytes, request: tuple[str, str, str]
    ) -> tuple[float, tuple[str, int, str] | None]:
        """(delay in seconds, None or the injected (code, status, kind))."""
        service, action, region = request
        proto = protocol(environ, service)
        with self.lock:
            delay = self.settings["latency_ms"] / 1000
            rule = self._rule(service, action, region)
            if rule is not None:
                codes = rule["code"] if isinstance(rule["code"], dict) else {}
                code = codes.get(proto, codes.get("default")) if codes else rule["code"]
                return delay, (str(code), int(rule.get("status", 400)), "rule")
            throttle, fail = self.settings["throttle_rate"], self.settings["fail_rate"]
            if throttle <= 0 and fail <= 0:
                return delay, None
            ident = "\n".join(
                (
                    environ.get("REQUEST_METHOD", ""),
                    environ.get("PATH_INFO", ""),
                    environ.get("QUERY_STRING", ""),
                    environ.get("HTTP_X_AMZ_TARGET", ""),
                    region,
                    hashlib.sha1(body).hexdigest(),  # noqa: S324 - an identity, not security
                )
            )
            self.seen[ident] += 1
            draw = f"{self.settings['seed']}\n{self.seen[ident]}\n{ident}".encode()
        u = int.from_bytes(hashlib.sha256(draw).digest()[:8], "big") / 2.0**64
        if u < throttle:
            if proto == "rest-xml":  # S3 throttles with 503 SlowDown
                return delay, ("SlowDown", 503, "throttled")
            return delay, ("ThrottlingException" if "json" in proto else "Throttling", 400,
                           "throttled")  # fmt: skip
        if u < throttle + fail:
            code = "ServiceUnavailableException" if "json" in proto else "ServiceUnavailable"
            return delay, (code, 503, "failed")
        return delay, None

    def count(self, request: tuple[str, str, str], status: str, kind: str | None) -> None:
        """Record one answered request."""
        service, action, region = request
        with self.lock:
            self.stats["status"][status] += 1
            self.stats["service"][service] += 1
            self.stats["region"][region] += 1
            self.stats["action"][f"{service}:{action}"] += 1
            if kind:
                self.stats["injected"][kind] += 1
                self.stats["injected_by_service"][f"{service}:{kind}"] += 1


class FaultMiddleware:
    """WSGI middleware: control endpoints under ``/_faults``, faults before moto."""

    def __init__(self, app: Callable[..., Iterable[bytes]], faults: Faults) -> None:
        """Wrap ``app`` (moto's dispatcher)."""
        self.app = app
        self.faults = faults

    def _control(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        if environ.get("REQUEST_METHOD") == "POST":
            answer = self.faults.configure(json.loads(raw or b"{}"))
        else:
            answer = self.faults.snapshot()
        data = json.dumps(answer).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [data]

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        """Serve one request."""
        if environ.get("PATH_INFO", "").startswith("/_faults"):
            return self._control(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        request = classify(environ, body)
        delay, injected = self.faults.decide(environ, body, request)
        if delay:
            time.sleep(delay)  # only this request's thread waits
        status: list[str] = []

        def respond(code: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status.append(code.split(" ", 1)[0])
            return start_response(code, headers, exc_info)

        try:
            if injected is not None:
                code, http, _ = injected
                proto = protocol(environ, request[0])
                return error_response(respond, proto, code, http, f"injected {code}")
            return self.app(environ, respond)
        finally:
            kind = injected[2] if injected else None
            self.faults.count(request, status[0] if status else "500", kind)


def main() -> None:
    """Serve until stdin closes or SIGTERM; print the port first."""
    from moto.moto_server.werkzeug_app import (  # slow import: the child only
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    class QuietHandler(MotoRequestHandler):  # type: ignore[misc]
        def log_request(self, *_: Any) -> None:
            """No access log: tests read the counters instead."""

    app = FaultMiddleware(DomainDispatcherApplication(create_backend_app), Faults())
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    sys.stdout.write(f"{server.server_port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
