"""Check declaration (``@check``) and the explicit, validated check registry."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from types import ModuleType
from typing import Generic, Literal, TypeVar

from scanner.errors import RegistryError
from scanner.findings import Result, Severity
from scanner.frameworks import DERIVED_FRAMEWORKS, control_index
from scanner.frameworks.derive import expand_controls
from scanner.model.base import Resource

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
    """

    id: str
    title: str
    severity: Severity
    resource: type[R]
    controls: tuple[str, ...]
    func: Callable[[R], Result]
    providers: tuple[Provider, ...] = ALL_PROVIDERS
    module: str = ""
    rationale: str = field(default="", compare=False)
    remediation: str = field(default="", compare=False)
    declared_controls: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # frozen: set the derived view once, at declaration
        object.__setattr__(self, "declared_controls", self.controls)
        object.__setattr__(self, "controls", expand_controls(self.controls))

    def __call__(self, resource: R) -> Result:
        """Evaluate the check on one resource."""
        return self.func(resource)

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
) -> Callable[[Callable[[R], Result]], Check[R]]:
    """Declare a check; returns a frozen ``Check`` and registers nothing."""

    def wrap(func: Callable[[R], Result]) -> Check[R]:
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
