"""Organisation mode: scan member accounts concurrently, one failing account never stops
the others, and merge everything into one result."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import structlog

from scanner import __version__
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.errors import ConfigError, ProviderError
from scanner.merge import merge_results, shard_of
from scanner.provider import ProviderSpec
from scanner.registry import Registry
from scanner.result import ScanError, ScanMeta, ScanResult

log = structlog.get_logger(__name__)


def select_members(spec: ProviderSpec[Any], root: Any, config: ScanConfig) -> list[str]:
    """The member ids to scan: all of them, or this shard's deterministic share."""
    if spec.members is None or spec.connect_member is None:
        raise ConfigError(f"--org is not supported for {spec.name}")
    members = spec.members(root, config)
    if config.shard is not None:
        members = shard_of(members, *config.shard)
    log.info("org.members", total=len(members), shard=config.shard)
    return members


def _failed_member(spec: ProviderSpec[Any], member: str, err: ProviderError) -> ScanResult:
    """A result that records why one member could not be scanned at all."""
    now = datetime.now(UTC)
    error = ScanError(
        provider=spec.name,
        scope=member,
        resource_kind="Account",
        cause=type(err).__name__,
        message=err.summary,
        hint=err.hint,
    )
    meta = ScanMeta(
        tool_version=__version__,
        provider=spec.name,
        accounts=(member,),
        identity="",
        regions=(),
        started_at=now,
        finished_at=now,
        complete=False,
        checks_selected=0,
        resources_collected=0,
    )
    return ScanResult(meta=meta, checks=(), findings=(), errors=(error,))


def scan_members(
    spec: ProviderSpec[Any],
    root: Any,
    registry: Registry,
    members: Sequence[str],
    config: ScanConfig,
    *,
    stop: threading.Event | None = None,
) -> ScanResult:
    """Scan ``members`` with bounded parallelism and merge the results."""
    connect = spec.connect_member
    if connect is None:
        raise ConfigError(f"--org is not supported for {spec.name}")

    def one(member: str) -> ScanResult:
        with structlog.contextvars.bound_contextvars(member=member):
            try:
                session = connect(root, member, config)
            except ProviderError as err:
                log.warning(
                    "org.member_failed", member=member, cause=type(err).__name__, hint=err.hint
                )
                return _failed_member(spec, member, err)
            try:
                scopes = spec.scopes(session, config)
                return run_scan(
                    spec, session, registry, scopes, concurrency=config.concurrency, stop=stop
                )
            except ProviderError as err:
                return _failed_member(spec, member, err)
            finally:
                session.close()

    with ThreadPoolExecutor(config.account_concurrency, thread_name_prefix="member") as pool:
        results = list(pool.map(one, members))
    if not results:
        raise ConfigError("no member accounts to scan (empty organisation or shard)")
    return merge_results(results)
