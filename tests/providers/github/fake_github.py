"""A loopback fake of the GitHub REST and GraphQL APIs for one organisation.

REST answers start from the examples of GitHub's published OpenAPI description
(``fixtures/openapi-subset.json``, see PROVENANCE.md) with the fields under test replaced;
``tests/providers/github/test_fake_shapes.py`` validates every answer against the published
response schemas, and the GraphQL queries the client sends against the published schema.
GraphQL answers are built in the shape of those queries (``PullRequest``, ``Commit``,
``CheckRun``, ``StatusContext`` nodes).

Behaviour: ``Link`` pagination (``per_page`` honoured, ``page`` cursor), cursor paging for
GraphQL, injected answers per path (403, 404, SSO, secondary rate limit with
``retry-after: 0``, primary limit with ``x-ratelimit-remaining: 0``), and a count of every
request served.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
#: GitHub Enterprise Server serves REST under /api/v3 and GraphQL at /api/graphql
GHES_PREFIX = "/api/v3"
_SPEC: dict[str, Any] = json.loads((FIXTURES / "openapi-subset.json").read_text())


def example(path: str, code: str = "200") -> Any:
    """A deep copy of the first published example answer of ``GET path``."""
    examples = _SPEC["examples"][path][code]
    return copy.deepcopy(next(iter(examples.values())))


def user(login: str) -> dict[str, Any]:
    """A simple-user object (from the collaborators example) for ``login``."""
    base = example("/repos/{owner}/{repo}/collaborators")[0]
    base.pop("permissions", None)
    base.pop("role_name", None)
    base.update(login=login, html_url=f"https://github.com/{login}")
    return base


@dataclass
class Answer:
    """An injected answer: status, JSON body, headers; ``times`` answers before real ones."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1_000_000


@dataclass
class FakeRepo:
    """What the fake knows about one repository (REST shapes and GraphQL nodes)."""

    name: str
    default_branch: str = "main"
    archived: bool = False
    security: dict[str, Any] | None = None
    classic: dict[str, Any] | None = None  # None: 404 "Branch not protected"
    rules: list[dict[str, Any]] = field(default_factory=list)
    rulesets: dict[int, dict[str, Any]] = field(default_factory=dict)
    codeowners: bool = False
    vulnerability_alerts: bool = True
    actions: dict[str, Any] = field(
        default_factory=lambda: {"enabled": True, "allowed_actions": "selected"}
    )
    workflow: dict[str, Any] = field(
        default_factory=lambda: {
            "default_workflow_permissions": "read",
            "can_approve_pull_request_reviews": False,
        }
    )
    environments: list[dict[str, Any]] = field(default_factory=list)
    collaborators: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    activity: list[dict[str, Any]] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)  # PullRequest nodes
    commits: list[dict[str, Any]] = field(default_factory=list)  # Commit nodes (history)
    hidden: bool = False  # the token cannot see it (404 everywhere)
    graphql_error: dict[str, Any] | None = None  # a GraphQL error object for this repo


@dataclass
class FakeGitHub:
    """One organisation's state; ``serve()`` runs it on 127.0.0.1."""

    org: str = "acme"
    two_factor: bool | None = True
    repos: dict[str, FakeRepo] = field(default_factory=dict)
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    graphql_page: int = 50
    not_modified: int = 0  # conditional GETs answered 304
    token_requests: list[dict[str, Any]] = field(default_factory=list)  # App installation
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, repo: FakeRepo) -> FakeRepo:
        self.repos[repo.name] = repo
        return repo

    def inject(self, path: str, answer: Answer) -> None:
        """Answer ``path`` (exact, without query) with ``answer`` before the real one."""
        self.answers.setdefault(path, []).append(answer)

    @contextmanager
    def serve(self) -> Iterator[str]:
        """Serve on a free loopback port; yields the API base URL."""
        fake = self

        class Handler(_Handler):
            state = fake

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()


class _Handler(BaseHTTPRequestHandler):
    state: FakeGitHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        headers = dict(headers or {})
        if status == 200 and self.command == "GET":
            # GitHub answers GETs with an ETag and a conditional GET with 304 (no body)
            etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
            headers["etag"] = etag
            if self.headers.get("if-none-match") == etag:
                with self.state.lock:
                    self.state.not_modified += 1
                status, data = 304, b""
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        limits = {
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": "4000",
            "x-ratelimit-reset": "1700000000",
        }
        for key, value in {**limits, **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _injected(self, path: str) -> Answer | None:
        with self.state.lock:
            queue = self.state.answers.get(path) or []
            if queue:
                answer = queue[0]
                answer.times -= 1
                if answer.times <= 0:
                    queue.pop(0)
                return answer
        return None

    def do_GET(self) -> None:
        url = urlsplit(self.path.removeprefix(GHES_PREFIX))
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        with self.state.lock:
            self.state.requests.append(("GET", urlsplit(self.path).path))
        answer = self._injected(url.path)
        if answer is not None:
            self._send(answer.status, answer.body, answer.headers)
            return
        status, body, headers = _rest(self.state, url.path, query)
        if isinstance(body, list) and status == 200:
            body, headers = _page(self.headers.get("host", ""), url.path, query, body)
        self._send(status, body, headers)

    def do_POST(self) -> None:
        url = urlsplit(self.path.replace("/api/graphql", "/graphql"))
        length = int(self.headers.get("content-length") or 0)
        payload = json.loads(self.rfile.read(length) or b"{}")
        with self.state.lock:
            self.state.requests.append(("POST", urlsplit(self.path).path))
        answer = self._injected(url.path)
        if answer is not None:
            self._send(answer.status, answer.body, answer.headers)
            return
        if url.path.startswith("/app/installations/") and url.path.endswith("/access_tokens"):
            # POST /app/installations/{installation_id}/access_tokens (apps/create-installation-
            # access-token): token and expires_at are the required fields of the 201 answer
            with self.state.lock:
                self.state.token_requests.append(
                    {"authorization": self.headers.get("authorization", ""), **payload}
                )
            body = {
                "token": "ghs_installation_token",
                "expires_at": "2099-01-01T00:00:00Z",
                "permissions": payload.get("permissions", {}),
                "repository_selection": "all",
            }
            self._send(201, body)
            return
        self._send(200, _graphql(self.state, payload["query"], payload.get("variables") or {}))


def _page(
    host: str, path: str, query: dict[str, str], items: list[Any]
) -> tuple[list[Any], dict[str, str]]:
    """REST page of ``items`` with a Link header to the next page."""
    size = int(query.get("per_page", 30))
    page = int(query.get("page", 1))
    chunk = items[(page - 1) * size : page * size]
    headers = {}
    if page * size < len(items):
        rest = {k: v for k, v in query.items() if k != "page"}
        params = "&".join(f"{k}={v}" for k, v in {**rest, "page": str(page + 1)}.items())
        headers["link"] = f'<http://{host}{path}?{params}>; rel="next"'
    return chunk, headers


NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}


def _org(state: FakeGitHub) -> dict[str, Any]:
    org = example("/orgs/{org}")
    org.update(login=state.org, html_url=f"https://github.com/{state.org}")
    org.setdefault("archived_at", None)  # required by the schema, absent from the example
    if state.two_factor is None:
        org.pop("two_factor_requirement_enabled", None)
    else:
        org["two_factor_requirement_enabled"] = state.two_factor
    return org


def _repo(state: FakeGitHub, repo: FakeRepo) -> dict[str, Any]:
    body = example("/repos/{owner}/{repo}")
    body.update(
        name=repo.name,
        full_name=f"{state.org}/{repo.name}",
        html_url=f"https://github.com/{state.org}/{repo.name}",
        default_branch=repo.default_branch,
        archived=repo.archived,
        private=True,
        visibility="private",
    )
    body.setdefault("language", None)  # required by the schema, absent from the example
    for fork_of in ("source", "parent", "template_repository"):  # not forks: drop the example's
        body.pop(fork_of, None)
    if repo.security is None:
        body.pop("security_and_analysis", None)
    else:
        body["security_and_analysis"] = repo.security
    return body


def _rest(state: FakeGitHub, path: str, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
    parts = path.strip("/").split("/")
    if path == "/user":
        return 200, {**example("/user"), "login": "auditor"}, {}
    if parts[:2] == ["orgs", state.org]:
        if len(parts) == 2:
            return 200, _org(state), {}
        if parts[2:] == ["repos"]:
            listing = example("/orgs/{org}/repos")[0]
            return (
                200,
                [
                    {**listing, "name": r.name, "full_name": f"{state.org}/{r.name}"}
                    for r in state.repos.values()
                    if not r.hidden
                ],
                {},
            )
    if parts[0] != "repos" or len(parts) < 3 or parts[1] != state.org:
        return 404, NOT_FOUND, {}
    repo = state.repos.get(parts[2])
    if repo is None or repo.hidden:
        return 404, NOT_FOUND, {}
    return _repo_rest(state, repo, parts[3:], query)


def _repo_rest(  # noqa: PLR0911, PLR0912 - one branch per endpoint
    state: FakeGitHub, repo: FakeRepo, rest: list[str], query: dict[str, str]
) -> tuple[int, Any, dict[str, str]]:
    if not rest:
        return 200, _repo(state, repo), {}
    key = "/".join(rest)
    if rest[0] == "branches" and rest[-1] == "protection":
        if repo.classic is None:
            return 404, {"message": "Branch not protected", "documentation_url": "x"}, {}
        return 200, repo.classic, {}
    if rest[:2] == ["rules", "branches"]:
        return 200, repo.rules, {}
    if rest[0] == "rulesets":
        ruleset = repo.rulesets.get(int(rest[1]))
        return (200, ruleset, {}) if ruleset else (404, NOT_FOUND, {})
    if key == "codeowners/errors":
        return (200, {"errors": []}, {}) if repo.codeowners else (404, NOT_FOUND, {})
    if key == "vulnerability-alerts":
        return (204, None, {}) if repo.vulnerability_alerts else (404, NOT_FOUND, {})
    if key == "actions/permissions":
        return 200, repo.actions, {}
    if key == "actions/permissions/workflow":
        return 200, repo.workflow, {}
    if key == "environments":
        return 200, {"total_count": len(repo.environments), "environments": repo.environments}, {}
    if key == "collaborators":
        return 200, repo.collaborators, {}
    if key == "keys":
        return 200, repo.keys, {}
    if key == "activity":
        wanted = query.get("activity_type")
        events = [e for e in repo.activity if not wanted or e["activity_type"] == wanted]
        return 200, sorted(events, key=lambda e: e["timestamp"], reverse=True), {}
    return 404, NOT_FOUND, {}


def _connection(nodes: list[dict[str, Any]], first: int, cursor: str | None) -> dict[str, Any]:
    start = int(cursor or 0)
    chunk = nodes[start : start + first]
    end = start + len(chunk)
    return {
        "nodes": chunk,
        "pageInfo": {"hasNextPage": end < len(nodes), "endCursor": str(end) if chunk else None},
    }


def _graphql(state: FakeGitHub, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    repo = state.repos.get(variables.get("name", ""))
    if repo is None or repo.hidden:
        return {
            "data": {"repository": None},
            "errors": [
                {
                    "type": "NOT_FOUND",
                    "path": ["repository"],
                    "message": f"Could not resolve to a Repository with the name "
                    f"'{state.org}/{variables.get('name')}'.",
                }
            ],
        }
    if repo.graphql_error is not None:
        return {"data": None, "errors": [repo.graphql_error]}
    if "query MergedPulls" in query:
        pulls = [p for p in repo.pulls if p["baseRefName"] == variables["base"]]
        pulls.sort(key=lambda p: p["updatedAt"], reverse=True)
        shaped = [{k: v for k, v in p.items() if k != "baseRefName"} for p in pulls]
        page = _connection(shaped, state.graphql_page, variables.get("cursor"))
        return {"data": {"repository": {"pullRequests": page}}}
    if "query BranchHistory" in query:
        since, until = variables["since"], variables["until"]
        nodes = [c for c in repo.commits if _iso(since) <= _iso(c["committedDate"]) <= _iso(until)]
        nodes.sort(key=lambda c: c["committedDate"], reverse=True)
        history = _connection(nodes, 100, variables.get("cursor"))
        return {"data": {"repository": {"ref": {"target": {"history": history}}}}}
    return {"errors": [{"message": "unknown query"}]}


def _iso(text: str) -> str:
    """Comparable UTC timestamp text (seconds precision)."""
    from datetime import UTC, datetime

    value = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S")
