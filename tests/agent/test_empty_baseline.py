"""Issue 17 item 4: a recorded scan with zero findings is a valid baseline.

Before, the agent took a recorded scan as its baseline only when it had findings: after a
restart following an empty scan it had no baseline, so the first failures that appeared
were taken as the new baseline and never alerted.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from scanner.agent import Agent, Every
from scanner.findings import Status
from scanner.history import open_store
from tests.agent.test_agent import T0, finding, result, scripted


def test_failures_after_an_empty_recorded_scan_are_alerted(tmp_path):
    sent: list[dict[str, object]] = []
    with open_store(str(tmp_path / "h.sqlite")) as store:
        first = Agent(
            scan=scripted(result()), provider="aws", schedule=Every(timedelta(hours=1)), store=store
        )
        first.run_cycle(threading.Event())  # an empty account, recorded
        restarted = Agent(
            scan=scripted(
                result(finding("NET-002", "sg-1", Status.FAIL), when=T0 + timedelta(hours=1))
            ),
            provider="aws",
            schedule=Every(timedelta(hours=1)),
            store=store,
            notify=sent.append,
        )
        assert restarted.baseline is not None
        assert len(restarted.baseline.findings) == 0
        outcome = restarted.run_cycle(threading.Event())
    assert outcome.alerted_new
    assert len(sent) == 1


def test_a_failed_scan_record_is_not_a_baseline(tmp_path):
    with open_store(str(tmp_path / "h.sqlite")) as store:
        Agent(
            scan=scripted(RuntimeError("boom")),
            provider="aws",
            schedule=Every(timedelta(hours=1)),
            store=store,
        ).run_cycle(threading.Event())
        restarted = Agent(
            scan=scripted(result()), provider="aws", schedule=Every(timedelta(hours=1)), store=store
        )
        assert restarted.baseline is None
