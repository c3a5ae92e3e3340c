"""Identities and access: users, roles, policies, password policy, root account."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from scanner.model.base import Frozen, Resource


class ConditionClause(Frozen):
    """One ``operator: {key: values}`` entry of a statement's Condition element.

    ``operator`` keeps its spelling (``ForAnyValue:StringLikeIfExists``); ``key`` is as
    written (keys compare case-insensitively); values are strings (booleans and numbers in
    the document are stringified the way AWS compares them). Values stay out of every
    serialised form (evidence, reports): an ``sts:ExternalId`` is a shared secret.
    """

    operator: str
    key: str
    values: tuple[str, ...] = Field(
        default=(), exclude=True, description="Not serialised: values can be shared secrets."
    )


class PrincipalRef(Frozen):
    """One principal named in a Principal/NotPrincipal element.

    ``kind`` is ``AWS``, ``Service``, ``Federated`` or ``CanonicalUser``; the bare string
    form ``"Principal": "*"`` is recorded as ``AWS``/``*`` (AWS treats both as everyone).
    """

    kind: str
    value: str


class PolicyStatement(Frozen):
    """One parsed statement of an access policy (AWS IAM policy language).

    Single strings in the source document are normalised to one-element tuples. The
    evaluation lives in ``scanner.policy``; the properties here are thin shortcuts to it.
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
    sid: str | None = None
    conditions: tuple[ConditionClause, ...] = ()
    principal_refs: tuple[PrincipalRef, ...] = Field(
        default=(), description="Principal element by kind; empty when absent."
    )
    not_principal_refs: tuple[PrincipalRef, ...] = ()
    has_principal: bool = Field(default=False, description="A Principal element is present.")
    has_not_principal: bool = Field(default=False, description="A NotPrincipal is present.")

    @model_validator(mode="after")
    def _principal_kinds(self) -> PolicyStatement:
        """Built from flattened ``principals`` only: read each as an ``AWS`` principal."""
        refs = {}
        if self.principals and not self.principal_refs:
            refs["principal_refs"] = tuple(
                PrincipalRef(kind="AWS", value=p) for p in self.principals
            )
        if self.not_principals and not self.not_principal_refs:
            refs["not_principal_refs"] = tuple(
                PrincipalRef(kind="AWS", value=p) for p in self.not_principals
            )
        for name, value in refs.items():
            object.__setattr__(self, name, value)
        if self.principals or self.principal_refs:
            object.__setattr__(self, "has_principal", True)
        if self.not_principals or self.not_principal_refs:
            object.__setattr__(self, "has_not_principal", True)
        if self.conditions and not self.has_conditions:
            object.__setattr__(self, "has_conditions", True)
        return self

    @property
    def allows(self) -> bool:
        """Whether this is an Allow statement."""
        return self.effect.lower() == "allow"

    @property
    def grants_everything(self) -> bool:
        """Allow of every action on every resource, without conditions (policy engine)."""
        from scanner.policy.evaluate import statement_grants_everything  # noqa: PLC0415

        return statement_grants_everything(self)

    @property
    def allows_anyone(self) -> bool:
        """Allow to every principal, unnarrowed by who-restricting conditions (engine)."""
        from scanner.policy.exposure import statement_public  # noqa: PLC0415

        return statement_public(self).public


class PolicyDocument(Frozen):
    """A parsed access policy document."""

    statements: tuple[PolicyStatement, ...] = ()

    version: str | None = None

    @property
    def grants_full_admin(self) -> bool:
        """Every action on every resource is allowed, after this document's denies."""
        from scanner.policy.evaluate import Permissions  # noqa: PLC0415

        return Permissions.of((self,)).admin_equivalent is not None

    @property
    def allows_anyone(self) -> bool:
        """Some action is allowed to everyone, after denies (policy engine)."""
        from scanner.policy.exposure import public_access  # noqa: PLC0415

        return public_access(self).public


class AttachedPolicy(Frozen):
    """A managed policy attached to an identity."""

    name: str
    arn: str
    grants_full_admin: bool | None = Field(description="None if the document was unreadable.")
    document: PolicyDocument | None = Field(
        default=None, description="Default version; None unread (AWS managed: not fetched)."
    )


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
    group_policies: tuple[AttachedPolicy | InlinePolicy, ...] | None = Field(
        default=None,
        description="Policies the user inherits from its groups; None: groups not read.",
    )


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
