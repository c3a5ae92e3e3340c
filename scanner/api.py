"""complyscan as a library: scan from your own program, write reports, read them back.

The same pipeline as ``complyscan scan`` (same checks, findings and report files), without
a subprocess or a JSON file in between::

    from scanner.api import Status, scan, write_reports

    result = scan("aws", regions=["eu-west-1"], frameworks=["soc2"])
    failing = [f for f in result.findings if f.status is Status.FAIL and not f.suppressed]
    write_reports(result, ["json", "sarif"], "complyscan-out")

Everything listed in ``__all__`` is the supported surface; other modules of ``scanner``
may change between releases. Errors are :class:`ScannerError` subclasses with actionable
messages: :class:`ConfigError` for bad arguments, :class:`AuthenticationError` when the
provider cannot be reached with the credentials found. The library does not configure
logging: structlog's defaults apply unless your program configures it
(``scanner.log.configure_logging`` sets what the CLI uses).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from scanner import pipeline
from scanner.config import FORMATS, build_config
from scanner.errors import AuthenticationError, ConfigError, OutputError, ScannerError
from scanner.findings import Finding, Severity, Status, Suppression
from scanner.merge import read_report
from scanner.outputs import write_outputs
from scanner.result import ScanResult

__all__ = [
    "AuthenticationError",
    "ConfigError",
    "Finding",
    "OutputError",
    "ScanResult",
    "ScannerError",
    "Severity",
    "Status",
    "Suppression",
    "load_report",
    "scan",
    "write_reports",
]


def scan(
    provider: str = "aws",
    *,
    regions: Iterable[str] = (),
    scopes: Iterable[str] = (),
    snapshot: str | Path | None = None,
    source_dir: str | Path | None = None,
    changed_only: bool = False,
    profile: str | None = None,
    role_arn: str | None = None,
    org: bool = False,
    checks: Iterable[str] = (),
    severities: Iterable[str | Severity] = (),
    frameworks: Iterable[str] = (),
    suppressions: Iterable[Suppression] = (),
    thresholds: Mapping[str, Mapping[str, int | float]] | None = None,
    concurrency: int = 16,
    plugins: Iterable[str] = (),
    stop: threading.Event | None = None,
) -> ScanResult:
    """Scan a cloud account (or an export file) and return the result; writes nothing.

    Args:
        provider: ``aws``, ``gcp``, ``azure`` or ``terraform``; only that provider's SDK
            is imported.
        regions: AWS regions (default: every enabled region).
        scopes: GCP ``projects/P``, ``folders/F`` or ``organizations/O``; Azure
            subscription ids.
        snapshot: an export file to evaluate offline, with no API call (GCP Cloud Asset
            Inventory export, Azure Resource Graph export); with ``provider="terraform"``,
            the ``terraform show -json`` output of a plan or a state.
        source_dir, changed_only: Terraform: the .tf sources (findings located on the
            resource block's file and line) and judging only what the plan changes.
        profile: AWS shared-config profile; role_arn: an AWS role to assume first.
        org: AWS: scan every member account of the organisation.
        checks, severities, frameworks: select checks, as ``complyscan scan`` does.
        suppressions: accepted failures (``Suppression`` objects, as in
            ``.complyscan.yaml``); the findings they cover are marked ``suppressed``.
        thresholds: threshold overrides, check id -> name -> value, as under
            ``thresholds:`` in ``.complyscan.yaml`` (docs/thresholds.md).
        concurrency: parallel collector workers.
        plugins: opt-in check packs (entry point names).
        stop: set this event (from another thread) to stop the scan; what was collected is
            evaluated and returned, with ``result.meta.interrupted`` set.

    Returns:
        The ``ScanResult``: ``meta`` (accounts, scopes, ``complete``), ``checks``,
        ``findings`` (sorted by check id and resource uid) and collection ``errors``.

    Raises:
        ConfigError: an unknown provider, severity or framework, no check selected, or a
            missing snapshot file (an unknown check id raises ``RegistryError``, also a
            ``ScannerError``).
        AuthenticationError: no usable credentials for the provider.
    """
    request = build_config(
        provider=provider,
        regions=tuple(regions),
        scopes=tuple(scopes),
        snapshot=Path(snapshot) if snapshot is not None else None,
        source_dir=Path(source_dir) if source_dir is not None else None,
        changed_only=changed_only,
        profile=profile,
        role_arn=role_arn,
        org=org,
        checks=tuple(checks),
        severities=tuple(severities),
        frameworks=tuple(frameworks),
        suppressions=tuple(suppressions),
        thresholds={k: dict(v) for k, v in (thresholds or {}).items()},
        concurrency=concurrency,
        formats=(),
    )
    registry = pipeline.select_checks(request, tuple(plugins))
    return pipeline.scan(request, registry, view=pipeline.SilentView(stop))


def write_reports(
    result: ScanResult,
    formats: Iterable[str] = ("json", "sarif"),
    directory: str | Path = "complyscan-out",
    *,
    frameworks: Iterable[str] | None = None,
) -> dict[str, Path]:
    """Write ``result`` as report files, exactly as ``complyscan scan --format`` does.

    Args:
        formats: any of ``json``, ``sarif``, ``ocsf``, ``html``, ``markdown``, ``csv``.
        directory: created if missing; existing report files are replaced atomically.
        frameworks: limit the control roll-ups to these frameworks (default: all).

    Returns:
        format -> path of the file written.

    Raises:
        ConfigError: an unknown format. OutputError: the directory is not writable.
    """
    wanted = tuple(formats)
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown format(s) {unknown}; choose from {', '.join(FORMATS)}")
    return write_outputs(result, Path(directory), wanted, tuple(frameworks or ()) or None)


def load_report(path: str | Path) -> ScanResult:
    """Read a complyscan JSON report back into a ``ScanResult`` (as ``complyscan merge``).

    Raises:
        ConfigError: the file cannot be read or is not a complyscan JSON report.
    """
    return read_report(Path(path))
