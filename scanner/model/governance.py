"""Access governance and alerting at subscription/account level (Azure RBAC, activity alerts)."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Resource


class RoleDefinition(Resource):
    """A role: the actions it grants and where it may be assigned."""

    custom: bool
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    assignable_scopes: tuple[str, ...] = ()

    @property
    def grants_everything(self) -> bool:
        """Allows every action (``*``) with no exclusions."""
        return "*" in self.actions and not self.not_actions

    @property
    def subscription_scoped(self) -> bool:
        """Assignable at a subscription, management group or the root scope."""
        return any(
            s == "/"
            or s.lower().startswith("/providers/microsoft.management/managementgroups/")
            or s.lower().strip("/").count("/") == 1
            for s in self.assignable_scopes
        )


class PrivilegedAccess(Resource):
    """Account-level: who holds the most powerful roles directly at the account scope."""

    owners: tuple[str, ...] | None = Field(description="Principal ids holding Owner.")
    access_administrators: tuple[str, ...] | None = Field(
        default=None, description="Principal ids holding User Access Administrator."
    )


class AlertCoverage(Resource):
    """Account-level: which control-plane operations raise an enabled activity alert."""

    operations: tuple[str, ...] | None = Field(
        description="Lower-case operation names an enabled alert matches; None unknown."
    )
    service_health: bool | None = Field(
        default=None, description="An enabled alert fires on service health events."
    )
