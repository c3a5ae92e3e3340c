"""The scan pipeline with its steps replaced: order, what each step receives, cleanup."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from scanner import pipeline
from scanner.config import ScanConfig
from scanner.errors import ConfigError, OutputError
from scanner.evidence import EvidenceWritten
from scanner.findings import Status, Suppression
from scanner.registry import load
from scanner.result import ScanResult
from tests.fakes import FakeSession, spec

REGISTRY = load().select(ids=["CRYPTO-001"])


@pytest.fixture
def calls() -> list[str]:
    return []


def _steps(calls: list[str], *, failing_reports: bool = False) -> pipeline.Steps:
    session = FakeSession()

    @contextmanager
    def source(request: ScanConfig, view: pipeline.View) -> Iterator[pipeline.Connection]:
        calls.append("open")
        view.notice("opening")
        try:
            yield pipeline.Connection(spec(), session, ["us-east-1"])
        finally:
            calls.append("close")

    def reports(
        result: ScanResult, directory: Path, formats: Iterable[str], fws: Iterable[str] | None
    ) -> dict[str, Path]:
        calls.append(f"reports {','.join(formats)}")
        if failing_reports:
            raise OutputError("disk full")
        return {f: directory / f for f in formats}

    def evidence(result: ScanResult, directory: Path) -> EvidenceWritten:
        calls.append("evidence")
        return EvidenceWritten(directory=directory, files=1, manifest_sha256="ab" * 32)

    def history(result: ScanResult, location: str, sha: str | None) -> pipeline.Recorded:
        calls.append(f"history {sha}")
        return pipeline.Recorded(7, location)

    return pipeline.Steps(
        source=source,
        reports=reports,
        evidence=evidence,
        history=history,
        today=lambda: date(2026, 1, 1),
    )


def test_run_scans_then_writes_reports_evidence_and_history_in_order(calls, tmp_path):
    request = ScanConfig(
        checks=("CRYPTO-001",),
        output_dir=tmp_path / "out",
        evidence_dir=tmp_path / "ev",
        history="sqlite:///" + str(tmp_path / "h.sqlite"),
    )
    run = pipeline.run(request, registry=REGISTRY, steps=_steps(calls))
    assert calls == ["open", "close", "reports json,sarif", "evidence", "history " + "ab" * 32]
    assert run.reports == {"json": tmp_path / "out" / "json", "sarif": tmp_path / "out" / "sarif"}
    assert run.recorded == pipeline.Recorded(7, request.history or "")
    statuses = sorted(f.status for f in run.result.findings)
    assert statuses == sorted([Status.PASS, Status.FAIL, Status.UNKNOWN])  # tests.fakes.keys


def test_suppressions_use_the_steps_clock(calls):
    rule = Suppression(
        check="CRYPTO-001",
        resource="*bad",
        reason="accepted",
        owner="owner",
        expires=date(2026, 1, 1),
    )
    request = ScanConfig(formats=(), suppressions=(rule,))
    result = pipeline.scan(request, REGISTRY, steps=_steps(calls))
    failing = [f for f in result.findings if f.status is Status.FAIL]
    assert [f.suppressed for f in failing] == [True]  # valid through its expiry day
    later = pipeline.Steps(**{**_steps(calls).__dict__, "today": lambda: date(2026, 1, 2)})
    result = pipeline.scan(request, REGISTRY, steps=later)
    assert [f.suppressed for f in result.findings if f.status is Status.FAIL] == [False]
    assert result.expired_suppressions == (rule,)


def test_the_session_is_closed_when_the_scan_fails(calls):
    request = ScanConfig(shard=(1, 2))
    with pytest.raises(ConfigError, match="--shard"):
        pipeline.scan(request, REGISTRY, steps=_steps(calls))
    assert calls == ["open", "close"]


def test_a_failing_writer_stops_before_evidence_and_history(calls, tmp_path):
    request = ScanConfig(evidence_dir=tmp_path / "ev", history="sqlite://")
    with pytest.raises(OutputError):
        pipeline.run(request, registry=REGISTRY, steps=_steps(calls, failing_reports=True))
    assert "evidence" not in calls
    assert not any(c.startswith("history") for c in calls)


def test_no_formats_writes_no_reports(calls):
    run = pipeline.run(ScanConfig(formats=()), registry=REGISTRY, steps=_steps(calls))
    assert run.reports == {}
    assert calls == ["open", "close"]


def test_unknown_provider_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown provider 'oci'"):
        pipeline.provider_spec("oci")


def test_selecting_no_check_is_a_config_error():
    with pytest.raises(ConfigError, match="no checks match"):
        pipeline.select_checks(ScanConfig(provider="gcp", checks=("BACKUP-301",)))
