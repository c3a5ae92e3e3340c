"""Findings held as columns must behave exactly like the plain tuple of findings they stand for."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.crypto.kms_key import (
    kms_key_not_pending_deletion,
    kms_key_rotates_automatically,
)
from scanner.engine import Inventory, evaluate
from scanner.findings import Finding, Severity, Status, Suppression, finding_id
from scanner.findingset import (
    Findings,
    Tally,
    Verdicts,
    parts_of,
    rows_with_status,
    tally,
    with_status,
)
from scanner.model import KmsKey
from scanner.registry import Check, Registry
from scanner.result import ScanMeta, ScanResult
from scanner.suppress import apply_suppressions, exit_code
from tests.checks.factories import kms_key

NOW = datetime(2026, 11, 23, tzinfo=UTC)
STATUSES = list(Status)


def _keys(n: int, offset: int = 0) -> list[KmsKey]:
    return [
        kms_key(
            uid=f"arn:aws:kms:us-east-1:123456789012:key/k{offset + i:04d}",
            rotation_enabled=(None, True, False)[i % 3],
            state=("enabled", "pending_deletion")[i % 5 == 0],
        )
        for i in range(n)
    ]


def _verdicts(check_id: str, rows: list[tuple[Status, str]], offset: int = 0) -> Verdicts:
    resources = _keys(len(rows), offset)
    return Verdicts(
        check_id=check_id,
        title=f"title of {check_id}",
        severity=Severity.HIGH if check_id.endswith("1") else Severity.LOW,
        kind="KmsKey",
        controls=("soc2:CC6.1", f"nist-800-53:{check_id}"),
        evaluated_at=NOW,
        resources=resources,
        paths=[r.location_path for r in resources],
        statuses=[s for s, _ in rows],
        reasons=[r for _, r in rows],
    )


def _validated(
    res: KmsKey,
    status: Status,
    reason: str,
    *,
    check: Verdicts | Check[KmsKey],
    when: datetime = NOW,
) -> Finding:
    """A finding built the slow way: validated, every field spelled out."""
    check_id = check.check_id if isinstance(check, Verdicts) else check.id
    return Finding(
        id=finding_id(check_id, res.uid),
        check_id=check_id,
        title=check.title,
        severity=check.severity,
        status=status,
        reason=reason,
        provider=res.provider,
        account=res.account,
        region=res.region,
        resource_kind="KmsKey",
        resource_uid=res.uid,
        resource_name=res.name,
        service=res.service,
        location=res.location_path,
        controls=check.controls,
        evaluated_at=when,
    )


def _plain(part: Verdicts) -> list[Finding]:
    """What ``part`` stands for."""
    return [
        _validated(res, status, reason, check=part)
        for res, status, reason in zip(part.resources, part.statuses, part.reasons, strict=True)
    ]


def _key(f: Finding) -> Tally:
    return Tally(f.check_id, f.severity, f.controls, f.status, f.suppressed)


rows = st.lists(
    st.tuples(st.sampled_from(STATUSES), st.sampled_from(["ok", "no rotation", "?"])),
    max_size=12,
)
# each part is columnar (True) or a plain tuple of the same findings (False)
layouts = st.lists(st.tuples(rows, st.booleans()), max_size=5)


def _build(layout: list[tuple[list[tuple[Status, str]], bool]]) -> tuple[Findings, list[Finding]]:
    parts: list[Verdicts | tuple[Finding, ...]] = []
    flat: list[Finding] = []
    for n, (part_rows, columnar) in enumerate(layout):
        part = _verdicts(f"CRYPTO-00{n + 1}", part_rows, offset=100 * n)
        plain = _plain(part)
        parts.append(part if columnar else tuple(plain))
        flat += plain
    return Findings.joined(parts), flat


@settings(max_examples=150, deadline=None)
@given(layouts, st.integers(-70, 70), st.integers(-70, 70), st.sampled_from([None, 1, 2, -1, 3]))
def test_sequence_behaves_like_the_flat_list(layout, start, stop, step):
    findings, flat = _build(layout)
    assert len(findings) == len(flat)
    assert list(findings) == flat
    assert findings == flat
    assert findings == tuple(flat)
    assert findings[start:stop:step] == tuple(flat[start:stop:step])
    for i in (start, stop):
        if -len(flat) <= i < len(flat):
            assert findings[i] == flat[i]
    head = tuple(flat[:1])
    assert findings.__add__(()) == flat  # the operators themselves
    assert findings.__radd__(head) == [*head, *flat]


@settings(max_examples=150, deadline=None)
@given(layouts, st.sampled_from(STATUSES))
def test_tally_and_with_status_equal_counting_every_finding(layout, status):
    findings, flat = _build(layout)
    expected = Counter(_key(f) for f in flat)
    assert tally(findings) == expected
    assert tally(flat) == expected
    chosen = [f for f in flat if f.status is status]
    assert list(with_status(findings, status)) == chosen
    rows = list(rows_with_status(findings, status))
    assert [(r.key, r.uid) for r in rows] == [(_key(f), f.resource_uid) for f in chosen]
    assert [r.finding() for r in rows] == chosen


def _result(findings: Findings | tuple[Finding, ...]) -> ScanResult:
    meta = ScanMeta(
        tool_version="t",
        provider="aws",
        accounts=("123456789012",),
        identity="me",
        regions=("us-east-1",),
        started_at=NOW,
        finished_at=NOW,
        complete=True,
        checks_selected=2,
        resources_collected=10,
    )
    return ScanResult(meta=meta, checks=(), findings=findings, errors=())


def test_suppressions_on_columns_equal_suppressions_on_plain_findings():
    fails = [(Status.FAIL, "no rotation")] * 6 + [(Status.PASS, "ok")] * 3
    first, second = _verdicts("CRYPTO-001", fails), _verdicts("CRYPTO-002", fails, offset=50)
    plain = (*_plain(first), *_plain(second))
    rules = [
        Suppression(check="crypto-001", resource="*/k000[0-2]", reason="accepted",
                    owner="sec@example.com", expires=date(2030, 1, 1)),
        Suppression(check="CRYPTO-002", resource="*", reason="legacy keys",
                    owner="ops", expires=date(2030, 1, 1)),
        Suppression(check="CRYPTO-001", resource="*", reason="gone",
                    owner="ops", expires=date(2020, 1, 1)),
    ]  # fmt: skip
    columnar = apply_suppressions(_result(Findings.joined((first, second))), rules, NOW.date())
    reference = apply_suppressions(_result(plain), rules, NOW.date())
    assert columnar.findings == reference.findings
    suppressed = [f for f in columnar.findings if f.suppressed]
    assert len(suppressed) == 3 + 6  # three keys of CRYPTO-001, every failure of CRYPTO-002
    assert {f.suppression_owner for f in suppressed} == {"sec@example.com", "ops"}
    assert all(f.status is Status.FAIL for f in suppressed)  # accepted, still failing
    # the columnar parts stay columnar; only the suppressed findings were built
    assert all(isinstance(p, Verdicts) for p in parts_of(columnar.findings))
    assert tally(columnar.findings) == tally(tuple(reference.findings))
    assert list(with_status(columnar.findings, Status.FAIL)) == [
        f for f in reference.findings if f.status is Status.FAIL
    ]
    assert columnar.expired_suppressions == (rules[2],)
    # 3 failures of CRYPTO-001 remain unsuppressed (high severity): the scan fails
    assert exit_code(columnar, "high") == 1
    assert exit_code(columnar, "critical") == 0


def test_engine_findings_equal_validated_reference():
    keys = _keys(17)
    inventory = Inventory()
    inventory.resources[KmsKey] = list(reversed(keys))  # the engine sorts by uid
    checks = (kms_key_rotates_automatically, kms_key_not_pending_deletion)
    found = evaluate(Registry(checks), inventory, account="123456789012")
    assert all(isinstance(p, Verdicts) for p in parts_of(found))
    when = found[0].evaluated_at
    reference = [
        _validated(k, c(k).status, c(k).reason, check=c, when=when)
        for c in sorted(checks, key=lambda c: c.id)
        for k in keys
    ]
    assert found == reference
    assert [f.model_dump_json() for f in found] == [f.model_dump_json() for f in reference]
    assert {f.status for f in found} >= {Status.PASS, Status.FAIL, Status.UNKNOWN}


def test_scan_result_accepts_any_sequence_and_serialises_a_list():
    part = _verdicts("CRYPTO-001", [(Status.FAIL, "x"), (Status.PASS, "ok")])
    findings = Findings.joined((part,))
    result = _result(findings)
    assert result.findings is findings  # held as it is, nothing built
    from_tuple = _result(tuple(_plain(part)))
    assert isinstance(from_tuple.findings, Findings)
    assert from_tuple.findings == findings
    dumped = result.model_dump(mode="json")["findings"]
    assert dumped == [f.model_dump(mode="json") for f in _plain(part)]
    again = ScanResult.model_validate_json(result.model_dump_json())
    assert again.findings == findings
    assert Findings() == ()
    assert not Findings()
