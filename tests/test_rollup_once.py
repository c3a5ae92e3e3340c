"""The roll-up is computed once per result, from the columns, and equals a plain count."""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from datetime import UTC, date, datetime

import pytest

from bench.gcp_snapshot import records
from providers.gcp import PROVIDER, open_snapshot
from scanner import rollup as rollup_module
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.findings import Status, Suppression
from scanner.findingset import Findings
from scanner.registry import load
from scanner.result import ScanResult
from scanner.rollup import rollup
from scanner.suppress import apply_suppressions

GCP = load().select(provider="gcp")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    path = tmp_path_factory.mktemp("snap") / "g.ndjson"
    path.write_text("".join(json.dumps(r) + "\n" for r in records(1500)))
    session = open_snapshot(path, ScanConfig(provider="gcp"))
    scanned = run_scan(PROVIDER, session, GCP, list(session.scopes))
    # a few accepted failures: suppressed findings sit beside the columns
    fail = next(f for f in scanned.findings if f.status is Status.FAIL)
    accepted = Suppression(
        check=fail.check_id,
        resource=fail.resource_uid,
        reason="accepted",
        owner="sec",
        expires=date(2099, 1, 1),
    )
    return apply_suppressions(scanned, (accepted,), datetime.now(UTC).date())


def _plain(result: ScanResult) -> dict[tuple[str, str], tuple[Counter[Status], list[str]]]:
    """Counts and failing uids per control, counted finding by finding."""
    counts: dict[tuple[str, str], Counter[Status]] = defaultdict(Counter)
    failing: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in result.findings:
        if f.suppressed:
            continue
        for ref in f.controls:
            fw, _, cid = ref.partition(":")
            counts[(fw, cid)][f.status] += 1
            if f.status is Status.FAIL:
                failing[(fw, cid)].add(f.resource_uid)
    return {k: (c, sorted(failing.get(k, ()))) for k, c in counts.items()}


def test_rollup_equals_a_plain_count_of_every_finding(result):
    assert any(f.suppressed for f in result.findings)
    plain = _plain(result)
    rolled = rollup(result)
    assert rolled
    for fw, controls in rolled.items():
        for c in controls:
            counts, failing = plain.get((fw, c.control_id), (Counter(), []))
            assert (c.passed, c.failed, c.unknown, c.error, c.not_applicable) == (
                counts[Status.PASS],
                counts[Status.FAIL],
                counts[Status.UNKNOWN],
                counts[Status.ERROR],
                counts[Status.NOT_APPLICABLE],
            ), (fw, c.control_id)
            assert list(c.failing_resources) == failing, (fw, c.control_id)
            assert c.status == ("fail" if failing else c.status)


def test_rollup_is_computed_once_per_result(result, monkeypatch):
    first = rollup(result)
    calls = []
    real = rollup_module._rollup
    monkeypatch.setattr(rollup_module, "_rollup", lambda r: calls.append(r) or real(r))
    again = rollup(result)
    assert calls == []
    assert again == first
    assert all(a is b for fw in first for a, b in zip(first[fw], again[fw], strict=True))
    some = sorted(first)[:2]
    assert rollup(result, some) == {fw: first[fw] for fw in some}
    assert rollup(result, ["no-such-framework"]) == {"no-such-framework": []}


def test_a_different_result_gets_its_own_rollup(result):
    before = rollup(result)
    fails_only = Findings(f for f in result.findings if f.status is not Status.PASS)
    other = result.model_copy(update={"findings": fails_only})
    after = rollup(other)
    assert after != before
    assert all(c.passed == 0 for controls in after.values() for c in controls)


def test_the_cached_rollup_goes_with_its_result(result):
    other = result.model_copy(update={"findings": Findings(result.findings[:10])})
    rollup(other)
    key = id(other)
    assert key in rollup_module._ROLLUPS
    del other
    gc.collect()
    assert key not in rollup_module._ROLLUPS
