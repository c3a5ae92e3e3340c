"""OCSF Compliance Finding (class 2003) events, for security data lakes and dashboards.

One event per evaluated check x resource (not-applicable results are left out), using the
``cloud`` and ``datetime`` profiles of OCSF 1.6.0 (the version AWS Security Hub emits).
Events are plain data (dicts), held to the official JSON Schema by tests
(tests/outputs/test_ocsf.py), and written one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import orjson

from scanner import __version__
from scanner.findings import Finding, Severity, Status, finding_id
from scanner.findingset import Verdicts, parts_of
from scanner.model.base import Resource
from scanner.result import CheckInfo, ScanResult

_dumps = orjson.dumps

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


PRODUCT = {"name": "complyscan", "vendor_name": "complyscan", "version": __version__}
PROFILES = ["cloud", "datetime"]
TYPES = ["Compliance"]
#: what every event says the same way (key order as OCSF lists the attributes)
_FIXED = {
    "activity_id": ACTIVITY_CREATE,
    "activity_name": "Create",
    "category_uid": CATEGORY_UID,
    "category_name": "Findings",
    "class_uid": CLASS_UID,
    "class_name": "Compliance Finding",
    "type_uid": CLASS_UID * 100 + ACTIVITY_CREATE,
}


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


def _standards(controls: tuple[str, ...]) -> list[str]:
    """The frameworks of ``controls``, in order."""
    return list(dict.fromkeys(c.split(":", 1)[0] for c in controls))


def _region(region: str) -> str | None:
    return None if region in {"", "global"} else region


class _Check:
    """What the events of one check share, built once per check (not per event).

    The sub-objects (``metadata.product``, ``remediation``, a ``cloud`` per account and
    region, a ``compliance`` per status and reason) are shared between events: the encoder
    writes them out for each event, nothing is copied per event.
    """

    def __init__(
        self,
        check_id: str,
        title: str,
        severity: Severity,
        controls: tuple[str, ...],
        evaluated_at: datetime,
        *,
        info: CheckInfo | None,
    ) -> None:
        self.check_id, self.title, self.controls = check_id, title, controls
        self.millis = int(evaluated_at.timestamp() * 1000)
        self.time_dt = evaluated_at.isoformat().replace("+00:00", "Z")
        self.severity = {
            "severity_id": SEVERITY_ID[severity],
            "severity": severity.value.capitalize(),
        }
        self.desc = info.rationale if info else title
        self.remediation = {"desc": info.remediation if info and info.remediation else title}
        self._standards = _standards(controls)
        self._clouds: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        self._compliance: dict[tuple[Status, str], dict[str, Any]] = {}
        self._messages: dict[str, str] = {}
        self._pieces: _Pieces | None = None

    def fits(self, f: Finding) -> bool:
        """Whether ``f`` has this check's id, title, severity, controls and time."""
        return (
            self.check_id == f.check_id
            and self.title == f.title
            and self.controls == f.controls
            and self.severity["severity_id"] == SEVERITY_ID[f.severity]
            and self.time_dt == f.evaluated_at.isoformat().replace("+00:00", "Z")
        )

    def cloud(self, provider: str, account: str, region: str | None) -> dict[str, Any]:
        key = (provider, account, region)
        got = self._clouds.get(key)
        if got is None:
            got = {"provider": PROVIDER_NAMES.get(provider, provider), "account": {"uid": account}}
            if region is not None:
                got["region"] = region
            self._clouds[key] = got
        return got

    def compliance(self, status: Status, reason: str) -> dict[str, Any]:
        key = (status, reason)
        got = self._compliance.get(key)
        if got is None:
            status_id, text = COMPLIANCE_STATUS[status]
            got = {
                "control": self.check_id,
                "status_id": status_id,
                "status": text,
                "standards": self._standards,
                "requirements": list(self.controls),
                "status_details": [reason],
            }
            if len(self._compliance) < 4096:  # reasons naming a resource do not repeat
                self._compliance[key] = got
        return got

    def message(self, reason: str) -> str:
        got = self._messages.get(reason)
        if got is None:
            got = f"{self.title}: {reason}"
            if len(self._messages) < 4096:
                self._messages[reason] = got
        return got

    def event(
        self,
        fid: str,
        status: Status,
        reason: str,
        about: tuple[str, str, str, str, str, str],
        accepted: str | None = None,
    ) -> dict[str, Any]:
        """One Compliance Finding event, as plain data; ``about`` is the resource's uid,
        name, kind, provider, account and region."""
        uid, name, kind, provider, account, region = about
        where = _region(region)
        resource = {"uid": uid, "name": name, "type": kind}
        if where is not None:
            resource["region"] = where
        event: dict[str, Any] = {
            **_FIXED,
            **self.severity,
            "status_id": 1,
            "status": "New",
        }
        if accepted is not None:
            event["status_id"], event["status"] = 3, "Suppressed"
            event["status_detail"] = accepted
        event["time"] = self.millis
        event["time_dt"] = self.time_dt
        event["message"] = self.message(reason)
        event["metadata"] = {
            "version": OCSF_VERSION,
            "product": PRODUCT,
            "profiles": PROFILES,
            "uid": fid,
        }
        event["cloud"] = self.cloud(provider, account, where)
        event["compliance"] = self.compliance(status, reason)
        event["finding_info"] = {
            "uid": fid,
            "title": self.title,
            "desc": self.desc,
            "types": TYPES,
            "created_time": self.millis,
        }
        event["resources"] = [resource]
        event["remediation"] = self.remediation
        return event

    def encoded(self, fid: str, status: Status, reason: str, res: Resource, kind: str) -> bytes:
        """``orjson.dumps(self.event(fid, status, reason, about))`` of a finding that is not
        accepted, without building the event: what every event of the check shares (and of
        its cloud, and of its status and reason) is encoded once and put together here.
        ``fid`` is a finding id (hex, written as it is)."""
        pieces = self._pieces
        if pieces is None:
            pieces = self._pieces = _Pieces(self)
        where = _region(res.region)
        cloud_key = (res.provider, res.account, where)
        cloud = pieces.clouds.get(cloud_key)
        if cloud is None:
            cloud = pieces.clouds[cloud_key] = b',"cloud":' + _dumps(self.cloud(*cloud_key))
        verdict = pieces.verdicts.get((status, reason))
        if verdict is None:
            message = b',"message":' + _dumps(self.message(reason))
            compliance = b',"compliance":' + _dumps(self.compliance(status, reason))
            verdict = (message, compliance)
            if len(pieces.verdicts) < 4096:  # reasons naming a resource do not repeat
                pieces.verdicts[status, reason] = verdict
        resource = {"uid": res.uid, "name": res.name, "type": kind}
        if where is not None:
            resource["region"] = where
        quoted = b'"%s"' % fid.encode()
        return b"".join(
            (
                pieces.head,
                verdict[0],
                pieces.metadata,
                quoted,
                b"}",
                cloud,
                verdict[1],
                pieces.finding_info,
                quoted,
                pieces.finding_rest,
                b',"resources":[',
                _dumps(resource),
                pieces.tail,
            )
        )


class _Pieces:
    """A check's events as encoded text, in the pieces ``_Check.encoded`` puts together
    (key order and separators as orjson writes ``_Check.event``'s dict; a test compares)."""

    def __init__(self, check: _Check) -> None:
        head = {**_FIXED, **check.severity, "status_id": 1, "status": "New"}
        head["time"] = check.millis
        head["time_dt"] = check.time_dt
        self.head = _dumps(head)[:-1]
        meta = {"version": OCSF_VERSION, "product": PRODUCT, "profiles": PROFILES}
        self.metadata = b',"metadata":' + _dumps(meta)[:-1] + b',"uid":'
        self.finding_info = b',"finding_info":{"uid":'
        rest: dict[str, object] = {"title": check.title, "desc": check.desc, "types": TYPES}
        rest["created_time"] = check.millis
        self.finding_rest = b"," + _dumps(rest)[1:]
        self.tail = b'],"remediation":' + _dumps(check.remediation) + b"}"
        self.clouds: dict[tuple[str, str, str | None], bytes] = {}
        self.verdicts: dict[tuple[Status, str], tuple[bytes, bytes]] = {}


def _shared_for(f: Finding, info: CheckInfo | None, shared: _Check | None) -> _Check:
    """``shared`` if ``f`` has its check's values (the usual case), else a new one."""
    if shared is not None and shared.fits(f):
        return shared
    return _Check(f.check_id, f.title, f.severity, f.controls, f.evaluated_at, info=info)


def _from_finding(f: Finding, check: _Check) -> dict[str, Any]:
    return check.event(
        f.id,
        f.status,
        f.reason,
        (f.resource_uid, f.resource_name, f.resource_kind, f.provider, f.account, f.region),
        _accepted(f),
    )


def _columns(part: Verdicts, info: CheckInfo | None, *, encoded: bool) -> Iterator[Any]:
    """The events of a check's columns: dicts, or (``encoded``) their orjson text, put
    together from the check's shared pieces (``_Check.encoded``)."""
    check = _Check(
        part.check_id, part.title, part.severity, part.controls, part.evaluated_at, info=info
    )
    na = Status.NOT_APPLICABLE
    replaced = part.replaced
    check_id, kind, resources = part.check_id, part.kind, part.resources
    for i, (status, reason) in enumerate(zip(part.statuses, part.reasons, strict=True)):
        f = replaced.get(i) if replaced else None
        if f is not None:
            if f.status is not na:
                event = _from_finding(f, _shared_for(f, info, check))
                yield _dumps(event) if encoded else event
            continue
        if status is na:
            continue
        res = resources[i]
        fid = finding_id(check_id, res.uid)
        if encoded:
            yield check.encoded(fid, status, reason, res, kind)
        else:
            about = (res.uid, res.name, kind, res.provider, res.account, res.region)
            yield check.event(fid, status, reason, about)


def _events(result: ScanResult, *, encoded: bool) -> Iterator[Any]:
    infos = {c.id: c for c in result.checks}
    for part in parts_of(result.findings):
        if isinstance(part, Verdicts):
            yield from _columns(part, infos.get(part.check_id), encoded=encoded)
            continue
        shared: _Check | None = None
        for f in part:
            if f.status is not Status.NOT_APPLICABLE:
                shared = _shared_for(f, infos.get(f.check_id), shared)
                event = _from_finding(f, shared)
                yield _dumps(event) if encoded else event


def ocsf_events(result: ScanResult) -> Iterator[dict[str, Any]]:
    """Every non-N/A finding as an OCSF Compliance Finding event (plain data, in order).

    Events are built one at a time from the scan's columns; none is held after it is used.
    """
    return _events(result, encoded=False)


def ocsf_encoded(result: ScanResult) -> Iterator[bytes]:
    """``orjson.dumps`` of every event ``ocsf_events`` gives, in order."""
    return _events(result, encoded=True)


def to_ocsf_events(result: ScanResult) -> list[dict[str, Any]]:
    """Every non-N/A finding as an OCSF Compliance Finding (for small results: a list)."""
    return list(ocsf_events(result))


def to_ocsf(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """The events as a JSON array (text)."""
    return b"".join(to_ocsf_chunks(result, frameworks)).decode()


#: events per piece of output
EVENTS = 2000


def to_ocsf_chunks(result: ScanResult, _frameworks: Iterable[str] | None = None) -> Iterator[bytes]:
    """The JSON array of events, one event a line, in pieces of ``EVENTS`` events.

    Each event is encoded as soon as it is made: a scan of a million assets has millions of
    events, ~3 KiB each as Python objects. Events from a check's columns are put together
    from pieces encoded once per check, cloud and verdict (``_Check.encoded``).
    """
    batch: list[bytes] = []
    lead = b"[\n"
    for event in ocsf_encoded(result):
        batch.append(event)
        if len(batch) == EVENTS:
            yield lead + b",\n".join(batch)
            lead, batch = b",\n", []
    if batch:
        yield lead + b",\n".join(batch)
        lead = b",\n"
    yield b"\n]\n" if lead == b",\n" else b"[]\n"
