"""Command-line interface: flags -> ScanConfig -> run_scan -> writers -> exit code."""

from __future__ import annotations

import csv
import io
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import structlog
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from scanner import __version__, pipeline
from scanner.config import (
    ScanConfig,
    build_config,
    history_location,
    load_file_config,
    resolve_shard,
    split_csv,
)
from scanner.coverage import RequirementCoverage, framework_coverage
from scanner.crosswalk import crosswalk as crosswalk_rows
from scanner.diff import diff_scans
from scanner.errors import (
    AuthenticationError,
    ConfigError,
    OutputError,
    RegistryError,
    ScannerError,
)
from scanner.evidence import MANIFEST, verify_evidence
from scanner.findings import Severity
from scanner.frameworks import FRAMEWORK_IDS, load_catalogs
from scanner.helptext import HumanGroup
from scanner.log import configure_logging
from scanner.merge import merge_results, read_report
from scanner.outputs.check_detail import check_document, check_view
from scanner.outputs.checks_view import checks_table
from scanner.outputs.console import render_summary
from scanner.outputs.crosswalk_view import crosswalk_csv, crosswalk_json, crosswalk_table
from scanner.outputs.history_view import (
    diff_json,
    diff_table,
    history_json,
    history_table,
    trend_json,
    trend_table,
)
from scanner.outputs.terminal import Console, safe_text  # terminal-safe rich Console
from scanner.outputs.writable import require_formats
from scanner.phases import phase
from scanner.provider import ProviderSpec
from scanner.registry import Registry, load
from scanner.result import ScanResult
from scanner.source_control import audit_window, org_argument
from scanner.suppress import exit_code
from scanner.trend import requirement_trends, since_cutoff

if TYPE_CHECKING:
    from scanner.history import HistoryStore

log = structlog.get_logger(__name__)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_INTERNAL = 0, 1, 2, 3, 4

app = typer.Typer(
    name="complyscan",
    help="Cloud compliance scanner: evidence for SOC 2, ISO 27001, NIST and CIS from the cloud.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=HumanGroup,
)
checks_app = typer.Typer(help="Inspect the built-in checks.", no_args_is_help=True, cls=HumanGroup)
app.add_typer(checks_app, name="checks")
evidence_app = typer.Typer(
    help="Work with evidence bundles (--evidence).", no_args_is_help=True, cls=HumanGroup
)
app.add_typer(evidence_app, name="evidence")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"complyscan {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _global(
    log_format: Annotated[
        str, typer.Option(help="Log format on stderr: console or json.")
    ] = "console",
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "warning",
    version: Annotated[  # noqa: ARG001 - handled eagerly by _version
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Global options (before the command)."""
    if log_format not in {"console", "json"} or log_level.lower() not in {
        "debug",
        "info",
        "warning",
        "error",
    }:
        _fail(
            ConfigError("--log-format must be console|json; --log-level debug|info|warning|error")
        )
    configure_logging(json=log_format == "json", level=log_level)


def _fail(err: ScannerError) -> None:
    """Print an actionable error and exit with its code."""
    code = (
        EXIT_USAGE
        if isinstance(err, ConfigError | AuthenticationError | RegistryError)
        else EXIT_INCOMPLETE
    )
    if isinstance(err, OutputError):
        code = EXIT_USAGE
    # the message is plain text: cloud names and paths may contain [brackets]
    Console(stderr=True).print(
        Text("error: ", style="bold red") + safe_text(str(err)), highlight=False
    )
    log.debug("cli.failed", error_type=type(err).__name__)
    raise typer.Exit(code)


def _provider(name: str) -> ProviderSpec[Any]:
    """The ProviderSpec for ``name``; only that provider's SDKs are imported."""
    return pipeline.provider_spec(name)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich progress bar on stderr when it is a terminal."""
    if not enabled:
        yield None
        return
    columns = (
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label)

        yield update


def _status(text: str) -> AbstractContextManager[object]:
    """A spinner with ``text`` on stderr when it is a terminal (large scans write for a while)."""
    if not sys.stderr.isatty():
        return nullcontext()
    return Console(stderr=True).status(text)


@contextmanager
def _stop_on_sigterm() -> Iterator[threading.Event]:
    """SIGTERM or Ctrl-C stops the scan: workers wind down, collected data is written.

    The first SIGINT sets the stop event like SIGTERM, so it never lands as a
    KeyboardInterrupt in the middle of evaluating or writing; a second one interrupts.
    """
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}

    def handle(_signum: int, _frame: object) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    for signum in previous:
        signal.signal(signum, handle)
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stopper(stop: threading.Event | None) -> AbstractContextManager[threading.Event]:
    """``stop`` when the caller owns the signal handling (the agent), else SIGTERM/Ctrl-C."""
    return nullcontext(stop) if stop is not None else _stop_on_sigterm()


@dataclass(frozen=True)
class ConsoleView:
    """The pipeline drawn on stderr: a progress bar and spinner on a terminal, notices.

    ``stop``: the caller's stop event (the agent handles SIGTERM itself); default: SIGTERM
    and Ctrl-C stop the scan while it collects and evaluates.
    """

    stop: threading.Event | None = None

    @contextmanager
    def scanning(self, *, progress: bool) -> Iterator[pipeline.Scanning]:
        """A progress bar (on a terminal, when asked) and the stop event."""
        with (
            _progress(progress and sys.stderr.isatty()) as bar,
            _stopper(self.stop) as stopping,
        ):
            yield pipeline.Scanning(progress=bar, stop=stopping)

    def writing(self, text: str) -> AbstractContextManager[object]:
        """A spinner while the reports are written."""
        return _status(text)

    def notice(self, text: str) -> None:
        """One line on stderr."""
        Console(stderr=True).print(text)


def _report(run: pipeline.ScanRun, cfg: ScanConfig, quiet: bool) -> int:
    """Render what the run wrote (unless ``quiet``); the exit code."""
    result = run.result
    if not quiet:
        console = Console(highlight=False)
        with phase("summary"):
            render_summary(result, console, cfg.frameworks or None)
        for fmt, path in run.reports.items():
            console.print(f"{fmt}: {path}")
        if run.evidence is not None:
            console.print(
                f"evidence: {run.evidence.directory} ({run.evidence.files} files; manifest "
                f"sha256 {run.evidence.manifest_sha256})"
            )
        if run.recorded is not None:
            console.print(
                f"history: scan {run.recorded.scan_id} recorded in {run.recorded.location}"
            )
    return exit_code(result, cfg.fail_on)


SevOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--severity", help="Only checks of these severities (comma-separated or repeated)."
    ),
]
CheckOpt = Annotated[
    list[str] | None,
    typer.Option("--checks", help="Only these check ids (comma-separated or repeated)."),
]
FwOpt = Annotated[
    list[str] | None,
    typer.Option("--framework", help=f"Only checks mapped to: {', '.join(FRAMEWORK_IDS)}."),
]
OutOpt = Annotated[Path, typer.Option("--output-dir", help="Directory for report files.")]
FmtOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="Report files to write (comma-separated): json,sarif,ocsf,html,markdown,csv.",
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        help="Config file with exceptions and threshold overrides (default ./.complyscan.yaml)."
    ),
]
HistoryOpt = Annotated[
    str | None,
    typer.Option(
        "--history",
        help="History store: a SQLite file or a postgresql:// URL (default: history.sqlite "
        "in the user data directory). On scan/demo, giving it records the scan.",
    ),
]
RecordOpt = Annotated[
    bool, typer.Option("--record", help="Record the scan in the (default) history store.")
]
EvidenceOpt = Annotated[
    Path | None,
    typer.Option(
        "--evidence",
        help="Write an evidence bundle (per-finding configuration, SHA-256 manifest) to this "
        "new or empty directory.",
    ),
]
FailOpt = Annotated[
    str,
    typer.Option(
        "--fail-on",
        help="Exit 1 if a failure at/above this severity: critical|high|medium|low|info|none.",
    ),
]


ListOpt = list[str] | None
#: Connection options shared by ``scan`` and ``agent``.
ProviderOpt = Annotated[
    str, typer.Option(help="Cloud to scan: aws, gcp or azure (or terraform, with --plan).")
]
ProfileOpt = Annotated[str | None, typer.Option(help="AWS shared-config profile.")]
RegionOpt = Annotated[
    ListOpt,
    typer.Option(
        "--region", help="AWS region(s) (repeat or comma-separate); default: all enabled."
    ),
]
RoleArnOpt = Annotated[str | None, typer.Option(help="AWS: assume this role first.")]
ConcurrencyOpt = Annotated[int, typer.Option(help="Parallel collector workers.")]
#: Shared by ``scan --org`` and ``permissions --org``.
MemberRoleOpt = Annotated[
    str | None,
    typer.Option(
        help="AWS --org: role to assume in each member account "
        "[default: OrganizationAccountAccessRole]."
    ),
]
DEFAULT_MEMBER_ROLE = "OrganizationAccountAccessRole"


def _member_role(member_role: str | None, org: bool) -> str:
    """The member role for --org; ConfigError when one is given without --org."""
    if member_role is not None and not org:
        raise ConfigError("--member-role applies only with --org (it names the role to assume)")
    return member_role or DEFAULT_MEMBER_ROLE


#: Shared by the commands that print a console summary.
QuietOpt = Annotated[bool, typer.Option("--quiet", help="No console summary.")]
#: Filters of the listing commands.
ProviderFilterOpt = Annotated[str | None, typer.Option(help="Only checks for aws, gcp or azure.")]
AccountFilterOpt = Annotated[str | None, typer.Option(help="Only scans of this account.")]


@app.command()
def scan(  # noqa: PLR0917 - Typer maps each parameter to a flag
    provider: ProviderOpt = "aws",
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    all_regions: Annotated[
        bool, typer.Option("--all-regions", help="AWS: every enabled region (the default).")
    ] = False,
    role_arn: RoleArnOpt = None,
    scope: Annotated[
        ListOpt,
        typer.Option("--scope", help="GCP: projects/P, folders/F or organizations/O."),
    ] = None,
    subscription: Annotated[
        ListOpt, typer.Option("--subscription", help="Azure subscription id(s).")
    ] = None,
    management_group: Annotated[
        str | None, typer.Option(help="Azure: every subscription under this management group.")
    ] = None,
    impersonate_service_account: Annotated[
        str | None, typer.Option(help="GCP: impersonate this service account.")
    ] = None,
    export: Annotated[
        str | None, typer.Option("--export", help="GCP: gs://bucket/prefix for ExportAssets.")
    ] = None,
    snapshot: Annotated[
        Path | None,
        typer.Option(help="Evaluate an export file offline (no API calls)."),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            help="--provider terraform: `terraform show -json` output of a plan (or a state)."
        ),
    ] = None,
    source_dir: Annotated[
        Path | None,
        typer.Option(help="--provider terraform: the .tf sources (findings on file and line)."),
    ] = None,
    changed_only: Annotated[
        bool,
        typer.Option(
            "--changed-only", help="--provider terraform: judge only resources the plan changes."
        ),
    ] = False,
    org: Annotated[
        bool, typer.Option("--org", help="Scan every member account of the organisation.")
    ] = False,
    member_role: MemberRoleOpt = None,
    shard: Annotated[
        str | None,
        typer.Option(help="--org: scan shard K/N of the accounts (or auto/N from the job index)."),
    ] = None,
    account_concurrency: Annotated[
        int, typer.Option(help="--org: accounts scanned in parallel.")
    ] = 4,
    owner: Annotated[str | None, typer.Option(help="GitHub: the organisation (--org ORG).")] = None,
    repo: Annotated[
        ListOpt, typer.Option("--repo", help="GitHub: only these repositories.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="GitHub: audit window, e.g. 90d.")] = None,
    window_from: Annotated[str | None, typer.Option("--from", help="GitHub: window start.")] = None,
    window_to: Annotated[
        str | None, typer.Option("--to", help="GitHub: window end (inclusive day).")
    ] = None,
    checks: CheckOpt = None,
    severity: SevOpt = None,
    framework: FwOpt = None,
    output_dir: OutOpt = Path("complyscan-out"),
    fmt: FmtOpt = "json,sarif",
    fail_on: FailOpt = "low",
    concurrency: ConcurrencyOpt = 16,
    max_attempts: Annotated[
        int, typer.Option(help="API attempts per call, the first included (retried with backoff).")
    ] = 10,
    max_error_attempts: Annotated[
        int,
        typer.Option(
            help="AWS: attempts per call for an error that is not throttling (5xx, timeout), "
            "the first included; throttled calls get --max-attempts."
        ),
    ] = 5,
    connect_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a connection to an API endpoint.")
    ] = 10,
    config: ConfigOpt = None,
    plugins: Annotated[
        ListOpt, typer.Option("--plugins", help="Opt-in check packs (entry points).")
    ] = None,
    history: HistoryOpt = None,
    record: RecordOpt = False,
    evidence: EvidenceOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Scan a cloud account (or an export file) and write reports (and evidence/history)."""
    try:
        regions_given = split_csv(region)
        if all_regions and regions_given:
            raise ConfigError("--all-regions and --region are mutually exclusive")
        if plan is not None and snapshot is not None:
            raise ConfigError("--plan and --snapshot are alternatives; give one")
        cfg = _config(
            options={
                "provider": provider,
                "profile": profile,
                "role_arn": role_arn,
                "regions": regions_given,
                "scopes": split_csv(scope) + split_csv(subscription),
                "management_group": management_group,
                "export_uri": export,
                "impersonate_service_account": impersonate_service_account,
                "snapshot": plan if plan is not None else snapshot,
                "source_dir": source_dir,
                "changed_only": changed_only,
                "org": org,
                "member_role": _member_role(member_role, org),
                "shard": resolve_shard(shard),
                "account_concurrency": account_concurrency,
                "concurrency": concurrency,
                "max_attempts": max_attempts,
                "max_error_attempts": max_error_attempts,
                "connect_timeout": connect_timeout,
                "owner": owner,
                "repos": split_csv(repo),
                "window": audit_window(since, window_from, window_to, datetime.now(UTC)),
                **_shared_options(
                    output_dir=output_dir,
                    fmt=fmt,
                    fail_on=fail_on,
                    checks=checks,
                    framework=framework,
                    history=history,
                    record=record,
                    evidence=evidence,
                ),
            },
            severity=severity,
            config=config,
        )
        run = pipeline.run(cfg, plugins=split_csv(plugins), view=ConsoleView())
        raise typer.Exit(_report(run, cfg, quiet))
    except ScannerError as err:
        _fail(err)


def _shared_options(
    *,
    output_dir: Path,
    fmt: str,
    fail_on: str,
    checks: ListOpt,
    framework: ListOpt,
    history: str | None,
    record: bool,
    evidence: Path | None,
) -> dict[str, Any]:
    """ScanConfig fields of the flags ``scan`` and ``demo`` share (same names, same meaning)."""
    return {
        "output_dir": output_dir,
        "formats": require_formats(split_csv([fmt])),
        "fail_on": fail_on.lower(),
        "checks": split_csv(checks),
        "frameworks": split_csv(framework),
        "history": history_location(history) if record or history else None,
        "evidence_dir": evidence,
    }


def _config(*, options: dict[str, Any], severity: ListOpt, config: Path | None) -> ScanConfig:
    """Validate flags plus the config file into a ScanConfig."""
    severities = split_csv(severity)
    bad = [s for s in severities if s.lower() not in {v.value for v in Severity}]
    if bad:
        raise ConfigError(
            f"unknown severity {bad}; choose from {', '.join(s.value for s in Severity)}"
        )
    file_cfg = load_file_config(config)
    return build_config(
        **options,
        severities=tuple(Severity(s.lower()) for s in severities),
        suppressions=file_cfg.suppressions,
        thresholds=file_cfg.thresholds,
    )


@app.command()
def demo(  # noqa: PLR0917 - Typer maps each parameter to a flag
    output_dir: OutOpt = Path("complyscan-demo"),
    fmt: FmtOpt = "json,sarif,ocsf,html,markdown,csv",
    fail_on: FailOpt = "none",
    checks: CheckOpt = None,
    severity: SevOpt = None,
    framework: FwOpt = None,
    config: ConfigOpt = None,
    history: HistoryOpt = None,
    record: RecordOpt = False,
    evidence: EvidenceOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Scan an embedded, simulated AWS account (moto, in-process) with the real pipeline."""
    try:
        cfg = _config(
            options={
                "concurrency": 8,
                **_shared_options(
                    output_dir=output_dir,
                    fmt=fmt,
                    fail_on=fail_on,
                    checks=checks,
                    framework=framework,
                    history=history,
                    record=record,
                    evidence=evidence,
                ),
            },
            severity=severity,
            config=config,
        )
        steps = pipeline.Steps(
            source=pipeline.simulated_source(
                "Seeding the simulated AWS account (moto, in-process)..."
            )
        )
        from providers.aws.simulated import demo_selection  # noqa: PLC0415 - SDKs when used

        registry = demo_selection(pipeline.select_checks(cfg), explicit=bool(cfg.checks))
        run = pipeline.run(cfg, registry=registry, steps=steps, view=ConsoleView())
        raise typer.Exit(_report(run, cfg, quiet))
    except ScannerError as err:
        _fail(err)


@app.command()
def agent(  # noqa: PLR0917 - Typer maps each parameter to a flag
    provider: ProviderOpt = "aws",
    profile: ProfileOpt = None,
    region: RegionOpt = None,
    role_arn: RoleArnOpt = None,
    scope: Annotated[
        ListOpt,
        typer.Option("--scope", help="GCP scopes / Azure subscription ids."),
    ] = None,
    interval: Annotated[
        str | None,
        typer.Option(help="Time between scan starts: 6h, 30m, 1d, or seconds (default 6h)."),
    ] = None,
    cron: Annotated[
        str | None,
        typer.Option(help="Instead of --interval: a cron schedule in UTC, e.g. '0 */6 * * *'."),
    ] = None,
    jitter: Annotated[
        str, typer.Option(help="Add a random delay up to this much to each start (e.g. 10m).")
    ] = "0s",
    once: Annotated[
        bool, typer.Option("--once", help="Run one cycle and exit (CronJob, scheduled task).")
    ] = False,
    history: HistoryOpt = None,
    alert_webhook: Annotated[
        str | None,
        typer.Option(help="POST new failures and fixes (JSON with a Slack-compatible text)."),
    ] = None,
    alert_severity: Annotated[
        str, typer.Option(help="Alert on new failures at/above: critical|high|medium|low|info.")
    ] = "high",
    checks: CheckOpt = None,
    severity: SevOpt = None,
    framework: FwOpt = None,
    config: ConfigOpt = None,
    concurrency: ConcurrencyOpt = 16,
    metrics_port: Annotated[
        int | None, typer.Option(help="Serve Prometheus metrics on this port (/metrics).")
    ] = None,
    metrics_addr: Annotated[
        str,
        typer.Option(
            "--metrics-address",
            "--metrics-addr",
            help="Address the metrics server binds (no authentication: loopback by default; "
            "0.0.0.0 to be scraped from outside a container).",
        ),
    ] = "127.0.0.1",
    alert_allow_link_local: Annotated[
        bool,
        typer.Option(help="Allow a webhook on a link-local/metadata address (refused by default)."),
    ] = False,
    push: Annotated[
        ListOpt,
        typer.Option(
            "--push",
            help="AWS: after each scan, import findings into Security Hub (securityhub) or "
            "write OCSF to S3 (s3://bucket/prefix). Repeatable.",
        ),
    ] = None,
) -> None:
    """Scan on a schedule: record every scan, alert on regressions; SIGTERM stops cleanly."""
    from scanner.agent import Agent, Cron, CycleOutcome, Every, parse_interval  # noqa: PLC0415
    from scanner.alerts import webhook_notifier  # noqa: PLC0415
    from scanner.history import open_store  # noqa: PLC0415 - SQLAlchemy only when needed

    try:
        if interval and cron:
            raise ConfigError("--interval and --cron are alternatives; give one")
        try:
            spread = parse_interval(jitter, allow_zero=True)
            schedule: Every | Cron = (
                Cron(cron, jitter=spread)
                if cron
                else Every(parse_interval(interval or "6h"), jitter=spread)
            )
        except ValueError as err:
            raise ConfigError(f"--interval/--cron/--jitter: {err}") from err
        if alert_severity.lower() not in {v.value for v in Severity}:
            raise ConfigError("--alert-severity must be critical, high, medium, low or info")
        cfg = _config(
            options={
                "provider": provider,
                "profile": profile,
                "role_arn": role_arn,
                "regions": split_csv(region),
                "scopes": split_csv(scope),
                "concurrency": concurrency,
                "checks": split_csv(checks),
                "frameworks": split_csv(framework),
                "history": history_location(history),
            },
            severity=severity,
            config=config,
        )
        registry = pipeline.select_checks(cfg)
        notify = (
            webhook_notifier(alert_webhook, allow_link_local=alert_allow_link_local)
            if alert_webhook
            else None
        )
        hooks: list[Callable[[CycleOutcome], None]] = []
        if metrics_port is not None:
            from scanner.metrics import AgentMetrics  # noqa: PLC0415

            metrics = AgentMetrics(alert_failures=(lambda: notify.failures) if notify else None)
            try:
                metrics.serve(metrics_port, addr=metrics_addr)
            except OSError as err:
                raise ConfigError(f"--metrics-port {metrics_port}: {err.strerror or err}") from err
            hooks.append(metrics.observe)
        hooks += _pushers(cfg, split_csv(push))
        with open_store(history_location(history)) as store, _stop_on_sigterm() as stop:
            runner = Agent(
                scan=lambda stopping: pipeline.scan(cfg, registry, view=ConsoleView(stop=stopping)),
                provider=cfg.provider,
                schedule=schedule,
                store=store,
                notify=notify,
                alert_severity=Severity(alert_severity.lower()),
                hooks=tuple(hooks),
            )
            if not once:
                when = f"on cron {cron!r}" if cron else f"every {interval or '6h'}"
                Console(stderr=True).print(
                    f"complyscan agent: scanning {cfg.provider} {when}; "
                    f"history in {store.location}",
                    highlight=False,
                    markup=False,
                )
                runner.run(stop)
                raise typer.Exit(EXIT_OK)
            outcome = runner.run_cycle(stop)
    except ScannerError as err:
        _fail(err)
        return
    failed = outcome.failed or not outcome.result.meta.complete
    raise typer.Exit(EXIT_INCOMPLETE if failed else EXIT_OK)


def _pushers(cfg: ScanConfig, targets: tuple[str, ...]) -> list[Callable[[Any], None]]:
    """``agent --push`` targets as cycle hooks (AWS only)."""
    if not targets:
        return []
    if cfg.provider != "aws":
        raise ConfigError("--push (securityhub, s3://...) is available for --provider aws only")
    from providers.aws.push import pusher  # noqa: PLC0415 - SDKs only when needed
    from providers.aws.session import AwsSession  # noqa: PLC0415

    return [pusher(t, lambda: AwsSession.connect(cfg)) for t in targets]


@checks_app.command("list")
def checks_list(
    provider: ProviderFilterOpt = None,
    framework: Annotated[
        str | None, typer.Option(help="Only checks mapped to this framework.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    wide: Annotated[
        bool, typer.Option("--wide", help="Table: add the resource kind and mapped controls.")
    ] = False,
) -> None:
    """List every check with severity, resource kind, providers and mapped controls."""
    try:
        if framework and framework not in FRAMEWORK_IDS:
            raise ConfigError(
                f"unknown framework {framework!r}; choose from {', '.join(FRAMEWORK_IDS)}"
            )
        if provider and provider not in pipeline.PROVIDER_MODULES:
            raise ConfigError(f"--provider must be one of {', '.join(pipeline.PROVIDER_MODULES)}")
        if fmt not in {"table", "json"}:
            raise ConfigError("--format must be table or json")
        registry = pipeline.checks_for(
            load().select(frameworks=[framework] if framework else []), provider
        )
    except ScannerError as err:
        _fail(err)
        return
    rows: list[dict[str, Any]] = [
        {
            "id": c.id,
            "title": c.title,
            "severity": c.severity.value,
            "resource": c.resource.__name__,
            "providers": list(c.providers),
            "controls": list(c.controls_for(framework)) if framework else list(c.controls),
            "remediation": c.remediation,
            "thresholds": {t.name: t.default for t in c.thresholds},
        }
        for c in registry
    ]
    if fmt == "json":
        typer.echo(json.dumps(rows, indent=2))
        return
    Console().print(checks_table(rows, wide=wide))


@checks_app.command("show")
def checks_show(
    check_id: Annotated[str, typer.Argument(help="Check id, e.g. IAM-002.")],
    config: ConfigOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Show one check: what it judges, its remediation, controls and thresholds (with the
    defaults and the values a config file sets)."""
    try:
        if fmt not in {"text", "json"}:
            raise ConfigError("--format must be text or json")
        registry = load().configured(load_file_config(config).thresholds)
        chosen = registry.get(check_id.upper())
    except ScannerError as err:
        _fail(err)
        return
    if fmt == "json":
        typer.echo(json.dumps(check_document(chosen), indent=2))
        return
    Console().print(check_view(chosen))


@app.command()
def permissions(
    provider: Annotated[str, typer.Argument(help="aws, gcp or azure")] = "aws",
    org: Annotated[
        bool,
        typer.Option(
            "--org",
            help="AWS: add what scan --org needs (organizations:ListAccounts, sts:AssumeRole "
            "into the member role).",
        ),
    ] = False,
    member_role: MemberRoleOpt = None,
    push: Annotated[
        ListOpt,
        typer.Option(
            "--push",
            help="AWS: add what agent --push needs: securityhub (BatchImportFindings) or "
            "s3://bucket/prefix (PutObject). Repeatable.",
        ),
    ] = None,
) -> None:
    """Print the read-only IAM policy the collectors need (generated from their declarations).

    For AWS, --org and --push add the write and cross-account statements those features need,
    each under its own Sid; without them the policy only reads.
    """
    try:
        spec = _provider(provider)
        extra = _feature_statements(
            provider, org=org, member_role=_member_role(member_role, org), push=push
        )
    except ConfigError as err:
        _fail(err)
    actions = spec.permissions()
    if not actions and spec.permission_policy is None:
        # a local input (a Terraform plan or state): nothing in any cloud is called
        typer.echo(
            f"{provider}: no cloud permissions are needed; complyscan only reads the file "
            "you pass it (and, with --source-dir, the .tf sources)."
        )
        return
    policy: dict[str, Any] = (
        spec.permission_policy(actions)
        if spec.permission_policy is not None
        else {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ComplyscanReadOnly",
                    "Effect": "Allow",
                    "Action": actions,
                    "Resource": "*",
                },
                *extra,
            ],
        }
    )
    typer.echo(json.dumps(policy, indent=2))


def _feature_statements(
    provider: str, *, org: bool, member_role: str, push: list[str] | None
) -> list[dict[str, Any]]:
    """``permissions --org/--push``: the AWS IAM statements those features add."""
    targets = split_csv(push)
    if not org and not targets:
        return []
    if provider != "aws":
        raise ConfigError(
            "--org and --push add AWS IAM statements: use them with `permissions aws`"
        )
    from providers.aws.org import org_statements  # noqa: PLC0415 - SDKs only when needed
    from providers.aws.push import push_statements  # noqa: PLC0415

    return [*(org_statements(member_role) if org else []), *push_statements(targets)]


@app.command()
def merge(
    reports: Annotated[list[Path], typer.Argument(help="complyscan JSON reports (e.g. shards).")],
    output_dir: OutOpt = Path("complyscan-merged"),
    fmt: FmtOpt = "json,sarif",
    fail_on: FailOpt = "low",
    quiet: QuietOpt = False,
) -> None:
    """Combine JSON reports (shards of one estate, or separate scans) into one report."""
    try:
        cfg = build_config(output_dir=output_dir, formats=split_csv([fmt]), fail_on=fail_on.lower())
        result = merge_results([read_report(p) for p in reports])
        run = pipeline.deliver(cfg, result, view=ConsoleView())
        raise typer.Exit(_report(run, cfg, quiet))
    except ScannerError as err:
        _fail(err)


@app.command()
def frameworks() -> None:
    """List the shipped control catalogs."""
    table = Table(title="Frameworks")
    for col in ("id", "name", "version", "controls"):
        table.add_column(col)
    for fw in load_catalogs().values():
        table.add_row(fw.id, fw.name, fw.version, str(len(fw.controls)))
    Console().print(table)


@app.command()
def controls(  # noqa: PLR0917 - Typer maps each parameter to a flag
    framework: Annotated[
        list[str],
        typer.Option(
            help=f"One of: {', '.join(FRAMEWORK_IDS)}. With --crosswalk, repeat it (or "
            "comma-separate) for one column each."
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    provider: ProviderFilterOpt = None,
    crosswalk: Annotated[
        bool,
        typer.Option(
            "--crosswalk",
            help="One row per control family (MFA required, Centralized logging, ...): its ids "
            "in each --framework and today's verdict (from --report or --demo).",
        ),
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="Crosswalk verdicts from this complyscan JSON report.")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Crosswalk verdicts from a scan of the demo account.")
    ] = False,
) -> None:
    """Every requirement of a framework, the checks that test it, and coverage level.

    With --crosswalk: the cross-framework matrix instead, one row per family of checks.
    """
    try:
        frameworks = list(split_csv(framework))
        unknown = [f for f in frameworks if f not in FRAMEWORK_IDS]
        if unknown:
            raise ConfigError(
                f"unknown framework {unknown[0]!r}; choose from {', '.join(FRAMEWORK_IDS)}"
            )
        if fmt not in {"table", "json", "csv"}:
            raise ConfigError("--format must be table, json or csv")
        registry = load().select(provider=provider)
        if crosswalk:
            _crosswalk(registry, frameworks, fmt, report=report, demo=demo)
            return
        if len(frameworks) != 1 or report is not None or demo:
            raise ConfigError(
                "give one --framework; several, --report and --demo go with --crosswalk"
            )
        rows = framework_coverage(load_catalogs()[frameworks[0]], registry)
    except ScannerError as err:
        _fail(err)
        return
    _print_coverage(frameworks[0], rows, fmt)


def _print_coverage(framework: str, rows: list[RequirementCoverage], fmt: str) -> None:
    """Write ``complyscan controls`` (one framework) as json, csv or a table."""
    if fmt == "json":
        typer.echo(json.dumps([r.model_dump() for r in rows], indent=2))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["framework", "control", "title", "coverage", "checks", "derived_from"])
        for r in rows:
            writer.writerow([r.framework, r.control_id, r.title, r.coverage, " ".join(r.checks),
                             " ".join(r.derived_from)])  # fmt: skip
        typer.echo(out.getvalue(), nl=False)
    else:
        counts = {
            lvl: sum(1 for r in rows if r.coverage == lvl)
            for lvl in ("automated", "partial", "manual-only")
        }
        table = Table(
            title=f"{framework}: {len(rows)} requirements "
            + ", ".join(f"{n} {lvl}" for lvl, n in counts.items())
        )
        derived = any(r.note for r in rows)
        for col in (
            "control",
            "coverage",
            "checks",
            "title",
            *(("derived from",) if derived else ()),
        ):
            table.add_column(col, overflow="fold")
        for r in rows:
            note = (r.note,) if derived else ()
            table.add_row(r.control_id, r.coverage, " ".join(r.checks), r.title, *note)
        Console().print(table)


def _crosswalk(
    registry: Registry, frameworks: list[str], fmt: str, *, report: Path | None, demo: bool
) -> None:
    """``controls --crosswalk``: the family x framework matrix with verdicts."""
    if report is not None and demo:
        raise ConfigError("--report and --demo are alternatives; give one")
    result: ScanResult | None = None
    source = "none (give --report REPORT.json or --demo)"
    if report is not None:
        result, source = read_report(report), str(report)
    elif demo:
        result, source = _demo_scan(registry), "complyscan demo (simulated AWS account)"
    rows = crosswalk_rows(registry, frameworks, result)
    if fmt == "json":
        typer.echo(json.dumps(crosswalk_json(rows, frameworks, source), indent=2))
    elif fmt == "csv":
        typer.echo(crosswalk_csv(rows, frameworks), nl=False)
    else:
        Console().print(crosswalk_table(rows, frameworks, source))


def _demo_scan(registry: Registry) -> ScanResult:
    """Scan the simulated AWS account (as ``complyscan demo`` does) with ``registry``."""
    from providers.aws.simulated import demo_selection  # noqa: PLC0415 - SDKs when used

    source = pipeline.simulated_source("Scanning the simulated AWS account (moto, in-process)...")
    return pipeline.scan(
        build_config(concurrency=8),
        demo_selection(registry.select(provider="aws"), explicit=False),
        steps=pipeline.Steps(source=source),
        view=ConsoleView(),
    )


ViewOpt = Annotated[str, typer.Option("--format", help="table or json.")]


def _view(fmt: str) -> str:
    if fmt not in {"table", "json"}:
        raise ConfigError("--format must be table or json")
    return fmt


@contextmanager
def _store(history: str | None) -> Iterator[HistoryStore]:
    """The history store to read (``--history``, else the default SQLite file)."""
    from scanner.history import open_store  # noqa: PLC0415 - SQLAlchemy only when needed

    location = history_location(history)
    if "://" not in location and not Path(location).expanduser().exists():
        raise ConfigError(
            f"no history store at {location}; record scans with `complyscan scan --record` "
            "(or --history PATH|URL)"
        )
    with open_store(location) as store:
        yield store


@app.command("history")
def history_cmd(
    history: HistoryOpt = None,
    account: AccountFilterOpt = None,
    fmt: ViewOpt = "table",
) -> None:
    """List the scans recorded in the history store, oldest first."""
    try:
        view = _view(fmt)
        with _store(history) as store:
            records, where = store.scans(account=account), store.location
    except ScannerError as err:
        _fail(err)
        return
    if view == "json":
        typer.echo(json.dumps(history_json(records), indent=2))
    else:
        Console().print(history_table(records, where))


@app.command("diff")
def diff_cmd(
    scan_a: Annotated[
        str, typer.Argument(help="Base scan: an id, 'latest' or 'previous' (before SCAN_B).")
    ] = "previous",
    scan_b: Annotated[str, typer.Argument(help="Later scan: an id or 'latest'.")] = "latest",
    history: HistoryOpt = None,
    fmt: ViewOpt = "table",
) -> None:
    """New, fixed and unchanged failures between two recorded scans (by stable finding id)."""
    try:
        view = _view(fmt)
        with _store(history) as store:
            head = store.resolve(scan_b)
            base = store.resolve(scan_a, before=head)
            records = {r.id: r for r in store.scans()}
            changes = diff_scans(store.load(base), store.load(head))
    except ScannerError as err:
        _fail(err)
        return
    if view == "json":
        typer.echo(json.dumps(diff_json(changes, records[base], records[head]), indent=2))
    else:
        Console().print(diff_table(changes, records[base], records[head]))


@app.command("report")
def report_cmd(
    framework: Annotated[str, typer.Option(help=f"One of: {', '.join(FRAMEWORK_IDS)}.")],
    since: Annotated[
        str, typer.Option(help="Period: 90d, 12w, 36h, or a date (2025-01-31).")
    ] = "90d",
    history: HistoryOpt = None,
    account: AccountFilterOpt = None,
    fmt: ViewOpt = "table",
) -> None:
    """Per requirement, how its pass rate moved over the recorded scans of the period."""
    try:
        view = _view(fmt)
        if framework not in FRAMEWORK_IDS:
            raise ConfigError(
                f"unknown framework {framework!r}; choose from {', '.join(FRAMEWORK_IDS)}"
            )
        cutoff = since_cutoff(since, datetime.now(UTC))
        with _store(history) as store:
            records = store.scans(since=cutoff, account=account)
            trends = requirement_trends([(r.id, store.load(r.id)) for r in records], framework)
    except ScannerError as err:
        _fail(err)
        return
    if view == "json":
        typer.echo(json.dumps(trend_json(trends, framework, records, since), indent=2))
    else:
        Console().print(trend_table(trends, framework, records, since))


@evidence_app.command("verify")
def evidence_verify(
    directory: Annotated[Path, typer.Argument(help="The evidence bundle directory.")],
    manifest_sha256: Annotated[
        str | None,
        typer.Option(help="The manifest digest recorded at scan time (console or history)."),
    ] = None,
) -> None:
    """Check every file against the SHA-256 manifest; exit 1 if anything was changed."""
    problems = verify_evidence(directory, manifest_sha256=manifest_sha256)
    if problems:
        err = Console(stderr=True, highlight=False)
        err.print(f"[bold red]evidence bundle {directory} FAILED verification:[/]")
        for problem in problems:
            err.print(f"  - {problem}", markup=False)
        raise typer.Exit(EXIT_FINDINGS)
    listed = len(json.loads((directory / MANIFEST).read_text(encoding="utf-8"))["files"])
    typer.echo(f"evidence bundle {directory}: {listed} files match the manifest")


@evidence_app.command("sample")
def evidence_sample(
    bundle: Annotated[Path, typer.Argument(help="An evidence bundle from scan --evidence.")],
    size: Annotated[int, typer.Option(help="How many changes to draw.")] = 25,
    seed: Annotated[str, typer.Option(help="The seed (record it: it repeats the draw).")] = "",
    provider: Annotated[str, typer.Option(help="Source-control provider.")] = "github",
    output_dir: Annotated[Path, typer.Option("--output-dir", help="New directory.")] = Path(
        "complyscan-sample"
    ),
) -> None:
    """Draw a reproducible sample of merged changes (seed and population digest recorded)."""
    from scanner.sample import build_sample, write_sample  # noqa: PLC0415

    try:
        if not seed:
            raise ConfigError("give --seed (any text); the same seed draws the same sample")
        files = build_sample(bundle, provider=provider, size=size, seed=seed)
        path = write_sample(files, output_dir)
    except ScannerError as err:
        _fail(err)
        return
    meta = files["manifest.json"]
    typer.echo(
        f"sample of {meta['size']} from {meta['population']['count']} changes "
        f"(population sha256 {meta['population']['sha256']}, seed {seed!r}): {path}"
    )


def main() -> None:
    """Console-script entry point.

    An exception nobody handled is a bug: it is logged through structlog (so the traceback
    is redacted like every log line, in either format) and exits 4, never 1 (which means
    "failures found").
    """
    try:
        app(args=org_argument(sys.argv[1:]))
    except Exception:  # the last boundary: no raw, unredacted traceback on stderr
        log.critical(
            "cli.crashed", hint="This is a complyscan bug; please report it", exc_info=True
        )
        raise SystemExit(EXIT_INTERNAL) from None
