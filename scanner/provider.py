"""The narrow interface between the engine and a provider adapter (no SDK here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, TypeVar

from scanner.config import ScanConfig
from scanner.errors import CollectionError
from scanner.model.base import Resource
from scanner.result import ScanResult

#: What a collector yields: resources, and non-fatal errors for single resources whose
#: details could not be read (the resource is still yielded, with ``None`` fields).
Item = Resource | CollectionError


class Session(Protocol):
    """Everything the engine (and the pipeline) use of a provider session.

    Providers implement all of it; mypy proves they do, because ``ProviderSpec`` and
    ``run_scan`` only accept session types that satisfy this protocol.
    """

    @property
    def provider(self) -> str:
        """'aws', 'gcp' or 'azure'."""
        ...

    @property
    def account(self) -> str:
        """Account/project/subscription being scanned."""
        ...

    @property
    def identity(self) -> str:
        """The principal the scan runs as (ARN, service account, object id)."""
        ...

    @property
    def offline(self) -> bool:
        """Serving an export held in memory (``--snapshot``): collection is pure CPU work,
        so the engine pauses the cyclic garbage collector while collecting."""
        ...

    @property
    def input_errors(self) -> Sequence[CollectionError]:
        """Records of an offline input that could not be used (empty for a live session).

        The engine reports them after collection and marks the scan incomplete; see
        ``scanner.snapshot``.
        """
        ...

    def release_inputs(self) -> None:
        """Drop what the session read; called once every collector has finished, before
        checks are evaluated (a large snapshot need not stay in memory). May do nothing."""
        ...

    def close(self) -> None:
        """Release pools and clients."""
        ...


S = TypeVar("S", bound=Session)


@dataclass(frozen=True)
class Collector(Generic[S]):
    """Reads one resource kind for one scope (region, project, subscription, or 'global').

    ``collect(session, scope)`` yields resources; it raises ``CollectionError`` when the
    whole scope cannot be read. ``permissions`` are the read-only API actions it calls.
    """

    resource: type[Resource]
    collect: Callable[[S, str], Iterable[Item]]
    permissions: tuple[str, ...]
    scope: Literal["regional", "global"] = "regional"
    name: str = ""

    @property
    def label(self) -> str:
        """Human name: the function name, else the resource kind."""
        return self.name or getattr(self.collect, "__name__", self.resource.__name__)


@dataclass(frozen=True)
class ProviderSpec(Generic[S]):
    """A provider adapter: how to connect, which scopes exist, which collectors it has.

    ``connect(config)`` builds a live session (AuthenticationError when it cannot);
    ``scopes(session, config)`` lists the scopes to collect (regions, projects,
    subscriptions); ``open_snapshot(path, config)``, when set, builds a session that serves
    the same collectors from an export file with no API calls.
    """

    name: str
    connect: Callable[[ScanConfig], S]
    scopes: Callable[[S, ScanConfig], list[str]]
    collectors: tuple[Collector[S], ...]
    open_snapshot: Callable[[Path, ScanConfig], S] | None = None
    #: Organisation mode: ``members(session, config)`` lists member account/project/
    #: subscription ids; ``connect_member(session, member, config)`` opens a session in one.
    members: Callable[[S, ScanConfig], list[str]] | None = None
    connect_member: Callable[[S, str, ScanConfig], S] | None = None
    #: Renders the collectors' permissions as the provider's policy document (AWS IAM policy
    #: by default in the CLI; a GCP custom role; an Azure role definition).
    permission_policy: Callable[[list[str]], dict[str, Any]] | None = None
    #: Pure post-collection step that denormalises relationships across kinds (e.g. which
    #: key manager stands behind a volume's key); ``link_requires`` are the kinds it reads,
    #: collected whenever a selected kind is in ``link_targets``.
    link: (
        Callable[[Mapping[type[Resource], list[Resource]]], dict[type[Resource], list[Resource]]]
        | None
    ) = None
    link_requires: tuple[type[Resource], ...] = ()
    link_targets: tuple[type[Resource], ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    #: Pure post-scan step of the provider (before suppressions): e.g. Terraform locates
    #: findings on the .tf file and line and names attributes known only after apply.
    annotate: Callable[[S, ScanResult], ScanResult] | None = None

    def plan(self, kinds: Iterable[type[Resource]]) -> set[type[Resource]]:
        """The kinds to collect: those the checks need plus what the link step reads."""
        wanted = set(kinds)
        if self.link is not None and wanted & set(self.link_targets):
            wanted |= set(self.link_requires)
        return wanted

    def collectors_for(self, kinds: Iterable[type[Resource]]) -> tuple[Collector[S], ...]:
        """Only the collectors producing one of ``kinds`` (the plan step)."""
        wanted = self.plan(kinds)
        return tuple(c for c in self.collectors if c.resource in wanted)

    def permissions(self) -> list[str]:
        """Every API action the collectors may call, sorted and deduplicated."""
        return sorted({p for c in self.collectors for p in c.permissions})
