"""Account- and region-level security services: access analysis, posture hubs, data discovery,
support access and object-level data-event logging."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class AccessAnalysis(Resource):
    """Region-level: analysers that find resources shared outside the trust zone
    (IAM Access Analyzer external-access analysers; GCP Policy Analyzer; Azure equivalents)."""

    external_access_active: bool | None = Field(
        description="An active analyser for external access covers this region; None unknown."
    )
    analyzers: tuple[str, ...] = Field(
        default=(), description="Names of the active external-access analysers."
    )


class PostureManagement(Resource):
    """Region-level: a security posture hub that aggregates findings and runs control
    standards (AWS Security Hub, GCP Security Command Center, Defender for Cloud CSPM)."""

    enabled: bool | None


class DataDiscovery(Resource):
    """Region-level: automated sensitive-data discovery (Amazon Macie, GCP Sensitive Data
    Protection discovery, Microsoft Purview)."""

    enabled: bool | None = Field(description="The service runs (not paused); None unknown.")


class SupportAccess(Resource):
    """Account-level: identities allowed to manage cases with the provider's support."""

    roles: tuple[str, ...] | None = Field(
        description="Roles holding the support policy; None unknown."
    )
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


class ObjectAccessLogging(Resource):
    """One storage bucket: whether object-level reads and writes are recorded by an active
    audit trail (CloudTrail S3 data events; GCP Data Access logs; Azure storage logs)."""

    bucket: str
    writes_logged: bool | None = Field(description="Object writes are recorded; None unknown.")
    reads_logged: bool | None = Field(description="Object reads are recorded; None unknown.")
    trails: tuple[str, ...] = Field(
        default=(), description="Trails that record this bucket's object events."
    )
