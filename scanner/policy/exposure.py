"""Who a resource policy lets in: public grants, and proofs that requests are refused.

"Everyone" is ``Principal: "*"``, ``{"AWS": "*"}`` (also inside a list mixing ``*`` with
accounts) or an Allow with ``NotPrincipal``. Such a grant is public unless one of its
conditions restricts WHO can call (``scanner.policy.keys``): the engine models an outsider
as a caller whose who-restricting keys hold a value the owner did not list, or are absent,
and who chooses every caller-controlled value. A clause an outsider can satisfy does not
narrow the grant; one it cannot, does.

Denies fence outsiders off when they apply to everyone and every clause holds for any
outsider (``StringNotEquals aws:SourceVpce vpce-1`` does; ``Bool aws:SecureTransport false``
does not: the outsider just uses TLS). The actions a fence covers, on every resource the
grant names, are removed from the public set.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from scanner.model.iam import ConditionClause, PolicyDocument, PolicyStatement
from scanner.policy.catalogue import ActionInfo, expand, expand_not, service_actions
from scanner.policy.conditions import evaluate_clause, evaluate_conditions, parse_operator
from scanner.policy.evaluate import statement_action_matches
from scanner.policy.keys import classify
from scanner.policy.wildcard import covers, is_fixed

#: Values an outsider presents for boolean who-keys (it is not an AWS service).
_OUTSIDER_BOOLS = {"aws:principalisawsservice": ("false",)}
#: Addresses an outsider may call from; the first one no listed range contains is used.
_OUTSIDER_IPS = ("192.0.2.123", "198.51.100.123", "203.0.113.123", "100.64.0.1", "2001:db8::7")
_FRESH = "zz-outsider"


def _instance(pattern: str) -> str:
    """A value an outsider can own that matches a wildcard pattern."""
    return re.sub(r"\$\{[^}]*\}", "outsider", pattern).replace("*", "outsider").replace("?", "x")


def _fresh_ip(clauses: list[ConditionClause]) -> str:
    listed = []
    for clause in clauses:
        for value in clause.values:
            with contextlib.suppress(ValueError):
                network = ipaddress.ip_network(value, strict=False)
                if network.prefixlen:
                    listed.append(network)
    for candidate in _OUTSIDER_IPS:
        address = ipaddress.ip_address(candidate)
        if not any(address.version == n.version and address in n for n in listed):
            return candidate
    return _OUTSIDER_IPS[-1]


def _candidates(key: str, clauses: list[ConditionClause]) -> list[tuple[str, ...] | None]:
    """The values an outsider may present for ``key`` (None: absent).

    Who-keys: absent, an unlisted value, or one of its own matching a wildcard pattern
    (StringEquals has no wildcards). Caller and resource keys: any value, so every literal
    in sight too.
    """
    klass = classify(key).klass
    families = {parse_operator(c.operator).family for c in clauses}
    if klass == "who" and key.lower() in _OUTSIDER_BOOLS:
        return [None, _OUTSIDER_BOOLS[key.lower()]]
    values: set[str] = {_FRESH}
    if "ipaddress" in families:
        values.add(_fresh_ip(clauses))
    for clause in clauses:
        base = parse_operator(clause.operator).base
        for value in clause.values:
            wildcard = base not in {"stringequals", "stringequalsignorecase"} and not is_fixed(
                value
            )
            if wildcard or "${" in value:
                values.add(_instance(value))
            if klass != "who" or parse_operator(clause.operator).family in {"numeric", "date"}:
                values.add(value)
                if "ipaddress" in families:
                    with contextlib.suppress(ValueError):
                        values.add(str(next(ipaddress.ip_network(value, strict=False).hosts(), "")))
    if klass != "who":
        values.update({"true", "false"})
    return [None, *((v,) for v in sorted(values) if v)]


def _contexts(clauses: tuple[ConditionClause, ...]) -> list[dict[str, tuple[str, ...]]]:
    by_key: dict[str, list[ConditionClause]] = {}
    for clause in clauses:
        by_key.setdefault(clause.key.lower(), []).append(clause)
    options = [[(key, v) for v in _candidates(cs[0].key, cs)] for key, cs in by_key.items()]
    return [
        {key: value for key, value in combo if value is not None}
        for combo in itertools.product(*options)
    ]


def outsider_can_satisfy(clauses: tuple[ConditionClause, ...]) -> bool:
    """Whether some outsider request makes every clause true (unknown keys excluded)."""
    known = tuple(c for c in clauses if classify(c.key).klass != "unknown")
    return any(evaluate_conditions(known, ctx) for ctx in _contexts(known))


def outsider_cannot_escape(clauses: tuple[ConditionClause, ...]) -> bool:
    """Whether every outsider request makes every clause true (a deny they cannot avoid)."""
    if any(classify(c.key).klass == "unknown" for c in clauses):
        return False
    return all(evaluate_conditions(clauses, ctx) for ctx in _contexts(clauses))


def names_everyone(statement: PolicyStatement) -> bool:
    """Principal ``*`` / ``{"AWS": "*"}`` (alone or in a list), or any NotPrincipal."""
    if statement.has_principal:
        return any(p.kind.lower() == "aws" and p.value == "*" for p in statement.principal_refs)
    return statement.has_not_principal


@dataclass(frozen=True)
class StatementExposure:
    """Whether one statement grants everyone access, and what narrows it if not."""

    public: bool
    restricted_by: tuple[str, ...] = ()
    undetermined_keys: tuple[str, ...] = ()


def statement_public(statement: PolicyStatement) -> StatementExposure:
    """An Allow to everyone that no who-restricting condition narrows."""
    if not statement.allows or not names_everyone(statement):
        return StatementExposure(False)
    if statement.has_conditions and not statement.conditions:  # legacy model: unknown
        return StatementExposure(False, undetermined_keys=("<conditions not parsed>",))
    conditions = statement.conditions
    unknown = [c.key for c in conditions if classify(c.key).klass == "unknown"]
    if not outsider_can_satisfy(conditions):
        who = [c.key for c in conditions if classify(c.key).klass == "who"]
        keys = who or [c.key for c in conditions if classify(c.key).klass != "unknown"]
        return StatementExposure(False, restricted_by=tuple(dict.fromkeys(keys)))
    if unknown:
        return StatementExposure(False, undetermined_keys=tuple(dict.fromkeys(unknown)))
    return StatementExposure(True)


def _fences(document: PolicyDocument) -> list[PolicyStatement]:
    return [
        s
        for s in document.statements
        if not s.allows
        and names_everyone(s)
        and outsider_cannot_escape(s.conditions)
        and not (s.has_conditions and not s.conditions)
    ]


def _fence_covers_resources(fence: PolicyStatement, grant: PolicyStatement) -> bool:
    if fence.not_resources:
        return False
    if not fence.resources or any(covers(p, "*") for p in fence.resources):
        return True
    if grant.not_resources or not grant.resources:
        return False
    return all(any(covers(f, r) for f in fence.resources) for r in grant.resources)


def _granted(statement: PolicyStatement, service: str | None) -> tuple[ActionInfo, ...]:
    if service is None:
        if statement.not_actions:
            return (ActionInfo("NotAction " + ", ".join(statement.not_actions), "Unknown"),)
        return tuple(ActionInfo(a, "Unknown") for a in statement.actions)
    if statement.not_actions:
        return expand_not(statement.not_actions, service=service)
    return expand(statement.actions, service=service)


@dataclass(frozen=True)
class Exposure:
    """What a resource policy lets everyone do.

    ``actions``: the actions granted to everyone after fences (catalogue names when a
    service was given, else the patterns as written); ``statements``: indexes of the
    public Allow statements; ``restricted_by``: who-keys that narrowed other grants;
    ``undetermined_keys``: unknown keys on grants that are public unless those keys
    restrict who (the verdict cannot be decided from the policy alone).
    """

    actions: tuple[ActionInfo, ...] = ()
    statements: tuple[int, ...] = ()
    restricted_by: tuple[str, ...] = ()
    undetermined_keys: tuple[str, ...] = ()

    @property
    def public(self) -> bool:
        """Some action is granted to everyone."""
        return bool(self.actions)

    @property
    def undetermined(self) -> bool:
        """Not provably public, but an unknown condition key decides it."""
        return not self.public and bool(self.undetermined_keys)

    def describe(self, limit: int = 6) -> str:
        """``s3:GetObject, s3:ListBucket`` or ``every s3 action (N)``-style summary."""
        names = [a.name for a in self.actions]
        services = {n.partition(":")[0] for n in names}
        if len(names) > limit and len(services) == 1:
            total = len(service_actions(next(iter(services))))
            if total and len(names) >= total:
                return f"every {next(iter(services))} action ({len(names)})"
        shown = ", ".join(names[:limit])
        return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def public_access(document: PolicyDocument, *, service: str | None = None) -> Exposure:
    """The actions ``document`` grants to everyone; ``service`` scopes the catalogue (a
    bucket policy governs ``s3`` actions, a key policy ``kms``...)."""
    fences = _fences(document)
    actions: set[ActionInfo] = set()
    public_statements: list[int] = []
    restricted: list[str] = []
    unknown: list[str] = []
    for index, statement in enumerate(document.statements):
        verdict = statement_public(statement)
        restricted.extend(verdict.restricted_by)
        unknown.extend(verdict.undetermined_keys)
        if not verdict.public:
            continue
        granted = _granted(statement, service)
        blocking = [f for f in fences if _fence_covers_resources(f, statement)]
        kept = [a for a in granted if not any(_fence_blocks(f, a) for f in blocking)]
        if kept:
            public_statements.append(index)
            actions.update(kept)
    return Exposure(
        actions=tuple(sorted(actions)),
        statements=tuple(public_statements),
        restricted_by=tuple(dict.fromkeys(restricted)),
        undetermined_keys=tuple(dict.fromkeys(unknown)),
    )


def _fence_blocks(fence: PolicyStatement, action: ActionInfo) -> bool:
    if action.name.startswith("NotAction "):
        return not fence.not_actions and any(
            covers(p, "*", ignore_case=True) for p in fence.actions
        )
    if fence.not_actions:
        return statement_action_matches(fence, action.name) and "*" not in action.name
    return any(covers(p, action.name, ignore_case=True) for p in fence.actions)


_INSECURE = {"aws:securetransport": ("false",)}


def _refuses_plain_http(statement: PolicyStatement) -> bool:
    """A Deny to everyone (no NotPrincipal exemptions) whose every clause holds for any
    request made without TLS: it may only test ``aws:SecureTransport``."""
    if statement.allows or statement.has_not_principal or not names_everyone(statement):
        return False
    return all(
        c.key.lower() == "aws:securetransport" and evaluate_clause(c, _INSECURE)
        for c in statement.conditions
    )


def denies_insecure_transport(
    document: PolicyDocument, resources: Iterable[str], *, service: str
) -> tuple[bool, tuple[str, ...]]:
    """Whether every ``service`` action without TLS, by anyone, on each resource pattern
    (``arn:aws:s3:::b`` and ``arn:aws:s3:::b/*``) is explicitly denied.

    Returns (proven, actions left open: up to a few names, for the finding).
    """
    rules = [s for s in document.statements if _refuses_plain_http(s)]
    open_actions: list[str] = []
    for resource in resources:
        applying = [r for r in rules if _fence_covers_resources(r, _on(resource))]
        for action in service_actions(service):
            if not any(statement_action_matches(r, action.name) for r in applying):
                open_actions.append(f"{action.name} on {resource}")
    return not open_actions, tuple(open_actions[:3])


def _on(resource: str) -> PolicyStatement:
    return PolicyStatement(effect="Allow", resources=(resource,))


_GITHUB = "token.actions.githubusercontent.com"


def open_oidc_subject(statement: PolicyStatement) -> bool:
    """An Allow trusting GitHub's OIDC provider whose conditions never pin the token's
    ``sub`` to repositories (a positive match with something before the first ``*``).

    IAM User Guide, "Configuring a role for GitHub OIDC identity provider": without a
    ``sub`` condition any GitHub workflow can assume the role.
    """
    trusts_github = any(
        p.kind.lower() == "federated" and p.value.endswith(f"oidc-provider/{_GITHUB}")
        for p in statement.principal_refs
    )
    if not statement.allows or not trusts_github:
        return False
    for clause in statement.conditions:
        op = parse_operator(clause.operator)
        if clause.key.lower() != f"{_GITHUB}:sub" or op.negated or op.if_exists:
            continue
        if clause.values and all(_names_repository(v) for v in clause.values):
            return False
    return True


def _names_repository(value: str) -> bool:
    """``repo:org/name:...`` or ``repo:org/*``: an owner fixed before any wildcard."""
    head = value.split("*", 1)[0].split("?", 1)[0]
    return head.startswith("repo:") and "/" in head
