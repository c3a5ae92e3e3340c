"""Per-framework control roll-up: control -> checks -> pass/fail/unknown counts."""

from __future__ import annotations

import itertools
import operator
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from scanner.findings import Finding, Status
from scanner.findingset import Verdicts, parts_of, rows_with_status, tally
from scanner.frameworks import load_catalogs
from scanner.frameworks.derive import Cardinality, relations
from scanner.frameworks.order import natural_key
from scanner.frameworks.scope import controls_on
from scanner.result import ScanResult

ControlStatus = Literal["fail", "unknown", "pass", "not_applicable"]


class _FailingUids:
    """The failing uids of some groups of findings: counted when the roll-up is made,
    sorted into a tuple only when someone asks for the list (then kept)."""

    __slots__ = ("_groups", "_uids")

    def __init__(self, groups: Sequence[_Group]) -> None:
        self._groups = groups
        self._uids: tuple[str, ...] | None = None

    def uids(self) -> tuple[str, ...]:
        if self._uids is None:
            self._uids, self._groups = _union(self._groups), ()
        return self._uids

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _FailingUids) and self.uids() == other.uids()

    __hash__ = None  # type: ignore[assignment]  # compared by value: unhashable


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
    failing_resource_count: int = Field(
        default=0, description="Distinct resources failing (not accepted) a check of this control."
    )
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
    _failing: _FailingUids = PrivateAttr(default_factory=lambda: _FailingUids(()))

    @property
    def failing_resources(self) -> tuple[str, ...]:
        """The uids of those resources, sorted: listed only when asked (at a million
        resources, sorting them for every control cost seconds no report needed)."""
        return self._failing.uids()


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
    """Roll findings up to controls for ``frameworks`` (default: every mapped framework).

    Computed once per result (the console summary, the JSON, HTML and Markdown reports and
    the metrics all ask) and kept while the result lives; a selection of frameworks is
    taken from that one roll-up.
    """
    full = _cached(result)
    if not frameworks:
        return {fw: list(controls) for fw, controls in full.items()}
    return {fw: list(full.get(fw, ())) for fw in sorted(set(frameworks))}


#: id(result) -> (a weak reference to it, its roll-up of every framework). Results are
#: immutable, so the roll-up of one never changes; the entry goes when the result does.
_ROLLUPS: dict[int, tuple[weakref.ref[ScanResult], dict[str, list[ControlRollup]]]] = {}
_ROLLUPS_LOCK = threading.Lock()


def _cached(result: ScanResult) -> dict[str, list[ControlRollup]]:
    key = id(result)
    with _ROLLUPS_LOCK:
        entry = _ROLLUPS.get(key)
        if entry is not None and entry[0]() is result:
            return entry[1]
    computed = _rollup(result)
    with _ROLLUPS_LOCK:
        _ROLLUPS[key] = (weakref.ref(result), computed)
        weakref.finalize(result, _forget, key, _ROLLUPS[key][0])
    return computed


def _forget(key: int, ref: weakref.ref[ScanResult]) -> None:
    with _ROLLUPS_LOCK:
        entry = _ROLLUPS.get(key)
        if entry is not None and entry[0] is ref:
            del _ROLLUPS[key]


#: One group of findings that share their controls: counts per status, and the uids of
#: its unsuppressed failures as lists (each list sorted and free of repeats when
#: ``sorted_runs``, as a check's columns are).
@dataclass
class _Group:
    counts: Counter[Status] = field(default_factory=Counter)
    failing: list[Sequence[str]] = field(default_factory=list)
    sorted_runs: bool = True


_UID = operator.attrgetter("uid")


def _failing_uids(findings: Sequence[Finding], groups: dict[tuple[str, ...], _Group]) -> None:
    """Add each part's unsuppressed failures to the group of its controls."""
    for part in parts_of(findings):
        if isinstance(part, Verdicts) and not part.replaced:
            uids = list(map(_UID, map(part.resources.__getitem__, part.positions(Status.FAIL))))
            if uids:
                groups[part.controls].failing.append(uids)
            continue
        loose: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for row in rows_with_status(part, Status.FAIL):
            if not row.key.suppressed:
                loose[row.key.controls].append(row.uid)
        for controls, uids in loose.items():
            groups[controls].failing.append(uids)
            groups[controls].sorted_runs = False


def _union(groups: Sequence[_Group]) -> tuple[str, ...]:
    """The failing uids of ``groups``, sorted, each once."""
    runs = [uids for g in groups for uids in g.failing]
    if not runs:
        return ()
    if len(runs) == 1 and groups[0].sorted_runs and len(groups) == 1:
        only = runs[0]
        if all(a < b for a, b in itertools.pairwise(only)):  # a check's columns: always
            return tuple(only)
    return tuple(sorted(set().union(*runs)))


def _count(groups: Sequence[_Group]) -> int:
    """How many distinct uids fail in ``groups``: ``len(_union(groups))``, unsorted."""
    return len(set().union(*(uids for g in groups for uids in g.failing)))


def _rollup(result: ScanResult) -> dict[str, list[ControlRollup]]:
    """The roll-up of every framework the checks map to."""
    catalogs = load_catalogs()
    checks_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    # a provider's benchmark is rolled up only from that provider's findings
    scanned = {p for p in result.meta.provider.split(",") if p}
    for info in result.checks:
        for ref in controls_on(info.controls, scanned):
            fw, _, cid = ref.partition(":")
            checks_of[(fw, cid)].add(info.id)
    # findings of one check share its controls: count per controls tuple, then spread
    groups: dict[tuple[str, ...], _Group] = defaultdict(_Group)
    for key, n in tally(result.findings).items():
        if not key.suppressed:
            groups[key.controls].counts[key.status] += n
    _failing_uids(result.findings, groups)
    of_control: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for refs in groups:
        for ref in refs:
            fw, _, cid = ref.partition(":")
            of_control[(fw, cid)].append(refs)
    # controls decided by the same groups (a derived edition's control and its current
    # one, controls mapped to the same checks) share one tuple of failing resources
    unions: dict[tuple[tuple[str, ...], ...], tuple[_FailingUids, int]] = {}
    out: dict[str, list[ControlRollup]] = {fw: [] for fw in sorted({fw for fw, _ in checks_of})}
    for (fw, cid), check_ids in sorted(checks_of.items(), key=_control_order):
        members = tuple(of_control.get((fw, cid), ()))
        counts: Counter[Status] = Counter()
        for refs in members:
            counts.update(groups[refs].counts)
        if members not in unions:
            of_members = [groups[refs] for refs in members]
            unions[members] = (_FailingUids(of_members), _count(of_members))
        failing, failing_count = unions[members]
        control = catalogs[fw].control(cid) if fw in catalogs else None
        entry = ControlRollup(
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
            failing_resource_count=failing_count,
        )
        entry._failing = failing  # its private part: filled in by its maker
        out[fw].append(entry)
    return out
