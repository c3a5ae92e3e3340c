"""Evaluation split across forked processes gives exactly the findings of one process.

The snapshot is ``bench/gcp_snapshot.py``'s generator (the export the 1M benchmark runs),
a few thousand assets here; the same comparison at 100,000 assets is in bench/README.md.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from bench.gcp_snapshot import records
from providers.gcp import PROVIDER, open_snapshot
from scanner import forked
from scanner.config import ScanConfig
from scanner.engine import Inventory, collect, evaluate
from scanner.errors import CollectionError
from scanner.findings import Result, Severity, Status, failed, passed
from scanner.findingset import Findings
from scanner.model import SecurityGroup
from scanner.registry import Registry, check, load

GCP = load().select(provider="gcp")
ASSETS = 4000


@pytest.fixture(autouse=True)
def _info_events_reach_capture_logs():
    """capture_logs swaps processors only: a level filter a CLI test configured before
    (e.g. --log-level error) would drop the info events these tests read."""
    saved = structlog.get_config()
    structlog.reset_defaults()
    yield
    structlog.configure(**saved)


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Inventory:
    path = tmp_path_factory.mktemp("snap") / "g.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in records(ASSETS)))
    session = open_snapshot(path, ScanConfig(provider="gcp"))
    inv = collect(PROVIDER, session, list(session.scopes), GCP.resource_kinds())
    inv.errors.extend(session.input_errors)
    assert inv.count() > ASSETS // 2
    return inv


def _rows(findings: Findings) -> list[tuple[str, str, str, str]]:
    return [(f.check_id, f.resource_uid, f.status.value, f.reason) for f in findings]


def _reference(registry: Registry, inv: Inventory) -> list[tuple[str, str, str, str]]:
    """The sequential semantics, written plainly: each check on the last copy of each uid
    of its kind and providers, in (check id, uid) order; a crash is an ERROR."""
    out = []
    for c in registry:
        latest = {r.uid: r for r in inv.resources.get(c.resource, [])}
        for uid, res in latest.items():
            if res.provider not in c.providers:
                continue
            try:
                result = c(res)
            except Exception as err:  # noqa: BLE001 - the engine's rule, restated
                result = Result(status=Status.ERROR, reason=f"check crashed: {type(err).__name__}")
            out.append((c.id, uid, result.status.value, result.reason))
    return sorted(out)


def _dumps(findings: Findings) -> list[dict[str, Any]]:
    return [f.model_dump(exclude={"evaluated_at"}) for f in findings]


@pytest.mark.parametrize("processes", [2, 3])
def test_forked_evaluation_equals_one_process_and_the_reference(inventory, processes):
    one = evaluate(GCP, inventory, account="a", processes=1)
    many = evaluate(GCP, inventory, account="a", processes=processes)
    expected = _reference(GCP, inventory)
    assert len(expected) > 10_000
    assert _rows(one) == expected
    assert _rows(many) == expected
    assert _dumps(many) == _dumps(one)  # every field of every finding, in the same order
    assert {s for _, _, s, _ in expected} >= {"pass", "fail"}


def test_unknowns_for_unread_scopes_are_added_the_same_way(inventory):
    errors = [
        CollectionError("gcp", "projects/proj-0001", "SecurityGroup", "PermissionDenied"),
        CollectionError("gcp", "snapshot", "Bucket", "Malformed", uid="input.ndjson:3"),
    ]
    inv = Inventory(resources=inventory.resources, errors=[*inventory.errors, *errors])
    one = evaluate(GCP, inv, account="a", processes=1)
    two = evaluate(GCP, inv, account="a", processes=2)
    assert _dumps(two) == _dumps(one)
    assert any(f.status is Status.UNKNOWN and f.resource_kind == "SecurityGroup" for f in two)


def test_checks_crashing_in_a_worker_are_errors_logged_by_the_parent(inventory):
    parent = os.getpid()

    @check(
        id="TEST-CRASH",
        title="Crashes on some firewalls",
        severity=Severity.LOW,
        resource=SecurityGroup,
        controls=("soc2:CC6.1",),
        providers=("gcp",),
    )
    def crashes(fw: SecurityGroup) -> Result:
        """Risk.

        Remediation: none.
        """
        if fw.uid.endswith("7"):
            raise ValueError(fw.uid)
        return passed("fine")

    registry = Registry((crashes,))
    with capture_logs() as logs:
        two = evaluate(registry, inventory, account="a", processes=2)
    assert _rows(two) == _reference(registry, inventory)
    crashed = [e for e in logs if e["event"] == "check.crashed"]
    assert any(e.get("worker") == 1 for e in crashed), "a crash in the worker is logged"
    assert len(crashed) == sum(1 for f in two if f.status is Status.ERROR)
    assert os.getpid() == parent


def test_a_worker_that_dies_is_replaced_by_the_parent(inventory):
    parent = os.getpid()

    @check(
        id="TEST-DIES",
        title="Kills a worker",
        severity=Severity.LOW,
        resource=SecurityGroup,
        controls=("soc2:CC6.1",),
        providers=("gcp",),
    )
    def dies(fw: SecurityGroup) -> Result:
        """Risk.

        Remediation: none.
        """
        if os.getpid() != parent:
            os._exit(9)  # the worker vanishes (as if killed by the OOM killer)
        return failed("open") if fw.uid.endswith("1") else passed("closed")

    registry = Registry((dies,))
    with capture_logs() as logs:
        two = evaluate(registry, inventory, account="a", processes=2)
    assert _rows(two) == _reference(registry, inventory)
    assert any(e["event"] == "evaluate.worker_failed" for e in logs)


def test_interrupting_the_parent_leaves_no_worker_behind(inventory):
    parent = os.getpid()

    @check(
        id="TEST-SLOW",
        title="Slow in workers, interrupted in the parent",
        severity=Severity.LOW,
        resource=SecurityGroup,
        controls=("soc2:CC6.1",),
        providers=("gcp",),
    )
    def slow(fw: SecurityGroup) -> Result:
        """Risk.

        Remediation: none.
        """
        if os.getpid() != parent:
            time.sleep(60)
        raise KeyboardInterrupt  # a second Ctrl-C lands in the parent's evaluation

    started = time.monotonic()
    with capture_logs() as logs, pytest.raises(KeyboardInterrupt):
        evaluate(Registry((slow,)), inventory, account="a", processes=2)
    assert time.monotonic() - started < 30
    reaped = [e for e in logs if e["event"] == "evaluate.worker"]
    assert reaped
    assert all(not Path(f"/proc/{e['pid']}").exists() for e in reaped)


def test_progress_counts_every_check_once_across_processes(inventory):
    seen: list[tuple[int, int]] = []
    evaluate(GCP, inventory, account="a", progress=lambda d, t, _: seen.append((d, t)), processes=2)
    assert seen[-1] == (len(GCP), len(GCP))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_one_process_where_fork_is_missing(inventory, monkeypatch):
    monkeypatch.delattr(os, "fork")
    with capture_logs() as logs:
        findings = evaluate(GCP, inventory, account="a", processes=2)
    assert [e["processes"] for e in logs if e["event"] == "evaluate.split"] == [1]
    assert _rows(findings) == _reference(GCP, inventory)


def test_small_inventories_stay_in_one_process(inventory):
    with capture_logs() as logs:
        evaluate(GCP, inventory, account="a")
    assert [e["processes"] for e in logs if e["event"] == "evaluate.split"] == [1]
    assert forked.processes_for(forked.MIN_PARALLEL, None) == min(
        forked.MAX_PROCESSES, forked.usable_cpus()
    )
