"""Shared pieces of the GCP collectors: identity fields, the map-every-record loop, and
resources mapped together with their IAM policy."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar

from providers.gcp.assets import AssetRecord, Policy, location_of, short_name, short_type
from providers.gcp.session import GcpSession
from scanner.errors import CollectionError
from scanner.model import Resource
from scanner.model.access import PUBLIC_MEMBERS
from scanner.provider import Item
from scanner.snapshot import SNAPSHOT_SCOPE

R = TypeVar("R", bound=Resource)
R_co = TypeVar("R_co", bound=Resource, covariant=True)
#: A pure mapper: (record, identity fields) -> model.
Mapper = Callable[[AssetRecord, dict[str, Any]], R]


class PolicyMapper(Protocol[R_co]):
    """A pure mapper that also reads the resource's IAM policy (None: policies unknown)."""

    def __call__(
        self, record: AssetRecord, fields: dict[str, Any], *, policy: Policy | None
    ) -> R_co:
        """(record, identity fields, IAM policy) -> model."""
        ...


def labels(body: Mapping[str, Any]) -> dict[str, str]:
    """Resource labels as tags."""
    raw = body.get("labels")
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def identity(record: AssetRecord, *, account: str, collected_at: datetime) -> dict[str, Any]:
    """The neutral identity fields of a record: uid, account, region, service, name...

    The account and region, repeated by every resource of a project or zone, are interned:
    one string each instead of one per resource (a million resources hold a few hundred).
    """
    return {
        "uid": record.name,
        "provider": "gcp",
        "account": sys.intern(account),
        "region": sys.intern(location_of(record)),
        "service": short_type(record.asset_type),
        "name": short_name(record),
        "tags": labels(record.body),
        "collected_at": collected_at,
    }


#: What mapping a record's data may raise when the data is not what the API documents
#: (OverflowError: a number such as 1e400 read as infinity, then made an int).
MAPPING_ERRORS = (KeyError, TypeError, ValueError, AttributeError, OverflowError)


def malformed(record: AssetRecord, scope: str, kind: str, err: Exception) -> CollectionError:
    """A record whose data could not be mapped; offline it counts against its file:line."""
    offline = scope == SNAPSHOT_SCOPE
    return CollectionError(
        "gcp",
        scope,
        kind,
        "MalformedRecord",
        uid=record.origin if offline else record.name,
        detail=f"{type(err).__name__}: {err}"[:200],
        hint="Fix or remove this record; every other record was evaluated"
        if offline
        else "The API returned data complyscan cannot read; please report it",
    )


def map_each(
    session: GcpSession,
    scope: str,
    records: Iterable[AssetRecord],
    kind: type[R],
    mapper: Mapper[R],
) -> Iterator[Item]:
    """Map every record; a record that fails to map becomes a per-record error."""
    for record in records:
        try:
            fields = identity(
                record, account=session.project_id(scope, record), collected_at=session.now()
            )
            yield mapper(record, fields)
        except MAPPING_ERRORS as err:
            yield malformed(record, scope, kind.__name__, err)


def collect_kind(
    session: GcpSession, scope: str, asset_types: list[str], kind: type[R], mapper: Mapper[R]
) -> Iterator[Item]:
    """List ``asset_types`` in ``scope`` and map each record to ``kind``."""
    records = session.resources(scope, asset_types, resource=kind.__name__)
    yield from map_each(session, scope, records, kind, mapper)


def optional_policies(
    session: GcpSession, scope: str, asset_types: list[str], kind: type[Resource]
) -> tuple[dict[str, Policy] | None, list[CollectionError]]:
    """IAM policies for a collector that can still map resources without them.

    When they cannot be listed, the fields they decide become unknown (None) and the error
    is reported under ``<Kind> IAM policies``, so only the checks reading them go UNKNOWN.
    """
    try:
        label = f"{kind.__name__} IAM policies"
        return session.policies(scope, asset_types, resource=label), []
    except CollectionError as err:
        return None, [err]


def collect_with_policies(
    session: GcpSession, scope: str, asset_type: str, kind: type[R], mapper: PolicyMapper[R]
) -> Iterator[Item]:
    """List ``asset_type`` in ``scope`` and map each record together with its IAM policy.

    A resource with no policy set gets an empty ``Policy``; when the policies cannot be
    listed at all, every resource gets ``None`` and the error is reported once
    (``optional_policies``).
    """
    records = session.resources(scope, [asset_type], resource=kind.__name__)
    policies, errors = optional_policies(session, scope, [asset_type], kind)
    yield from errors

    def with_policy(record: AssetRecord, fields: dict[str, Any]) -> R:
        policy = None if policies is None else policies.get(record.name, Policy())
        return mapper(record, fields, policy=policy)

    yield from map_each(session, scope, records, kind, with_policy)


def is_public(policy: Policy | None) -> bool | None:
    """Some binding names allUsers/allAuthenticatedUsers; None when the policy is unknown."""
    if policy is None:
        return None
    return any(m.lower() in PUBLIC_MEMBERS for b in policy.bindings for m in b.members)
