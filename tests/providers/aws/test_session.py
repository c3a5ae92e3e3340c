"""AwsSession lifecycle: a closed (stopped) session makes no further API calls, and a worker
waiting in the rate limiter gives up its wait."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from providers.aws.session import AwsSession, SessionClosed, translate_error
from scanner.ratelimit import RateLimits


def test_closing_stops_in_flight_workers_at_their_next_request(aws_session: AwsSession) -> None:
    kms = aws_session.client("kms", "us-east-1")
    assert kms.list_keys()["Keys"] == []
    aws_session.close()
    with pytest.raises(SessionClosed):
        kms.list_keys()
    with pytest.raises(SessionClosed):
        aws_session.map(lambda x: x, [1, 2])
    error = translate_error(SessionClosed(), scope="us-east-1", resource="KmsKey")
    assert (error.cause, error.hint) == ("Interrupted", "The scan was stopped before this was read")
    aws_session.close()  # idempotent


def test_a_worker_waiting_for_a_rate_slot_stops_when_the_session_closes(
    aws_session: AwsSession,
) -> None:
    # one request per 1000 s: the second call would wait about 17 minutes for its slot
    aws_session.rate_limits = RateLimits(ceiling=0.001, floor=0.001, burst=1)
    kms = aws_session.client("kms", "us-east-1")
    kms.list_keys()  # the one saved-up slot
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(kms.list_keys)
        deadline = time.monotonic() + 30
        while aws_session.throttling()[("kms", "us-east-1")].reserved < 2:
            assert time.monotonic() < deadline, "the second call never reached the limiter"
            threading.Event().wait(0.01)
        aws_session.close()
        with pytest.raises(SessionClosed):
            waiting.result(timeout=30)
    stats = aws_session.throttling()[("kms", "us-east-1")]
    assert (stats.reserved, stats.succeeded) == (2, 1)
    assert stats.waited > 900
