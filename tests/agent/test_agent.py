"""The agent loop: schedule, recording, failed scans, alerting once per finding, SIGTERM."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scanner import __version__
from scanner.agent import (
    SCAN_FAILED,
    Agent,
    Cron,
    CycleOutcome,
    Every,
    carry_forward,
    parse_interval,
)
from scanner.alerts import webhook_notifier
from scanner.cli import _stop_on_sigterm
from scanner.errors import ConfigError, OutputError, ProviderError
from scanner.findings import Finding, Severity, Status, finding_id
from scanner.history import open_store
from scanner.result import ScanMeta, ScanResult
from tests.agent.conftest import Receiver

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


class FakeTime:
    """A clock that only moves when the agent sleeps (or a scan 'takes' time)."""

    def __init__(self) -> None:
        self.now = T0
        self.slept: list[float] = []

    def clock(self) -> datetime:
        return self.now

    def sleeper(
        self, cycles: int, between: Callable[[int], None] | None = None
    ) -> Callable[[float, threading.Event], bool]:
        def sleep(seconds: float, stop: threading.Event) -> bool:
            self.slept.append(seconds)
            self.now += timedelta(seconds=seconds)
            if between is not None:
                between(len(self.slept))
            if len(self.slept) >= cycles:
                stop.set()
            return stop.is_set()

        return sleep


def finding(check: str, uid: str, status: Status, severity: Severity = Severity.HIGH) -> Finding:
    return Finding(
        id=finding_id(check, uid),
        check_id=check,
        title=f"title of {check}",
        severity=severity,
        status=status,
        reason="because",
        provider="aws",
        account="123456789012",
        region="us-east-1",
        resource_kind="SecurityGroup",
        resource_uid=uid,
        resource_name=uid,
        service="ec2",
        controls=("soc2:CC6.6",),
        evaluated_at=T0,
    )


def result(*findings: Finding, when: datetime = T0, complete: bool = True) -> ScanResult:
    return ScanResult(
        meta=ScanMeta(
            tool_version=__version__,
            provider="aws",
            accounts=("123456789012",),
            identity="arn:aws:iam::123456789012:user/agent",
            regions=("us-east-1",),
            started_at=when,
            finished_at=when,
            complete=complete,
            checks_selected=1,
            resources_collected=len(findings),
        ),
        checks=(),
        findings=findings,
        errors=(),
    )


def scripted(*steps: ScanResult | Exception) -> Callable[[threading.Event], ScanResult]:
    queue = list(steps)

    def scan(_stop: threading.Event) -> ScanResult:
        step = queue.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    return scan


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    return str(tmp_path / "history.sqlite")


def test_interval_parsing() -> None:
    assert parse_interval("6h") == timedelta(hours=6)
    assert parse_interval("30m") == timedelta(minutes=30)
    assert parse_interval("1d") == timedelta(days=1)
    assert parse_interval("90") == timedelta(seconds=90)
    for bad in ("", "0s", "-1h", "soon", "h"):
        with pytest.raises(ValueError, match="positive duration"):
            parse_interval(bad)


def test_runs_on_a_fixed_rate_with_an_injected_clock_and_sleeper() -> None:
    time = FakeTime()
    calls: list[datetime] = []

    def scan(_stop: threading.Event) -> ScanResult:
        calls.append(time.now)
        time.now += timedelta(minutes=10)  # the scan takes ten minutes
        return result()

    runner = Agent(
        scan=scan,
        provider="aws",
        schedule=Every(timedelta(hours=6)),
        clock=time.clock,
        sleep=time.sleeper(cycles=3),
    )
    assert runner.run(threading.Event()) == 3
    assert calls == [T0, T0 + timedelta(hours=6), T0 + timedelta(hours=12)]
    assert time.slept == [5 * 3600 + 50 * 60] * 3  # interval minus the scan's duration


def test_jitter_delays_within_bounds() -> None:
    schedule = Every(timedelta(hours=1), jitter=timedelta(minutes=5))
    for _ in range(50):
        due = schedule.next_run(T0, T0)
        assert T0 + timedelta(hours=1) <= due <= T0 + timedelta(hours=1, minutes=5)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("0 */6 * * *", "2026-01-05T12:00:00", "2026-01-05T18:00:00"),
        ("0 */6 * * *", "2026-01-05T23:59:30", "2026-01-06T00:00:00"),
        ("*/15 * * * *", "2026-01-05T12:07:00", "2026-01-05T12:15:00"),
        ("30 2 * * 1-5", "2026-01-09T03:00:00", "2026-01-12T02:30:00"),  # Fri -> Mon
        ("0 0 1 * 0", "2026-01-05T12:00:00", "2026-01-11T00:00:00"),  # 1st OR a Sunday
        ("0 0 29 2 *", "2026-03-01T00:00:00", "2028-02-29T00:00:00"),
        ("5,35 9-10 * * 7", "2026-01-11T09:06:00", "2026-01-11T09:35:00"),  # 7 is Sunday
    ],
)
def test_cron_next_run(expression: str, after: str, expected: str) -> None:
    at = datetime.fromisoformat(after).replace(tzinfo=UTC)
    assert Cron(expression).next_run(at, at) == datetime.fromisoformat(expected).replace(tzinfo=UTC)


def test_cron_skips_starts_an_overrunning_scan_missed_and_jitters() -> None:
    cron = Cron("0 * * * *", jitter=timedelta(minutes=5))
    due = cron.next_run(T0, T0 + timedelta(hours=2, minutes=10))
    assert T0 + timedelta(hours=3) <= due <= T0 + timedelta(hours=3, minutes=5)
    for bad in ("0 */6 * *", "61 * * * *", "0 0 30 2 *", "x * * * *", "*/0 * * * *"):
        with pytest.raises(ValueError, match="cron"):
            Cron(bad).next_run(T0, T0)


def test_once_runs_one_cycle() -> None:
    runner = Agent(scan=scripted(result()), provider="aws", schedule=Every(timedelta(hours=1)))
    assert runner.run(threading.Event(), once=True) == 1


def test_alerts_each_finding_once_and_reports_fixes(receiver: Receiver, store_path: str) -> None:
    a, b = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-a", "arn:...:sg-b"
    steps = (
        result(finding("NET-002", a, Status.FAIL), finding("NET-002", b, Status.PASS)),  # baseline
        result(finding("NET-002", a, Status.FAIL), finding("NET-002", b, Status.FAIL)),  # b new
        result(finding("NET-002", a, Status.FAIL), finding("NET-002", b, Status.FAIL)),  # same
        result(finding("NET-002", a, Status.FAIL), finding("NET-002", b, Status.UNKNOWN)),
        result(finding("NET-002", a, Status.FAIL), finding("NET-002", b, Status.FAIL)),  # known
        result(finding("NET-002", a, Status.PASS), finding("NET-002", b, Status.FAIL)),  # a fixed
    )
    time = FakeTime()
    outcomes: list[CycleOutcome] = []
    with open_store(store_path) as store:
        runner = Agent(
            scan=scripted(*steps),
            provider="aws",
            schedule=Every(timedelta(hours=1)),
            store=store,
            notify=webhook_notifier(receiver.url),
            clock=time.clock,
            sleep=time.sleeper(cycles=len(steps)),
            hooks=(outcomes.append,),
        )
        assert runner.run(threading.Event()) == len(steps)
        assert len(store.scans()) == len(steps)
    assert [len(o.alerted_new) for o in outcomes] == [0, 1, 0, 0, 0, 0]
    assert [len(o.alerted_resolved) for o in outcomes] == [0, 0, 0, 0, 0, 1]
    assert len(receiver.posts) == 2
    regression, fixed = receiver.posts
    assert regression["event"] == "regression"
    assert [c["resource_uid"] for c in regression["new"]] == [b]
    assert regression["new"][0]["id"] == finding_id("NET-002", b)
    assert "NEW [high] NET-002" in regression["text"]
    assert [c["resource_uid"] for c in fixed["resolved"]] == [a]
    assert "RESOLVED [high] NET-002" in fixed["text"]


def test_alert_severity_threshold_and_suppressed_failures(receiver: Receiver) -> None:
    low = finding("LOW-001", "uid-low", Status.FAIL, Severity.LOW)
    accepted = finding("NET-002", "uid-acc", Status.FAIL).model_copy(update={"suppressed": True})
    runner = Agent(
        scan=scripted(result(), result(low, accepted)),
        provider="aws",
        schedule=Every(timedelta(hours=1)),
        notify=webhook_notifier(receiver.url),
        alert_severity=Severity.HIGH,
    )
    runner.run_cycle(threading.Event())
    assert runner.run_cycle(threading.Event()).alerted_new == ()
    assert receiver.posts == []


def test_failed_scan_is_recorded_and_alerted_and_the_next_cycle_runs(
    receiver: Receiver, store_path: str
) -> None:
    uid = "arn:aws:ec2:us-east-1:123456789012:security-group/sg-a"
    steps = (
        result(finding("NET-002", uid, Status.PASS)),
        ProviderError("aws", "credentials expired: ExpiredToken"),
        result(finding("NET-002", uid, Status.FAIL), when=T0 + timedelta(minutes=10)),
    )
    time = FakeTime()
    outcomes: list[CycleOutcome] = []
    with open_store(store_path) as store:
        runner = Agent(
            scan=scripted(*steps),
            provider="aws",
            schedule=Every(timedelta(minutes=5)),
            store=store,
            notify=webhook_notifier(receiver.url),
            clock=time.clock,
            sleep=time.sleeper(cycles=3),
            hooks=(outcomes.append,),
        )
        runner.run(threading.Event())
        records = store.scans()
        failed = store.load(records[1].id)
    assert [o.failed for o in outcomes] == [False, True, False]
    assert [r.complete for r in records] == [True, False, True]
    assert failed.meta.accounts == ("123456789012",)  # the account of the last good scan
    assert failed.errors[0].cause == SCAN_FAILED
    assert "ExpiredToken" in failed.errors[0].message
    assert [p["event"] for p in receiver.posts] == ["scan_failed", "regression"]
    assert "FAILED" in receiver.posts[0]["text"]
    assert outcomes[2].alerted_new == (finding_id("NET-002", uid),)  # diffed against scan 1


def test_restart_resumes_from_the_last_successful_recorded_scan(store_path: str) -> None:
    uid = "uid-1"
    with open_store(store_path) as store:
        first = Agent(
            scan=scripted(result(finding("NET-002", uid, Status.FAIL))),
            provider="aws",
            schedule=Every(timedelta(hours=1)),
            store=store,
        )
        first.run_cycle(threading.Event())
        sent: list[dict[str, object]] = []
        again = Agent(
            scan=scripted(result(finding("NET-002", uid, Status.FAIL))),
            provider="aws",
            schedule=Every(timedelta(hours=1)),
            store=store,
            notify=sent.append,
        )
        assert again.baseline is not None
        assert again.run_cycle(threading.Event()).alerted_new == ()
    assert sent == []  # an unchanged failure is not alerted again after a restart


def test_webhook_and_hook_failures_do_not_stop_the_agent(receiver: Receiver) -> None:
    receiver.status = 500
    uid = "uid-1"

    def broken_hook(_outcome: CycleOutcome) -> None:
        raise RuntimeError("metrics backend down")

    runner = Agent(
        scan=scripted(result(), result(finding("NET-002", uid, Status.FAIL))),
        provider="aws",
        schedule=Every(timedelta(hours=1)),
        notify=webhook_notifier(receiver.url, retry_delays=()),
        hooks=(broken_hook,),
    )
    runner.run_cycle(threading.Event())
    assert runner.run_cycle(threading.Event()).alerted_new  # attempted; the 500 is logged
    assert len(receiver.posts) == 1


def test_webhook_errors_name_the_host_not_the_secret_path() -> None:
    with pytest.raises(ConfigError):
        webhook_notifier("ftp://example.com/x")
    notify = webhook_notifier("http://127.0.0.1:9/services/SECRET", timeout=2, retry_delays=())
    with pytest.raises(OutputError) as err:
        notify({"text": "x"})
    assert "SECRET" not in str(err.value)


def test_sigterm_during_a_scan_finishes_it_records_it_and_stops(store_path: str) -> None:
    scans: list[bool] = []

    def scan(stop: threading.Event) -> ScanResult:
        os.kill(os.getpid(), signal.SIGTERM)  # delivered to the handler the CLI installs
        scans.append(stop.is_set())
        return result(complete=not stop.is_set())

    with open_store(store_path) as store, _stop_on_sigterm() as stop:
        runner = Agent(
            scan=scan,
            provider="aws",
            schedule=Every(timedelta(seconds=1)),
            store=store,
            sleep=lambda _s, _e: pytest.fail("the agent must not sleep after SIGTERM"),
        )
        assert runner.run(stop) == 1
        assert [r.complete for r in store.scans()] == [False]
    assert scans == [True]


def test_carry_forward_keeps_the_last_judged_status() -> None:
    base = result(finding("C", "x", Status.FAIL), finding("C", "y", Status.PASS))
    head = result(finding("C", "x", Status.UNKNOWN), finding("C", "z", Status.FAIL))
    merged = {f.resource_uid: f.status for f in carry_forward(base, head).findings}
    assert merged == {"x": Status.FAIL, "y": Status.PASS, "z": Status.FAIL}
