"""AWS session: credentials, retry configuration, a shared client cache and a detail pool."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, TypeVar

import boto3
import botocore.exceptions
import botocore.parsers
import structlog
from botocore.config import Config
from botocore.retries import quota
from botocore.retries.base import BaseRetryableChecker
from botocore.retries.standard import (
    ExponentialBackoff,
    RetryContext,
    RetryEventAdapter,
    RetryHandler,
    RetryPolicy,
    RetryQuotaChecker,
    StandardRetryConditions,
    ThrottlingErrorDetector,
)

from scanner import __version__
from scanner.config import ScanConfig
from scanner.errors import AuthenticationError, CollectionError, EndpointUnreachableError
from scanner.ratelimit import LimiterStats, RateLimiter, RateLimits, Slot

log = structlog.get_logger(__name__)
T = TypeVar("T")
U = TypeVar("U")

_DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "Forbidden",
    "AuthorizationErrorException",
}
_NOT_ENABLED = {
    "OptInRequired",
    "AuthFailure",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "SubscriptionRequiredException",
}
_EXPIRED = {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidToken"}
_THROTTLED = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
}
_UNAVAILABLE = {
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "InternalError",
    "InternalFailure",
    "InternalServerError",
    "NotImplemented",
}
PERMISSIONS_HINT = "Attach the read-only policy printed by `complyscan permissions aws`"


class SessionClosed(botocore.exceptions.BotoCoreError):
    """An API call on a closed session: the scan was stopped, in-flight workers wind down."""

    fmt = "The scan was stopped; no further API calls are made"


def error_code(err: botocore.exceptions.ClientError) -> str:
    """The AWS error code of a ClientError ('' if absent)."""
    return str(err.response.get("Error", {}).get("Code", ""))


def translate_error(
    err: Exception, *, scope: str, resource: str, permission: str = "", uid: str = ""
) -> CollectionError:
    """Turn a botocore exception into a CollectionError with an actionable hint."""
    if isinstance(err, botocore.exceptions.ClientError):
        code = error_code(err) or "ClientError"
        if code in _DENIED:
            hint = f"Grant {permission or 'the read permission'} to the scanning identity. "
            hint += PERMISSIONS_HINT
        elif code in _NOT_ENABLED:
            hint = (
                f"Region {scope} does not accept these credentials; it may not be opted in. "
                "Enable it or leave it out of --region"
            )
        elif code in _EXPIRED:
            hint = "The session credentials expired during the scan; refresh them and re-run"
        elif code in _THROTTLED:
            hint = "Still throttled after all retries; lower --concurrency or re-run later"
        elif (
            code in _UNAVAILABLE
            or err.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
        ):
            hint = "The service failed after all retries; re-run later"
        else:
            hint = "Unexpected API error; re-run with --log-level debug for details"
        return CollectionError(
            "aws",
            scope,
            resource,
            code,
            hint=hint,
            permission=permission,
            uid=uid,
            detail=str(err.response.get("Error", {}).get("Message", ""))[:200],
        )
    if isinstance(err, SessionClosed):
        cause, hint = "Interrupted", "The scan was stopped before this was read"
    elif isinstance(
        err, botocore.exceptions.NoCredentialsError | botocore.exceptions.TokenRetrievalError
    ):
        cause, hint = type(err).__name__, "Credentials are no longer available; log in again"
    elif isinstance(
        err, botocore.exceptions.ConnectTimeoutError | botocore.exceptions.EndpointConnectionError
    ):
        cause = type(err).__name__
        hint = "Could not reach the endpoint; check network, proxy and AWS_ENDPOINT_URL"
    elif isinstance(err, botocore.exceptions.ReadTimeoutError):
        cause, hint = "ReadTimeout", "The endpoint did not answer in time; re-run later"
    else:
        cause, hint = type(err).__name__, "Unexpected SDK error; re-run with --log-level debug"
    return CollectionError("aws", scope, resource, cause, hint=hint, permission=permission, uid=uid)


#: Exceptions collectors translate; anything else is a bug and reaches the engine boundary.
SDK_ERRORS: tuple[type[Exception], ...] = (
    botocore.exceptions.ClientError,
    botocore.exceptions.BotoCoreError,
    # an answer botocore cannot parse (an HTML error page from a proxy or an emulator's 500)
    botocore.parsers.ResponseParserError,
)


#: botocore's retry mode: retries and backoff. Not "adaptive", whose own client-side limiter
#: would sit on top of ours; AwsSession says why.
RETRY_MODE: Final = "standard"
#: Where a request's reserved slot travels from ``before-send`` to ``needs-retry``.
_SLOT = "complyscan_rate_slot"
#: Attempts, the first included, for an error that is not throttling (5xx, timeouts, a dropped
#: connection). botocore backs these off from 50 ms, doubling: five attempts wait at most
#: 0.75 s in all, ten up to 25.5 s (6.4 s and 12.8 s for the last two).
ERROR_ATTEMPTS: Final = 5


@dataclass(frozen=True)
class _SplitAttempts(BaseRetryableChecker):
    """botocore's standard retry conditions with two budgets: ``throttled`` attempts for a
    throttling answer (our limiter slows down meanwhile, so waiting it out pays), ``failed``
    for every other retryable error. An API that keeps failing the same request (five
    attempts by default) is down or does not exist there (an emulator's unimplemented call
    answers HTTP 500): the scan reports that scope UNKNOWN without a ladder of backoffs that
    can reach 20 s a step."""

    throttled: StandardRetryConditions
    failed: StandardRetryConditions
    detector: ThrottlingErrorDetector

    def is_retryable(self, context: RetryContext) -> bool:
        """Retry within the budget of the kind of error this answer is."""
        if self.detector.is_throttling_error_from_context(context):
            return bool(self.throttled.is_retryable(context))
        return bool(self.failed.is_retryable(context))


def _split_retries(client: Any, throttled: int, failed: int) -> None:
    """Replace the standard retry handler botocore registered on ``client`` by the same one
    with :class:`_SplitAttempts`: botocore's backoff, and a retry quota of botocore's kind
    that is this handler's own (refilled on ``after-call`` like botocore's)."""
    name = client.meta.service_model.service_id.hyphenize()
    adapter = RetryEventAdapter()
    detector = ThrottlingErrorDetector(adapter)
    conditions = _SplitAttempts(
        StandardRetryConditions(max_attempts=throttled),
        StandardRetryConditions(max_attempts=min(failed, throttled)),
        detector,
    )
    retry_quota = RetryQuotaChecker(quota.RetryQuota(), detector)
    handler = RetryHandler(
        retry_policy=RetryPolicy(
            retry_checker=conditions,
            retry_backoff=ExponentialBackoff(service_name=name, throttling_detector=detector),
        ),
        retry_event_adapter=adapter,
        # botocore passes the checker here too (standard.register_retry_handler); the stubs
        # name the quota it wraps
        retry_quota=retry_quota,  # type: ignore[arg-type]
        service_name=name,
    )
    unique_id = f"retry-config-{name}"
    client.meta.events.unregister(f"needs-retry.{name}", unique_id=unique_id)
    client.meta.events.register(f"needs-retry.{name}", handler.needs_retry, unique_id=unique_id)
    # successful calls refill this quota (botocore's own refills the one it no longer uses)
    client.meta.events.register(f"after-call.{name}", retry_quota.release_retry_quota)


@dataclass
class _Pacing:
    """Our rate limiter on one client, through botocore's events: every attempt, retries too."""

    limiter: RateLimiter
    closed: threading.Event
    service: str
    region: str
    detector: ThrottlingErrorDetector = field(
        default_factory=lambda: ThrottlingErrorDetector(RetryEventAdapter())
    )

    def attach(self, client: Any) -> None:
        """Hook into ``client``: wait for a slot before sending, learn from every answer."""
        client.meta.events.register_first("before-send", self.before_send)
        client.meta.events.register("needs-retry", self.after_attempt)

    def before_send(self, request: Any, **_: Any) -> None:
        """Wait for a send slot; a closed session ends the wait at once."""
        slot = self.limiter.acquire(self.closed.wait)
        if slot is None:
            raise SessionClosed
        request.context[_SLOT] = slot

    def after_attempt(self, **kwargs: Any) -> None:
        """``needs-retry``: report throttled or answered; returns None, so retries stay botocore's.

        Throttling is recognised as botocore's retry code recognises it (its list of
        throttling codes, the service model's throttling errors, and 429), on every protocol.
        A 5xx that is not throttling, or no answer at all, says nothing about our rate.
        """
        slot = kwargs["request_dict"]["context"].get(_SLOT)
        if not isinstance(slot, Slot):
            return
        if self.detector.is_throttling_error(**kwargs):
            if self.limiter.throttled(slot):
                log.debug(
                    "ratelimit.lowered",
                    service=self.service,
                    region=self.region,
                    rate=round(self.limiter.rate, 2),
                )
        elif kwargs["response"] is not None and kwargs["response"][0].status_code < 500:
            self.limiter.succeeded()


@dataclass
class AwsSession:
    """Credentials plus per-instance caches; pass it down, never store it globally.

    boto3 clients are thread-safe, boto3 sessions are not (boto/boto3#1592), so clients are
    created once per (service, region) under a lock and shared by every worker.

    Throttling: each client carries one of our :class:`~scanner.ratelimit.RateLimiter` (limits
    from ``rate_limits``), hooked into botocore's events. Every attempt, retries included,
    first waits for a send slot (``before-send``), so all workers on that service and region
    share one token bucket; every answer is classified with botocore's own throttling
    detection (``needs-retry``). The limiter starts open (no ceiling): requests go out as fast
    as the workers send them until the service throttles. The first throttle paces the client
    at 70 % of the rate it was really sending at; every further throttle cuts by 30 % (down to
    5 requests/s at least), any other answer below 500 adds 1 request/s back, without an upper
    bound, so only the service's answers slow a scan down. The wait for a
    slot ends at once when the session is closed, like the ``before-send`` check that refuses
    new requests then. Retrying, with exponential backoff and a retry quota, stays botocore's.

    botocore runs in "standard" retry mode, not "adaptive": adaptive adds botocore's own
    per-client limiter, which cuts to the measured send rate and may fall to 0.5 requests/s,
    recovering slowly. Against random throttles that are not caused by our load (N=5 bench
    estate, 50 ms latency, 20 % throttles and 5 % 503s) adaptive plus ours took 220 s and
    adaptive alone 227 s, standard plus ours 27-44 s with the same findings; fault-free,
    both take 25 s.
    """

    boto: boto3.Session
    account: str
    identity: str
    default_region: str
    concurrency: int = 16
    max_attempts: int = 10
    connect_timeout: float = 10
    error_attempts: int = ERROR_ATTEMPTS
    provider: str = "aws"
    rate_limits: RateLimits = field(default_factory=RateLimits)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)
    _pacing: dict[tuple[str, str], _Pacing] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _pool: ThreadPoolExecutor | None = field(default=None, repr=False)
    _closed: threading.Event = field(default_factory=threading.Event, repr=False)

    @classmethod
    def from_config(
        cls,
        *,
        profile: str | None = None,
        role_arn: str | None = None,
        region: str | None = None,
        concurrency: int = 16,
        max_attempts: int = 10,
        connect_timeout: float = 10,
        error_attempts: int = ERROR_ATTEMPTS,
    ) -> AwsSession:
        """Build a session from the standard credential chain and check it with STS."""
        try:
            boto = boto3.Session(profile_name=profile, region_name=region)
        except botocore.exceptions.ProfileNotFound as err:
            raise AuthenticationError(
                "aws", f"profile {profile!r} not found", hint="Check ~/.aws/config or --profile"
            ) from err
        default_region = boto.region_name or "us-east-1"
        if role_arn:
            boto = assume_role(boto, role_arn, default_region)
        session = cls(
            boto=boto,
            account="",
            identity="",
            default_region=default_region,
            concurrency=concurrency,
            max_attempts=max_attempts,
            connect_timeout=connect_timeout,
            error_attempts=error_attempts,
        )
        session.account, session.identity = session.whoami()
        return session

    @classmethod
    def connect(cls, config: ScanConfig) -> AwsSession:
        """Build a session from a validated ScanConfig."""
        return cls.from_config(
            profile=config.profile,
            role_arn=config.role_arn,
            concurrency=config.concurrency,
            max_attempts=config.max_attempts,
            connect_timeout=config.connect_timeout,
            error_attempts=config.max_error_attempts,
        )

    def whoami(self) -> tuple[str, str]:
        """(account id, caller ARN) from STS GetCallerIdentity; AuthenticationError if refused."""
        try:
            ident = self.client("sts", self.default_region).get_caller_identity()
        except botocore.exceptions.NoCredentialsError as err:
            raise AuthenticationError(
                "aws",
                "no credentials found",
                hint="Run `aws sso login`, set AWS_PROFILE, or provide a role (env, instance, "
                "container or web identity)",
            ) from err
        except (
            botocore.exceptions.EndpointConnectionError,
            botocore.exceptions.ConnectTimeoutError,
            botocore.exceptions.ConnectionClosedError,
            botocore.exceptions.ReadTimeoutError,
            botocore.exceptions.ProxyConnectionError,
        ) as err:
            raise EndpointUnreachableError(
                "aws",
                f"could not reach the STS endpoint ({type(err).__name__}: {err})",
                hint="Check the network, proxy (HTTPS_PROXY), DNS and AWS_ENDPOINT_URL; the "
                "credentials were not checked",
            ) from err
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as err:
            cause = error_code(err) if isinstance(err, botocore.exceptions.ClientError) else ""
            raise AuthenticationError(
                "aws",
                f"credentials were rejected by STS ({cause or type(err).__name__})",
                hint="Refresh or fix the credentials (expired SSO session or token?)",
            ) from err
        return str(ident["Account"]), str(ident["Arn"])

    def client(self, service: str, region: str) -> Any:
        """A shared, retrying client for ``service`` in ``region`` (created once)."""
        key = (service, region)
        with self._lock:
            existing = self._clients.get(key)
            if existing is None:
                config = Config(
                    # total attempts, first one included ("max_attempts" would count retries)
                    retries={"mode": RETRY_MODE, "total_max_attempts": self.max_attempts},
                    max_pool_connections=max(10, self.concurrency * 2),
                    connect_timeout=self.connect_timeout,
                    read_timeout=30,
                    user_agent_extra=f"complyscan/{__version__}",
                )
                existing = self.boto.client(service, region_name=region, config=config)  # type: ignore[call-overload]
                _split_retries(existing, self.max_attempts, self.error_attempts)
                if service == "s3control" and not _aws_endpoint(existing.meta.endpoint_url):
                    # a local endpoint (moto in tests and the bench): the <account>. host
                    # label S3 Control adds cannot resolve there, so requests go to the host
                    existing.meta.events.register_first(
                        "request-created.s3-control", _drop_account_label
                    )
                # every attempt, retries included, checks first that the scan still runs
                existing.meta.events.register_first("before-send", self._refuse_when_closed)
                pacing = _Pacing(RateLimiter(self.rate_limits), self._closed, service, region)
                pacing.attach(existing)
                self._pacing[key] = pacing
                self._clients[key] = existing
            return existing

    def _refuse_when_closed(self, **_: Any) -> None:
        """botocore ``before-send`` hook: stop a worker's next request once closed."""
        if self._closed.is_set():
            raise SessionClosed

    def throttling(self) -> dict[tuple[str, str], LimiterStats]:
        """What each (service, region) limiter saw so far."""
        with self._lock:
            pacing = dict(self._pacing)
        return {key: p.limiter.stats() for key, p in sorted(pacing.items())}

    def map(self, fn: Callable[[T], U], items: Iterable[T]) -> list[U]:
        """Apply ``fn`` to every item concurrently (per-resource detail calls), keeping order.

        Runs on a pool separate from the engine's collector pool, so a collector waiting on
        its details never starves the pool it runs in.
        """
        materialised: Sequence[T] = list(items)
        if len(materialised) <= 1:
            return [fn(i) for i in materialised]
        with self._lock:
            if self._closed.is_set():
                raise SessionClosed
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="aws-detail")
            pool = self._pool
        return list(pool.map(fn, materialised))

    def now(self) -> datetime:
        """Collection timestamp (UTC)."""
        return datetime.now(UTC)

    @property
    def offline(self) -> bool:
        """Always live: AWS has no snapshot input."""
        return False

    @property
    def input_errors(self) -> tuple[CollectionError, ...]:
        """A live session has no offline input, so no unusable records."""
        return ()

    def release_inputs(self) -> None:
        """Nothing to drop: clients stay until ``close`` (the detail pool may still run)."""

    def close(self) -> None:
        """Stop: queued detail reads are cancelled and in-flight workers make no new request.

        A stopped scan (SIGINT/SIGTERM) returns as soon as its collected data is written; the
        collector threads still running end at their next API call instead of reading on.
        """
        with self._lock:
            first = not self._closed.is_set()
            self._closed.set()
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        if first:
            for (service, region), stats in self.throttling().items():
                if stats.throttled:
                    log.info(
                        "ratelimit.throttled",
                        service=service,
                        region=region,
                        throttled=stats.throttled,
                        requests=stats.reserved,
                        lowest_rate=round(stats.lowest_rate, 2),
                        waited_s=round(stats.waited, 2),
                    )


def assume_role(boto: boto3.Session, role_arn: str, region: str) -> boto3.Session:
    """A new session with the temporary credentials of ``role_arn``."""
    try:
        creds = boto.client("sts", region_name=region).assume_role(
            RoleArn=role_arn, RoleSessionName=f"complyscan-{__version__}"
        )["Credentials"]
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as err:
        raise AuthenticationError(
            "aws",
            f"could not assume {role_arn}",
            hint="Check the role's trust policy allows the calling identity (sts:AssumeRole)",
        ) from err
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=region,
    )


def paginate(client: Any, operation: str, key: str, **kwargs: Any) -> list[Any]:
    """All items under ``key`` across every page of ``operation``."""
    out: list[Any] = []
    for page in client.get_paginator(operation).paginate(**kwargs):
        out.extend(page.get(key, []))
    return out


def _drop_account_label(request: Any, **_: Any) -> None:
    """botocore ``request-created`` hook: ``http://<12 digits>.host`` -> ``http://host``."""
    request.url = re.sub(r"^(\w+://)\d{12}\.", r"\1", str(request.url), count=1)


def _aws_endpoint(url: str) -> bool:
    """Whether an endpoint URL is AWS's own (``*.amazonaws.com``, ``*.amazonaws.com.cn``)."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))
