"""Check results and findings: what a check returns and what the engine records."""

from __future__ import annotations

import enum
import fnmatch
import hashlib
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


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


class Result(BaseModel):
    """What a check returns: a status and a short reason naming the specific problem."""

    model_config = ConfigDict(frozen=True)

    status: Status
    reason: str


def passed(reason: str) -> Result:
    """The resource meets the control."""
    return Result(status=Status.PASS, reason=reason)


def failed(reason: str) -> Result:
    """The resource violates the control; ``reason`` names the specific problem."""
    return Result(status=Status.FAIL, reason=reason)


def not_applicable(reason: str) -> Result:
    """The check does not apply to this resource."""
    return Result(status=Status.NOT_APPLICABLE, reason=reason)


def unknown(reason: str) -> Result:
    """What the check needs could not be read; never report PASS in that case."""
    return Result(status=Status.UNKNOWN, reason=reason)


def finding_id(check_id: str, resource_uid: str) -> str:
    """Stable id of a finding across runs: sha256 of check id and resource uid."""
    return hashlib.sha256(f"{check_id}|{resource_uid}".encode()).hexdigest()


class Finding(BaseModel):
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

    def matches(self, finding: Finding) -> bool:
        """Whether this suppression covers ``finding`` (expiry is checked separately)."""
        return finding.check_id == self.check.upper() and fnmatch.fnmatchcase(
            finding.resource_uid, self.resource
        )
