"""Per-framework control roll-up: control -> checks -> pass/fail/unknown counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from scanner.findings import Status
from scanner.findingset import rows_with_status, tally
from scanner.frameworks import load_catalogs
from scanner.frameworks.derive import Cardinality, relations
from scanner.frameworks.order import natural_key
from scanner.frameworks.scope import controls_on
from scanner.result import ScanResult

ControlStatus = Literal["fail", "unknown", "pass", "not_applicable"]


class ControlRollup(BaseModel):
    """How one framework control fared in a scan, through the checks mapped to it."""

    model_config = ConfigDict(frozen=True)

    framework: str
    control_id: str
    title: str
    status: ControlStatus
    checks: tuple[str, ...]
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    error: int = 0
    not_applicable: int = 0
    failing_resources: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = Field(
        default=(),
        description="Derived frameworks (ISO 27001:2013, NIST CSF 1.1): the current-edition "
        "controls (framework:id) whose checks decide this control, per the official "
        "correspondence.",
    )
    mapping: Cardinality | None = Field(
        default=None,
        description="Derived frameworks: how the old id corresponds to the current edition "
        "(one-to-one, one-to-many, many-to-one, many-to-many).",
    )
    note: str = Field(
        default="",
        description="Derived frameworks: the correspondence in words, e.g. 'A.12.4.1 (2013) → "
        "A.8.15 (2022); A.8.15 also covers A.12.4.2, A.12.4.3 (2013)'.",
    )


def _status(counts: dict[Status, int]) -> ControlStatus:
    if counts[Status.FAIL]:
        return "fail"
    if counts[Status.UNKNOWN] or counts[Status.ERROR]:
        return "unknown"
    return "pass" if counts[Status.PASS] else "not_applicable"


def _derivation(
    framework: str, control: str, checks_of: dict[tuple[str, str], set[str]]
) -> dict[str, object]:
    """The derived_from/mapping/note fields of a derived framework's control (else none)."""
    rel = relations(framework, control)
    if rel is None:
        return {}
    untested = tuple(t for t in rel.targets if not checks_of.get((rel.base, t)))
    return {
        "derived_from": tuple(f"{rel.base}:{t}" for t in rel.targets),
        "mapping": rel.cardinality,
        "note": rel.note(untested),
    }


def _control_order(item: tuple[tuple[str, str], set[str]]) -> tuple[object, ...]:
    (fw, cid), _ = item
    return (fw, natural_key(cid))


def rollup(
    result: ScanResult, frameworks: Iterable[str] | None = None
) -> dict[str, list[ControlRollup]]:
    """Roll findings up to controls for ``frameworks`` (default: every mapped framework)."""
    catalogs = load_catalogs()
    checks_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    # a provider's benchmark is rolled up only from that provider's findings
    scanned = {p for p in result.meta.provider.split(",") if p}
    for info in result.checks:
        for ref in controls_on(info.controls, scanned):
            fw, _, cid = ref.partition(":")
            checks_of[(fw, cid)].add(info.id)
    # findings of one check share its controls: count per controls tuple, then spread
    by_controls: dict[tuple[str, ...], tuple[Counter[Status], set[str]]] = {}
    for key, n in tally(result.findings).items():
        if not key.suppressed:
            by_controls.setdefault(key.controls, (Counter(), set()))[0][key.status] += n
    for row in rows_with_status(result.findings, Status.FAIL):
        if not row.key.suppressed:
            by_controls[row.key.controls][1].add(row.uid)
    by_control: dict[tuple[str, str], tuple[Counter[Status], set[str]]] = {}
    for refs, (group_counts, group_failing) in by_controls.items():
        for ref in refs:
            fw, _, cid = ref.partition(":")
            total = by_control.setdefault((fw, cid), (Counter(), set()))
            total[0].update(group_counts)
            total[1].update(group_failing)
    wanted = set(frameworks) if frameworks else {fw for fw, _ in checks_of}
    out: dict[str, list[ControlRollup]] = {fw: [] for fw in sorted(wanted)}
    for (fw, cid), check_ids in sorted(checks_of.items(), key=_control_order):
        if fw not in wanted:
            continue
        counts, failing = by_control.get((fw, cid), (Counter(), set()))
        control = catalogs[fw].control(cid) if fw in catalogs else None
        out[fw].append(
            ControlRollup(
                **_derivation(fw, cid, checks_of),
                framework=fw,
                control_id=cid,
                title=control.title if control else "",
                status=_status(counts),
                checks=tuple(sorted(check_ids)),
                passed=counts[Status.PASS],
                failed=counts[Status.FAIL],
                unknown=counts[Status.UNKNOWN],
                error=counts[Status.ERROR],
                not_applicable=counts[Status.NOT_APPLICABLE],
                failing_resources=tuple(sorted(failing)),
            )
        )
    return out
