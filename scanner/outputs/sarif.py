"""SARIF 2.1.0 for GitHub code scanning: rules per check, results per failing finding."""

from __future__ import annotations

import heapq
import itertools
import re
import uuid
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any, Literal

import pydantic_core
from pydantic import BaseModel, ConfigDict, Field

from scanner import __version__
from scanner.findings import Finding, Severity, Status
from scanner.findings import Suppression as ConfigSuppression
from scanner.findingset import Row, Verdicts, parts_of, rows_with_status, tally, with_status
from scanner.model.base import path_part
from scanner.outputs.prose import as_markdown, as_plain
from scanner.result import CheckInfo, ScanError, ScanResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/complyscan/complyscan"
#: GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9), low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "2.0",
    Severity.INFO: "0.0",
}
Level = Literal["error", "warning", "note", "none"]
LEVEL: dict[Severity, Level] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)


class Message(_M):
    text: str
    markdown: str | None = None


class ArtifactLocation(_M):
    uri: str


class Region(_M):
    start_line: int = Field(alias="startLine")


class PhysicalLocation(_M):
    artifact_location: ArtifactLocation = Field(alias="artifactLocation")
    region: Region


class LogicalLocation(_M):
    name: str
    fully_qualified_name: str = Field(alias="fullyQualifiedName")
    kind: str = "resource"


class Location(_M):
    physical_location: PhysicalLocation = Field(alias="physicalLocation")
    logical_locations: tuple[LogicalLocation, ...] = Field(alias="logicalLocations")


class Suppression(_M):
    kind: Literal["external", "inSource"] = "external"
    status: Literal["accepted", "underReview", "rejected"] = "accepted"
    justification: str
    properties: dict[str, Any] | None = None


class SarifResult(_M):
    rule_id: str = Field(alias="ruleId")
    rule_index: int = Field(alias="ruleIndex")
    level: Level
    message: Message
    locations: tuple[Location, ...]
    partial_fingerprints: dict[str, str] = Field(alias="partialFingerprints")
    suppressions: tuple[Suppression, ...] | None = None
    properties: dict[str, Any] | None = None


class ReportingConfiguration(_M):
    level: Level


class Rule(_M):
    id: str
    name: str
    short_description: Message = Field(alias="shortDescription")
    full_description: Message = Field(alias="fullDescription")
    help: Message
    default_configuration: ReportingConfiguration = Field(alias="defaultConfiguration")
    properties: dict[str, Any]


class Descriptor(_M):
    id: str


class Notification(_M):
    level: Level
    message: Message
    descriptor: Descriptor


class Invocation(_M):
    execution_successful: bool = Field(alias="executionSuccessful")
    start_time_utc: str = Field(alias="startTimeUtc")
    end_time_utc: str = Field(alias="endTimeUtc")
    tool_execution_notifications: tuple[Notification, ...] = Field(
        alias="toolExecutionNotifications"
    )


class Driver(_M):
    name: str = "complyscan"
    version: str = __version__
    semantic_version: str = Field(default=__version__, alias="semanticVersion")
    information_uri: str = Field(default=INFORMATION_URI, alias="informationUri")
    rules: tuple[Rule, ...]


class Tool(_M):
    driver: Driver


class AutomationDetails(_M):
    id: str


class Run(_M):
    tool: Tool
    automation_details: AutomationDetails = Field(alias="automationDetails")
    invocations: tuple[Invocation, ...]
    results: tuple[SarifResult, ...]
    column_kind: str = Field(default="unicodeCodePoints", alias="columnKind")


class SarifLog(_M):
    schema_uri: str = Field(default=SARIF_SCHEMA, alias="$schema")
    version: Literal["2.1.0"] = "2.1.0"
    runs: tuple[Run, ...]


def _rule_name(title: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in title.replace("-", " ").split() if w.isalnum())


def _rule(info: CheckInfo) -> Rule:
    controls = ", ".join(f"`{c}`" for c in info.controls)
    markdown = (
        f"**{info.title}**\n\n**Risk.** {as_markdown(info.rationale)}\n\n"
        f"**Remediation.** {as_markdown(info.remediation)}\n\n**Controls.** {controls}\n\n"
        f"Severity: {info.severity.value}. Resource kind: `{info.resource_kind}`."
    )
    return Rule(
        id=info.id,
        name=_rule_name(info.title) or info.id,
        short_description=Message(text=info.title),
        full_description=Message(text=as_plain(info.rationale) or info.title),
        help=Message(
            text=f"{as_plain(info.rationale)} Remediation: {as_plain(info.remediation)}",
            markdown=markdown,
        ),
        default_configuration=ReportingConfiguration(level=LEVEL[info.severity]),
        properties={
            # GitHub rejects a rule with more than MAX_TAGS tags
            "tags": ["security", "compliance", *info.controls][:MAX_TAGS],
            "security-severity": SECURITY_SEVERITY[info.severity],
            "precision": "high",
            "problem.severity": "error" if LEVEL[info.severity] == "error" else "warning",
        },
    )


def pseudo_path(f: Finding) -> str:
    """A stable relative URI: ``<provider>/<account>/<region or group>/<service>/<resource>``."""
    if f.location:
        return f.location
    parts = (
        f.provider,
        f.account or "unknown",
        f.region or "global",
        f.service or f.resource_kind.lower(),
        f.resource_name or f.resource_uid,
    )
    return "/".join([path_part(p) for p in parts])


#: A source location ``path/to/file.tf:12`` (findings on Terraform code): file and line.
_SOURCE_LINE = re.compile(r"^(?P<path>[^:]+\.tf(?:\.json)?):(?P<line>[1-9][0-9]*)$")


def _artifact(f: Finding) -> tuple[str, int]:
    """The artifact URI and the start line of a finding."""
    path = pseudo_path(f)
    source = _SOURCE_LINE.match(path)
    if source is not None:
        return source["path"], int(source["line"])
    return path, 1


def _result(f: Finding, index: int) -> SarifResult:
    uri, line = _artifact(f)
    location = Location(
        physical_location=PhysicalLocation(
            artifact_location=ArtifactLocation(uri=uri), region=Region(start_line=line)
        ),
        logical_locations=(
            LogicalLocation(name=f.resource_name, fully_qualified_name=f.resource_uid),
        ),
    )
    return SarifResult(
        rule_id=f.check_id,
        rule_index=index,
        level=LEVEL[f.severity],
        message=Message(text=f"{f.title}: {f.reason} ({f.resource_uid})"),
        locations=(location,),
        partial_fingerprints={"complyscanFindingId/v1": f.id},
        suppressions=(_suppression(f),) if f.suppressed else None,
        properties={"region": f.region, "account": f.account, "controls": list(f.controls)},
    )


def _suppression(f: Finding) -> Suppression:
    """An accepted risk from ``.complyscan.yaml``: justification, owner and expiry."""
    props = {
        "owner": f.suppression_owner,
        "expires": f.suppression_expires.isoformat() if f.suppression_expires else None,
    }
    return Suppression(
        justification=f.suppression_reason or "suppressed",
        properties={k: v for k, v in props.items() if v is not None} or None,
    )


def _expired(s: ConfigSuppression) -> Notification:
    return Notification(
        level="warning",
        message=Message(
            text=f"Suppression of {s.check} on {s.resource} (owner {s.owner}) expired on "
            f"{s.expires.isoformat()} and no longer applies; renew it or fix the findings."
        ),
        descriptor=Descriptor(id="SuppressionExpired"),
    )


def _notification(e: ScanError) -> Notification:
    text = e.message + (f" Hint: {e.hint}" if e.hint and e.hint not in e.message else "")
    return Notification(
        level="warning" if e.resource_uid else "error",
        message=Message(text=text),
        descriptor=Descriptor(id=e.cause or "CollectionError"),
    )


#: GitHub code scanning's hard limits: a run with more results, or a rule with more tags,
#: makes it reject the whole upload ("SARIF results exceed hard limit" in its docs).
MAX_RESULTS = 25_000
MAX_TAGS = 20


Ranked = tuple[tuple[Any, ...], Row]


def _in_rank_order(n: int, part: Sequence[Finding]) -> Iterator[Ranked]:
    """The failures of part ``n`` as (rank key, row), in rank order."""
    rows = rows_with_status(part, Status.FAIL)
    if isinstance(part, Verdicts):  # one check, one severity, uids in order: already ranked
        rank, check_id = -part.severity.rank, part.check_id
        return (((rank, check_id, row.uid, n, row.position), row) for row in rows)
    keyed = [((-r.key.severity.rank, r.key.check_id, r.uid, n, r.position), r) for r in rows]
    return iter(sorted(keyed, key=itemgetter(0)))


def _ranked_rows(findings: Sequence[Finding]) -> Iterator[Ranked]:
    """Every failure as (rank key, row), most severe first, then by check id and uid.

    Lazy: a check's failures come out of its columns in uid order, one check after another
    (``heapq.merge``), so taking the first ``MAX_RESULTS`` reads no more rows than that.
    Ties (one uid failing twice in a merged report) keep the report's order.
    """
    streams = [_in_rank_order(n, part) for n, part in enumerate(parts_of(findings))]
    return heapq.merge(*streams, key=itemgetter(0))


def _kept(findings: Sequence[Finding]) -> tuple[list[Finding], Notification | None]:
    """At most ``MAX_RESULTS`` failures, most severe first, and a note on what was left out.

    Counted on the columns and ranked lazily, so only the kept findings are built.
    """
    total = sum(n for key, n in tally(findings).items() if key.status is Status.FAIL)
    if total <= MAX_RESULTS:
        return list(with_status(findings, Status.FAIL)), None
    kept = sorted(
        itertools.islice(_ranked_rows(findings), MAX_RESULTS), key=lambda kr: kr[0][3:]
    )  # back in the report's order: part, then position
    floor = min(row.key.severity.rank for _, row in kept)
    floor_name = next(s.value for s in Severity if s.rank == floor)
    note = Notification(
        level="warning",
        message=Message(
            text=f"{total - MAX_RESULTS} of {total} failures are not in this "
            f"SARIF file: GitHub code scanning rejects a run with more than {MAX_RESULTS} "
            f"results. The most severe are kept (down to {floor_name}); the JSON report has "
            "every finding. Narrow the scan (--checks, --severity, --region) or shard it "
            "to see the rest in code scanning."
        ),
        descriptor=Descriptor(id="ResultsTruncated"),
    )
    return [row.finding() for _, row in kept], note


def _result_data(f: Finding, index: int) -> dict[str, Any]:
    """``_result(f, index)`` as the plain data SARIF holds (what its ``model_dump`` gives,
    a test holds the two equal), built without a model per result."""
    uri, line = _artifact(f)
    data: dict[str, Any] = {
        "ruleId": f.check_id,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f"{f.title}: {f.reason} ({f.resource_uid})"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": line},
                },
                "logicalLocations": [
                    {
                        "name": f.resource_name,
                        "fullyQualifiedName": f.resource_uid,
                        "kind": "resource",
                    }
                ],
            }
        ],
        "partialFingerprints": {"complyscanFindingId/v1": f.id},
    }
    if f.suppressed:
        data["suppressions"] = [
            _suppression(f).model_dump(mode="json", by_alias=True, exclude_none=True)
        ]
    data["properties"] = {"region": f.region, "account": f.account, "controls": list(f.controls)}
    return data


def _document(result: ScanResult) -> tuple[dict[str, Any], list[Finding], dict[str, int]]:
    """The SARIF log without its results, the findings that become results (only FAIL
    findings, at most ``MAX_RESULTS``) and each check's rule index."""
    index = {c.id: i for i, c in enumerate(result.checks)}
    failures, truncated = _kept(result.findings)
    meta = result.meta
    account = "+".join(meta.accounts) or "unknown"
    run = Run(
        tool=Tool(driver=Driver(rules=tuple(_rule(c) for c in result.checks))),
        automation_details=AutomationDetails(
            id=f"complyscan/{meta.provider}/{account}/{meta.started_at.strftime('%Y%m%dT%H%M%SZ')}"
        ),
        invocations=(
            Invocation(
                execution_successful=meta.complete,
                start_time_utc=meta.started_at.isoformat().replace("+00:00", "Z"),
                end_time_utc=meta.finished_at.isoformat().replace("+00:00", "Z"),
                tool_execution_notifications=tuple(_notification(e) for e in result.errors)
                + tuple(_expired(s) for s in result.expired_suppressions)
                + ((truncated,) if truncated else ()),
            ),
        ),
        results=(),
    )
    log = SarifLog(runs=(run,)).model_dump(mode="json", by_alias=True, exclude_none=True)
    return log, failures, index


def to_sarif(result: ScanResult) -> dict[str, Any]:
    """The SARIF log as a plain dict (only FAIL findings become results, at most 25,000)."""
    log, failures, index = _document(result)
    log["runs"][0]["results"] = [_result_data(f, index[f.check_id]) for f in failures]
    return log


#: Results per piece of ``to_sarif_chunks``.
CHUNK = 1_000
#: Where the results sit in the indented document: runs[0].results[n].
_RESULT_INDENT = "\n" + " " * 8


def to_sarif_chunks(result: ScanResult) -> Iterator[str]:
    """The SARIF log, indented, in pieces: byte for byte ``to_json(to_sarif(result),
    indent=2)`` (a test holds it to that), with the results encoded ``CHUNK`` at a time
    instead of as one document."""
    log, failures, index = _document(result)
    if not failures:
        log["runs"][0]["results"] = []
        yield pydantic_core.to_json(log, indent=2).decode()
        return
    marker = f"complyscan-results-{uuid.uuid4().hex}"
    log["runs"][0]["results"] = [marker]
    # the marker is the last string before the results' end: rpartition never meets a
    # copy of it in a message from the estate, which all come earlier in the document
    head, _, tail = pydantic_core.to_json(log, indent=2).decode().rpartition(f'"{marker}"')
    yield head
    for start in range(0, len(failures), CHUNK):
        text = f",{_RESULT_INDENT}".join(
            pydantic_core.to_json(_result_data(f, index[f.check_id]), indent=2)
            .decode()
            .replace("\n", _RESULT_INDENT)
            for f in failures[start : start + CHUNK]
        )
        yield text if start == 0 else f",{_RESULT_INDENT}{text}"
    yield tail
