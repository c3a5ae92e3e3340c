"""Check declaration (``@check``) and the explicit, validated check registry."""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import ModuleType
from typing import Concatenate, Generic, Literal, TypeVar

from scanner.errors import ConfigError, RegistryError
from scanner.findings import Result, Severity
from scanner.frameworks import DERIVED_FRAMEWORKS, control_index
from scanner.frameworks.derive import expand_controls
from scanner.model.base import Resource
from scanner.thresholds import Threshold, Value, resolve

__all__ = ["Check", "Registry", "Threshold", "check", "load", "validate"]

R = TypeVar("R", bound=Resource)
Provider = Literal["aws", "gcp", "azure", "github"]
ALL_PROVIDERS: tuple[Provider, ...] = ("aws", "gcp", "azure")
_ID_RE = re.compile(r"^[A-Z]+-\d{3}$")


@dataclass(frozen=True)
class Check(Generic[R]):
    """A pure function ``(resource) -> Result`` plus its metadata. Registers nothing.

    ``controls`` is what the check speaks for: the refs it declares followed by the refs of
    derived frameworks (ISO 27001:2013, NIST CSF 1.1) those imply, per
    ``scanner.frameworks.derive``. This is the one place derived ids enter; check metadata,
    findings, selection, roll-up, SARIF and OCSF all copy ``controls``.
    ``declared_controls`` keeps what the author wrote.

    ``thresholds`` are the named limits the check declares (``scanner.thresholds``); the
    function takes each as a keyword-only argument. ``overrides`` are the values a config
    file set (:meth:`configured`); ``limits`` are the effective values passed on every call.
    """

    id: str
    title: str
    severity: Severity
    resource: type[R]
    controls: tuple[str, ...]
    func: Callable[Concatenate[R, ...], Result]
    providers: tuple[Provider, ...] = ALL_PROVIDERS
    module: str = ""
    rationale: str = field(default="", compare=False)
    remediation: str = field(default="", compare=False)
    thresholds: tuple[Threshold, ...] = ()
    overrides: tuple[tuple[str, Value], ...] = ()
    declared_controls: tuple[str, ...] = field(init=False, compare=False, repr=False)
    limits: Mapping[str, Value] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # frozen: set the derived view once, at declaration
        object.__setattr__(self, "declared_controls", self.controls)
        object.__setattr__(self, "controls", expand_controls(self.controls))
        object.__setattr__(self, "limits", self._limits())

    def _limits(self) -> dict[str, Value]:
        given = dict(self.overrides)
        return {t.name: given.get(t.name, t.default) for t in self.thresholds}

    def __call__(self, resource: R) -> Result:
        """Evaluate the check on one resource (with its effective thresholds)."""
        if self.limits:
            return self.func(resource, **self.limits)
        return self.func(resource)

    def configured(self, overrides: Mapping[str, object]) -> Check[R]:
        """This check with threshold ``overrides`` (validated: ConfigError if they do not fit).

        Values equal to the default are dropped, so ``overridden()`` lists real changes only.
        """
        values = resolve(self.id, self.thresholds, overrides)
        defaults = {t.name: t.default for t in self.thresholds}
        kept = tuple(sorted((k, v) for k, v in values.items() if v != defaults[k]))
        twin = copy.copy(self)
        object.__setattr__(twin, "overrides", kept)
        object.__setattr__(twin, "limits", twin._limits())
        return twin

    def overridden(self) -> dict[str, Value]:
        """Effective threshold values that differ from the declared defaults."""
        return dict(self.overrides)

    def frameworks(self) -> tuple[str, ...]:
        """Framework ids this check maps to (derived frameworks included)."""
        return tuple(dict.fromkeys(c.split(":", 1)[0] for c in self.controls))

    def controls_for(self, framework: str) -> tuple[str, ...]:
        """Control ids of ``framework`` this check tests (derived frameworks included)."""
        prefix = f"{framework}:"
        return tuple(c[len(prefix) :] for c in self.controls if c.startswith(prefix))


def _split_doc(doc: str) -> tuple[str, str]:
    """Split a check docstring into (rationale, remediation)."""
    text = inspect.cleandoc(doc)
    head, sep, tail = text.partition("Remediation:")
    if not sep:
        return text.strip(), ""
    remediation = tail.split("References:", 1)[0]
    return " ".join(head.split()), " ".join(remediation.split())


def check(
    *,
    id: str,
    title: str,
    severity: Severity,
    resource: type[R],
    controls: tuple[str, ...],
    providers: tuple[Provider, ...] = ALL_PROVIDERS,
    thresholds: tuple[Threshold, ...] = (),
) -> Callable[[Callable[Concatenate[R, ...], Result]], Check[R]]:
    """Declare a check; returns a frozen ``Check`` and registers nothing.

    ``thresholds``: the check's named limits; ``func`` takes each as a keyword-only argument.
    """

    def wrap(func: Callable[Concatenate[R, ...], Result]) -> Check[R]:
        rationale, remediation = _split_doc(func.__doc__ or "")
        return Check(
            id=id,
            title=title,
            severity=severity,
            resource=resource,
            controls=controls,
            func=func,
            providers=providers,
            module=func.__module__,
            rationale=rationale,
            remediation=remediation,
            thresholds=thresholds,
        )

    return wrap


@dataclass(frozen=True)
class Registry:
    """An immutable, validated set of checks, ordered by id."""

    checks: tuple[Check[Resource], ...]

    def __iter__(self) -> Iterator[Check[Resource]]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def get(self, check_id: str) -> Check[Resource]:
        """The check with ``check_id``; RegistryError if there is none."""
        for c in self.checks:
            if c.id == check_id:
                return c
        raise RegistryError(f"unknown check id {check_id!r}; see `complyscan checks list`")

    def select(
        self,
        *,
        ids: Iterable[str] = (),
        severities: Iterable[Severity] = (),
        frameworks: Iterable[str] = (),
        provider: str | None = None,
    ) -> Registry:
        """A sub-registry filtered by ids, severities, frameworks and provider (all ANDed)."""
        wanted_ids = {i.upper() for i in ids}
        unknown = wanted_ids - {c.id for c in self.checks}
        if unknown:
            raise RegistryError(
                f"unknown check id(s): {', '.join(sorted(unknown))}; see `complyscan checks list`"
            )
        sev = set(severities)
        fws = set(frameworks)
        return Registry(
            tuple(
                c
                for c in self.checks
                if (not wanted_ids or c.id in wanted_ids)
                and (not sev or c.severity in sev)
                and (not fws or fws & set(c.frameworks()))
                and (provider is None or provider in c.providers)
            )
        )

    def configured(self, overrides: Mapping[str, Mapping[str, object]]) -> Registry:
        """The checks with threshold ``overrides`` (check id -> name -> value) applied.

        ConfigError (exit 2) for an id no loaded check has, a name the check does not
        declare, or a value of the wrong type or out of bounds. Ids are validated against
        this registry, so configure the full registry before selecting from it.
        """
        wanted = {i.upper(): v for i, v in overrides.items()}
        unknown = sorted(set(wanted) - {c.id for c in self.checks})
        if unknown:
            raise ConfigError(
                f"thresholds: unknown check id(s) {', '.join(unknown)}; "
                "see `complyscan checks list`"
            )
        return Registry(
            tuple(c.configured(wanted[c.id]) if c.id in wanted else c for c in self.checks)
        )

    def resource_kinds(self) -> set[type[Resource]]:
        """Resource models the selected checks need (drives which collectors run)."""
        return {c.resource for c in self.checks}


def validate(checks: Iterable[Check[Resource]], catalogs: Mapping[str, set[str]]) -> Registry:
    """Validate ids, controls and docs; raise RegistryError listing every problem."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    ordered = sorted(checks, key=lambda c: c.id)
    for c in ordered:
        where = f"{c.id} ({c.module})"
        if not _ID_RE.match(c.id):
            problems.append(f"{where}: id must match AREA-NNN")
        if c.id in seen:
            problems.append(f"{where}: duplicate id, also in {seen[c.id]}")
        seen[c.id] = c.module
        if not c.remediation:
            problems.append(f"{where}: docstring lacks 'Remediation:'")
        if not c.rationale:
            problems.append(f"{where}: docstring lacks a rationale paragraph")
        if len(c.title) > 80 or c.title.lower().startswith("ensure"):
            problems.append(f"{where}: title must be <= 80 chars and not start with 'Ensure'")
        if not c.declared_controls:
            problems.append(f"{where}: maps to no control")
        problems += [f"{where}: {p}" for p in _threshold_problems(c)]
        for ref in c.declared_controls:
            fw, _, cid = ref.partition(":")
            if fw in DERIVED_FRAMEWORKS:
                problems.append(
                    f"{where}: {ref!r}: {fw} ids are derived from the current edition, "
                    "never declared; map that instead"
                )
            elif fw not in catalogs:
                problems.append(f"{where}: unknown framework {fw!r} in {ref!r}")
            elif cid not in catalogs[fw]:
                problems.append(f"{where}: control {ref!r} is not in the {fw} catalog")
    if problems:
        raise RegistryError("invalid checks:\n  " + "\n  ".join(problems))
    return Registry(tuple(ordered))


def _threshold_problems(c: Check[Resource]) -> list[str]:
    """Declared thresholds must be well formed and be exactly the keyword-only parameters."""
    out = [p for t in c.thresholds for p in t.problems()]
    names = [t.name for t in c.thresholds]
    if len(set(names)) != len(names):
        out.append("duplicate threshold names")
    params = inspect.signature(c.func).parameters.values()
    keyword = {p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
    if keyword != set(names):
        out.append(
            f"thresholds {sorted(names)} must match the function's keyword-only "
            f"parameters {sorted(keyword)}"
        )
    return out


def _checks_in(module: ModuleType) -> list[Check[Resource]]:
    return [v for v in vars(module).values() if isinstance(v, Check)]


def _walk(package: str) -> Iterator[ModuleType]:
    root = importlib.import_module(package)
    yield root
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        yield importlib.import_module(info.name)


def load(package: str = "checks", *, plugins: Iterable[str] = ()) -> Registry:
    """Collect every ``Check`` in ``package`` (and opted-in plugin packs) and validate them.

    Plugins come from the entry-point group ``complyscan.checks``; each entry point names a
    package to walk. Only the names passed in ``plugins`` are loaded.
    """
    found: dict[int, Check[Resource]] = {}
    packages = [package]
    wanted = set(plugins)
    if wanted:
        eps = {ep.name: ep for ep in entry_points(group="complyscan.checks")}
        missing = wanted - eps.keys()
        if missing:
            raise RegistryError(f"check plugin(s) not installed: {', '.join(sorted(missing))}")
        packages += [eps[name].value for name in sorted(wanted)]
    for pkg in packages:
        for module in _walk(pkg):
            for c in _checks_in(module):
                found[id(c)] = c
    return validate(found.values(), control_index())
