"""Engine tests with fake, in-memory provider specs (no cloud, no mocks of our code)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from structlog.testing import capture_logs

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import collect, evaluate, run_scan
from scanner.findings import (
    Finding,
    Result,
    Severity,
    Status,
    failed,
    finding_id,
    not_applicable,
    passed,
    trusted_finding,
    unknown,
)
from scanner.model import KmsKey
from scanner.provider import Item
from scanner.registry import Registry, check
from scanner.suppress import exit_code
from tests.checks.factories import kms_key
from tests.fakes import FakeSession
from tests.fakes import spec as _spec

REGISTRY = Registry((kms_key_rotates_automatically,))


def test_failed_scope_gives_unknown_never_pass():
    result = run_scan(_spec(), FakeSession(), REGISTRY, ["us-east-1", "eu-west-1"])
    by_uid = {f.resource_uid: f for f in result.findings}
    assert by_uid["arn:aws:kms:us-east-1:123456789012:key/good"].status is Status.PASS
    assert by_uid["arn:aws:kms:us-east-1:123456789012:key/bad"].status is Status.FAIL
    # the unreadable key and the unreadable region are UNKNOWN, with the cause
    hidden = by_uid["arn:aws:kms:us-east-1:123456789012:key/hidden"]
    assert hidden.status is Status.UNKNOWN
    region = by_uid["aws/123456789012/eu-west-1/KmsKey"]
    assert region.status is Status.UNKNOWN
    assert "AccessDenied" in region.reason
    assert region.region == "eu-west-1"
    assert not result.meta.complete
    assert {e.scope for e in result.errors} == {"us-east-1", "eu-west-1"}
    assert [f.resource_uid for f in result.findings] == sorted(
        f.resource_uid for f in result.findings
    )


def test_a_resource_detail_not_read_makes_the_scan_incomplete():
    # issue 17 item 1: an UNKNOWN because one resource's details could not be read is
    # something we could not read: the scan is incomplete (exit 3), not complete
    result = run_scan(_spec(), FakeSession(), REGISTRY, ["us-east-1"])
    assert result.errors
    assert all(e.resource_uid for e in result.errors)
    assert not result.meta.complete
    assert exit_code(result, "none") == 3
    assert result.meta.resources_collected == 2


def test_crashing_collector_is_recorded_not_raised():
    def boom(_s: FakeSession, _r: str) -> Iterator[Item]:
        raise RuntimeError("bug")
        yield  # pragma: no cover

    with capture_logs() as logs:
        inv = collect(_spec(boom), FakeSession(), ["us-east-1"], {KmsKey})
    assert inv.errors[0].cause == "InternalError: RuntimeError"
    assert any(e["event"] == "collector.crashed" for e in logs)


def test_crashing_check_is_an_error_finding():
    @check(
        id="TEST-001",
        title="Never crashes",
        severity=Severity.LOW,
        resource=KmsKey,
        controls=("soc2:CC6.1",),
    )
    def crashes(key: KmsKey) -> Result:
        """Risk.

        Remediation: none.
        """
        raise ValueError(key.uid)

    inv = collect(_spec(), FakeSession(), ["us-east-1"], {KmsKey})
    with capture_logs() as logs:
        findings = evaluate(Registry((crashes,)), inv, account="123456789012")
    assert {f.status for f in findings if "hidden" not in f.resource_uid} == {Status.ERROR}
    assert any(e["event"] == "check.crashed" for e in logs)


def test_stop_event_abandons_pending_jobs_and_marks_incomplete():
    stop = threading.Event()
    stop.set()
    result = run_scan(_spec(), FakeSession(), REGISTRY, ["us-east-1", "eu-west-1"], stop=stop)
    assert result.meta.interrupted
    assert not result.meta.complete
    assert any(e.cause == "Interrupted" for e in result.errors)


def test_plan_runs_only_needed_collectors():
    calls: list[str] = []

    def tracked(_s: FakeSession, region: str) -> Iterator[Item]:
        calls.append(region)
        return iter(())

    collect(_spec(tracked), FakeSession(), ["us-east-1"], set())
    assert calls == []


def test_scan_with_nothing_to_evaluate_has_no_findings_and_is_complete():
    def empty(_s: FakeSession, _r: str) -> Iterator[Item]:
        return iter(())

    result = run_scan(_spec(empty), FakeSession(), REGISTRY, ["us-east-1"])
    assert result.findings == ()
    assert result.meta.complete


def test_trusted_findings_equal_validated_ones():
    # the engine builds findings without validation; they must be the same objects in all
    # that matters: equality, dumps, copies with suppression fields, fields set
    now = datetime.now(UTC)
    values = {
        "id": finding_id("CRYPTO-001", "arn:k"),
        "check_id": "CRYPTO-001",
        "title": "t",
        "severity": Severity.HIGH,
        "status": Status.FAIL,
        "reason": "r",
        "provider": "aws",
        "account": "1",
        "region": "us-east-1",
        "resource_kind": "KmsKey",
        "resource_uid": "arn:k",
        "resource_name": "k",
        "service": "kms",
        "location": "aws/1/us-east-1/kms/k",
        "controls": ("soc2:CC6.1",),
        "evaluated_at": now,
    }
    fast, slow = trusted_finding(**values), Finding(**values)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    # validated or not, findings with the same given fields share one record of them
    assert fast.__pydantic_fields_set__ is slow.__pydantic_fields_set__
    copied = fast.model_copy(update={"suppressed": True, "suppression_reason": "accepted"})
    assert copied.suppressed
    assert not fast.suppressed
    assert fast.model_fields_set == slow.model_fields_set  # the shared set is not touched
    assert "suppressed" in copied.model_fields_set
    assert Finding.model_validate(fast.model_dump()) == fast


def test_result_helpers_equal_validated_results():
    helpers = {Status.PASS: passed, Status.FAIL: failed, Status.UNKNOWN: unknown,
               Status.NOT_APPLICABLE: not_applicable}  # fmt: skip
    for status, helper in helpers.items():
        made = helper("why")
        assert made == Result(status=status, reason="why")
        assert made.model_dump_json() == Result(status=status, reason="why").model_dump_json()
    with pytest.raises(ValidationError):  # a reason that is not text is still refused
        passed(3)  # type: ignore[arg-type]


def test_progress_covers_collection_then_evaluation():
    calls: list[tuple[int, int, str]] = []
    run_scan(
        _spec(),
        FakeSession(),
        REGISTRY,
        ["us-east-1", "eu-west-1"],
        progress=lambda done, total, label: calls.append((done, total, label)),
    )
    labels = [label for _, _, label in calls]
    first_eval = next(i for i, label in enumerate(labels) if label.startswith("evaluating"))
    assert first_eval > 0  # collection reported first
    assert not any(label.startswith("evaluating") for label in labels[:first_eval])
    assert calls[-1] == (len(REGISTRY), len(REGISTRY), "evaluating CRYPTO-001")


@dataclass
class ReleasingSession(FakeSession):
    events: list[str] = field(default_factory=list)

    def release_inputs(self) -> None:
        self.events.append("released")


def test_session_inputs_are_released_after_collection_before_evaluation():
    session = ReleasingSession()

    def progress(_done: int, _total: int, label: str) -> None:
        session.events.append("evaluate" if label.startswith("evaluating") else "collect")

    run_scan(_spec(), session, REGISTRY, ["us-east-1", "eu-west-1"], progress=progress)
    assert session.events == ["collect", "collect", "released", "evaluate"]


@pytest.mark.parametrize("offline", [True, False])
def test_cyclic_gc_paused_while_collecting_offline_only(offline):
    seen: list[bool] = []

    def keys(_s: FakeSession, region: str) -> Iterator[Item]:
        seen.append(gc.isenabled())
        yield kms_key(uid=f"arn:aws:kms:{region}:123456789012:key/k", region=region)

    session = FakeSession()
    session.offline = offline  # a snapshot-serving session
    assert gc.isenabled()
    result = run_scan(_spec(keys), session, REGISTRY, ["us-east-1", "eu-west-1"])
    assert seen == [not offline, not offline]
    assert gc.isenabled()  # switched back on after collection
    assert len(result.findings) == 2
