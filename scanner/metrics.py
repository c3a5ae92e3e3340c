"""Prometheus metrics for the agent: control pass/fail per account, scan health, API errors.

Everything lives on an :class:`AgentMetrics` instance with its own ``CollectorRegistry`` (no
module-level state, nothing registered in prometheus-client's global registry). Values are
rendered at scrape time from the last cycle, so the age of the last successful scan is exact.

Metric names (``examples/grafana-dashboard.json`` plots them; a test keeps the two in step):

* ``complyscan_control_resources{provider,account,framework,control,status}``: resources
  passing, failing or unknown for a control in the last successful scan. A resource counts
  once per control: failing if any check mapped to the control fails on it, else unknown if
  any cannot be judged, else passing. Accepted (suppressed) failures are left out.
* ``complyscan_scan_duration_seconds{provider}``: how long the last scan took.
* ``complyscan_last_success_timestamp_seconds{provider}`` and
  ``complyscan_last_success_age_seconds{provider}``: when the last successful scan finished.
* ``complyscan_scans_total{provider,outcome}``: scans by outcome (complete, incomplete, failed).
* ``complyscan_api_errors_total{provider,service,cause}``: scopes or resources that could not
  be read, by service (``kms`` from ``kms:ListKeys``) and cause (AccessDenied, Throttling...).
* ``complyscan_findings{provider,account,severity,status}``: findings of the last successful
  scan.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from scanner.agent import Clock, CycleOutcome, utc_now
from scanner.findings import Finding, Status
from scanner.frameworks.scope import controls_on
from scanner.result import ScanError, ScanResult

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

#: Every metric name exposed (without the ``_total`` suffix of counters' samples).
METRIC_NAMES = (
    "complyscan_control_resources",
    "complyscan_scan_duration_seconds",
    "complyscan_last_success_timestamp_seconds",
    "complyscan_last_success_age_seconds",
    "complyscan_scans_total",
    "complyscan_api_errors_total",
    "complyscan_findings",
    "complyscan_alert_failures_total",
)

_WORST = {"fail": 2, "unknown": 1, "pass": 0}


def control_resources(result: ScanResult) -> dict[tuple[str, str, str, str], int]:
    """(account, framework, control, status) -> number of resources, status pass/fail/unknown."""
    verdict: dict[tuple[str, str, str, str], str] = {}
    for f in result.findings:
        status = _resource_status(f)
        if status is None:
            continue
        for ref in controls_on(f.controls, (f.provider,)):
            fw, _, control = ref.partition(":")
            key = (f.account, fw, control, f.resource_uid)
            if _WORST[status] >= _WORST.get(verdict.get(key, "pass"), 0):
                verdict[key] = status
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for (account, fw, control, _uid), status in verdict.items():
        counts[(account, fw, control, status)] += 1
    return dict(counts)


def _resource_status(f: Finding) -> str | None:
    if f.suppressed or f.status is Status.NOT_APPLICABLE:
        return None
    if f.status is Status.PASS:
        return "pass"
    return "fail" if f.status is Status.FAIL else "unknown"


def error_service(err: ScanError) -> str:
    """The service an error is about: ``kms`` from ``kms:ListKeys``, else the resource kind."""
    if err.permission and ":" in err.permission:
        return err.permission.split(":", 1)[0]
    return err.resource_kind


@dataclass
class _ProviderState:
    last: ScanResult | None = None
    last_success_at: datetime | None = None
    duration_s: float | None = None
    scans: Counter[str] = field(default_factory=Counter)
    api_errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    controls: dict[tuple[str, str, str, str], int] = field(default_factory=dict)


class AgentMetrics(Collector):
    """The agent's metrics; pass :meth:`observe` to the agent as a cycle hook."""

    def __init__(
        self, *, clock: Clock = utc_now, alert_failures: Callable[[], int] | None = None
    ) -> None:
        """Create the metrics with their own registry; ``alert_failures`` reads the failed
        webhook delivery attempts so far (``WebhookNotifier.failures``)."""
        self._clock = clock
        self._alert_failures = alert_failures
        self._lock = threading.Lock()
        self._state: dict[str, _ProviderState] = defaultdict(_ProviderState)
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(self)

    def observe(self, outcome: CycleOutcome) -> None:
        """Account for one agent cycle."""
        result = outcome.result
        provider = result.meta.provider
        with self._lock:
            state = self._state[provider]
            state.duration_s = outcome.duration_s
            kind = (
                "failed" if outcome.failed else "complete" if result.meta.complete else "incomplete"
            )
            state.scans[kind] += 1
            for err in result.errors:
                state.api_errors[(error_service(err), err.cause)] += 1
            if not outcome.failed:
                state.last = result
                state.last_success_at = result.meta.finished_at
                state.controls = control_resources(result)

    def collect(self) -> Iterator[Metric]:
        """Render the current values (called on every scrape)."""
        with self._lock:
            states = dict(self._state)
            now = self._clock()
            yield from _families(states, now)
        if self._alert_failures is not None:
            yield CounterMetricFamily(
                "complyscan_alert_failures",
                "Alert webhook delivery attempts that failed (each retry counts).",
                value=self._alert_failures(),
            )

    def serve(self, port: int, addr: str = "127.0.0.1") -> tuple[WSGIServer, threading.Thread]:
        """Serve ``/metrics`` on ``addr:port`` in a daemon thread; shut the server down after.

        Loopback by default: the endpoint has no authentication, so listening on every
        interface is a choice (``--metrics-address 0.0.0.0`` in a container), not a default.
        """
        return start_http_server(port, addr=addr, registry=self.registry)


def _families(states: dict[str, _ProviderState], now: datetime) -> Iterable[Metric]:
    controls = GaugeMetricFamily(
        "complyscan_control_resources",
        "Resources passing, failing or unknown for a framework control in the last successful "
        "scan.",
        labels=["provider", "account", "framework", "control", "status"],
    )
    findings = GaugeMetricFamily(
        "complyscan_findings",
        "Findings of the last successful scan by severity and status.",
        labels=["provider", "account", "severity", "status"],
    )
    duration = GaugeMetricFamily(
        "complyscan_scan_duration_seconds",
        "Duration of the last scan.",
        labels=["provider"],
    )
    success_at = GaugeMetricFamily(
        "complyscan_last_success_timestamp_seconds",
        "Unix time the last successful scan finished.",
        labels=["provider"],
    )
    success_age = GaugeMetricFamily(
        "complyscan_last_success_age_seconds",
        "Seconds since the last successful scan finished.",
        labels=["provider"],
    )
    scans = CounterMetricFamily(
        "complyscan_scans", "Scans by outcome.", labels=["provider", "outcome"]
    )
    errors = CounterMetricFamily(
        "complyscan_api_errors",
        "Scopes or resources that could not be read, by service and cause.",
        labels=["provider", "service", "cause"],
    )
    for provider, state in sorted(states.items()):
        for (account, fw, control, status), n in sorted(state.controls.items()):
            controls.add_metric([provider, account, fw, control, status], n)
        if state.last is not None:
            by_severity = Counter(
                (f.account, f.severity.value, f.status.value) for f in state.last.findings
            )
            for (account, severity, status), n in sorted(by_severity.items()):
                findings.add_metric([provider, account, severity, status], n)
        if state.duration_s is not None:
            duration.add_metric([provider], state.duration_s)
        if state.last_success_at is not None:
            success_at.add_metric([provider], state.last_success_at.timestamp())
            success_age.add_metric([provider], (now - state.last_success_at).total_seconds())
        for outcome, n in sorted(state.scans.items()):
            scans.add_metric([provider, outcome], n)
        for (service, cause), n in sorted(state.api_errors.items()):
            errors.add_metric([provider, service, cause], n)
    return (controls, findings, duration, success_at, success_age, scans, errors)
