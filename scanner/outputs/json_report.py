"""The versioned JSON report: scan metadata, every finding (passes too), errors, roll-up.

Version 2 states once what a finding shares with others: what belongs to a check (title,
severity, controls, evaluation time) once per check in ``findings``, what belongs to a
resource (uid, name, kind, provider, account, region, service, location) once in
``resources``; each finding is a row ``[resource, status, reason]`` that refers to them by
position. Version 1 repeated all of it in every finding: 9.2 GB for a million assets
(docs/report-format.md has the layout, the sizes, and how to read both versions).

The document is written as it is encoded (``to_json_chunks``): never held whole, findings
read from the scan's columns without building a ``Finding`` each.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

import orjson
from pydantic import BaseModel, ConfigDict, Field

from scanner.findings import Finding, Severity, Status, finding_id
from scanner.findingset import Verdicts, parts_of, tally
from scanner.model.base import Resource
from scanner.result import CheckInfo, ScanError, ScanMeta, ScanResult
from scanner.rollup import ControlStatus, rollup
from scanner.suppress import expired_matches

#: 1.1.0: findings carry suppression owner/expiry; ``expired_suppressions`` added.
#: 1.2.0: derived frameworks (iso27001-2013, nist-csf-1.1) in ``controls``; roll-up entries
#: carry ``derived_from``, ``mapping`` and ``note``.
#: 2.0.0: ``resources`` table; ``findings`` grouped per check, one row per finding
#: referring to its resource and reason by position; the finding id is no longer written
#: (it is sha256 of ``check_id|resource_uid``); roll-up entries give
#: ``failing_resource_count`` instead of listing every failing resource.
SCHEMA_VERSION: Literal["2.0.0"] = "2.0.0"
#: The versions ``finding_dicts`` and ``read_findings`` understand.
READABLE = ("1.0.0", "1.1.0", "1.2.0", "2.0.0")


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


class ControlSummary(BaseModel):
    """How one framework control fared, through the checks mapped to it."""

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
        default=0,
        description="Distinct resources failing (not accepted) a check of this control; "
        "which ones: the failing rows of those checks in ``findings``.",
    )
    derived_from: tuple[str, ...] = Field(
        default=(),
        description="Derived frameworks: the current-edition controls (framework:id) whose "
        "checks decide this control.",
    )
    mapping: str | None = Field(
        default=None, description="Derived frameworks: one-to-one, one-to-many, ..."
    )
    note: str = Field(default="", description="Derived frameworks: the correspondence in words.")


class ReportResource(BaseModel):
    """A resource some finding is about, stated once; rows refer to it by position."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str
    name: str
    kind: str = Field(description="The resource kind checks take, e.g. 'Bucket'.")
    provider: str
    account: str
    region: str
    service: str
    location: str = Field(default="", description="Pseudo-path, as SARIF locations use.")
    # No tags: their values are the owner's data and may hold credentials; reports name
    # resources without them (the evidence bundle keeps them, credential-shaped ones redacted).


class FindingExtra(BaseModel):
    """What one finding says beyond its group, resource and row (rare: accepted risks)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    suppressed: bool | None = None
    suppression_reason: str | None = None
    suppression_owner: str | None = None
    suppression_expires: date | None = None
    id: str | None = Field(default=None, description="Only if not sha256(check_id|uid).")
    title: str | None = None
    severity: Severity | None = None
    controls: tuple[str, ...] | None = None
    evaluated_at: datetime | None = None


#: ``[resource, status, reason]`` or ``[resource, status, reason, extra]``: positions in
#: the report's ``resources`` and the group's ``reasons``.
Row = tuple[int, Status, int] | tuple[int, Status, int, FindingExtra]


class CheckFindings(BaseModel):
    """Consecutive findings of one check: what they share, then one row each."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check_id: str
    title: str
    severity: Severity
    controls: tuple[str, ...]
    evaluated_at: datetime
    reasons: tuple[str, ...] = Field(description="Distinct reasons; rows give a position.")
    results: tuple[Row, ...]


class Report(BaseModel):
    """complyscan JSON report. ``schema_version`` follows semver; see docs/report-format.md."""

    model_config = ConfigDict(frozen=True)

    schema_version: Literal["2.0.0"]
    scan: ScanMeta
    summary: Summary
    checks: tuple[CheckInfo, ...]
    errors: tuple[ScanError, ...]
    controls: dict[str, list[ControlSummary]]
    expired_suppressions: tuple[ExpiredSuppression, ...] = ()
    resources: tuple[ReportResource, ...] = Field(
        description="Every resource a finding is about, once each."
    )
    findings: tuple[CheckFindings, ...] = Field(
        description="Every finding (passes too), grouped per check, in (check, uid) order."
    )


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


def _controls(
    result: ScanResult, frameworks: Iterable[str] | None
) -> dict[str, list[dict[str, Any]]]:
    return {
        fw: [entry.model_dump(mode="json") for entry in entries]
        for fw, entries in rollup(result, frameworks).items()
    }


def _head(result: ScanResult, frameworks: Iterable[str] | None) -> dict[str, Any]:
    """Everything but ``resources`` and ``findings``: small whatever the scan's size."""
    return {
        "schema_version": SCHEMA_VERSION,
        "scan": result.meta.model_dump(mode="json"),
        "summary": summarize(result.findings, len(result.errors)).model_dump(mode="json"),
        "checks": [c.model_dump(mode="json") for c in result.checks],
        "errors": [e.model_dump(mode="json") for e in result.errors],
        "controls": _controls(result, frameworks),
        "expired_suppressions": [e.model_dump(mode="json") for e in expired_suppressions(result)],
    }


# -- the resource table -------------------------------------------------------------------

#: A resource as findings see it: kind, uid, name, provider, account, region, service, path.
_Key = tuple[str, str, str, str, str, str, str, str]
_OPT = orjson.OPT_UTC_Z


def _key_of(f: Finding) -> _Key:
    return (
        f.resource_kind,
        f.resource_uid,
        f.resource_name,
        f.provider,
        f.account,
        f.region,
        f.service,
        f.location,
    )


class _Block(NamedTuple):
    """The resources of a check's columns, entered in the table together."""

    resources: Sequence[Resource]
    paths: Sequence[str]
    kind: str


class _Table:
    """Each resource once, in the order findings first name it.

    A check's columns share their resources with every other check of the kind (the same
    sequence object), so a whole sequence is entered once and its rows are its offset plus
    their position: no lookup per finding. Findings held one by one (unknown scopes,
    reports read back) are looked up by what they say about their resource.
    """

    def __init__(self) -> None:
        self.size = 0
        self._blocks: dict[tuple[int, int, str], int] = {}
        self._keys: dict[_Key, int] = {}
        #: blocks and single resources, in table order
        self.entries: list[_Block | _Key] = []

    def block(self, part: Verdicts) -> int:
        """The table position of ``part``'s first resource (entering them if new)."""
        ident = (id(part.resources), id(part.paths), part.kind)
        base = self._blocks.get(ident)
        if base is None:
            base = self._blocks[ident] = self.size
            self.entries.append(_Block(part.resources, part.paths, part.kind))
            self.size += len(part.resources)
        return base

    def one(self, key: _Key) -> int:
        """The table position of the resource ``key`` describes (entering it if new)."""
        at = self._keys.get(key)
        if at is None:
            at = self._keys[key] = self.size
            self.entries.append(key)
            self.size += 1
        return at

    def lines(self) -> Iterator[bytes]:
        """One encoded ``ReportResource`` per resource, in table order."""
        dumps = orjson.dumps
        for entry in self.entries:
            if isinstance(entry, _Block):
                kind = entry.kind
                for res, path in zip(entry.resources, entry.paths, strict=True):
                    doc: dict[str, object] = {
                        "uid": res.uid,
                        "name": res.name,
                        "kind": kind,
                        "provider": res.provider,
                        "account": res.account,
                        "region": res.region,
                        "service": res.service,
                        "location": path,
                    }
                    yield dumps(doc)
            else:
                kind, uid, name, provider, account, region, service, location = entry
                yield dumps(
                    {
                        "uid": uid,
                        "name": name,
                        "kind": kind,
                        "provider": provider,
                        "account": account,
                        "region": region,
                        "service": service,
                        "location": location,
                    }
                )


def _same_resource(f: Finding, part: Verdicts, i: int) -> bool:
    res = part.resources[i]
    return (
        f.resource_uid == res.uid
        and f.resource_kind == part.kind
        and f.resource_name == res.name
        and f.provider == res.provider
        and f.account == res.account
        and f.region == res.region
        and f.service == res.service
        and f.location == part.paths[i]
    )


# -- findings, grouped per check ----------------------------------------------------------

_STATUS = {s: orjson.dumps(s.value) for s in Status}
#: a row: its position, then its ending (``,"FAIL",3]``)
_ROW = b"[%d%s"
_HEADER_FIELDS = ("title", "severity", "controls", "evaluated_at")
_SUPPRESSION_FIELDS = ("suppressed", "suppression_reason", "suppression_owner")
#: rows per piece of output
ROWS = 20_000


def _extra(f: Finding, header: dict[str, Any]) -> bytes:
    """``f``'s fields that its group and row do not already say, as a JSON object."""
    extra: dict[str, Any] = {}
    for name in _SUPPRESSION_FIELDS:
        value = getattr(f, name)
        if value:
            extra[name] = value
    if f.suppression_expires is not None:
        extra["suppression_expires"] = f.suppression_expires.isoformat()
    if f.id != finding_id(f.check_id, f.resource_uid):
        extra["id"] = f.id
    for name in _HEADER_FIELDS:
        if getattr(f, name) != header[name]:
            extra[name] = getattr(f, name)
    return orjson.dumps(extra, option=_OPT) if extra else b""


def _header(
    check_id: str, title: str, severity: Severity, controls: tuple[str, ...], at: datetime
) -> dict[str, Any]:
    return {
        "check_id": check_id,
        "title": title,
        "severity": severity,
        "controls": controls,
        "evaluated_at": at,
    }


def _batches(rows: Iterator[bytes]) -> Iterator[list[bytes]]:
    while batch := list(itertools.islice(rows, ROWS)):
        yield batch


def _group(
    header: dict[str, Any], reasons: dict[str, int], batches: Iterator[list[bytes]]
) -> Iterator[bytes]:
    """One ``CheckFindings`` object: its header on one line, then a row a line."""
    head = orjson.dumps({**header, "reasons": list(reasons)}, option=_OPT)
    yield b"    " + head[:-1] + b', "results": [\n'
    lead = b""
    for batch in batches:
        yield lead + b",\n".join(batch)
        lead = b",\n"
    yield b"\n    ]}"


def _verdict_groups(part: Verdicts, table: _Table) -> Iterator[Iterator[bytes]]:
    base = table.block(part)
    header = _header(part.check_id, part.title, part.severity, part.controls, part.evaluated_at)
    # distinct reasons in order of first use (dict.fromkeys: in C, no frame per finding)
    reasons = {r: n for n, r in enumerate(dict.fromkeys(part.reasons))}
    replaced = part.replaced
    for f in replaced.values():
        reasons.setdefault(f.reason, len(reasons))
    status = _STATUS
    statuses = part.statuses
    # a row is "[position" + one of the few (status, reason) endings: built once each
    ending = {
        pair: b",%s,%d]" % (status[pair[0]], reasons[pair[1]])
        for pair in dict.fromkeys(zip(statuses, part.reasons, strict=True))
    }

    def plain() -> Iterator[list[bytes]]:  # the usual case: a list per batch, in C
        for start in range(0, len(statuses), ROWS):
            stop = min(len(statuses), start + ROWS)
            pairs = zip(statuses[start:stop], part.reasons[start:stop], strict=True)
            yield list(
                map(
                    _ROW.__mod__,
                    zip(
                        range(base + start, base + stop),
                        map(ending.__getitem__, pairs),
                        strict=True,
                    ),
                )
            )

    def rows() -> Iterator[bytes]:
        for i, s in enumerate(statuses):
            f = replaced.get(i)
            if f is None:
                yield _ROW % (base + i, ending[s, part.reasons[i]])
                continue
            where = base + i if _same_resource(f, part, i) else table.one(_key_of(f))
            extra = _extra(f, header)
            yield b"[%d,%s,%d%s]" % (
                where,
                status[f.status],
                reasons[f.reason],
                b"," + extra if extra else b"",
            )

    yield _group(header, reasons, _batches(rows()) if replaced else plain())


def _tuple_rows(
    run: Sequence[Finding], header: dict[str, Any], reasons: dict[str, int], table: _Table
) -> Iterator[bytes]:
    for f in run:
        extra = _extra(f, header)
        yield b"[%d,%s,%d%s]" % (
            table.one(_key_of(f)),
            _STATUS[f.status],
            reasons[f.reason],
            b"," + extra if extra else b"",
        )


def _tuple_groups(part: Sequence[Finding], table: _Table) -> Iterator[Iterator[bytes]]:
    """Findings held one by one, in runs of one check each."""
    start = 0
    while start < len(part):
        check = part[start].check_id
        stop = start
        while stop < len(part) and part[stop].check_id == check:
            stop += 1
        run = part[start:stop]
        first = run[0]
        header = _header(check, first.title, first.severity, first.controls, first.evaluated_at)
        reasons: dict[str, int] = {}
        for f in run:
            reasons.setdefault(f.reason, len(reasons))

        yield _group(header, reasons, _batches(_tuple_rows(run, header, reasons, table)))
        start = stop


def _enter_resources(result: ScanResult, table: _Table) -> None:
    """Put every resource a finding names into ``table``, in the order findings name them."""
    for part in parts_of(result.findings):
        if isinstance(part, Verdicts):
            table.block(part)
            for i, f in part.replaced.items():
                if not _same_resource(f, part, i):
                    table.one(_key_of(f))
        else:
            for f in part:
                table.one(_key_of(f))


def to_json_chunks(result: ScanResult, frameworks: Iterable[str] | None = None) -> Iterator[bytes]:
    """The JSON report as consecutive pieces of UTF-8 text.

    The small sections are indented; in ``resources`` and ``findings`` each resource, each
    check's header and each finding is one line, so line tools (``grep``, ``wc -l``) work
    on them; the file is about a twentieth of the size of version 1.
    """
    head = orjson.dumps(_head(result, frameworks), option=_OPT | orjson.OPT_INDENT_2)
    table = _Table()
    _enter_resources(result, table)
    yield head[:-2] + b',\n  "resources": ['
    batch: list[bytes] = []
    sep = b"\n    "
    for line in table.lines():
        batch.append(line)
        if len(batch) == ROWS:
            yield sep + b",\n    ".join(batch)
            sep, batch = b",\n    ", []
    if batch:
        yield sep + b",\n    ".join(batch)
    yield b'\n  ],\n  "findings": [' if table.size else b'],\n  "findings": ['
    sep = b"\n"
    for part in parts_of(result.findings):
        groups = (
            _verdict_groups(part, table)
            if isinstance(part, Verdicts)
            else _tuple_groups(part, table)
        )
        for group in groups:
            for n, piece in enumerate(group):
                yield sep + piece if n == 0 else piece
            sep = b",\n"
    yield b"\n  ]\n}\n" if sep == b",\n" else b"]\n}\n"


def to_json_bytes(result: ScanResult, frameworks: Iterable[str] | None = None) -> bytes:
    """The JSON report as one document (what ``to_json_chunks`` writes piece by piece)."""
    return b"".join(to_json_chunks(result, frameworks))


def to_json_text(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """The JSON report as one string."""
    return to_json_bytes(result, frameworks).decode()


def to_json(result: ScanResult, frameworks: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON report as a plain dict."""
    data: dict[str, Any] = orjson.loads(to_json_bytes(result, frameworks))
    return data


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report, as published in docs/report.schema.json."""
    return Report.model_json_schema(mode="serialization")


# -- reading a report back: version 1 or 2 --------------------------------------------------


class ReportVersionError(ValueError):
    """The document is not a complyscan JSON report of a version this code reads."""


def report_version(data: dict[str, Any]) -> str:
    """The report's ``schema_version``, if it is one ``finding_dicts`` can read."""
    version = data.get("schema_version")
    if not isinstance(version, str):
        raise ReportVersionError("not a complyscan JSON report: it has no schema_version")
    if version not in READABLE:
        raise ReportVersionError(
            f"schema_version {version!r} is not one this complyscan reads "
            f"({', '.join(READABLE)}); upgrade complyscan to read newer reports"
        )
    return str(version)


def finding_dicts(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every finding of a parsed report as a version-1 finding object (JSON values).

    The one way in-repo readers get findings from a report of either version: version 1
    lists them; version 2 is expanded from its resource table and per-check groups.
    """
    if report_version(data).startswith("1."):
        yield from data["findings"]
        return
    resources = data["resources"]
    for group in data["findings"]:
        check_id = group["check_id"]
        reasons = group["reasons"]
        shared = {
            "check_id": check_id,
            "title": group["title"],
            "severity": group["severity"],
            "controls": group["controls"],
            "evaluated_at": group["evaluated_at"],
        }
        for row in group["results"]:
            res = resources[row[0]]
            uid = res["uid"]
            finding = {
                "id": finding_id(check_id, uid),
                "check_id": check_id,
                "title": shared["title"],
                "severity": shared["severity"],
                "status": row[1],
                "reason": reasons[row[2]],
                "provider": res["provider"],
                "account": res["account"],
                "region": res["region"],
                "resource_kind": res["kind"],
                "resource_uid": uid,
                "resource_name": res["name"],
                "service": res["service"],
                "location": res.get("location", ""),
                "controls": shared["controls"],
                "evaluated_at": shared["evaluated_at"],
                "suppressed": False,
                "suppression_reason": None,
                "suppression_owner": None,
                "suppression_expires": None,
            }
            if len(row) > 3:
                finding.update({k: v for k, v in row[3].items() if v is not None})
            yield finding
