"""SARIF written in pieces is the document ``to_sarif`` describes, byte for byte; results
are built as plain data equal to the models; the 25,000 kept failures are ranked lazily
from the columns exactly as a full sort would rank them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pydantic_core
import pytest

from scanner.engine import Inventory, check_info, evaluate
from scanner.findings import Finding, Severity, Status, finding_id
from scanner.findingset import Findings
from scanner.outputs import sarif, write_outputs
from scanner.outputs.sarif import CHUNK, _result, _result_data, to_sarif, to_sarif_chunks
from scanner.registry import load
from scanner.result import CheckInfo, ScanMeta, ScanResult
from tests.checks.factories import kms_key

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _finding(n: int, **update: object) -> Finding:
    uid = f"arn:aws:kms:us-east-1:1:key/k{n:06d}"
    base: dict[str, object] = {
        "id": finding_id("CRYPTO-001", uid),
        "check_id": "CRYPTO-001",
        "title": "Keys rotate",
        "severity": Severity.MEDIUM,
        "status": Status.FAIL,
        "reason": 'rotation off "\u00e9\n',
        "provider": "aws",
        "account": "1",
        "region": "us-east-1",
        "resource_kind": "KmsKey",
        "resource_uid": uid,
        "resource_name": f"k{n}",
        "service": "kms",
        "controls": ("soc2:CC6.1",),
        "evaluated_at": NOW,
    }
    return Finding.model_validate(base | update)


def _result_of(findings: list[Finding] | Findings, checks: tuple[CheckInfo, ...]) -> ScanResult:
    meta = ScanMeta(
        tool_version="0",
        provider="aws",
        accounts=("1",),
        identity="me",
        regions=("us-east-1",),
        started_at=NOW,
        finished_at=NOW,
        complete=True,
        checks_selected=len(checks),
        resources_collected=len(findings),
    )
    return ScanResult(meta=meta, checks=checks, findings=findings, errors=())


CHECK = CheckInfo(
    id="CRYPTO-001",
    title="Keys rotate",
    severity=Severity.MEDIUM,
    resource_kind="KmsKey",
    providers=("aws",),
    controls=("soc2:CC6.1",),
    rationale="r",
    remediation="m",
)

VARIANTS = [
    {},
    {"location": "modules/kms/main.tf:12", "resource_name": ""},
    {"location": "", "service": "", "region": ""},
    {"suppressed": True, "suppression_reason": "accepted", "suppression_owner": "sec"},
    {"suppressed": True, "suppression_expires": date(2027, 1, 1)},
    {"suppressed": True},
    {"severity": Severity.CRITICAL, "controls": ()},
]


@pytest.mark.parametrize("update", VARIANTS)
def test_result_data_is_what_the_model_dumps(update):
    f = _finding(1, **update)
    model = _result(f, 3).model_dump(mode="json", by_alias=True, exclude_none=True)
    assert _result_data(f, 3) == model
    assert list(_result_data(f, 3)) == list(model)  # same key order in the file


@pytest.mark.parametrize("count", [0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 5])
def test_pieces_are_the_indented_document_byte_for_byte(count):
    findings = [_finding(n, **VARIANTS[n % len(VARIANTS)]) for n in range(count)]
    result = _result_of(findings, (CHECK,))
    pieces = list(to_sarif_chunks(result))
    whole = pydantic_core.to_json(to_sarif(result), indent=2).decode()
    assert "".join(pieces) == whole
    assert len(pieces) >= count // CHUNK
    doc = json.loads("".join(pieces))
    assert len(doc["runs"][0]["results"]) == count
    jsonschema.Draft4Validator(SCHEMA).validate(doc)


def test_the_written_file_is_the_streamed_document(tmp_path):
    result = _result_of([_finding(n) for n in range(CHUNK + 3)], (CHECK,))
    path = write_outputs(result, tmp_path, ["sarif"])["sarif"]
    assert path.read_text() == pydantic_core.to_json(to_sarif(result), indent=2).decode() + "\n"


def _full_sort(findings: Findings, limit: int) -> list[tuple[str, str]]:
    """The ranking written plainly: every failure sorted (most severe, check id, uid),
    the first ``limit`` kept, back in the report's order."""
    fails = [(n, f) for n, f in enumerate(findings) if f.status is Status.FAIL]
    ranked = sorted(fails, key=lambda t: (-t[1].severity.rank, t[1].check_id, t[1].resource_uid))
    return [(f.check_id, f.resource_uid) for _, f in sorted(ranked[:limit], key=lambda t: t[0])]


@pytest.mark.parametrize("limit", [1, 40, 150])
def test_lazy_ranking_keeps_what_a_full_sort_keeps(monkeypatch, limit):
    registry = load().select(provider="aws")
    keys = [
        kms_key(
            uid=f"arn:aws:kms:us-east-1:123456789012:key/k{n:04d}",
            rotation_enabled=(None, True, False)[n % 3],
            state=("enabled", "pending_deletion")[n % 5 == 0],
        )
        for n in range(300)
    ]
    inv = Inventory()
    inv.resources[type(keys[0])].extend(keys)
    columns = evaluate(registry, inv, account="1", processes=1)
    # columnar parts beside a plain part with its own severities
    loose = tuple(_finding(n, severity=list(Severity)[n % 5]) for n in range(50))
    findings = Findings.joined([columns, loose])
    infos = {c.id: c for c in (*(check_info(c) for c in registry), CHECK)}
    result = _result_of(findings, tuple(infos.values()))
    fails = sum(1 for f in findings if f.status is Status.FAIL)
    assert fails > limit
    monkeypatch.setattr(sarif, "MAX_RESULTS", limit)
    run = to_sarif(result)["runs"][0]
    kept = [
        (r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
        for r in run["results"]
    ]
    assert kept == _full_sort(findings, limit)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert f"{fails - limit} of {fails} failures" in notes[-1]["message"]["text"]
