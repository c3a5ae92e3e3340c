"""Audit logging, log storage, configuration recording and threat detection."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scanner.model.base import Encryption, Frozen, Resource


class LogDestination(Frozen):
    """The storage an audit trail delivers to, and who could reach it."""

    bucket: str
    owner: Literal["this-account", "other-account", "missing"] = Field(
        description="'other-account': a dedicated log archive account (CloudTrail can only "
        "reach buckets that exist); 'missing': no such bucket, nothing is stored."
    )
    public_access_blocked: bool | None = Field(
        default=None,
        description="This account's bucket: every public access block setting is on (bucket "
        "or account level); None unknown or another account's bucket.",
    )
    policy_allows_public: bool | None = Field(
        default=None, description="This account's bucket: its policy lets anyone in; None unknown."
    )


class Trail(Resource):
    """An API audit trail (CloudTrail trail, GCP audit log sink, Azure activity log export)."""

    home_region: str
    multi_region: bool
    organization: bool = False
    logging: bool | None = Field(description="Currently delivering; None unknown.")
    log_file_validation: bool | None
    encryption: Encryption | None
    cloudwatch_logs: bool | None = Field(description="Also delivered to a log service.")
    management_events: bool | None = Field(
        default=None, description="Records read AND write management events; None unknown."
    )
    management_event_kinds: tuple[str, ...] | None = Field(
        default=None,
        description="Management events recorded: 'read', 'write', both or none; None unknown.",
    )
    bucket: str | None = None
    destination: LogDestination | None = Field(
        default=None, description="Where log files are stored; None unknown."
    )
    log_group_retention_days: int | None = Field(
        default=None,
        description="Retention of the log group events are delivered to (0 = forever); None "
        "unknown or not delivered to a log service.",
    )


class AuditCoverage(Resource):
    """Region-level: whether some logging trail records API activity in this region."""

    covered: bool | None
    trails: tuple[str, ...] = ()
    not_counted: tuple[str, ...] = Field(
        default=(), description="Trails that apply here but do not count, each with why."
    )


class AuditLogConfig(Resource):
    """Account-level: whether an account-wide (multi-region or organisation) trail logs."""

    account_wide_trail: bool | None
    trails: tuple[str, ...] = ()
    not_counted: tuple[str, ...] = Field(
        default=(), description="Account-wide trails that do not count, each with why."
    )
    categories: tuple[str, ...] | None = Field(
        default=None, description="Azure: activity log categories the export captures."
    )
    data_access_logged: bool | None = Field(
        default=None,
        description="GCP: audit config for allServices logs ADMIN_READ, DATA_READ and DATA_WRITE.",
    )
    exempted_members: tuple[str, ...] | None = Field(
        default=None, description="GCP: principals exempted from audit logging."
    )


class LogGroup(Resource):
    """A log store (CloudWatch log group, Cloud Logging bucket, Log Analytics workspace)."""

    retention_days: int = Field(description="0 = kept forever.")
    encryption: Encryption | None

    @property
    def retains_forever(self) -> bool:
        """Logs never expire."""
        return self.retention_days == 0


class ConfigRecording(Resource):
    """Region-level: configuration history recording (AWS Config recorder)."""

    recording: bool | None = Field(
        description="Some recorder is recording now (and not failing); None unknown."
    )
    all_resources: bool | None = Field(
        default=None,
        description="A recorder that is recording now records every supported resource type.",
    )
    failing: tuple[str, ...] = Field(
        default=(), description="Recorders switched on whose last recording attempt failed."
    )


class ThreatDetection(Resource):
    """Region-level: managed threat detection (GuardDuty, SCC, Defender)."""

    enabled: bool | None
    plans: dict[str, bool] | None = Field(
        default=None, description="Azure: Defender for Cloud plan name -> paid tier on."
    )
