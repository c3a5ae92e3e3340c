"""The versioned JSON report: scan metadata, every finding (passes too), errors, roll-up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, Literal

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from scanner.findings import Finding, Severity, Status
from scanner.findingset import tally
from scanner.outputs.pieces import array_pieces, chunks
from scanner.result import CheckInfo, ScanError, ScanMeta, ScanResult
from scanner.rollup import ControlRollup, rollup
from scanner.suppress import expired_matches

#: 1.1.0: findings carry suppression owner/expiry; ``expired_suppressions`` added.
#: 1.2.0: derived frameworks (iso27001-2013, nist-csf-1.1) in ``controls``; roll-up entries
#: carry ``derived_from``, ``mapping`` and ``note``.
SCHEMA_VERSION: Literal["1.2.0"] = "1.2.0"


class Summary(BaseModel):
    """Counts by status, and failures by severity."""

    model_config = ConfigDict(frozen=True)

    total: int
    by_status: dict[Status, int]
    failed_by_severity: dict[Severity, int]
    collection_errors: int


class ExpiredSuppression(BaseModel):
    """An accepted risk past its expiry: it no longer applies, so its findings fail again."""

    model_config = ConfigDict(frozen=True)

    check: str
    resource: str
    reason: str
    owner: str
    expires: date
    findings: tuple[str, ...] = Field(
        description="Ids of the failing findings it would still cover (now reported as failures)."
    )


class Report(BaseModel):
    """complyscan JSON report. ``schema_version`` follows semver; see docs/report.schema.json."""

    model_config = ConfigDict(frozen=True)

    schema_version: Literal["1.2.0"]
    scan: ScanMeta
    summary: Summary
    checks: tuple[CheckInfo, ...]
    findings: tuple[Finding, ...]
    errors: tuple[ScanError, ...]
    controls: dict[str, list[ControlRollup]]
    expired_suppressions: tuple[ExpiredSuppression, ...] = ()


def summarize(findings: Sequence[Finding], errors: int) -> Summary:
    """Status and severity counts."""
    status: Counter[Status] = Counter()
    sev: Counter[Severity] = Counter()
    for key, n in tally(findings).items():
        status[key.status] += n
        if key.status is Status.FAIL and not key.suppressed:
            sev[key.severity] += n
    return Summary(
        total=len(findings),
        by_status={s: status.get(s, 0) for s in Status},
        failed_by_severity={s: sev.get(s, 0) for s in Severity},
        collection_errors=errors,
    )


def to_report(
    result: ScanResult, frameworks: Iterable[str] | None = None, *, findings: bool = True
) -> Report:
    """Build the report model from a scan result (``findings=False``: without the findings,
    which then need not all be built at once; the summary still counts them)."""
    return Report(
        schema_version=SCHEMA_VERSION,
        scan=result.meta,
        summary=summarize(result.findings, len(result.errors)),
        checks=result.checks,
        findings=tuple(result.findings) if findings else (),
        errors=result.errors,
        controls=rollup(result, frameworks),
        expired_suppressions=expired_suppressions(result),
    )


def expired_suppressions(result: ScanResult) -> tuple[ExpiredSuppression, ...]:
    """Each expired suppression with the findings it would still cover."""
    return tuple(
        ExpiredSuppression(
            check=s.check,
            resource=s.resource,
            reason=s.reason,
            owner=s.owner,
            expires=s.expires,
            findings=tuple(f.id for f in expired_matches(result, s)),
        )
        for s in result.expired_suppressions
    )


def to_json(result: ScanResult, frameworks: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON report as a plain dict."""
    return to_report(result, frameworks).model_dump(mode="json")


def to_json_text(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """The JSON report as one string (what ``to_json_chunks`` writes piece by piece)."""
    return "".join(to_json_chunks(result, frameworks))


_FINDINGS = TypeAdapter(tuple[Finding, ...])
_EMPTY = '\n  "findings": [],\n'
_NO_CONTROLS = '\n  "controls": {},\n'
_ROLLUP = TypeAdapter(list[ControlRollup])


def to_json_chunks(result: ScanResult, frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The JSON report, indented, as consecutive pieces of text.

    Byte for byte what ``to_report(...).model_dump_json(indent=2)`` gives (tests hold it to
    that), but the findings are serialised ``CHUNK`` at a time: the whole report as one
    string was ~1.4 KiB a finding, held three times over while being written (100k
    resources, 640k findings: 3.5 GiB).
    """
    report = to_report(result, frameworks, findings=False)
    if not result.findings:
        yield report.model_dump_json(indent=2) + "\n"
        return
    shell = report.model_copy(update={"controls": {}}).model_dump_json(indent=2)
    head, _, rest = shell.partition(_EMPTY)
    middle, _, tail = rest.partition(_NO_CONTROLS)
    del shell, rest
    yield head + '\n  "findings": [\n'
    dumps = (_FINDINGS.dump_json(tuple(part), indent=2) for part in chunks(result.findings))
    yield from array_pieces(dumps, shift="  ")  # one level deep in the report
    yield "\n  ],\n"
    yield middle
    # the roll-up lists failing resources per control: as large as the findings in big scans
    if not report.controls:
        yield _NO_CONTROLS
    else:
        yield '\n  "controls": {'
        for n, (framework, entries) in enumerate(report.controls.items()):
            key = pydantic_core.to_json(framework).decode()
            text = _ROLLUP.dump_json(entries, indent=2).decode().replace("\n", "\n    ")
            yield ("\n" if n == 0 else ",\n") + f"    {key}: " + text
        yield "\n  },\n"
    yield tail
    yield "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, as published in docs/report.schema.json."""
    return Report.model_json_schema(mode="serialization")
