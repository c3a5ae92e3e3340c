"""Two retry budgets: throttling is waited out, an API that keeps failing is given up on.

botocore's standard mode backs a non-throttling error off from 50 ms, doubling, capped at 20 s
(botocore/retries/standard.py, ExponentialBackoff): with ten attempts a request that keeps
answering HTTP 500 waits up to 25.5 s before the scan can say UNKNOWN. Throttled calls get
``max_attempts``; every other retryable error ``error_attempts`` (capped by ``max_attempts``).
Real clients against the fault-injecting moto server (fault_server.py): the server counts the
attempts that reached it.
"""

from __future__ import annotations

from collections.abc import Iterator

import botocore.exceptions
import pytest

from providers.aws.session import ERROR_ATTEMPTS, AwsSession
from tests.providers.aws.live import FaultServer

REGION = "us-east-1"


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    srv = FaultServer.start()
    try:
        yield srv
    finally:
        srv.stop()


def _attempts(server: FaultServer, session: AwsSession, rule: dict[str, object]) -> int:
    server.faults(rules=[rule])
    with pytest.raises(botocore.exceptions.ClientError):
        session.client("kms", REGION).list_keys()
    return int(server.stats()["status"][str(rule["status"])])


def test_a_failing_call_gets_the_error_budget_a_throttled_one_the_full_one(
    server: FaultServer,
) -> None:
    failing = {"service": "kms", "action": "ListKeys", "code": "InternalFailure", "status": 500}
    unavailable = {**failing, "code": "ServiceUnavailable", "status": 503}
    throttled = {**failing, "code": "ThrottlingException", "status": 400}
    with pytest.MonkeyPatch.context() as mp:
        server.apply_env(mp)
        session = AwsSession.from_config(region=REGION, max_attempts=4, error_attempts=2)
        try:
            assert _attempts(server, session, failing) == 2
            assert _attempts(server, session, unavailable) == 2
            # one more attempt than the error budget and one fewer than 5: both sides of it
            assert _attempts(server, session, throttled) == 4
        finally:
            session.close()


def test_defaults_give_errors_five_attempts_and_max_attempts_caps_them(
    server: FaultServer,
) -> None:
    failing = {"service": "kms", "action": "ListKeys", "code": "InternalFailure", "status": 500}
    with pytest.MonkeyPatch.context() as mp:
        server.apply_env(mp)
        default = AwsSession.from_config(region=REGION)
        capped = AwsSession.from_config(region=REGION, max_attempts=3)
        try:
            assert ERROR_ATTEMPTS == 5
            assert _attempts(server, default, failing) == 5
            assert _attempts(server, capped, failing) == 3  # never more than max_attempts
        finally:
            default.close()
            capped.close()
