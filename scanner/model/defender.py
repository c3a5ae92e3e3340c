"""Security posture service settings per account (Microsoft Defender for Cloud)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class DefenderSettings(Resource):
    """One subscription's Defender for Cloud notifications and server components."""

    contact_emails: tuple[str, ...] | None = Field(
        description="Additional addresses that receive notifications; None unknown."
    )
    notify_roles: tuple[str, ...] | None = Field(
        default=None, description="Roles notified ('Owner', ...); () when role mail is off."
    )
    alert_min_severity: str | None = Field(
        default=None, description="Lowest alert severity mailed; '' when alert mail is off."
    )
    attack_path_min_risk: str | None = Field(
        default=None, description="Lowest attack path risk mailed; '' when off."
    )
    endpoint_protection: bool | None = Field(
        default=None, description="The endpoint protection (Defender for Endpoint) component."
    )
    machines: int | None = Field(default=None, description="Virtual machines in the account.")
    update_assessed: tuple[str, ...] | None = Field(
        default=None, description="Machines the system update assessment evaluated."
    )
    update_unhealthy: tuple[str, ...] | None = Field(
        default=None, description="Machines the system update assessment found unhealthy."
    )
