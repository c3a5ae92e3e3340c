"""GithubSession: one githubkit client, the organisation and window, call counting, errors.

Collectors never build requests themselves: they call ``rest``/``rest_status``/``pages``/
``graphql`` here, which count every HTTP request (retries included), follow ``Link``
pagination, and translate GitHub's answers into ``CollectionError`` with the permission and
the next step. Rate limits are githubkit's: a primary limit (``x-ratelimit-remaining: 0``)
waits for ``x-ratelimit-reset``, a secondary limit waits ``retry-after``; both are retried
``max_attempts - 1`` times. Answers are cached by ETag (conditional requests), so a repeated
read in the same session costs no rate limit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import structlog
from githubkit import GitHub
from githubkit.exception import (
    GitHubException,
    GraphQLFailed,
    RateLimitExceeded,
    RequestError,
    RequestFailed,
)
from githubkit.retry import RetryChainDecision, RetryRateLimit, RetryServerError
from githubkit.typing import RetryOption

from scanner.errors import CollectionError

log = structlog.get_logger(__name__)
T = TypeVar("T")

SSO_HEADER = "x-github-sso"


@dataclass(frozen=True)
class RetryLimits:
    """githubkit's rate-limit and server-error retries, with a zero wait kept at zero.

    githubkit sleeps ``retry_after or 60`` seconds, so a ``retry-after: 0`` (or a reset
    time already past) would wait a minute; here it waits a millisecond instead.
    """

    attempts: int

    def __call__(self, exc: GitHubException, retry_count: int) -> RetryOption:
        """Retry rate limits ``attempts`` times, server errors up to 3 times."""
        decide = RetryChainDecision(
            RetryRateLimit(self.attempts), RetryServerError(min(self.attempts, 3))
        )
        option = decide(exc, retry_count)
        if option.do_retry:
            log.warning(
                "github.retry",
                reason=type(exc).__name__,
                attempt=retry_count + 1,
                wait_s=option.retry_after.total_seconds() if option.retry_after else 0,
            )
        if option.do_retry and not option.retry_after:
            return RetryOption(True, timedelta(milliseconds=1))
        return option


def quiet_client_logs() -> None:
    """githubkit logs each retry with a traceback through stdlib logging; we log retries
    ourselves (``github.retry``), so its records stop at a NullHandler instead of reaching
    Python's last-resort stderr handler."""
    logger = logging.getLogger("githubkit")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


class SharedTransport(httpx.BaseTransport):
    """One connection pool for every request of the session.

    githubkit opens a short-lived httpx client per request outside ``with github:`` (which
    holds its client in a context variable, so worker threads would not see it); each new
    client would build an SSL context and open a new connection. Handing them this
    transport keeps the pool (thread-safe in httpcore); their ``close`` leaves it open.
    """

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport(trust_env=True, retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send through the shared pool."""
        return self._inner.handle_request(request)

    def close(self) -> None:
        """Left open for the next request; ``shutdown`` closes it."""

    def shutdown(self) -> None:
        """Close the pool (end of the session)."""
        self._inner.close()


@dataclass
class CallCounter:
    """Requests sent, by kind; thread-safe (an httpx event hook calls it)."""

    rest: int = 0
    graphql: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, request: httpx.Request) -> None:
        with self._lock:
            if request.url.path.endswith("/graphql"):
                self.graphql += 1
            else:
                self.rest += 1

    @property
    def total(self) -> int:
        """Every request."""
        return self.rest + self.graphql


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("message", "")) if isinstance(body, dict) else ""


def translate(  # noqa: PLR0911 - one return per kind of GitHub answer
    err: GitHubException, *, scope: str, resource: str, call: str
) -> CollectionError:
    """A githubkit error as a CollectionError naming the call and what to do next."""
    permission = call
    if isinstance(err, RateLimitExceeded):
        return CollectionError(
            "github", scope, resource, "RateLimited", permission=permission,
            hint="GitHub's rate limit was still exceeded after waiting; scan fewer "
            "repositories at once (--concurrency) or use a GitHub App installation token",
        )  # fmt: skip
    if isinstance(err, RequestFailed):
        response = err.response.raw_response
        status, message = response.status_code, _message(response)
        sso = response.headers.get(SSO_HEADER, "")
        if status == 403 and sso:
            url = sso.partition("url=")[2]
            return CollectionError(
                "github", scope, resource, "SSONotAuthorized", permission=permission,
                hint="The organisation enforces SAML SSO: authorise this token for it"
                + (f" at {url}" if url else " (Settings > Tokens > Configure SSO)"),
            )  # fmt: skip
        if status == 401:
            return CollectionError(
                "github", scope, resource, "BadCredentials", permission=permission,
                hint="The token was rejected; set GITHUB_TOKEN to a valid token",
            )  # fmt: skip
        if status == 404:
            return CollectionError(
                "github", scope, resource, "NotFound", permission=permission,
                detail=message,
                hint="The repository does not exist or the token cannot see it: give the "
                "fine-grained token (or App installation) access to it",
            )  # fmt: skip
        cause = "PermissionDenied" if status == 403 else f"HTTP{status}"
        return CollectionError(
            "github", scope, resource, cause, permission=permission, detail=message,
            hint="Grant the read-only permissions printed by `complyscan permissions github`",
        )  # fmt: skip
    if isinstance(err, GraphQLFailed):
        errors = err.response.errors or []
        kinds = {e.type or "" for e in errors}
        text = "; ".join(e.message for e in errors)[:300]
        if "FORBIDDEN" in kinds and "SAML" in text:
            return CollectionError(
                "github", scope, resource, "SSONotAuthorized", permission=permission,
                hint="The organisation enforces SAML SSO: authorise this token for it",
            )  # fmt: skip
        cause = "NotFound" if "NOT_FOUND" in kinds else "GraphQLError"
        return CollectionError(
            "github", scope, resource, cause, permission=permission, detail=text,
            hint="Grant the read-only permissions printed by `complyscan permissions github`",
        )  # fmt: skip
    if isinstance(err, RequestError):
        return CollectionError(
            "github", scope, resource, "ConnectionError", permission=permission,
            detail=type(err.exc).__name__,
            hint="Check the network path to the API (GITHUB_API_URL for GitHub Enterprise)",
        )  # fmt: skip
    return CollectionError("github", scope, resource, type(err).__name__, permission=permission)


def for_kind(err: CollectionError, resource: str) -> CollectionError:
    """``err`` (a shared read that failed) reported against ``resource`` too."""
    return CollectionError(
        err.provider, err.scope, resource, err.cause, hint=err.hint,
        permission=err.permission, uid=err.uid, detail=err.detail,
    )  # fmt: skip


@dataclass
class GithubSession:
    """A live view of one organisation; pass it down, never store it globally."""

    client: GitHub[Any]
    owner: str
    identity: str
    window: tuple[datetime, datetime]
    repos: tuple[str, ...] = ()
    api_url: str = "https://api.github.com"
    counter: CallCounter = field(default_factory=CallCounter)
    transport: SharedTransport | None = None
    collected_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    provider: str = "github"
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _problems: list[CollectionError] = field(default_factory=list, repr=False)

    @property
    def account(self) -> str:
        """The organisation scanned."""
        return self.owner

    @property
    def offline(self) -> bool:
        """Always live: every read is an API call."""
        return False

    def release_inputs(self) -> None:
        """Nothing large is held: the reads the collectors shared stay (small) until close."""

    @property
    def input_errors(self) -> list[CollectionError]:
        """Settings a repository's collector could not read (the scan is then incomplete)."""
        with self._lock:
            return list(self._problems)

    def problem(self, err: CollectionError) -> None:
        """Record a partial read: the resource is kept, the unread fields stay None."""
        log.warning("github.partial", scope=err.scope, cause=err.cause, call=err.permission)
        with self._lock:
            self._problems.append(err)

    def cached(self, key: str, load: Callable[[], T]) -> T:
        """``load()`` once per key for the whole session (collectors share reads)."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._cache:
                self._cache[key] = load()
            value: T = self._cache[key]
            return value

    def rest(self, path: str, *, params: dict[str, Any] | None = None) -> Any:
        """GET ``path`` and return its JSON; githubkit errors propagate."""
        return self.client.request("GET", path, params=params).json()

    def rest_status(self, path: str) -> tuple[int, Any]:
        """GET ``path``: (status, JSON or None) for 2xx and 404; other errors propagate."""
        try:
            response = self.client.request("GET", path)
        except RequestFailed as err:
            raw = err.response.raw_response
            if raw.status_code == 404 and SSO_HEADER not in raw.headers:
                return 404, {"message": _message(raw)}
            raise
        raw = response.raw_response
        return raw.status_code, (raw.json() if raw.content else None)

    def pages(
        self, path: str, *, params: dict[str, Any] | None = None, key: str = ""
    ) -> Iterator[Any]:
        """Every item of a paged REST list (``key``: the list's field in an object answer)."""
        url: str | None = path
        query: dict[str, Any] | None = {"per_page": 100, **(params or {})}
        while url is not None:
            response = self.client.request("GET", url, params=query).raw_response
            body = response.json()
            yield from (body.get(key, []) if key else body)
            url = response.links.get("next", {}).get("url")
            query = None  # the next link carries the query

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """One GraphQL request; errors propagate as githubkit's GraphQLFailed."""
        return self.client.graphql(query, variables)

    def close(self) -> None:
        """Close the connection pool; log the calls made."""
        log.info("github.calls", rest=self.counter.rest, graphql=self.counter.graphql)
        if self.transport is not None:
            self.transport.shutdown()
