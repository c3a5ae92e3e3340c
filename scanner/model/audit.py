"""Audit logging, log storage, configuration recording and threat detection."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Encryption, Resource


class Trail(Resource):
    """An API audit trail (CloudTrail trail, GCP audit log sink, Azure activity log export)."""

    home_region: str
    multi_region: bool
    organization: bool = False
    logging: bool | None = Field(description="Currently delivering; None unknown.")
    log_file_validation: bool | None
    encryption: Encryption | None
    cloudwatch_logs: bool | None = Field(description="Also delivered to a log service.")
    management_events: bool | None = None
    bucket: str | None = None


class AuditCoverage(Resource):
    """Region-level: whether some logging trail records API activity in this region."""

    covered: bool | None
    trails: tuple[str, ...] = ()


class AuditLogConfig(Resource):
    """Account-level: whether an account-wide (multi-region or organisation) trail logs."""

    account_wide_trail: bool | None
    trails: tuple[str, ...] = ()
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

    recording: bool | None
    all_resources: bool | None = None


class ThreatDetection(Resource):
    """Region-level: managed threat detection (GuardDuty, SCC, Defender)."""

    enabled: bool | None
    plans: dict[str, bool] | None = Field(
        default=None, description="Azure: Defender for Cloud plan name -> paid tier on."
    )
