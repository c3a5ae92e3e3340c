"""Continuous scanning: run scans on a schedule, record them, alert on regressions.

Provider-neutral: the scan itself is a callable (``ScanFn``) the CLI builds from the same
pipeline as ``complyscan scan``; the history store, the notifier, the clock and the sleeper
are passed in, so tests drive cycles without waiting for real intervals.

A cycle: scan -> record (a scan that raised is recorded as a failed run) -> diff against the
baseline (the last successful scan, by stable finding id) -> notify new failures at or above
the alert severity and the failures that were fixed. Every finding is alerted once: a
failure that stays failing is *unchanged* in the next diff, and a failure that cannot be
judged in one scan (unknown, or its scope unreadable) keeps its last judged status in the
baseline, so it is not announced again when it is judged failing later.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import structlog

from scanner import __version__
from scanner.alerts import slack_escape
from scanner.diff import ScanDiff, diff_scans
from scanner.findings import Finding, Severity, Status
from scanner.result import ScanError, ScanMeta, ScanResult

if TYPE_CHECKING:
    from scanner.history import HistoryStore

log = structlog.get_logger(__name__)

#: scan(stop) -> result; ``stop`` is set on SIGTERM: the scan winds down and returns what it has.
ScanFn = Callable[[threading.Event], ScanResult]
#: notify(payload) delivers one alert (a JSON-able mapping); failures are logged, not raised.
Notifier = Callable[[dict[str, Any]], None]
#: sleep(seconds, stop) -> True if ``stop`` was set before the time was up.
Sleeper = Callable[[float, threading.Event], bool]
#: now() -> an aware UTC datetime.
Clock = Callable[[], datetime]
#: Called after every cycle (metrics, pushers); exceptions are logged, not raised.
CycleHook = Callable[["CycleOutcome"], None]

#: The cause recorded for a scan that raised instead of returning a result.
SCAN_FAILED = "ScanFailed"


def wait_on(seconds: float, stop: threading.Event) -> bool:
    """The default sleeper: wait on ``stop`` (SIGTERM ends the wait at once)."""
    return stop.wait(max(0.0, seconds))


def utc_now() -> datetime:
    """The default clock."""
    return datetime.now(UTC)


class Schedule(Protocol):
    """When the next cycle starts, given when the previous one started."""

    def next_run(self, previous: datetime, now: datetime) -> datetime:
        """The start of the next cycle (may be in the past: a scan overran; run at once)."""
        ...


@dataclass(frozen=True)
class Every:
    """Fixed-rate schedule: a cycle every ``interval`` (plus up to ``jitter``) after a start."""

    interval: timedelta
    jitter: timedelta = timedelta(0)
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def next_run(self, previous: datetime, now: datetime) -> datetime:  # noqa: ARG002
        """``previous + interval + U(0, jitter)``."""
        spread = self.rng.uniform(0, self.jitter.total_seconds()) if self.jitter else 0.0
        return previous + self.interval + timedelta(seconds=spread)


_CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("dow", 0, 7))


def _cron_field(text: str, low: int, high: int, name: str) -> frozenset[int]:
    """One cron field: ``*``, ``5``, ``1-5``, ``*/15``, ``1-30/10``, and comma lists of them."""
    values: set[int] = set()
    for part in text.split(","):
        body, _, step_text = part.partition("/")
        if body == "*":
            start, stop = low, high
        elif "-" in body:
            first, _, last = body.partition("-")
            start, stop = int(first), int(last)
        else:
            start = int(body)
            stop = high if step_text else start
        step = int(step_text) if step_text else 1
        if not low <= start <= stop <= high or step < 1:
            raise ValueError(f"cron {name} {part!r}: out of range {low}-{high}")
        values.update(range(start, stop + 1, step))
    return frozenset(values)


@dataclass(frozen=True)
class Cron:
    """A five-field cron schedule (minute hour day-of-month month day-of-week), in UTC.

    As in cron, when both day fields are restricted a day matches either. A start that a
    long scan overran is skipped: the next cycle is the next match after the scan ended.
    """

    expression: str
    jitter: timedelta = timedelta(0)
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def __post_init__(self) -> None:
        """Validate the expression now rather than at the first sleep."""
        self.fields()

    def fields(self) -> tuple[frozenset[int], ...]:
        """The allowed values of each field (Sunday is 0; 7 is read as 0)."""
        parts = self.expression.split()
        if len(parts) != len(_CRON_FIELDS):
            raise ValueError(f"cron {self.expression!r}: expected 5 fields, e.g. '0 */6 * * *'")
        try:
            out = [
                _cron_field(p, lo, hi, n)
                for p, (n, lo, hi) in zip(parts, _CRON_FIELDS, strict=True)
            ]
        except ValueError as err:
            raise ValueError(
                str(err) if "cron" in str(err) else f"cron {self.expression!r}: {err}"
            ) from err
        out[4] = frozenset(d % 7 for d in out[4])
        return tuple(out)

    def next_run(self, previous: datetime, now: datetime) -> datetime:
        """The first matching minute after ``max(previous, now)``, plus ``U(0, jitter)``."""
        minutes, hours, days, months, weekdays = self.fields()
        # as in Vixie cron, a day field starting with "*" (even "*/2") does not widen the other
        day_any, dow_any = (self.expression.split()[i].startswith("*") for i in (2, 4))
        t = max(previous, now).astimezone(UTC).replace(second=0, microsecond=0)
        t += timedelta(minutes=1)
        limit = t + timedelta(days=366 * 5)
        while t < limit:
            dom_ok, dow_ok = t.day in days, (t.weekday() + 1) % 7 in weekdays
            day_ok = dom_ok and dow_ok if day_any or dow_any else dom_ok or dow_ok
            if t.month not in months or not day_ok:
                t = (t + timedelta(days=1)).replace(hour=0, minute=0)
            elif t.hour not in hours:
                t = (t + timedelta(hours=1)).replace(minute=0)
            elif t.minute not in minutes:
                t += timedelta(minutes=1)
            else:
                spread = self.rng.uniform(0, self.jitter.total_seconds()) if self.jitter else 0.0
                return t + timedelta(seconds=spread)
        raise ValueError(f"cron {self.expression!r} never matches")


def parse_interval(text: str, *, allow_zero: bool = False) -> timedelta:
    """``6h``, ``30m``, ``90s``, ``1d`` or a number of seconds, as a positive timedelta."""
    value = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    scale = units.get(value[-1:], 0)
    number = value[:-1] if scale else value
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        seconds = -1
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError(f"interval {text!r}: use a positive duration like 6h, 30m, 90s or 1d")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class CycleOutcome:
    """What one cycle did: the result (a failed run for a scan that raised) and the diff."""

    result: ScanResult
    failed: bool
    duration_s: float
    scan_id: int | None = None
    diff: ScanDiff | None = None
    alerted_new: tuple[str, ...] = ()
    alerted_resolved: tuple[str, ...] = ()
    error: str = ""


def failed_run(
    provider: str, accounts: tuple[str, ...], started: datetime, finished: datetime, err: Exception
) -> ScanResult:
    """The record of a scan that raised: incomplete, no findings, the error as its cause."""
    return ScanResult(
        meta=ScanMeta(
            tool_version=__version__,
            provider=provider,
            accounts=accounts,
            identity="",
            regions=(),
            started_at=started,
            finished_at=finished,
            complete=False,
            checks_selected=0,
            resources_collected=0,
        ),
        checks=(),
        findings=(),
        errors=(
            ScanError(
                provider=provider,
                scope="*",
                resource_kind="Scan",
                cause=SCAN_FAILED,
                message=f"{type(err).__name__}: {err}",
                hint="The scan did not complete; the agent runs the next one on schedule",
            ),
        ),
    )


def carry_forward(base: ScanResult | None, head: ScanResult) -> ScanResult:
    """The baseline after ``head``: its judged findings, and the base's for the rest.

    A finding that ``head`` could not judge (unknown, error, or absent because its scope was
    not read) keeps its last judged status, so one unreadable scan neither resolves a failure
    nor makes it "new" again afterwards.
    """
    if base is None:
        return head
    judged = {Status.PASS, Status.FAIL, Status.NOT_APPLICABLE}
    merged: dict[str, Finding] = {f.id: f for f in base.findings}
    for f in head.findings:
        if f.status in judged or f.id not in merged:
            merged[f.id] = f
    findings = tuple(sorted(merged.values(), key=lambda f: (f.check_id, f.resource_uid)))
    return head.model_copy(update={"findings": findings, "resources": ()})


def alert_payload(diff: ScanDiff, meta: ScanMeta, threshold: Severity) -> dict[str, Any] | None:
    """One webhook message for the regressions and fixes of a scan; None if nothing to say.

    ``text`` is Slack-compatible (incoming webhooks post it as is); ``new`` and ``resolved``
    carry the findings for other receivers. Accepted (suppressed) failures are not alerted.
    """
    new = [c for c in diff.new if c.severity.at_least(threshold) and not c.suppressed]
    resolved = [c for c in diff.fixed if c.severity.at_least(threshold)]
    if not new and not resolved:
        return None
    where = f"{meta.provider} {', '.join(meta.accounts) or '?'}"
    lines = [f"complyscan: {len(new)} new failure(s), {len(resolved)} resolved in {where}"]
    lines += [
        f"NEW [{c.severity.value}] {c.check_id} {c.title}: {c.resource_uid} ({c.reason})"
        for c in new
    ]
    lines += [f"RESOLVED [{c.severity.value}] {c.check_id}: {c.resource_uid}" for c in resolved]
    return {
        "text": slack_escape("\n".join(lines)),  # uids and reasons may hold <!channel>
        "event": "regression",
        "provider": meta.provider,
        "accounts": list(meta.accounts),
        "scan_started_at": meta.started_at.isoformat(),
        "new": [c.model_dump(mode="json") for c in new],
        "resolved": [c.model_dump(mode="json") for c in resolved],
    }


def failure_payload(result: ScanResult) -> dict[str, Any]:
    """The webhook message for a scan that failed."""
    cause = result.errors[0].message if result.errors else "unknown error"
    where = f"{result.meta.provider} {', '.join(result.meta.accounts) or ''}".strip()
    return {
        "text": slack_escape(f"complyscan: scan of {where} FAILED: {cause}"),
        "event": "scan_failed",
        "provider": result.meta.provider,
        "accounts": list(result.meta.accounts),
        "scan_started_at": result.meta.started_at.isoformat(),
        "error": cause,
    }


@dataclass
class Agent:
    """Runs ``scan`` on ``schedule``; records, diffs and alerts after every cycle."""

    scan: ScanFn
    provider: str
    schedule: Schedule
    store: HistoryStore | None = None
    notify: Notifier | None = None
    alert_severity: Severity = Severity.HIGH
    clock: Clock = utc_now
    sleep: Sleeper = wait_on
    hooks: tuple[CycleHook, ...] = ()
    baseline: ScanResult | None = None
    accounts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Start from the last successful recorded scan of this provider, if any.

        A scan that found nothing is a valid baseline (an empty account is a state too: a
        failure appearing later is new). Only the record of a scan that raised is skipped:
        incomplete with no findings at all (``failed_run``; a scan that ran but could not
        read a scope still has UNKNOWN findings for it).
        """
        if self.baseline is None and self.store is not None:
            records = [
                r
                for r in self.store.scans()
                if r.provider == self.provider and (r.complete or r.findings)
            ]
            if records:
                self.baseline = self.store.load(records[-1].id)
                self.accounts = self.baseline.meta.accounts

    def run(self, stop: threading.Event, *, once: bool = False) -> int:
        """Cycle until ``stop`` is set (or once); returns how many cycles ran."""
        cycles = 0
        while not stop.is_set():
            started = self.clock()
            self.run_cycle(stop)
            cycles += 1
            if once or stop.is_set():
                break
            due = self.schedule.next_run(started, self.clock())
            wait = (due - self.clock()).total_seconds()
            log.info("agent.sleeping", next_run=due.isoformat(), seconds=round(wait, 1))
            if self.sleep(wait, stop):
                break
        log.info("agent.stopped", cycles=cycles)
        return cycles

    def run_cycle(self, stop: threading.Event) -> CycleOutcome:
        """One scan, recorded, diffed and alerted; never raises for a failed scan."""
        started = self.clock()
        log.info("agent.cycle.started", provider=self.provider)
        failed, error = False, ""
        try:
            result = self.scan(stop)
        except Exception as err:  # the agent boundary: a failed scan must not stop the agent
            log.exception("agent.scan.failed", provider=self.provider)
            failed, error = True, f"{type(err).__name__}: {err}"
            result = failed_run(self.provider, self.accounts, started, self.clock(), err)
        duration = (self.clock() - started).total_seconds()
        scan_id = self._record(result)
        outcome = CycleOutcome(
            result=result, failed=failed, duration_s=duration, scan_id=scan_id, error=error
        )
        if failed:
            self._send(failure_payload(result))
        else:
            outcome = self._compare(outcome)
        for hook in self.hooks:
            try:
                hook(outcome)
            except Exception:  # a metrics/push problem must not stop scanning
                log.exception("agent.hook.failed", hook=getattr(hook, "__name__", repr(hook)))
        log.info(
            "agent.cycle.done",
            failed=failed,
            scan_id=scan_id,
            duration_s=round(duration, 2),
            new=len(outcome.alerted_new),
            resolved=len(outcome.alerted_resolved),
        )
        return outcome

    def _compare(self, outcome: CycleOutcome) -> CycleOutcome:
        """Diff against the baseline, alert, and move the baseline forward."""
        result = outcome.result
        base = self.baseline
        if base is not None and base.meta.accounts != result.meta.accounts:
            log.warning(
                "agent.baseline.accounts_changed",
                before=list(base.meta.accounts),
                after=list(result.meta.accounts),
            )
            base = None
        self.accounts = result.meta.accounts
        self.baseline = carry_forward(base, result)
        if base is None:
            log.info("agent.baseline.set", findings=len(result.findings))
            return outcome
        diff = diff_scans(base, result)
        payload = alert_payload(diff, result.meta, self.alert_severity)
        if payload is None:
            return CycleOutcome(**{**outcome.__dict__, "diff": diff})
        self._send(payload)
        return CycleOutcome(
            **{
                **outcome.__dict__,
                "diff": diff,
                "alerted_new": tuple(c["id"] for c in payload["new"]),
                "alerted_resolved": tuple(c["id"] for c in payload["resolved"]),
            }
        )

    def _record(self, result: ScanResult) -> int | None:
        if self.store is None:
            return None
        try:
            return self.store.record(result)
        except Exception:  # an unreachable store is logged; the next cycle tries again
            log.exception("agent.record.failed", store=self.store.location)
            return None

    def _send(self, payload: dict[str, Any]) -> None:
        if self.notify is None:
            return
        try:
            self.notify(payload)
        except Exception:  # a webhook outage must not stop scanning
            log.exception("agent.alert.failed", alert_event=payload.get("event"))
