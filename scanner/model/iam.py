"""Identities and access: users, roles, policies, password policy, root account."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource


def _is_wildcard_action(action: str) -> bool:
    return action in {"*", "*:*"}


class PolicyStatement(Frozen):
    """One parsed statement of an access policy (AWS IAM policy language).

    Single strings in the source document are normalised to one-element tuples.
    """

    effect: str = Field(description="'Allow' or 'Deny'.")
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    principals: tuple[str, ...] = Field(
        default=(), description="Principal values, '*' for anyone; resource policies only."
    )
    not_principals: tuple[str, ...] = ()
    has_conditions: bool = False

    @property
    def allows(self) -> bool:
        """Whether this is an Allow statement."""
        return self.effect.lower() == "allow"

    @property
    def grants_everything(self) -> bool:
        """Allow of every action on every resource, without conditions."""
        wildcard_action = any(_is_wildcard_action(a) for a in self.actions)
        return (
            self.allows
            and wildcard_action
            and not self.not_resources
            and "*" in self.resources
            and not self.has_conditions
        )

    @property
    def allows_anyone(self) -> bool:
        """Allow to every principal (``*`` or a NotPrincipal), without conditions."""
        return (
            self.allows
            and not self.has_conditions
            and ("*" in self.principals or bool(self.not_principals))
        )


class PolicyDocument(Frozen):
    """A parsed access policy document."""

    statements: tuple[PolicyStatement, ...] = ()

    @property
    def grants_full_admin(self) -> bool:
        """Some statement allows ``*`` on ``*`` without conditions."""
        return any(s.grants_everything for s in self.statements)

    @property
    def allows_anyone(self) -> bool:
        """Some statement allows every principal without conditions."""
        return any(s.allows_anyone for s in self.statements)


class AttachedPolicy(Frozen):
    """A managed policy attached to an identity."""

    name: str
    arn: str
    grants_full_admin: bool | None = Field(description="None if the document was unreadable.")


class InlinePolicy(Frozen):
    """A policy embedded in one identity."""

    name: str
    document: PolicyDocument


class AccessKey(Frozen):
    """A long-lived programmatic credential (never its secret)."""

    id: str
    active: bool
    created_at: datetime | None
    last_used_at: datetime | None = Field(default=None, description="None: never used.")


class User(Resource):
    """A human or machine user with its own long-lived credentials (IAM user)."""

    console_access: bool | None = Field(description="Has a console password; None unknown.")
    mfa_enabled: bool | None
    access_keys: tuple[AccessKey, ...] = ()
    attached_policies: tuple[AttachedPolicy, ...] = ()
    inline_policies: tuple[InlinePolicy, ...] = ()
    groups: tuple[str, ...] = ()
    password_last_used: datetime | None = None
    created_at: datetime | None = None


class Role(Resource):
    """An assumable role (IAM role); ``trust_policy`` says who may assume it."""

    trust_policy: PolicyDocument | None
    attached_policies: tuple[AttachedPolicy, ...] = ()
    inline_policies: tuple[InlinePolicy, ...] = ()
    service_linked: bool = False


class ManagedPolicy(Resource):
    """A customer-managed, reusable access policy."""

    document: PolicyDocument | None
    attachment_count: int = 0


class PasswordPolicy(Resource):
    """The account's password policy; absent settings are explicit zeros/False."""

    exists: bool
    min_length: int = 0
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase: bool = False
    require_lowercase: bool = False
    reuse_prevention: int = Field(default=0, description="Passwords remembered; 0 = none.")
    max_age_days: int = Field(default=0, description="0 = passwords never expire.")


class RootUser(Resource):
    """The account's root/owner identity."""

    mfa_enabled: bool | None
    access_keys_present: bool | None
    mfa_device: Literal["hardware", "virtual", "none"] | None = Field(
        default=None, description="Kind of MFA device ('none': MFA off); None unknown."
    )
