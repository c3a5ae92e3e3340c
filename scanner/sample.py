"""An auditor's sample of merged changes, drawn reproducibly from an evidence bundle.

The population is every change recorded in the bundle's ``ChangeHistory`` resources (each
merged pull request and each direct push in the audit window). The draw needs no software
of ours to repeat: each change's key is ``<repository>|<url>|<head commit>``; its rank is
``sha256("<seed>|<key>")`` (hex); the sample is the ``size`` changes with the lowest ranks.
The population digest is the SHA-256 of the sorted keys joined by newlines, so anyone can
check that a sample was drawn from the population they were given.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scanner.errors import ConfigError, OutputError
from scanner.evidence import MANIFEST, ensure_new_bundle_dir, verify_evidence
from scanner.model.source_control import ChangeHistory, ChangeRequest, failing_checks

FORMAT = "complyscan-sample/1"


def change_key(change: ChangeRequest) -> str:
    """The identity of a change in the population."""
    return f"{change.repository}|{change.url}|{change.head_commit}"


def population_digest(keys: Iterable[str]) -> str:
    """SHA-256 of the sorted keys joined by newlines."""
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


def draw(keys: Iterable[str], *, size: int, seed: str) -> list[str]:
    """The ``size`` keys with the lowest ``sha256(seed|key)``, in that order."""
    ranked = sorted(keys, key=lambda k: hashlib.sha256(f"{seed}|{k}".encode()).hexdigest())
    return ranked[:size]


def histories(bundle: Path, provider: str) -> list[ChangeHistory]:
    """Every ChangeHistory recorded in ``bundle`` for ``provider`` (one per repository)."""
    found: dict[str, ChangeHistory] = {}
    for path in sorted((bundle / "findings").glob("*/*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        resource = document.get("resource") or {}
        if resource.get("kind") != ChangeHistory.__name__:
            continue
        config = resource.get("configuration") or {}
        if config.get("provider") != provider or config.get("uid") in found:
            continue
        try:
            found[config["uid"]] = ChangeHistory.model_validate(config)
        except (ValidationError, KeyError) as err:
            raise ConfigError(f"{path}: not a complyscan change history ({err})") from err
    return list(found.values())


def _item(change: ChangeRequest, history: ChangeHistory) -> dict[str, Any]:
    dismiss = history.dismiss_stale_approvals is not False
    required = history.required_checks
    return {
        "key": change_key(change),
        "change": change.model_dump(mode="json"),
        "direct_push": change.direct_push,
        "independent_approvers": change.independent_approvers(dismiss_stale=dismiss),
        "checks_not_successful": None if required is None else failing_checks(change, required),
        "required_checks_at_scan": required,
    }


def build_sample(
    bundle: Path, *, provider: str, size: int, seed: str, now: datetime | None = None
) -> dict[str, dict[str, Any]]:
    """Pure but for reading ``bundle``: the sample files (name -> document)."""
    problems = verify_evidence(bundle)
    if problems:
        raise ConfigError(f"evidence bundle {bundle} fails verification: {problems[0]}")
    if size < 1:
        raise ConfigError("--size must be at least 1")
    records = {change_key(c): (c, h) for h in histories(bundle, provider) for c in h.changes}
    if not records:
        raise ConfigError(
            f"no {provider} changes in {bundle}; scan with --provider {provider} --evidence DIR"
        )
    chosen = draw(records, size=size, seed=seed)
    bundle_digest = hashlib.sha256((bundle / MANIFEST).read_bytes()).hexdigest()
    population = [
        {"key": k, "url": records[k][0].url, "merged_at": records[k][0].merged_at.isoformat()}
        for k in sorted(records)
    ]
    sample = [_item(*records[k]) for k in chosen]
    manifest = {
        "format": FORMAT,
        "provider": provider,
        "seed": seed,
        "size_requested": size,
        "size": len(chosen),
        "population": {"count": len(records), "sha256": population_digest(records)},
        "method": "rank = sha256('<seed>|<key>'); the sample is the lowest ranks; "
        "key = '<repository>|<url>|<head commit>'",
        "source_bundle": {"path": str(bundle), "manifest_sha256": bundle_digest},
        "drawn_at": (now or datetime.now(UTC)).isoformat(),
        "sample_keys": chosen,
    }
    return {
        "population.json": {"changes": population},
        "sample.json": {"sample": sample},
        "manifest.json": manifest,
    }


def write_sample(files: dict[str, dict[str, Any]], directory: Path) -> Path:
    """Write the sample into a new ``directory``; the manifest (with file digests) last."""
    ensure_new_bundle_dir(directory)
    manifest = dict(files["manifest.json"])
    bodies = {
        name: (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
        for name, doc in files.items()
        if name != "manifest.json"
    }
    manifest["files"] = {n: hashlib.sha256(b).hexdigest() for n, b in sorted(bodies.items())}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, body in bodies.items():
            (directory / name).write_bytes(body)
        path = directory / "manifest.json"
        path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError as err:
        raise OutputError(f"cannot write the sample to {directory}: {err.strerror or err}") from err
    return path
