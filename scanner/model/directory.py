"""The identity directory of a tenant (Microsoft Entra ID): MFA enforcement and privilege."""

from __future__ import annotations

from pydantic import Field

from scanner.model.base import Frozen, Resource

#: Entra role template ids of the most privileged directory roles (Microsoft's "Require
#: MFA for administrators" template covers these among others).
GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10"
PRIVILEGED_ADMIN_ROLES = {
    GLOBAL_ADMINISTRATOR: "Global Administrator",
    "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
    "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
    "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9": "Conditional Access Administrator",
    "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": "Privileged Authentication Administrator",
}


class AccessPolicy(Frozen):
    """A sign-in policy (Entra Conditional Access) as far as MFA enforcement goes."""

    name: str
    state: str = Field(description="'enabled', 'enabledForReportingButNotEnforced', 'disabled'.")
    requires_mfa: bool = Field(description="Grant needs MFA (or an authentication strength).")
    all_users: bool = Field(description="includeUsers contains 'All'.")
    include_roles: tuple[str, ...] = Field(default=(), description="Role template ids included.")
    all_apps: bool = Field(description="includeApplications contains 'All'.")
    excluded_users: tuple[str, ...] = ()
    excluded_groups: tuple[str, ...] = Field(default=(), description="Names (or ids) of groups.")
    excluded_roles: tuple[str, ...] = ()
    excluded_guests: bool = False
    excluded_apps: tuple[str, ...] = ()
    narrowed_by: tuple[str, ...] = Field(
        default=(), description="Conditions limiting where it applies (locations, platforms...)."
    )

    @property
    def enforced(self) -> bool:
        """Only an enabled policy enforces anything (report-only and disabled do not)."""
        return self.state.lower() == "enabled"

    @property
    def gaps(self) -> tuple[str, ...]:
        """What the policy leaves out beyond individually excluded (break-glass) users."""
        found = [f"excluded group {g}" for g in self.excluded_groups]
        found += [f"excluded role {r}" for r in self.excluded_roles]
        found += ["guests excluded"] if self.excluded_guests else []
        found += [f"excluded app {a}" for a in self.excluded_apps]
        found += [f"only under {n} conditions" for n in self.narrowed_by]
        return tuple(found)


class Directory(Resource):
    """One tenant's directory: security defaults, Conditional Access, MFA, admins, guests."""

    security_defaults: bool | None = Field(description="Security defaults enabled; None unread.")
    access_policies: tuple[AccessPolicy, ...] | None = Field(
        default=None, description="Conditional Access policies; None unread (or unlicensed)."
    )
    users_without_mfa: tuple[str, ...] | None = Field(
        default=None, description="Enabled member users with no MFA method registered."
    )
    users_checked: int | None = Field(default=None, description="Users in the MFA report.")
    global_admins: tuple[str, ...] | None = Field(
        default=None, description="Principals holding Global Administrator (active)."
    )
    guest_users: int | None = Field(default=None, description="Guest (B2B) user accounts.")
    guest_invites_from: str | None = Field(
        default=None, description="allowInvitesFrom: none, adminsAndGuestInviters, ..."
    )
    guest_access: str | None = Field(
        default=None, description="'restricted', 'limited' or 'member' directory access."
    )
