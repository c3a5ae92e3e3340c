"""Combine scan results (accounts scanned separately, or shards of one estate) into one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import orjson
from pydantic import ValidationError

from scanner.errors import ConfigError
from scanner.outputs.json_report import ReportVersionError, finding_dicts
from scanner.result import ScanMeta, ScanResult


def merge_results(results: Sequence[ScanResult]) -> ScanResult:
    """One result holding every finding, check and error of ``results``.

    Findings are deduplicated by (check id, resource uid) and sorted, exactly as one scan
    would have produced them; the merged scan is complete only if every part was.
    """
    if not results:
        raise ConfigError("nothing to merge")
    providers = {r.meta.provider for r in results}
    if len(providers) > 1:
        raise ConfigError(f"cannot merge reports of different providers: {sorted(providers)}")
    metas = [r.meta for r in results]
    meta = ScanMeta(
        tool_version=metas[0].tool_version,
        provider=metas[0].provider,
        accounts=tuple(sorted({a for m in metas for a in m.accounts})),
        identity=", ".join(sorted({m.identity for m in metas})),
        regions=tuple(sorted({r for m in metas for r in m.regions})),
        started_at=min(m.started_at for m in metas),
        finished_at=max(m.finished_at for m in metas),
        complete=all(m.complete for m in metas),
        interrupted=any(m.interrupted for m in metas),
        checks_selected=len({c.id for r in results for c in r.checks}),
        resources_collected=sum(m.resources_collected for m in metas),
    )
    checks = {c.id: c for r in results for c in r.checks}
    findings = {(f.check_id, f.resource_uid): f for r in results for f in r.findings}
    return ScanResult(
        meta=meta,
        checks=tuple(checks[k] for k in sorted(checks)),
        findings=tuple(findings[k] for k in sorted(findings)),
        errors=tuple(e for r in results for e in r.errors),
        resources=tuple(res for r in results for res in r.resources),
    )


def read_report(path: Path) -> ScanResult:
    """A ScanResult rebuilt from a complyscan JSON report of version 1 or 2 (for
    ``complyscan merge``, ``controls --report`` and ``scanner.api.load_report``)."""
    try:
        data = orjson.loads(path.read_bytes())
        return ScanResult.model_validate(
            {
                "meta": data["scan"],
                "checks": data["checks"],
                "findings": list(finding_dicts(data)),
                "errors": data["errors"],
            }
        )
    except (OSError, orjson.JSONDecodeError) as err:
        raise ConfigError(f"{path}: cannot read a JSON report: {err}") from err
    except ReportVersionError as err:
        raise ConfigError(f"{path}: {err}") from err
    except (KeyError, TypeError, IndexError, AttributeError, ValidationError) as err:
        raise ConfigError(f"{path}: not a complyscan JSON report ({err!r})") from err


def parse_shard(text: str, index_env: dict[str, str]) -> tuple[int, int]:
    """``K/N`` (1-based) or ``auto/N`` (0-based index from the job environment) -> (k, n)."""
    part, _, total = text.partition("/")
    try:
        n = int(total)
        if part == "auto":
            raw = index_env.get("JOB_COMPLETION_INDEX") or index_env.get(
                "AWS_BATCH_JOB_ARRAY_INDEX"
            )
            if raw is None:
                raise ConfigError(
                    "--shard auto/N needs JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or "
                    "AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) in the environment"
                )
            k = int(raw) + 1
        else:
            k = int(part)
    except ValueError as err:
        raise ConfigError(f"--shard must be K/N or auto/N with integers, got {text!r}") from err
    if not 1 <= k <= n:
        raise ConfigError(f"--shard {text}: K must be between 1 and N")
    return k, n


def shard_of(items: Sequence[str], k: int, n: int) -> list[str]:
    """Deterministic partition: the items whose hash falls in shard ``k`` of ``n``.

    Hashing (not position) keeps an account in the same shard when others are added.
    """

    def bucket(item: str) -> int:
        return int(hashlib.sha256(item.encode()).hexdigest(), 16) % n

    return sorted(i for i in items if bucket(i) == k - 1)
