"""Plan, collect and evaluate: the scan pipeline. Imports no cloud SDK."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import structlog

from scanner import __version__
from scanner.errors import CollectionError
from scanner.findings import Finding, Status, finding_id, trusted_finding
from scanner.findingset import Findings, Verdicts
from scanner.forked import Columns, Unit, evaluate_columns, processes_for
from scanner.frameworks.scope import controls_on
from scanner.gcpause import cyclic_gc_paused
from scanner.model.base import Resource, location_paths, path_part
from scanner.phases import phase
from scanner.provider import Collector, ProviderSpec, Session
from scanner.registry import Check, Registry
from scanner.result import CheckInfo, ScanError, ScanMeta, ScanResult

log = structlog.get_logger(__name__)

#: progress(done, total, label) is called after every collection job, then after every
#: check evaluated (label "evaluating <check id>").
Progress = Callable[[int, int, str], None]
S = TypeVar("S", bound=Session)
#: The clouds checks declare; an error of another provider applies to every check.
CLOUDS = frozenset({"aws", "gcp", "azure"})


@dataclass
class Inventory:
    """Resources collected per kind, plus every collection error (whole-scope or per-uid)."""

    resources: dict[type[Resource], list[Resource]] = field(
        default_factory=lambda: defaultdict(list)
    )
    errors: list[CollectionError] = field(default_factory=list)
    interrupted: bool = False

    def count(self) -> int:
        """Number of resources collected."""
        return sum(len(v) for v in self.resources.values())


def _run_job(
    collector: Collector[Any], session: Session, scope: str
) -> list[Resource | CollectionError]:
    """Run one collector for one scope, binding context for every log line it emits."""
    with structlog.contextvars.bound_contextvars(
        provider=session.provider, scope=scope, collector=collector.label
    ):
        started = datetime.now(UTC)
        items = list(collector.collect(session, scope))
        ms = int((datetime.now(UTC) - started).total_seconds() * 1000)
        log.debug("collector.done", count=len(items), duration_ms=ms)
        return items


def _jobs(
    collectors: Iterable[Collector[Any]], scopes: Sequence[str]
) -> list[tuple[Collector[Any], str]]:
    jobs: list[tuple[Collector[Any], str]] = []
    for c in collectors:
        jobs += [(c, "global")] if c.scope == "global" else [(c, s) for s in scopes]
    return jobs


def collect(
    spec: ProviderSpec[S],
    session: S,
    scopes: Sequence[str],
    kinds: Iterable[type[Resource]],
    *,
    concurrency: int = 16,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> Inventory:
    """Run every needed (collector x scope) job on a bounded pool; nothing is swallowed."""
    # an offline session maps records already in memory: pure allocation, like evaluation,
    # where gen-2 passes walk the whole growing inventory again and again (a third of the
    # collection time of a 1M-asset snapshot); a live scan keeps the collector running
    with cyclic_gc_paused() if session.offline else nullcontext():
        inventory = _collect(spec, session, scopes, kinds, concurrency, progress, stop)
    if spec.link is not None:
        inventory.resources = defaultdict(list, spec.link(inventory.resources))
    log.info("collect.done", resources=inventory.count(), errors=len(inventory.errors))
    return inventory


def _collect(  # noqa: PLR0917 - collect's own arguments, passed on
    spec: ProviderSpec[S],
    session: S,
    scopes: Sequence[str],
    kinds: Iterable[type[Resource]],
    concurrency: int,
    progress: Progress | None,
    stop: threading.Event | None,
) -> Inventory:
    inventory = Inventory()
    jobs = _jobs(spec.collectors_for(kinds), scopes)
    log.info("collect.started", jobs=len(jobs), scopes=len(scopes))
    done = 0
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="collect")
    futures: dict[Future[list[Resource | CollectionError]], tuple[Collector[Any], str]] = {
        pool.submit(_run_job, c, session, s): (c, s) for c, s in jobs
    }
    pending = set(futures)
    try:
        while pending and not (stop is not None and stop.is_set()):
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for fut in finished:
                collector, scope = futures[fut]
                _record(inventory, fut, collector, scope, spec.name)
                done += 1
                if progress:
                    progress(done, len(jobs), f"{collector.resource.__name__} {scope}")
    except KeyboardInterrupt:
        log.warning("collect.interrupted", signal="SIGINT")
    finally:
        if pending:
            _abandon(inventory, pending, futures, spec.name)
        pool.shutdown(wait=not inventory.interrupted, cancel_futures=True)
    return inventory


def _abandon(
    inventory: Inventory,
    pending: set[Future[list[Resource | CollectionError]]],
    futures: dict[Future[list[Resource | CollectionError]], tuple[Collector[Any], str]],
    provider: str,
) -> None:
    """Mark the scan interrupted and record every job that did not finish."""
    inventory.interrupted = True
    for fut in pending:
        fut.cancel()
        collector, scope = futures[fut]
        inventory.errors.append(
            CollectionError(
                provider,
                scope,
                collector.resource.__name__,
                "Interrupted",
                hint="The scan was interrupted before this scope was read",
            )
        )
    log.warning("collect.interrupted", abandoned=len(pending))


def _record(
    inventory: Inventory,
    fut: Future[list[Resource | CollectionError]],
    collector: Collector[Any],
    scope: str,
    provider: str,
) -> None:
    """Store a finished job's resources and errors."""
    try:
        items = fut.result()
    except CollectionError as err:
        log.warning(
            "collector.failed",
            scope=scope,
            resource=err.resource,
            cause=err.cause,
            permission=err.permission,
            hint=err.hint,
        )
        inventory.errors.append(err)
        return
    except Exception as err:  # engine boundary 1 of 2: a collector bug must not kill the scan
        log.exception("collector.crashed", scope=scope, collector=collector.label)
        unparseable = _unparseable(err)
        inventory.errors.append(
            CollectionError(
                provider,
                scope,
                collector.resource.__name__,
                f"{'UnparseableAnswer' if unparseable else 'InternalError'}: {type(err).__name__}",
                hint=(
                    "The endpoint returned something we could not parse; check the endpoint "
                    "(a proxy, an emulator?) and re-run with --log-level debug"
                    if unparseable
                    else "This is a complyscan bug; please report it with the log"
                ),
            )
        )
        return
    for item in items:
        if isinstance(item, CollectionError):
            log.warning(
                "resource.unreadable", uid=item.uid, cause=item.cause, permission=item.permission
            )
            inventory.errors.append(item)
        else:
            inventory.resources[type(item)].append(item)


#: Exception classes (by name, anywhere in the MRO or the cause chain) that mean an API
#: answer could not be parsed: JSON/XML decoding, undecodable bytes, an SDK's parser, a
#: response model rejecting the shape. The engine imports no SDK, hence names.
_PARSE_ERRORS = frozenset(
    {
        "JSONDecodeError",
        "UnicodeDecodeError",
        "ParseError",
        "ExpatError",
        "ResponseParserError",
        "DecodeError",
        "DeserializationError",
        "ValidationError",
    }
)


def _unparseable(err: BaseException) -> bool:
    seen: BaseException | None = err
    for _ in range(8):  # a short cause chain; never loop on a cycle
        if seen is None:
            return False
        if any(c.__name__ in _PARSE_ERRORS for c in type(seen).__mro__):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _scope_path(check: Check[Any], provider: str, account: str, region: str) -> str:
    """Pseudo-path for a finding about a whole scope (no resource was read)."""
    parts = (provider, account or "unknown", region or "global", check.resource.__name__)
    return "/".join([path_part(p) for p in parts])


def _crashed(check: Check[Any], res: Resource, err: BaseException) -> None:
    log.error("check.crashed", check=check.id, uid=res.uid, exc_info=err)


def _verdicts(
    unit: Unit,
    paths: Sequence[str],
    columns: Columns,
    now: datetime,
    on: frozenset[str],
) -> Verdicts:
    """One check's verdicts on the resources of ``unit`` (with their pseudo-paths).

    Only the status and the reason are kept per resource; ``Verdicts`` builds findings when
    read. ``on`` is the set of providers the resources are on: a provider's benchmark
    controls are kept only for its own resources (``scanner.frameworks.scope``).
    """
    check = unit.check
    statuses, reasons = columns
    return Verdicts(
        check_id=check.id,
        title=check.title,
        severity=check.severity,
        kind=check.resource.__name__,
        controls=controls_on(check.controls, on),
        evaluated_at=now,
        resources=unit.resources,
        paths=paths,
        statuses=statuses,
        reasons=reasons,
    )


def _unit(
    check: Check[Any], resources: Sequence[Resource], paths: Sequence[str], on: frozenset[str]
) -> tuple[Unit, Sequence[str]]:
    """``check`` with the resources (and paths) of the providers it declares; ``on``: the
    providers of ``resources`` (all of them on the check's, the usual case: no filtering)."""
    providers = check.providers
    if not on.issubset(providers):
        keep = [n for n, r in enumerate(resources) if r.provider in providers]
        return Unit(check, [resources[n] for n in keep]), [paths[n] for n in keep]
    return Unit(check, resources), paths


def _unknowns(
    check: Check[Any],
    errors: Sequence[CollectionError],
    present: set[str],
    account: str,
    now: datetime,
) -> list[Finding]:
    """UNKNOWN findings for scopes/resources of this check's kind that could not be read."""
    out: list[Finding] = []
    kind = check.resource.__name__
    for err in errors:
        if err.resource != kind or (err.uid and err.uid in present):
            continue
        if err.provider in CLOUDS and err.provider not in check.providers:
            continue  # a multi-cloud input (a Terraform plan): only this check's clouds
        uid = err.uid or f"{err.provider}/{account}/{err.scope}/{kind}"
        reason = f"not evaluated: {err.cause}" + (f"; {err.hint}" if err.hint else "")
        provider = err.provider or check.providers[0]
        out.append(
            trusted_finding(
                id=finding_id(check.id, uid),
                check_id=check.id,
                title=check.title,
                severity=check.severity,
                status=Status.UNKNOWN,
                reason=reason,
                provider=provider,
                account=account,
                region=err.scope,
                resource_kind=kind,
                resource_uid=uid,
                resource_name=uid.rsplit("/", 1)[-1],
                service="",
                location=_scope_path(check, provider, account, err.scope),
                controls=controls_on(check.controls, (provider,)),
                evaluated_at=now,
            )
        )
    return out


def evaluate(
    registry: Registry,
    inventory: Inventory,
    *,
    account: str,
    progress: Progress | None = None,
    processes: int | None = None,
) -> Findings:
    """Run each check over every resource of its kind; add UNKNOWN for unread scopes.

    Checks are pure, CPU-bound Python: a thread pool only added GIL contention (1M
    resources: see ``bench/scale.py``), so a large inventory is split between processes
    forked for the purpose (``scanner.forked``; ``processes``: how many, default both cores
    of a 2-core machine once there is enough work, one where fork is unsupported). The
    findings are the same however many processes evaluate them: sorted by (check id,
    resource uid), one per pair.
    """
    with cyclic_gc_paused():
        return _evaluate(
            registry, inventory, account=account, progress=progress, processes=processes
        )


def _evaluate(
    registry: Registry,
    inventory: Inventory,
    *,
    account: str,
    progress: Progress | None,
    processes: int | None,
) -> Findings:
    now = datetime.now(UTC)
    by_kind: dict[type[Resource], list[Check[Any]]] = defaultdict(list)
    for check in registry:
        by_kind[check.resource].append(check)
    units: list[Unit] = []
    paths_of: list[Sequence[str]] = []
    kind_of: list[type[Resource]] = []
    on_of: dict[type[Resource], frozenset[str]] = {}
    for kind, checks in by_kind.items():
        # in uid order, so each check's findings come out sorted and no global sort is needed
        resources = _unique(inventory.resources.get(kind, []))
        paths = location_paths(resources)  # once per resource, not per check
        on_of[kind] = frozenset(r.provider for r in resources)
        for check in checks:
            unit, unit_paths = _unit(check, resources, paths, on_of[kind])
            units.append(unit)
            paths_of.append(unit_paths)
            kind_of.append(kind)
    count = processes_for(sum(len(u.resources) for u in units), processes)
    log.info("evaluate.split", processes=count, checks=len(units))
    tick = None
    if progress is not None:
        total = len(registry)

        def tick(done: int, label: str) -> None:
            progress(done, total, label)

    columns = evaluate_columns(units, count, _crashed, tick)
    by_check: dict[str, Sequence[Finding]] = {}
    uids: dict[int, set[str]] = {}  # resource list -> its uids (shared by a kind's checks)
    for unit, where, kind, cols in zip(units, paths_of, kind_of, columns, strict=True):
        part = _verdicts(unit, where, cols, now, on_of[kind])
        errors = [e for e in inventory.errors if e.resource == kind.__name__]
        if not errors:
            by_check[unit.check.id] = part
            continue
        # a check that skipped resources of other providers did not evaluate them
        present = uids.setdefault(id(unit.resources), {r.uid for r in unit.resources})
        unknown = _unknowns(unit.check, errors, present, account, now)
        by_check[unit.check.id] = _sorted_unique([*part, *unknown]) if unknown else part
    return Findings.joined(by_check[check_id] for check_id in sorted(by_check))


def _uid(res: Resource) -> str:
    return res.uid


def _unique(resources: list[Resource]) -> list[Resource]:
    """``resources`` in uid order, the last of each uid only (collected twice: one verdict)."""
    ordered = sorted(resources, key=_uid)
    return [
        r for n, r in enumerate(ordered) if n + 1 == len(ordered) or ordered[n + 1].uid != r.uid
    ]


def _sorted_unique(findings: list[Finding]) -> tuple[Finding, ...]:
    """Sorted by (check id, resource uid), keeping the last finding of each pair.

    Deterministic output and diffs; duplicates come from two errors for one uid. Sorting is
    stable, so the last of each run of equal keys is the last one produced.
    """
    findings.sort(key=lambda f: (f.check_id, f.resource_uid))
    return tuple(
        f
        for f, after in zip(findings, [*findings[1:], None], strict=True)
        if after is None or (after.check_id, after.resource_uid) != (f.check_id, f.resource_uid)
    )


def check_info(check: Check[Any], on: Sequence[str] | None = None) -> CheckInfo:
    """Writer-facing metadata of a check; with ``on``, only controls findings there support."""
    return CheckInfo(
        id=check.id,
        title=check.title,
        severity=check.severity,
        resource_kind=check.resource.__name__,
        providers=check.providers,
        controls=check.controls if on is None else controls_on(check.controls, on),
        rationale=check.rationale,
        remediation=check.remediation,
        thresholds=check.overridden(),
    )


def run_scan(
    spec: ProviderSpec[S],
    session: S,
    registry: Registry,
    scopes: Sequence[str],
    *,
    concurrency: int = 16,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> ScanResult:
    """Collect what the selected checks need, evaluate them, and return the result."""
    started = datetime.now(UTC)
    with phase("collect"):
        inventory = collect(
            spec,
            session,
            scopes,
            registry.resource_kinds(),
            concurrency=concurrency,
            progress=progress,
            stop=stop,
        )
    # problems a session found in its input (malformed snapshot records), reported too
    inventory.errors.extend(session.input_errors)
    # the collectors are done with what the session read: let it go before evaluating
    session.release_inputs()
    with phase("evaluate"):
        findings = evaluate(registry, inventory, account=session.account, progress=progress)
    # anything not read (a scope, one resource's details, an offline record) leaves some
    # result UNKNOWN, so the scan is incomplete: one rule for every format and the exit code
    meta = ScanMeta(
        tool_version=__version__,
        provider=spec.name,
        accounts=(session.account,),
        identity=session.identity,
        regions=tuple(scopes),
        started_at=started,
        finished_at=datetime.now(UTC),
        complete=not inventory.errors and not inventory.interrupted,
        interrupted=inventory.interrupted,
        checks_selected=len(registry),
        resources_collected=inventory.count(),
    )
    log.info("scan.done", findings=len(findings), complete=meta.complete)
    return ScanResult(
        meta=meta,
        checks=tuple(check_info(c, (spec.name,)) for c in registry),
        findings=findings,
        errors=tuple(ScanError.from_error(e) for e in inventory.errors),
        # what each verdict was based on, for the evidence bundle (not in the JSON report)
        resources=tuple(r for kind in inventory.resources.values() for r in kind),
    )
