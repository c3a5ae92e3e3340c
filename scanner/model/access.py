"""Role bindings on resource containers and long-lived keys of workload identities."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource

#: Members that mean "anyone" (GCP) and "any signed-in account" (GCP).
PUBLIC_MEMBERS = frozenset({"allusers", "allauthenticatedusers"})


def member_kind(member: str) -> str:
    """The kind of a binding member: 'user', 'serviceAccount', 'group', 'domain', 'public'..."""
    if member.lower() in PUBLIC_MEMBERS:
        return "public"
    return member.partition(":")[0]


#: Domains of service accounts that customers create and hold keys for (GCP).
_USER_MANAGED_SA_DOMAINS = ("developer.gserviceaccount.com", "appspot.gserviceaccount.com")


def is_service_agent(member: str) -> bool:
    """A provider-managed service agent (``serviceAccount:...@cloudservices...``)."""
    kind, _, email = member.partition(":")
    if kind != "serviceAccount":
        return False
    domain = email.rpartition("@")[2].lower()
    if domain.endswith(_USER_MANAGED_SA_DOMAINS):
        return False
    return not (domain.endswith(".iam.gserviceaccount.com") and not domain.startswith("gcp-sa-"))


class RoleBinding(Frozen):
    """One role granted to members, as in a GCP IAM policy or an Azure role assignment."""

    role: str
    members: tuple[str, ...] = ()
    conditional: bool = Field(default=False, description="Granted only under a condition.")

    @property
    def public_members(self) -> tuple[str, ...]:
        """Members meaning anyone on the internet or any signed-in account."""
        return tuple(m for m in self.members if m.lower() in PUBLIC_MEMBERS)


class IamPolicy(Resource):
    """The role bindings granted on a container: a GCP project, folder or organisation."""

    target: Literal["project", "folder", "organization", "subscription", "other"]
    bindings: tuple[RoleBinding, ...] = ()

    def roles_of(self, member: str) -> tuple[str, ...]:
        """Every role ``member`` holds unconditionally here."""
        return tuple(b.role for b in self.bindings if member in b.members and not b.conditional)

    @property
    def members(self) -> tuple[str, ...]:
        """Every member named in a binding, in first-seen order."""
        return tuple(dict.fromkeys(m for b in self.bindings for m in b.members))


class ServiceAccountKey(Resource):
    """A key of a workload identity (GCP service account key, Azure app secret)."""

    service_account: str
    managed_by: Literal["customer", "provider"] = Field(
        description="'customer' for user-managed (downloadable or uploaded) keys."
    )
    enabled: bool = True
    created_at: datetime | None
    expires_at: datetime | None = None
