"""Check results and findings: what a check returns and what the engine records."""

from __future__ import annotations

import enum
import fnmatch
import hashlib
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from scanner.compact import Compact, shared_fields_set


class Severity(enum.StrEnum):
    """How bad a failure of a check is; ordered from most to least severe."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}[self.value]

    def at_least(self, other: Severity) -> bool:
        """Whether this severity is ``other`` or more severe."""
        return self.rank >= other.rank


class Status(enum.StrEnum):
    """Outcome of evaluating one check on one resource (or scope)."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"
    ERROR = "error"


class Result(Compact):
    """What a check returns: a status and a short reason naming the specific problem."""

    model_config = ConfigDict(frozen=True)

    status: Status
    reason: str


_RESULT_FIELDS = shared_fields_set({"status", "reason"})


#: Results are frozen, so equal ones are shared: most reasons repeat across resources.
_RESULTS: dict[tuple[Status, str], Result] = {}
_RESULTS_KEPT = 50_000


def _result(status: Status, reason: str) -> Result:
    """A ``Result`` without validation: the four helpers below are typed, and called once
    per check and resource (millions of times in a large scan)."""
    if type(reason) is not str:  # the one thing a check could still get wrong at runtime
        return Result(status=status, reason=reason)
    key = (status, reason)
    result = _RESULTS.get(key)
    if result is not None:
        return result
    result = Result.__new__(Result)
    put = object.__setattr__
    put(result, "__dict__", {"status": status, "reason": reason})
    put(result, "__pydantic_fields_set__", _RESULT_FIELDS)
    put(result, "__pydantic_extra__", None)
    put(result, "__pydantic_private__", None)
    if len(_RESULTS) < _RESULTS_KEPT:  # bounded: reasons naming a resource do not repeat
        _RESULTS[key] = result
    return result


def passed(reason: str) -> Result:
    """The resource meets the control."""
    return _result(Status.PASS, reason)


def failed(reason: str) -> Result:
    """The resource violates the control; ``reason`` names the specific problem."""
    return _result(Status.FAIL, reason)


def not_applicable(reason: str) -> Result:
    """The check does not apply to this resource."""
    return _result(Status.NOT_APPLICABLE, reason)


def unknown(reason: str) -> Result:
    """What the check needs could not be read; never report PASS in that case."""
    return _result(Status.UNKNOWN, reason)


def finding_id(check_id: str, resource_uid: str) -> str:
    """Stable id of a finding across runs: sha256 of check id and resource uid."""
    return hashlib.sha256(f"{check_id}|{resource_uid}".encode()).hexdigest()


class Finding(Compact):
    """One check evaluated on one resource, with the identity the engine adds."""

    model_config = ConfigDict(frozen=True)

    id: str
    check_id: str
    title: str
    severity: Severity
    status: Status
    reason: str
    provider: str
    account: str
    region: str
    resource_kind: str
    resource_uid: str
    resource_name: str
    service: str
    location: str = ""
    controls: tuple[str, ...]
    evaluated_at: datetime
    suppressed: bool = False
    suppression_reason: str | None = None
    suppression_owner: str | None = None
    suppression_expires: date | None = None


#: The fields a finding is given explicitly (the suppression fields keep their defaults),
#: as the shared record a validated finding with the same fields gets (``Compact``).
_GIVEN = shared_fields_set(
    set(Finding.model_fields)
    - {"suppressed", "suppression_reason", "suppression_owner", "suppression_expires"}
)


def trusted_finding(
    *,
    id: str,
    check_id: str,
    title: str,
    severity: Severity,
    status: Status,
    reason: str,
    provider: str,
    account: str,
    region: str,
    resource_kind: str,
    resource_uid: str,
    resource_name: str,
    service: str,
    location: str,
    controls: tuple[str, ...],
    evaluated_at: datetime,
) -> Finding:
    """A ``Finding`` from values that are already of the field types, without validation.

    For the engine only, which builds millions of findings from validated resources,
    check metadata and ``Result`` objects. It is equal to ``Finding(...)`` with the same
    arguments (tests hold it to that) at a third of the cost, and shares one record of the
    fields given between all findings (pydantic keeps a set of ~0.7 KiB per instance).
    """
    return finding_from_values(
        {
            "id": id,
            "check_id": check_id,
            "title": title,
            "severity": severity,
            "status": status,
            "reason": reason,
            "provider": provider,
            "account": account,
            "region": region,
            "resource_kind": resource_kind,
            "resource_uid": resource_uid,
            "resource_name": resource_name,
            "service": service,
            "location": location,
            "controls": controls,
            "evaluated_at": evaluated_at,
            "suppressed": False,
            "suppression_reason": None,
            "suppression_owner": None,
            "suppression_expires": None,
        }
    )


def finding_from_values(values: dict[str, object]) -> Finding:
    """A ``Finding`` owning ``values``: every field, in field order, already typed.

    The engine's inner loop builds that dict itself; ``trusted_finding`` is the checked
    spelling of the same thing for everything else.
    """
    finding = Finding.__new__(Finding)
    put = object.__setattr__
    put(finding, "__dict__", values)
    put(finding, "__pydantic_fields_set__", _GIVEN)
    put(finding, "__pydantic_extra__", None)
    put(finding, "__pydantic_private__", None)
    return finding


class Suppression(BaseModel):
    """An accepted risk: check id + resource uid glob, reason, owner and a mandatory expiry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str
    resource: str = "*"
    reason: str = Field(min_length=3)
    owner: str = Field(
        min_length=1, description="Who accepted the risk (a person or team, e.g. an email)."
    )
    expires: date
    origin: str = Field(
        default="",
        exclude=True,
        repr=False,
        description="Where it was written (``file:line``), for error messages; set by the "
        "config loader, never read from the file.",
    )

    def matches(self, finding: Finding) -> bool:
        """Whether this suppression covers ``finding`` (expiry is checked separately)."""
        return self.covers(finding.check_id, finding.resource_uid)

    def covers(self, check_id: str, resource_uid: str) -> bool:
        """Whether this suppression covers the finding of ``check_id`` on ``resource_uid``."""
        return check_id == self.check.upper() and fnmatch.fnmatchcase(resource_uid, self.resource)
