"""The scan pipeline: one validated request in, one result (and its artifacts) out.

    resolve the provider and open its session -> select checks -> collect and evaluate
    (``scanner.engine``) -> apply suppressions -> write reports, the evidence bundle and
    the history record

``complyscan scan``, ``demo``, ``agent`` and ``merge`` run through here, and so does the
Python API (``scanner.api``). Every side effect is a replaceable step (:class:`Steps`), and
whatever the user sees meanwhile (a progress bar, notices, Ctrl-C handling) is a
:class:`View` the caller passes in: this module prints nothing and installs no signal
handler. Providers are imported by name only once one is chosen, so no cloud SDK loads
before that.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

import structlog

from scanner.config import ScanConfig
from scanner.engine import Progress, run_scan
from scanner.errors import ConfigError
from scanner.evidence import EvidenceWritten, ensure_new_bundle_dir, write_evidence
from scanner.orchestrate import scan_members, select_members
from scanner.outputs import write_outputs
from scanner.outputs.writable import ensure_writable_dir
from scanner.phases import phase
from scanner.provider import ProviderSpec, Session
from scanner.registry import Registry, load
from scanner.result import ScanResult
from scanner.suppress import apply_suppressions, check_suppression_ids

log = structlog.get_logger(__name__)

#: provider name -> module exposing ``PROVIDER`` (imported lazily: SDKs load only when used)
PROVIDER_MODULES = {
    "aws": "providers.aws",
    "gcp": "providers.gcp",
    "azure": "providers.azure",
    "terraform": "providers.terraform",
}
PROVIDER_MODULES["github"] = "providers.github"  # source control (docs/github.md)
#: Providers that judge resources of several clouds: every check is selected for them (the
#: engine runs each check only on resources of the clouds it declares).
MULTI_CLOUD = frozenset({"terraform"})
#: the module whose ``simulated_account()`` seeds the demo account (moto, in-process)
SIMULATED_MODULE = "providers.aws.simulated"


# -- what the caller shows ------------------------------------------------------------------


@dataclass(frozen=True)
class Scanning:
    """Handed to the engine while it collects and evaluates: where progress goes, and the
    event that stops the scan (workers wind down; what was collected is kept)."""

    progress: Progress | None
    stop: threading.Event


class View(Protocol):
    """What the user sees while the pipeline runs (the CLI draws it on stderr)."""

    def scanning(self, *, progress: bool) -> AbstractContextManager[Scanning]:
        """Around collection and evaluation; ``progress``: whether a bar makes sense."""
        ...

    def writing(self, text: str) -> AbstractContextManager[object]:
        """Around writing the report files (large scans write for a while)."""
        ...

    def notice(self, text: str) -> None:
        """One line for the user (seeding the demo account, member accounts found)."""
        ...


@dataclass(frozen=True)
class SilentView:
    """Shows nothing; ``stop`` (optional) is the caller's event to stop the scan."""

    stop: threading.Event | None = None

    @contextmanager
    def scanning(self, *, progress: bool) -> Iterator[Scanning]:  # noqa: ARG002 - no bar
        """No progress; the caller's stop event, else one nobody sets."""
        yield Scanning(progress=None, stop=self.stop or threading.Event())

    def writing(self, text: str) -> AbstractContextManager[object]:  # noqa: ARG002
        """Nothing to show."""
        return nullcontext()

    def notice(self, text: str) -> None:
        """Logged at debug level only."""
        log.debug("pipeline.notice", text=text)


# -- the steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Connection:
    """A provider and an open session; ``scopes`` None: ask the provider which exist."""

    spec: ProviderSpec[Any]
    session: Session
    scopes: Sequence[str] | None = None


@dataclass(frozen=True)
class Recorded:
    """Where the history step recorded a scan."""

    scan_id: int
    location: str


#: source(request, view): opens the provider session for the run and closes it afterwards.
Source = Callable[[ScanConfig, View], AbstractContextManager[Connection]]
#: reports(result, directory, formats, frameworks) -> format -> file written.
ReportWriter = Callable[[ScanResult, Path, Iterable[str], Iterable[str] | None], dict[str, Path]]
#: evidence(result, directory) -> what the bundle holds.
EvidenceWriter = Callable[[ScanResult, Path], EvidenceWritten]
#: history(result, location, evidence manifest sha256) -> where it was recorded.
HistoryRecorder = Callable[[ScanResult, str, str | None], Recorded]


def provider_spec(name: str) -> ProviderSpec[Any]:
    """The ProviderSpec for ``name``; only that provider's SDKs are imported."""
    module = PROVIDER_MODULES.get(name)
    if module is None:
        raise ConfigError(f"unknown provider {name!r}; choose from {', '.join(PROVIDER_MODULES)}")
    try:
        spec: ProviderSpec[Any] = importlib.import_module(module).PROVIDER
    except ModuleNotFoundError as err:
        if err.name is None or not module.startswith(err.name):
            raise
        raise ConfigError(f"provider {name!r} is not available in this build") from err
    return spec


@contextmanager
def open_provider(request: ScanConfig, view: View) -> Iterator[Connection]:  # noqa: ARG001
    """The default source: connect to the provider, or open ``request.snapshot`` offline."""
    spec = provider_spec(request.provider)
    if request.snapshot is not None:
        if spec.open_snapshot is None:
            raise ConfigError(f"--snapshot is not supported for {request.provider} yet")
        if not request.snapshot.exists():
            raise ConfigError(f"snapshot file {request.snapshot} does not exist")
        with phase("read"):
            session: Session = spec.open_snapshot(request.snapshot, request)
    else:
        session = spec.connect(request)
    try:
        yield Connection(spec, session)
    finally:
        session.close()


def simulated_source(notice: str) -> Source:
    """A source serving the embedded, simulated AWS account (moto, in-process)."""

    @contextmanager
    def source(request: ScanConfig, view: View) -> Iterator[Connection]:
        spec = provider_spec("aws")
        simulated = importlib.import_module(SIMULATED_MODULE)
        view.notice(notice)
        with simulated.simulated_account(concurrency=request.concurrency) as (session, regions):
            yield Connection(spec, session, regions)

    return source


def record_history(result: ScanResult, location: str, evidence_sha256: str | None) -> Recorded:
    """The default history step: append the scan to the store at ``location``."""
    from scanner.history import open_store  # noqa: PLC0415 - SQLAlchemy only when needed

    with open_store(location) as history:
        scan_id = history.record(result, evidence_sha256=evidence_sha256)
        return Recorded(scan_id, history.location)


def utc_today() -> date:
    """The default clock of the suppression step (an expiry date is valid through its day)."""
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class Steps:
    """The replaceable steps of a run; tests swap one (a fake source, a failing writer)."""

    source: Source = open_provider
    reports: ReportWriter = write_outputs
    evidence: EvidenceWriter = write_evidence
    history: HistoryRecorder = record_history
    today: Callable[[], date] = utc_today


@dataclass(frozen=True)
class ScanRun:
    """What a run produced: the result and where its artifacts went."""

    result: ScanResult
    reports: dict[str, Path] = field(default_factory=dict)
    evidence: EvidenceWritten | None = None
    recorded: Recorded | None = None


# -- the run --------------------------------------------------------------------------------


def checks_for(registry: Registry, provider: str | None) -> Registry:
    """The checks of ``registry`` that can run on ``provider`` (all of them for None).

    A cloud provider runs the checks that declare it. A multi-cloud input (a Terraform plan)
    runs every check whose resource kind one of its mappers yields, whatever the cloud.
    """
    if provider is None:
        return registry
    if provider not in MULTI_CLOUD:
        return registry.select(provider=provider)
    spec = importlib.import_module(PROVIDER_MODULES[provider]).PROVIDER
    kinds = {c.resource for c in spec.collectors}
    return Registry(tuple(c for c in registry if c.resource in kinds))


def select_checks(request: ScanConfig, plugins: Sequence[str] = ()) -> Registry:
    """The checks the request selects, with the request's threshold overrides (ConfigError
    when none match, when a suppression names a check id that does not exist: a typo would
    otherwise suppress nothing, or when a threshold override does not fit its check)."""
    loaded = load(plugins=tuple(plugins)).configured(request.thresholds)
    check_suppression_ids(request.suppressions, (c.id for c in loaded))
    registry = loaded.select(
        ids=request.checks,
        severities=request.severities,
        frameworks=request.frameworks,
        provider=None if request.provider in MULTI_CLOUD else request.provider,
    )
    if not len(registry):
        raise ConfigError(
            "no checks match --checks/--severity/--framework; see `complyscan checks list`"
        )
    return registry


def preflight(request: ScanConfig) -> None:
    """Fail on an unusable output directory, evidence directory or history store before
    scanning, not after."""
    if request.formats:
        ensure_writable_dir(request.output_dir, "--output-dir")
    if request.evidence_dir is not None:
        ensure_new_bundle_dir(request.evidence_dir)
        ensure_writable_dir(request.evidence_dir, "--evidence")
    if request.history is not None:
        from scanner.history import open_store  # noqa: PLC0415 - SQLAlchemy only when needed

        open_store(request.history).close()


def run(
    request: ScanConfig,
    *,
    registry: Registry | None = None,
    plugins: Sequence[str] = (),
    steps: Steps | None = None,
    view: View | None = None,
) -> ScanRun:
    """The whole run: select checks, check the outputs are usable, scan, deliver."""
    steps = steps or Steps()
    registry = registry if registry is not None else select_checks(request, plugins)
    preflight(request)
    result = scan(request, registry, steps=steps, view=view)
    return deliver(request, result, steps=steps, view=view)


def scan(
    request: ScanConfig,
    registry: Registry,
    *,
    steps: Steps | None = None,
    view: View | None = None,
) -> ScanResult:
    """Open the source, scan (one account, or every member with ``org``), suppress.

    Writes nothing: the agent records the result itself, the API hands it back.
    """
    steps, view = steps or Steps(), view or SilentView()
    with steps.source(request, view) as conn:
        if request.org:
            result = _scan_org(request, conn, registry, view)
        else:
            if request.shard is not None:
                raise ConfigError("--shard partitions accounts: use it with --org")
            scopes = conn.scopes
            if scopes is None:
                scopes = conn.spec.scopes(conn.session, request)
            with view.scanning(progress=True) as scanning:
                result = run_scan(
                    conn.spec,
                    conn.session,
                    registry,
                    scopes,
                    concurrency=request.concurrency,
                    progress=scanning.progress,
                    stop=scanning.stop,
                )
        if conn.spec.annotate is not None:
            result = conn.spec.annotate(conn.session, result)
    with phase("suppress"):
        return apply_suppressions(result, request.suppressions, steps.today())


def _scan_org(request: ScanConfig, conn: Connection, registry: Registry, view: View) -> ScanResult:
    """Organisation mode: every (or this shard's) member account, merged into one result."""
    members = select_members(conn.spec, conn.session, request)
    view.notice(f"Scanning {len(members)} member account(s)...")
    with view.scanning(progress=False) as scanning:
        return scan_members(conn.spec, conn.session, registry, members, request, stop=scanning.stop)


def deliver(
    request: ScanConfig,
    result: ScanResult,
    *,
    steps: Steps | None = None,
    view: View | None = None,
) -> ScanRun:
    """Write the reports, then the evidence bundle, then the history record."""
    steps, view = steps or Steps(), view or SilentView()
    reports: dict[str, Path] = {}
    if request.formats:
        text = f"writing {', '.join(request.formats)} ({len(result.findings):,} findings)"
        with view.writing(text):
            reports = steps.reports(
                result, request.output_dir, request.formats, request.frameworks or None
            )
    evidence = None
    if request.evidence_dir is not None:
        evidence = steps.evidence(result, request.evidence_dir)
    recorded = None
    if request.history is not None:
        recorded = steps.history(
            result, request.history, evidence.manifest_sha256 if evidence else None
        )
    return ScanRun(result=result, reports=reports, evidence=evidence, recorded=recorded)
