"""OCSF Compliance Finding (class 2003) events, for security data lakes and dashboards.

One event per evaluated check x resource (not-applicable results are left out), using the
``cloud`` and ``datetime`` profiles of OCSF 1.6.0 (the version AWS Security Hub emits).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence

from pydantic import BaseModel, ConfigDict, TypeAdapter

from scanner import __version__
from scanner.findings import Finding, Severity, Status
from scanner.outputs.pieces import array_pieces, chunks
from scanner.result import CheckInfo, ScanResult

OCSF_VERSION = "1.6.0"
CLASS_UID, CATEGORY_UID, ACTIVITY_CREATE = 2003, 2, 1
SEVERITY_ID = {
    Severity.INFO: 1,
    Severity.LOW: 2,
    Severity.MEDIUM: 3,
    Severity.HIGH: 4,
    Severity.CRITICAL: 5,
}
#: compliance.status_id: 1 Pass, 2 Warning (no result: missing information), 3 Fail
COMPLIANCE_STATUS = {
    Status.PASS: (1, "Pass"),
    Status.FAIL: (3, "Fail"),
    Status.UNKNOWN: (2, "Warning"),
    Status.ERROR: (2, "Warning"),
}
PROVIDER_NAMES = {"aws": "AWS", "gcp": "GCP", "azure": "Azure"}


class _O(BaseModel):
    model_config = ConfigDict(frozen=True)


class Product(_O):
    name: str = "complyscan"
    vendor_name: str = "complyscan"
    version: str = __version__


class Metadata(_O):
    version: str = OCSF_VERSION
    product: Product = Product()
    profiles: tuple[str, ...] = ("cloud", "datetime")
    uid: str


class Account(_O):
    uid: str


class Cloud(_O):
    provider: str
    account: Account
    region: str | None = None


class Compliance(_O):
    control: str
    status_id: int
    status: str
    standards: tuple[str, ...]
    requirements: tuple[str, ...]
    status_details: tuple[str, ...]


class FindingInfo(_O):
    uid: str
    title: str
    desc: str
    types: tuple[str, ...]
    created_time: int


class ResourceDetails(_O):
    uid: str
    name: str
    type: str
    region: str | None = None


class Remediation(_O):
    desc: str


class ComplianceFinding(_O):
    activity_id: int = ACTIVITY_CREATE
    activity_name: str = "Create"
    category_uid: int = CATEGORY_UID
    category_name: str = "Findings"
    class_uid: int = CLASS_UID
    class_name: str = "Compliance Finding"
    type_uid: int = CLASS_UID * 100 + ACTIVITY_CREATE
    severity_id: int
    severity: str
    status_id: int
    status: str
    status_detail: str | None = None
    time: int
    time_dt: str
    message: str
    metadata: Metadata
    cloud: Cloud
    compliance: Compliance
    finding_info: FindingInfo
    resources: tuple[ResourceDetails, ...]
    remediation: Remediation


def _accepted(f: Finding) -> str | None:
    """Why a suppressed finding is accepted, by whom and until when."""
    if not f.suppressed:
        return None
    detail = f"Risk accepted: {f.suppression_reason or 'suppressed'}"
    if f.suppression_owner:
        detail += f"; owner {f.suppression_owner}"
    if f.suppression_expires:
        detail += f"; expires {f.suppression_expires.isoformat()}"
    return detail


@functools.lru_cache(maxsize=1024)
def _standards(controls: tuple[str, ...]) -> tuple[str, ...]:
    """The frameworks of ``controls``, in order (the same few tuples recur per check)."""
    return tuple(dict.fromkeys(c.split(":", 1)[0] for c in controls))


# Parts that recur across findings are frozen models, built once and shared: a scan has a
# few accounts and regions, and a check's verdicts mostly repeat the same few reasons.
@functools.lru_cache(maxsize=4096)
def _cloud(provider: str, account: str, region: str | None) -> Cloud:
    return Cloud(
        provider=PROVIDER_NAMES.get(provider, provider), account=Account(uid=account), region=region
    )


@functools.lru_cache(maxsize=65536)
def _compliance(
    check_id: str, status: Status, controls: tuple[str, ...], reason: str
) -> Compliance:
    status_id, text = COMPLIANCE_STATUS[status]
    return Compliance(
        control=check_id,
        status_id=status_id,
        status=text,
        standards=_standards(controls),
        requirements=controls,
        status_details=(reason,),
    )


@functools.lru_cache(maxsize=4096)
def _remediation(text: str) -> Remediation:
    return Remediation(desc=text)


def _event(f: Finding, info: CheckInfo | None) -> ComplianceFinding:
    millis = int(f.evaluated_at.timestamp() * 1000)
    region = None if f.region in {"", "global"} else f.region
    return ComplianceFinding(
        severity_id=SEVERITY_ID[f.severity],
        severity=f.severity.value.capitalize(),
        status_id=3 if f.suppressed else 1,
        status="Suppressed" if f.suppressed else "New",
        status_detail=_accepted(f),
        time=millis,
        time_dt=f.evaluated_at.isoformat().replace("+00:00", "Z"),
        message=f"{f.title}: {f.reason}",
        metadata=Metadata(uid=f.id),
        cloud=_cloud(f.provider, f.account, region),
        compliance=_compliance(f.check_id, f.status, f.controls, f.reason),
        finding_info=FindingInfo(
            uid=f.id,
            title=f.title,
            desc=info.rationale if info else f.title,
            types=("Compliance",),
            created_time=millis,
        ),
        resources=(
            ResourceDetails(
                uid=f.resource_uid, name=f.resource_name, type=f.resource_kind, region=region
            ),
        ),
        remediation=_remediation(info.remediation if info and info.remediation else f.title),
    )


def to_ocsf_events(result: ScanResult) -> list[ComplianceFinding]:
    """Every non-N/A finding as an OCSF Compliance Finding."""
    return _events(result, result.findings)


def _events(result: ScanResult, findings: Sequence[Finding]) -> list[ComplianceFinding]:
    infos = {c.id: c for c in result.checks}
    return [
        _event(f, infos.get(f.check_id)) for f in findings if f.status is not Status.NOT_APPLICABLE
    ]


_EVENTS = TypeAdapter(list[ComplianceFinding])


def to_ocsf(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """The events as a JSON array (text)."""
    return "".join(to_ocsf_chunks(result, frameworks))


def to_ocsf_chunks(result: ScanResult, _frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The JSON array of events as consecutive pieces of text, ``pieces.CHUNK`` at a time.

    Events are ~3 KiB each as Python objects; building them all first took gigabytes for a
    scan with hundreds of thousands of findings.
    """
    dumps = (
        _EVENTS.dump_json(_events(result, part), indent=1, exclude_none=True)
        for part in chunks(result.findings)
    )
    pieces = array_pieces(dumps)
    first = next(pieces, None)
    if first is None:
        yield "[]\n"
        return
    yield "[\n" + first
    yield from pieces
    yield "\n]\n"
