"""Evidence bundle: per finding, the configuration its verdict rests on, plus a manifest.

Layout of a bundle directory::

    scan.json                             who scanned what, when, with which checks
    findings/<CHECK-ID>/<finding-id>.json the finding, its check, the normalised resource
                                          configuration, when and by whom it was collected
    manifest.json                         SHA-256 and size of every other file

Everything is redacted (:mod:`scanner.redact`) before it is written. The manifest's own
SHA-256 is printed and recorded in the scan history: keep it somewhere the bundle's
holder cannot edit, and ``complyscan evidence verify DIR --manifest-sha256 HEX`` proves
that neither the files nor the manifest changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_core import to_jsonable_python

from scanner.errors import OutputError
from scanner.findings import Finding
from scanner.redact import redact
from scanner.result import CheckInfo, ScanResult

MANIFEST = "manifest.json"
FORMAT = "complyscan-evidence/1"


class EvidenceWritten(BaseModel):
    """What :func:`write_evidence` wrote."""

    model_config = ConfigDict(frozen=True)

    directory: Path
    files: int
    manifest_sha256: str


def _encode(document: Any) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _finding_document(
    f: Finding, check: CheckInfo | None, result: ScanResult, resource: Any
) -> dict[str, Any]:
    meta = result.meta
    return {
        "finding": f.model_dump(mode="python"),
        "check": check.model_dump(mode="python", exclude={"rationale"}) if check else None,
        "resource": (
            {"kind": type(resource).__name__, "configuration": resource.model_dump(mode="python")}
            if resource is not None
            else None
        ),
        "collected_at": resource.collected_at if resource is not None else None,
        "collected_by": meta.identity,
        "evaluated_at": f.evaluated_at,
        "tool": {"name": meta.tool, "version": meta.tool_version},
        "note": None
        if resource is not None
        else "No resource was read for this finding (its scope or details were unreadable); "
        "the reason says what failed.",
    }


def evidence_files(result: ScanResult) -> dict[str, bytes]:
    """Pure: bundle-relative path -> redacted JSON bytes, for every finding plus scan.json."""
    checks = {c.id: c for c in result.checks}
    resources = result.resource_index()
    scan = {
        "scan": result.meta.model_dump(mode="python"),
        "checks": [c.model_dump(mode="python") for c in result.checks],
        "errors": [e.model_dump(mode="python") for e in result.errors],
        "expired_suppressions": [s.model_dump(mode="python") for s in result.expired_suppressions],
    }
    files = {"scan.json": scan}
    for f in result.findings:
        resource = resources.get((f.resource_kind, f.resource_uid))
        path = f"findings/{f.check_id}/{f.id}.json"
        files[path] = _finding_document(f, checks.get(f.check_id), result, resource)
    # redact before serialising: timestamps under secret-like keys are evidence, not secrets
    return {path: _encode(to_jsonable_python(redact(doc))) for path, doc in files.items()}


def manifest(files: Mapping[str, bytes], result: ScanResult) -> dict[str, Any]:
    """Pure: the manifest document over ``files``."""
    meta = result.meta
    return {
        "format": FORMAT,
        "algorithm": "sha256",
        "tool": {"name": meta.tool, "version": meta.tool_version},
        "scan": {
            "provider": meta.provider,
            "accounts": list(meta.accounts),
            "identity": redact(meta.identity),
            "started_at": meta.started_at.isoformat(),
            "finished_at": meta.finished_at.isoformat(),
        },
        "files": {
            path: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for path, data in sorted(files.items())
        },
    }


def ensure_new_bundle_dir(directory: Path) -> None:
    """Raise OutputError unless ``directory`` is absent or empty: bundles are never overwritten."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise OutputError(
            f"evidence directory {directory} exists and is not empty; a bundle is never "
            "overwritten. Choose a new one, e.g. --evidence evidence/$(date -u +%Y%m%dT%H%M%SZ)"
        )


def write_evidence(result: ScanResult, directory: Path) -> EvidenceWritten:
    """Write the bundle into ``directory`` (new or empty); the manifest is written last."""
    ensure_new_bundle_dir(directory)
    files = evidence_files(result)
    body = _encode(manifest(files, result))
    try:
        for rel, data in files.items():
            path = directory / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (directory / MANIFEST).write_bytes(body)
    except OSError as err:
        raise OutputError(
            f"cannot write evidence to {directory}: {err.strerror or err}. "
            "Choose a writable --evidence directory"
        ) from err
    return EvidenceWritten(
        directory=directory, files=len(files), manifest_sha256=hashlib.sha256(body).hexdigest()
    )


def _listed(directory: Path) -> set[str]:
    """Every file under ``directory`` except the manifest, as POSIX relative paths."""
    found = set()
    for root, _dirs, names in os.walk(directory):
        for name in names:
            rel = (Path(root) / name).relative_to(directory).as_posix()
            if rel != MANIFEST:
                found.add(rel)
    return found


def verify_evidence(directory: Path, *, manifest_sha256: str | None = None) -> list[str]:
    """Problems found in the bundle at ``directory`` (empty: it is intact).

    Detects edited, missing and added files, and (given ``manifest_sha256``, recorded at
    scan time) an edited manifest.
    """
    path = directory / MANIFEST
    try:
        body = path.read_bytes()
    except OSError as err:
        return [f"{path}: cannot read the manifest: {err.strerror or err}"]
    problems = []
    digest = hashlib.sha256(body).hexdigest()
    if manifest_sha256 is not None and digest != manifest_sha256.strip().lower():
        problems.append(f"{MANIFEST}: sha256 {digest} does not match the recorded one")
    try:
        listed = json.loads(body).get("files")
    except (ValueError, AttributeError) as err:
        return [*problems, f"{MANIFEST}: not a complyscan evidence manifest ({err})"]
    if not isinstance(listed, dict):
        return [*problems, f"{MANIFEST}: not a complyscan evidence manifest (no file list)"]
    for rel, entry in sorted(listed.items()):
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts:
            problems.append(f"{rel}: path escapes the bundle")
            continue
        try:
            data = (directory / pure).read_bytes()
        except OSError:
            problems.append(f"{rel}: missing")
            continue
        if not isinstance(entry, dict) or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"{rel}: modified (sha256 does not match the manifest)")
    problems += [
        f"{rel}: not in the manifest (added)" for rel in sorted(_listed(directory) - set(listed))
    ]
    return problems
