"""The findings of a scan, held as columns and made into ``Finding`` objects on demand.

A finding is one check on one resource, and almost all of it follows from those two: the
check gives id, title, severity and controls, the resource gives provider, account,
region, uid, name, service and path. Only the status and the reason are the check's own
verdict. A scan of a million resources has several million findings; as pydantic objects
they took ~730 bytes each (2.5 GiB at 1M resources), as columns they take 16 bytes.

``Findings`` is an immutable ``Sequence[Finding]`` over parts: ``Verdicts`` (one check's
verdicts over the resources of its kind, as columns) and plain tuples of findings (UNKNOWN
findings for unread scopes, reports read back, merges). Reading an item builds the
``Finding``; code that only counts or picks failures uses ``tally`` and ``with_status``,
which read the columns without building a finding per item.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple, overload

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from scanner.findings import Finding, Severity, Status, finding_from_values, finding_id
from scanner.model.base import Resource


class _Indexed(Sequence[Finding]):
    """Indexing and slicing over ``_at`` (one finding) and ``_span`` (consecutive ones)."""

    __slots__ = ()

    def _at(self, index: int) -> Finding:
        raise NotImplementedError

    def _span(self, start: int, stop: int) -> Iterator[Finding]:
        return (self._at(i) for i in range(start, stop))

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return tuple(self._span(start, stop))
            return tuple(self._at(i) for i in range(start, stop, step))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._at(index)


@dataclass(frozen=True, slots=True, eq=False)
class Verdicts(_Indexed):
    """One check's verdicts over resources of its kind, in resource uid order.

    ``resources`` and ``paths`` are shared by every check of the kind; ``statuses`` and
    ``reasons`` (interned strings) are this check's. ``replaced`` holds the few findings
    that differ from what the columns say (suppressed failures), by position.
    """

    check_id: str
    title: str
    severity: Severity
    kind: str
    controls: tuple[str, ...]
    evaluated_at: datetime
    resources: Sequence[Resource]
    paths: Sequence[str]
    statuses: Sequence[Status]
    reasons: Sequence[str]
    replaced: Mapping[int, Finding] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.statuses)

    def __iter__(self) -> Iterator[Finding]:
        return (self._at(i) for i in range(len(self)))

    def _at(self, i: int) -> Finding:
        swapped = self.replaced.get(i) if self.replaced else None
        if swapped is not None:
            return swapped
        res = self.resources[i]
        uid = res.uid
        return finding_from_values(
            {
                "id": finding_id(self.check_id, uid),
                "check_id": self.check_id,
                "title": self.title,
                "severity": self.severity,
                "status": self.statuses[i],
                "reason": self.reasons[i],
                "provider": res.provider,
                "account": res.account,
                "region": res.region,
                "resource_kind": self.kind,
                "resource_uid": uid,
                "resource_name": res.name,
                "service": res.service,
                "location": self.paths[i],
                "controls": self.controls,
                "evaluated_at": self.evaluated_at,
                "suppressed": False,
                "suppression_reason": None,
                "suppression_owner": None,
                "suppression_expires": None,
            }
        )

    def positions(self, status: Status) -> Iterator[int]:
        """Positions of the findings whose status is ``status``."""
        rep = self.replaced
        if not rep:  # in C: no Python frame per verdict
            return itertools.compress(itertools.count(), map(status.__eq__, self.statuses))
        return (
            i for i, s in enumerate(self.statuses) if (rep[i].status if i in rep else s) is status
        )

    def key(self, status: Status) -> Tally:
        """The tally key of this check's findings with ``status`` (not replaced ones)."""
        return Tally(self.check_id, self.severity, self.controls, status, False)


Part = Verdicts | tuple[Finding, ...]


class Findings(_Indexed):
    """An immutable sequence of findings over parts (see the module docstring).

    Compares equal to any list or tuple with the same findings in the same order.
    """

    __slots__ = ("_ends", "_parts")

    def __init__(self, items: Iterable[Finding] = ()) -> None:
        part = tuple(items)
        self._parts: tuple[Part, ...] = (part,) if part else ()
        self._ends = [len(part)] if part else []

    @classmethod
    def joined(cls, parts: Iterable[Sequence[Finding]]) -> Findings:
        """The findings of ``parts`` one after the other (no copy of columnar parts)."""
        out = cls()
        flat: list[Part] = []
        for p in parts:
            if isinstance(p, Findings):
                flat.extend(p._parts)
            elif isinstance(p, Verdicts):
                flat.append(p)
            else:
                flat.append(tuple(p))
        out._parts = tuple(p for p in flat if len(p))
        out._ends = list(itertools.accumulate(len(p) for p in out._parts))
        return out

    @property
    def parts(self) -> tuple[Part, ...]:
        """The parts, in order."""
        return self._parts

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def _at(self, index: int) -> Finding:
        n = bisect.bisect_right(self._ends, index)
        return self._parts[n][index - (self._ends[n - 1] if n else 0)]

    def _span(self, start: int, stop: int) -> Iterator[Finding]:
        n = bisect.bisect_right(self._ends, start)
        while start < stop and n < len(self._parts):
            base = self._ends[n - 1] if n else 0
            end = min(stop, self._ends[n])
            yield from self._parts[n][start - base : end - base]
            start, n = end, n + 1

    def __iter__(self) -> Iterator[Finding]:
        for part in self._parts:
            yield from part

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Sequence[Finding]) -> Findings:
        return Findings.joined((self, other))

    def __radd__(self, other: Sequence[Finding]) -> Findings:
        return Findings.joined((other, self))

    def __repr__(self) -> str:
        return f"Findings({len(self)} findings in {len(self._parts)} parts)"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validated from any sequence of findings; serialised as a list of them."""
        items = handler.generate_schema(tuple[Finding, ...])
        from_items = core_schema.no_info_after_validator_function(cls, items)
        return core_schema.json_or_python_schema(
            json_schema=from_items,
            python_schema=core_schema.union_schema(
                [core_schema.is_instance_schema(cls), from_items]
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                tuple, return_schema=items
            ),
        )


def parts_of(findings: Sequence[Finding]) -> tuple[Sequence[Finding], ...]:
    """The parts of ``findings`` (itself as the one part of a plain sequence)."""
    if isinstance(findings, Findings):
        return findings.parts
    return (findings,)


class Tally(NamedTuple):
    """What counting code needs of a finding."""

    check_id: str
    severity: Severity
    controls: tuple[str, ...]
    status: Status
    suppressed: bool


def _key(f: Finding) -> Tally:
    return Tally(f.check_id, f.severity, f.controls, f.status, f.suppressed)


class Row(NamedTuple):
    """A finding not built yet: its tally key, resource uid, and where to build it from."""

    key: Tally
    uid: str
    part: Sequence[Finding]
    position: int

    def finding(self) -> Finding:
        """The finding itself."""
        return self.part[self.position]


def rows_with_status(
    findings: Sequence[Finding], status: Status, *, first: int | None = None
) -> Iterator[Row]:
    """The findings whose status is ``status``, in order, as rows (no finding is built).

    ``first``: at most that many rows of each columnar part that replaces none of its
    findings. Such a part's rows share one key and come in resource uid order, so they are
    its smallest rows by (key, uid): enough for a top-N or a first-N per check.
    """
    for part in parts_of(findings):
        if isinstance(part, Verdicts):
            key = part.key(status)
            rep = part.replaced
            positions = part.positions(status)
            if first is not None and not rep:
                positions = itertools.islice(positions, first)
            for i in positions:
                f = rep.get(i) if rep else None
                if f is None:
                    yield Row(key, part.resources[i].uid, part, i)
                else:
                    yield Row(_key(f), f.resource_uid, part, i)
        else:
            yield from (
                Row(_key(f), f.resource_uid, part, i)
                for i, f in enumerate(part)
                if f.status is status
            )


def with_status(findings: Sequence[Finding], status: Status) -> Iterator[Finding]:
    """The findings whose status is ``status``, in order (only those are built)."""
    return (row.finding() for row in rows_with_status(findings, status))


def tally(findings: Sequence[Finding]) -> Counter[Tally]:
    """How many findings there are of each (check, severity, controls, status, suppressed).

    Columnar parts are counted per status, without building their findings.
    """
    out: Counter[Tally] = Counter()
    for part in parts_of(findings):
        if isinstance(part, Verdicts):
            counts = Counter(part.statuses)
            for i, f in part.replaced.items():  # e.g. suppressed failures: counted as they are
                counts[part.statuses[i]] -= 1
                out[_key(f)] += 1
            for status, n in counts.items():
                if n:
                    out[part.key(status)] += n
        else:
            out.update(_key(f) for f in part)
    return out


def replace_in(part: Sequence[Finding], replaced: Mapping[int, Finding]) -> Sequence[Finding]:
    """``part`` (one of ``parts_of``) with the findings at some positions replaced.

    A columnar part stays columnar: it keeps the replacements beside its columns.
    """
    if not replaced:
        return part
    if isinstance(part, Verdicts):
        return replace(part, replaced={**part.replaced, **replaced})
    return tuple(replaced.get(i, f) for i, f in enumerate(part))
