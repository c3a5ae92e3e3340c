"""The Terraform session: a parsed plan held in memory, joins between its resources, and
what each mapper found unknown at plan time (to name the attribute in UNKNOWN findings)."""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from providers.terraform.plan import Plan, Planned
from providers.terraform.sources import SourceIndex
from scanner.errors import CollectionError

_ATTRIBUTE = re.compile(r"^([a-z0-9_]+\.[a-z0-9_-]+(?:\[[^\]]*\])?)")


@dataclass
class TerraformSession:
    """Serves a plan to the collectors; never calls an API."""

    plan: Plan
    changed_only: bool = False
    sources: SourceIndex | None = None
    collected_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    provider: str = "terraform"
    _unknown: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _partial: dict[str, tuple[str, frozenset[str] | None, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _joins: dict[
        tuple[tuple[str, ...], str],
        tuple[dict[tuple[str, str], list[Planned]], dict[tuple[str, str], list[Planned]]],
    ] = field(default_factory=dict, repr=False)

    @property
    def account(self) -> str:
        """The plan file stands for the account: nothing is deployed yet."""
        return self.plan.path.name

    @property
    def identity(self) -> str:
        """No principal: the plan is read from disk."""
        return f"terraform {self.plan.terraform_version} {self.plan.kind}".strip()

    @property
    def offline(self) -> bool:
        """Everything is in memory."""
        return True

    @property
    def input_errors(self) -> Sequence[CollectionError]:
        """A parsed plan has no unusable records (malformed plans fail before the scan)."""
        return ()

    def release_inputs(self) -> None:
        """The plan stays: the post-scan step still reads addresses and sources."""

    def close(self) -> None:
        """Nothing to release."""

    # -- what collectors use ---------------------------------------------------------------

    def judged(self, *types: str, joins: Sequence[tuple[Sequence[str], str]] = ()) -> list[Planned]:
        """Instances of ``types`` that are judged. With ``changed_only``: those the plan
        changes, or whose joined configuration resources (``joins``: (types, attribute)
        pairs, as ``joined`` takes them) it changes: a pull request that only opens a
        bucket policy changes the bucket's verdict."""
        owners = list(self.plan.of_type(*types))
        if not self.changed_only:
            return owners
        return [
            r
            for r in owners
            if r.changed
            or any(j.changed for kinds, attr in joins for j in self.joined(r, kinds, attr))
        ]

    def all_of(self, *types: str) -> list[Planned]:
        """Every instance of ``types`` (joined resources count even when unchanged)."""
        return list(self.plan.of_type(*types))

    def region(self, resource: Planned) -> str:
        """The region the resource lands in, when the plan says so; else 'unknown'."""
        value = resource.values.get("region") or resource.values.get("location")
        if isinstance(value, str) and value:
            return value
        return next(iter(self.plan.provider_regions.values()), "unknown")

    def note_unknown(self, resource: Planned, attributes: Iterable[str]) -> None:
        """Record attributes known only after apply that a mapper left unknown."""
        with self._lock:
            seen = self._unknown[resource.address]
            seen.extend(a for a in attributes if a not in seen)

    def note_partial(
        self, uid: str, why: str, checks: Iterable[str] | None = None, *, uncertain: str = "pass"
    ) -> None:
        """The model of ``uid`` holds only what the plan manages of a whole (a project's IAM
        policy from additive ``_member``/``_binding`` resources): a FAIL stands, a PASS of
        ``checks`` (None: every check) says nothing of the rest and becomes UNKNOWN, with
        ``why``. ``uncertain="fail"`` for wholes where what the plan adds can only pass
        (an alert policy the plan adds; the missing one may exist outside it)."""
        with self._lock:
            self._partial[uid] = (why, None if checks is None else frozenset(checks), uncertain)

    def partial_models(self) -> dict[str, tuple[str, frozenset[str] | None, str]]:
        """Uid -> why its PASS verdicts of which checks are UNKNOWN (``note_partial``)."""
        with self._lock:
            return dict(self._partial)

    def project(self, resource: Planned) -> str:
        """A Google resource's project: its ``project`` attribute, else the provider
        configuration's (the registry pages: "If it is not provided, the provider project
        is used"); "" when neither is known at plan time (or several providers differ)."""
        value = resource.values.get("project")
        if isinstance(value, str) and value:
            return value
        if resource.configured("project"):
            return ""  # set, but known only after apply
        projects = {
            v for k, v in self.plan.provider_projects.items() if k.split(".")[0].endswith("google")
        }
        return next(iter(projects)) if len(projects) == 1 else ""

    def unknown_attributes(self) -> dict[str, list[str]]:
        """Address -> attributes known only after apply (for UNKNOWN findings' reasons)."""
        with self._lock:
            return {k: list(v) for k, v in self._unknown.items() if v}

    def joined(self, owner: Planned, types: Sequence[str], attribute: str) -> list[Planned]:
        """The ``types`` resources whose ``attribute`` points at ``owner``.

        Joined through the configuration's references (``bucket = aws_s3_bucket.b.id``),
        within the same module instance; when an index is referenced or both sides share
        ``count``/``for_each`` keys, the index must match. A known value (a literal bucket
        name) joins on the owner's name or id. Indexed once per (types, attribute).
        """
        by_target, by_value = self._join_index(tuple(types), attribute)
        base = _INDEXLESS.sub("", owner.local_address)
        found = [
            other
            for other in by_target.get((owner.module, base), ())
            if _refers_to(other, attribute, owner)
        ]
        for key in ("id", "bucket", "name"):
            value = owner.values.get(key)
            if value:
                found += [o for o in by_value.get((owner.module, str(value)), ()) if o not in found]
        return found

    def _join_index(
        self, types: tuple[str, ...], attribute: str
    ) -> tuple[dict[tuple[str, str], list[Planned]], dict[tuple[str, str], list[Planned]]]:
        key = (types, attribute)
        with self._lock:
            cached = self._joins.get(key)
            if cached is None:
                by_target: dict[tuple[str, str], list[Planned]] = defaultdict(list)
                by_value: dict[tuple[str, str], list[Planned]] = defaultdict(list)
                for other in self.plan.of_type(*types):
                    refs = other.references(attribute)
                    bases = {
                        _INDEXLESS.sub("", m.group(1))
                        for m in map(_ATTRIBUTE.match, refs)
                        if m is not None
                    }
                    for target in bases:
                        by_target[(other.module, target)].append(other)
                    if not refs and other.values.get(attribute):
                        by_value[(other.module, str(other.values[attribute]))].append(other)
                cached = self._joins[key] = (by_target, by_value)
            return cached


def _refers_to(other: Planned, attribute: str, owner: Planned) -> bool:
    """``other.attribute`` references ``owner`` (by config address, with a matching index)."""
    base = _INDEXLESS.sub("", owner.local_address)
    targets = {
        m.group(1) for m in map(_ATTRIBUTE.match, other.references(attribute)) if m is not None
    }
    explicit = {t for t in targets if "[" in t and _INDEXLESS.sub("", t) == base}
    if explicit:
        return owner.local_address in explicit
    if base not in targets:
        return False
    # "aws_s3_bucket.b" without a constant index: the only instance, or the same
    # count/for_each key (``aws_s3_bucket.b[count.index]``, ``[each.key]``)
    return owner.index is None or owner.index == other.index


_INDEXLESS = re.compile(r"\[[^\]]*\]")


def source_of(session: TerraformSession, resource: Planned) -> tuple[str, int] | None:
    """The .tf file (relative) and line of the resource block, when sources were given."""
    if session.sources is None:
        return None
    return session.sources.locate(resource)


def plan_artifact(session: TerraformSession) -> str:
    """The plan file itself, as the SARIF artifact when no sources were given."""
    return Path(session.plan.path).name


def known_after_apply(
    provider: str, resource: Planned, kind: str, attributes: Sequence[str]
) -> CollectionError:
    """A resource not judged because what its checks read is known only after apply."""
    return CollectionError(
        provider,
        "plan",
        kind,
        "KnownAfterApply",
        uid=resource.address,
        detail=", ".join(attributes),
        hint=f"known after apply: {', '.join(attributes)}; judge the applied resource "
        "with a live scan",
    )


def opaque_resource(provider: str, resource: Planned, kind: str) -> CollectionError:
    """A resource Terraform knows nothing of before apply (``after_unknown: true``)."""
    return known_after_apply(provider, resource, kind, [f"{resource.address} (every attribute)"])
