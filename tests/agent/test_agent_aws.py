"""The agent against the simulated AWS account (moto, in-process) and a loopback webhook."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from providers.aws import PROVIDER
from providers.aws.simulated import simulated_account
from scanner.agent import Agent, CycleOutcome, Every
from scanner.alerts import webhook_notifier
from scanner.config import build_config
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.history import open_store
from scanner.registry import load
from scanner.result import ScanResult
from tests.agent.conftest import Receiver
from tests.moto_helpers import open_ssh_group


def test_two_cycles_with_a_change_alert_once_then_a_failed_scan_then_recovery(
    tmp_path: Path, receiver: Receiver
) -> None:
    cfg = build_config(concurrency=4, checks=("NET-002",))
    registry = load().select(ids=cfg.checks, provider="aws")
    outcomes: list[CycleOutcome] = []
    with (
        simulated_account(concurrency=4) as (session, regions),
        open_store(str(tmp_path / "h.sqlite")) as store,
    ):
        ec2 = session.boto.client("ec2", region_name="us-east-1")  # the same mock
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        cycle = {"n": 0}

        def scan(stop: threading.Event) -> ScanResult:
            cycle["n"] += 1
            if cycle["n"] != 3:  # the engine `complyscan scan` runs (the CLI test covers _scan)
                return run_scan(PROVIDER, session, registry, regions, stop=stop)

            def lost(done: int, total: int, label: str) -> None:
                raise ConnectionResetError(f"network lost after {done}/{total} ({label})")

            # the third scan dies mid-way: after its first collection job
            return run_scan(PROVIDER, session, registry, regions, progress=lost, stop=stop)

        def between(slept: int) -> None:
            if slept == 1:  # after the baseline: someone opens SSH to the internet
                group = open_ssh_group(ec2, "agent-test-ssh", vpc)
                new_group["id"] = group

        new_group: dict[str, str] = {}
        stop = threading.Event()
        sleeps: list[float] = []

        def sleep(seconds: float, event: threading.Event) -> bool:
            sleeps.append(seconds)
            between(len(sleeps))
            if len(sleeps) >= 4:
                event.set()
            return event.is_set()

        runner = Agent(
            scan=scan,
            provider="aws",
            schedule=Every(timedelta(seconds=1)),
            store=store,
            notify=webhook_notifier(receiver.url),
            sleep=sleep,
            hooks=(outcomes.append,),
        )
        assert runner.run(stop) == 4
        records = store.scans()
    assert [o.failed for o in outcomes] == [False, False, True, False]
    assert [r.complete for r in records] == [True, True, False, True]
    assert records[2].findings == 0
    # exactly one regression alert (cycle 2), one failure alert (cycle 3), none after
    assert [p["event"] for p in receiver.posts] == ["regression", "scan_failed"]
    regression = receiver.posts[0]
    assert len(regression["new"]) == 1
    assert regression["new"][0]["check_id"] == "NET-002"
    assert regression["new"][0]["resource_uid"].endswith(new_group["id"])
    assert regression["resolved"] == []
    assert "ConnectionResetError" in receiver.posts[1]["error"]
    last = outcomes[3]
    assert last.diff is not None
    assert last.diff.new == ()
    assert any(
        f.status is Status.FAIL and f.resource_uid.endswith(new_group["id"])
        for f in last.result.findings
    )
