"""The outcome of a scan: metadata, findings, collection errors and check metadata."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from scanner.errors import CollectionError
from scanner.findings import Severity, Suppression
from scanner.findingset import Findings
from scanner.model.base import Resource


class CheckInfo(BaseModel):
    """Metadata of one check that ran, as writers render it."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    severity: Severity
    resource_kind: str
    providers: tuple[str, ...]
    controls: tuple[str, ...]
    rationale: str
    remediation: str
    thresholds: dict[str, int | float] = Field(
        default_factory=dict,
        # reports of scans with default thresholds look as they did before the field
        exclude_if=lambda values: not values,
        description="Threshold values this scan used that differ from the check's declared "
        "defaults (set in .complyscan.yaml; docs/thresholds.md). Omitted when all are default.",
    )


class ScanError(BaseModel):
    """A scope (or one resource) that could not be collected, with what to do about it."""

    model_config = ConfigDict(frozen=True)

    provider: str
    scope: str
    resource_kind: str
    cause: str
    message: str
    hint: str = ""
    permission: str = ""
    resource_uid: str = ""

    @classmethod
    def from_error(cls, err: CollectionError) -> ScanError:
        """Record a CollectionError."""
        return cls(
            provider=err.provider,
            scope=err.scope,
            resource_kind=err.resource,
            cause=err.cause,
            message=err.summary,
            hint=err.hint,
            permission=err.permission,
            resource_uid=err.uid,
        )


class ScanMeta(BaseModel):
    """Who scanned what, when, with which tool."""

    model_config = ConfigDict(frozen=True)

    tool: str = "complyscan"
    tool_version: str
    provider: str
    accounts: tuple[str, ...]
    identity: str
    regions: tuple[str, ...]
    started_at: datetime
    finished_at: datetime
    complete: bool = Field(description="False when some scope could not be collected.")
    interrupted: bool = False
    checks_selected: int
    resources_collected: int


class ScanResult(BaseModel):
    """Everything writers need; built once by the engine, never mutated."""

    model_config = ConfigDict(frozen=True)

    meta: ScanMeta
    checks: tuple[CheckInfo, ...]
    findings: Findings = Field(
        description="Every finding, sorted by (check id, resource uid); any sequence of "
        "findings is accepted and held as ``Findings``."
    )
    errors: tuple[ScanError, ...]
    expired_suppressions: tuple[Suppression, ...] = Field(
        default=(), description="Accepted risks whose expiry has passed; they no longer apply."
    )
    resources: tuple[Resource, ...] = Field(
        default=(),
        exclude=True,
        repr=False,
        description="The evaluated resources (for the evidence bundle; not in the JSON report).",
    )

    def resource_index(self) -> dict[tuple[str, str], Resource]:
        """(resource kind, uid) -> the resource a finding was evaluated on."""
        return {(type(r).__name__, r.uid): r for r in self.resources}
