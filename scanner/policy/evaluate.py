"""Concrete evaluation of requests and effective permissions over parsed policies.

``evaluate`` decides one request the way AWS does within the policies given: an explicit
Deny in any statement of any policy wins; otherwise an Allow allows; otherwise the request
is implicitly denied. ``Permissions`` answers "may this principal do X?" over every policy
that applies to one principal (inline, attached and group policies), after denies.

Not modelled (documented in docs/policy-engine.md): SCPs/RCPs, permission boundaries and
session policies, which can only remove permissions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from scanner.model.iam import PolicyDocument, PolicyStatement, PrincipalRef
from scanner.policy.conditions import evaluate_conditions
from scanner.policy.wildcard import action_matches, covers, matches

Effect = Literal["Allow", "ExplicitDeny", "ImplicitDeny"]


@dataclass(frozen=True)
class Request:
    """One request: who (None for identity policies, which carry no Principal), what, on
    which resource, and the request context (lower-case keys -> values)."""

    action: str
    resource: str = "*"
    principal: PrincipalRef | None = None
    context: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """The outcome and the statements that decided it (denies if any, else allows)."""

    effect: Effect
    statements: tuple[PolicyStatement, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether the request is allowed."""
        return self.effect == "Allow"


def _account_of(value: str) -> str | None:
    """The account of an AWS principal value: a 12-digit id or an ARN's account field."""
    if value.isdigit():
        return value
    parts = value.split(":")
    if len(parts) >= 5 and parts[0] == "arn" and parts[4].isdigit():
        return parts[4]
    return None


def principal_matches(entry: PrincipalRef, who: PrincipalRef) -> bool:
    """Whether a Principal entry names the requesting principal ``who``.

    ``AWS: *`` is everyone (anonymous included). An account id, or the account's ``root``
    ARN, names every principal of that account. Other values compare exactly (service
    principals without case). ``who`` is ``AWS``/``anonymous`` for an unsigned request.
    """
    if entry.kind.lower() == "aws" and entry.value == "*":
        return True
    if entry.kind.lower() != who.kind.lower():
        return False
    if entry.kind.lower() == "service":
        return entry.value.lower() == who.value.lower()
    if entry.kind.lower() == "aws":
        account = _account_of(entry.value)
        names_account = entry.value.isdigit() or entry.value.endswith(":root")
        if names_account and account is not None:
            return _account_of(who.value) == account
    return entry.value == who.value


def statement_principal_matches(statement: PolicyStatement, who: PrincipalRef | None) -> bool:
    """Principal/NotPrincipal against the requester (no element, or no requester: True)."""
    if who is None:
        return True
    if statement.has_principal:
        return any(principal_matches(p, who) for p in statement.principal_refs)
    if statement.has_not_principal:
        return not any(principal_matches(p, who) for p in statement.not_principal_refs)
    return True


def statement_action_matches(statement: PolicyStatement, action: str) -> bool:
    """Action/NotAction against ``service:Name`` (case-insensitive)."""
    if statement.not_actions:
        return not any(action_matches(p, action) for p in statement.not_actions)
    return any(action_matches(p, action) for p in statement.actions)


def statement_resource_matches(statement: PolicyStatement, resource: str) -> bool:
    """Resource/NotResource against an ARN (case-sensitive); neither element: True."""
    if statement.not_resources:
        return not any(matches(p, resource) for p in statement.not_resources)
    if statement.resources:
        return any(matches(p, resource) for p in statement.resources)
    return True


def statement_applies(statement: PolicyStatement, request: Request) -> bool:
    """Whether the statement matches the request in every element."""
    return (
        statement_action_matches(statement, request.action)
        and statement_resource_matches(statement, request.resource)
        and statement_principal_matches(statement, request.principal)
        and evaluate_conditions(statement.conditions, request.context)
    )


def evaluate(policies: Iterable[PolicyDocument], request: Request) -> Decision:
    """Decide ``request`` across every statement of every policy: deny wins over allow."""
    applying = [s for doc in policies for s in doc.statements if statement_applies(s, request)]
    denies = tuple(s for s in applying if not s.allows)
    if denies:
        return Decision("ExplicitDeny", denies)
    allows = tuple(s for s in applying if s.allows)
    return Decision("Allow", allows) if allows else Decision("ImplicitDeny")


def _all_actions(statement: PolicyStatement) -> bool:
    return not statement.not_actions and any(
        covers(p, "*:*", ignore_case=True) for p in statement.actions
    )


def _all_resources(statement: PolicyStatement) -> bool:
    if statement.not_resources:
        return False
    return not statement.resources or any(covers(p, "*") for p in statement.resources)


def statement_grants_everything(statement: PolicyStatement) -> bool:
    """An unconditional Allow of every action (``*``, ``*:*``...) on every resource."""
    return (
        statement.allows
        and not statement.conditions
        and not statement.has_conditions
        and _all_actions(statement)
        and _all_resources(statement)
    )


@dataclass(frozen=True)
class Grant:
    """Why an action is allowed: the policy and statement that allow it."""

    action: str
    policy: str
    statement: PolicyStatement
    conditional: bool

    @property
    def where(self) -> str:
        """``policy name`` plus the statement's Sid when it has one."""
        return f"{self.policy} ({self.statement.sid})" if self.statement.sid else self.policy


def _denies_all(deny: PolicyStatement, allow: PolicyStatement) -> bool:
    """Whether an unconditional Deny covers every resource the Allow statement grants."""
    if deny.conditions or deny.has_conditions:
        return False
    if deny.not_resources:  # denies all but some resources: covers only literal grants
        if allow.not_resources or not allow.resources:
            return False
        return all(
            not any(covers(n, r) or matches(n, r) for n in deny.not_resources) and "*" not in r
            for r in allow.resources
        )
    if not deny.resources or any(covers(p, "*") for p in deny.resources):
        return True
    if allow.not_resources or not allow.resources:
        return False
    return all(any(covers(d, r) for d in deny.resources) for r in allow.resources)


@dataclass(frozen=True)
class Permissions:
    """Effective identity permissions of one principal: every policy that applies to it.

    Built from ``(name, document)`` pairs; ``allows(action)`` answers whether some resource
    may be acted on, after every explicit Deny that would block the grant everywhere.
    """

    policies: tuple[tuple[str, PolicyDocument], ...]

    @classmethod
    def of(cls, policies: Iterable[PolicyDocument | tuple[str, PolicyDocument]]) -> Permissions:
        """Permissions from documents, or ``(name, document)`` pairs."""
        named = []
        for n, item in enumerate(policies):
            named.append(item if isinstance(item, tuple) else (f"policy {n}", item))
        return cls(tuple(named))

    def _denies(self) -> list[PolicyStatement]:
        return [s for _, doc in self.policies for s in doc.statements if not s.allows]

    def allows(self, action: str) -> Grant | None:
        """The first grant of ``action`` on some resource that no deny cancels, or None."""
        denies = [d for d in self._denies() if statement_action_matches(d, action)]
        for name, doc in self.policies:
            for statement in doc.statements:
                if not statement.allows or not statement_action_matches(statement, action):
                    continue
                if any(_denies_all(d, statement) for d in denies):
                    continue
                conditional = bool(statement.conditions) or statement.has_conditions
                return Grant(action, name, statement, conditional)
        return None

    @property
    def admin_equivalent(self) -> Grant | None:
        """A grant of every action on every resource (``*``, ``*:*``, or ``NotAction``
        leaving IAM write open), unconditional, with no deny on any self-grant action
        (``SELF_GRANT_ACTIONS``); else None.

        ``NotAction`` on ``*`` counts when what it leaves allowed still includes a way to
        grant oneself everything (``iam:AttachUserPolicy``, ``iam:PutRolePolicy``...).
        """
        denies = self._denies()
        for name, doc in self.policies:
            for statement in doc.statements:
                if not statement.allows or statement.conditions or statement.has_conditions:
                    continue
                if not _all_resources(statement):
                    continue
                if statement.not_actions:
                    if not any(statement_action_matches(statement, a) for a in SELF_GRANT_ACTIONS):
                        continue
                elif not _all_actions(statement):
                    continue
                if any(
                    statement_action_matches(d, a) and _denies_all(d, statement)
                    for d in denies
                    for a in SELF_GRANT_ACTIONS
                ):
                    continue
                return Grant("*", name, statement, conditional=False)
        return None


#: Actions by which a principal can grant itself any permission (write to its own policies).
SELF_GRANT_ACTIONS = (
    "iam:AttachUserPolicy",
    "iam:AttachRolePolicy",
    "iam:AttachGroupPolicy",
    "iam:PutUserPolicy",
    "iam:PutRolePolicy",
    "iam:PutGroupPolicy",
    "iam:CreatePolicyVersion",
)
