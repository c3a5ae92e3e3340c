"""Prometheus metrics of the agent, scraped over HTTP on 127.0.0.1, and the Grafana dashboard."""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from scanner.agent import Agent, Every
from scanner.errors import ProviderError
from scanner.findings import Severity, Status
from scanner.metrics import METRIC_NAMES, AgentMetrics
from scanner.result import ScanError, ScanResult
from tests.agent.test_agent import T0, FakeTime, finding, result, scripted

DASHBOARD = Path(__file__).parents[2] / "examples" / "grafana-dashboard.json"
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
def metrics() -> Iterator[tuple[AgentMetrics, str, FakeTime]]:
    time = FakeTime()
    agent_metrics = AgentMetrics(clock=time.clock)
    server, thread = agent_metrics.serve(0, addr="127.0.0.1")
    try:
        yield agent_metrics, f"http://127.0.0.1:{server.server_port}/metrics", time
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def scrape(url: str) -> Samples:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        text = response.read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def test_scrape_after_cycles(metrics: tuple[AgentMetrics, str, FakeTime]) -> None:
    agent_metrics, url, time = metrics
    sg1, sg2, sg3 = "sg-1", "sg-2", "sg-3"
    ok = result(
        finding("NET-002", sg1, Status.PASS),
        finding("NET-003", sg1, Status.FAIL),  # same control: sg-1 fails it
        finding("NET-002", sg2, Status.PASS),
        finding("NET-003", sg2, Status.PASS),
        finding("NET-002", sg3, Status.UNKNOWN, Severity.HIGH),
    ).model_copy(
        update={
            "errors": (
                ScanError(
                    provider="aws",
                    scope="eu-west-1",
                    resource_kind="SecurityGroup",
                    cause="AccessDenied",
                    message="denied",
                    permission="ec2:DescribeSecurityGroups",
                ),
            )
        }
    )

    def slow(stop: threading.Event) -> ScanResult:
        time.now += timedelta(seconds=42)
        return scripted(ok)(stop)

    runner = Agent(
        scan=slow,
        provider="aws",
        schedule=Every(timedelta(hours=1)),
        clock=time.clock,
        hooks=(agent_metrics.observe,),
    )
    runner.run_cycle(threading.Event())
    time.now += timedelta(minutes=30)
    samples = scrape(url)
    labels = {"provider": "aws", "account": "123456789012", "framework": "soc2"}
    assert (
        value(samples, "complyscan_control_resources", **labels, control="CC6.6", status="pass")
        == 1
    )
    assert (
        value(samples, "complyscan_control_resources", **labels, control="CC6.6", status="fail")
        == 1
    )
    assert (
        value(samples, "complyscan_control_resources", **labels, control="CC6.6", status="unknown")
        == 1
    )
    assert value(samples, "complyscan_scan_duration_seconds", provider="aws") == 42
    # the scan reported it finished at T0; the scrape is 42 s + 30 min later
    assert value(samples, "complyscan_last_success_age_seconds", provider="aws") == 30 * 60 + 42
    assert value(samples, "complyscan_last_success_timestamp_seconds", provider="aws") == (
        T0.timestamp()
    )
    assert value(samples, "complyscan_scans_total", provider="aws", outcome="complete") == 1
    errors = {"provider": "aws", "service": "ec2", "cause": "AccessDenied"}
    assert value(samples, "complyscan_api_errors_total", **errors) == 1

    # a failed scan: counted, the last success (and its control values) kept, the age grows
    runner.scan = scripted(ProviderError("aws", "expired"))
    runner.run_cycle(threading.Event())
    time.now += timedelta(hours=1)
    samples = scrape(url)
    assert value(samples, "complyscan_scans_total", provider="aws", outcome="failed") == 1
    assert value(samples, "complyscan_last_success_age_seconds", provider="aws") == 90 * 60 + 42
    assert (
        value(samples, "complyscan_control_resources", **labels, control="CC6.6", status="fail")
        == 1
    )


def test_dashboard_parses_and_uses_exposed_metric_names(
    metrics: tuple[AgentMetrics, str, FakeTime],
) -> None:
    agent_metrics, url, _time = metrics
    denied = ScanError(
        provider="aws", scope="us-east-1", resource_kind="KmsKey", cause="AccessDenied", message="x"
    )
    scanned = result(finding("NET-002", "sg", Status.FAIL)).model_copy(update={"errors": (denied,)})
    runner = Agent(scan=scripted(scanned), provider="aws", schedule=Every(timedelta(hours=1)))
    agent_metrics.observe(runner.run_cycle(threading.Event()))
    exposed = {name for name, _ in scrape(url)}
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    exprs += [v["query"]["query"] for v in dashboard["templating"]["list"]]
    used = {m for e in exprs for m in re.findall(r"\bcomplyscan_[a-z_]+", e)}
    assert used, "the dashboard plots no complyscan metric"
    assert used <= exposed, used - exposed
    assert used <= {*METRIC_NAMES}
    assert any("control" in e and 'status="pass"' in e for e in exprs)  # control pass rates
