"""Endpoint policies: does a VPC endpoint policy let everyone do everything through it?

An endpoint policy is a resource policy on the endpoint. It does not grant access by itself;
it caps what any principal may do through the endpoint. Created without one, an endpoint
carries the default policy ``Allow * on * to Principal *``, which caps nothing (AWS
PrivateLink guide, "Control access to VPC endpoints using endpoint policies"). A policy is
"full access" when one Allow statement, open to everyone (no condition the engine counts as
restricting who), grants every action of the target service on every resource, with no
resource condition (``aws:ResourceAccount``, ``aws:ResourceOrgID``...) and no Deny statement
beside it. Restricting principals, actions or resources, or adding a Deny, narrows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.model.iam import PolicyDocument, PolicyStatement
from scanner.policy.exposure import statement_public
from scanner.policy.keys import classify
from scanner.policy.wildcard import covers


@dataclass(frozen=True)
class EndpointAccess:
    """What an endpoint policy leaves open.

    ``full``: indexes of Allow statements granting everyone every action on every resource;
    ``denies``: indexes of Deny statements; ``restricted_by``: what narrowed the other
    grants; ``undetermined_keys``: unclassified condition keys on an otherwise full grant.
    """

    full: tuple[int, ...] = ()
    denies: tuple[int, ...] = ()
    restricted_by: tuple[str, ...] = ()
    undetermined_keys: tuple[str, ...] = ()

    @property
    def unrestricted(self) -> bool:
        """Everyone may call every action on every resource through the endpoint."""
        return bool(self.full) and not self.denies


def _every_action(statement: PolicyStatement, service: str) -> bool:
    wanted = f"{service}:*" if service else "*:*"
    return not statement.not_actions and any(
        covers(p, wanted, ignore_case=True) for p in statement.actions
    )


def _every_resource(statement: PolicyStatement) -> bool:
    if statement.not_resources:
        return False
    return not statement.resources or any(covers(p, "*") for p in statement.resources)


def _narrowing(statement: PolicyStatement, service: str) -> list[str]:
    """Why an Allow statement does not cover everything (empty: it does)."""
    why = []
    if not _every_action(statement, service):
        why.append("actions")
    if not _every_resource(statement):
        why.append("resources")
    why += [c.key for c in statement.conditions if classify(c.key).klass == "resource"]
    return why


def endpoint_access(document: PolicyDocument, service: str = "") -> EndpointAccess:
    """Judge an endpoint policy for the IAM service prefix ``service`` ('' = any service)."""
    full: list[int] = []
    denies: list[int] = []
    restricted: list[str] = []
    unknown: list[str] = []
    for index, statement in enumerate(document.statements):
        if not statement.allows:
            denies.append(index)
            continue
        narrowing = _narrowing(statement, service)
        verdict = statement_public(statement)
        if narrowing:
            restricted += narrowing
        elif verdict.public:
            full.append(index)
        elif verdict.undetermined_keys:
            unknown += verdict.undetermined_keys
        else:
            restricted += list(verdict.restricted_by) or ["principals"]
    return EndpointAccess(
        full=tuple(full),
        denies=tuple(denies),
        restricted_by=tuple(dict.fromkeys(restricted)),
        undetermined_keys=tuple(dict.fromkeys(unknown)),
    )
