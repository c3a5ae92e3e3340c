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
import stat
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


#: One policy for every file complyscan writes (reports, evidence, the SQLite history):
#: owner read/write only, directories it creates owner-only too. They describe the estate's
#: weaknesses; share them on purpose (copy, chmod), not by default. See docs/security.md.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
#: A manifest lists one line per file; far below this even for a million findings.
MAX_MANIFEST_BYTES = 1024 * 1024 * 1024


def write_private(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) with mode ``PRIVATE_FILE`` and write ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


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
        directory.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        made = {directory}
        for rel, data in files.items():
            path = directory / rel
            for parent in reversed(path.relative_to(directory).parents[:-1]):
                folder = directory / parent
                if folder not in made:  # one level at a time: parents=True ignores mode
                    folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
                    made.add(folder)
            write_private(path, data)
        write_private(directory / MANIFEST, body)
    except OSError as err:
        raise OutputError(
            f"cannot write evidence to {directory}: {err.strerror or err}. "
            "Choose a writable --evidence directory"
        ) from err
    return EvidenceWritten(
        directory=directory, files=len(files), manifest_sha256=hashlib.sha256(body).hexdigest()
    )


def _listed(directory: Path) -> set[str]:
    """Every entry under ``directory`` except the manifest and real directories, as POSIX
    relative paths: files, symlinks (to files or directories, never followed), devices."""
    found = set()
    for root, dirs, names in os.walk(directory):
        links = [d for d in dirs if (Path(root) / d).is_symlink()]
        for name in [*names, *links]:
            rel = (Path(root) / name).relative_to(directory).as_posix()
            if rel != MANIFEST:
                found.add(rel)
    return found


class _RefusedError(Exception):
    """A bundle entry that is not a regular file inside the bundle."""


def _sha256_of_regular(directory: Path, rel: PurePosixPath) -> tuple[str, bytes | None]:
    """The SHA-256 of the regular file ``rel`` under ``directory`` (and, for the manifest,
    its bytes), refusing symlinks anywhere on the way and anything not a regular file.

    A symlink could point outside the bundle (and "match") or at ``/dev/zero`` (and exhaust
    memory); the file is opened with ``O_NOFOLLOW`` and checked with ``fstat`` after opening,
    so it cannot be swapped in between, and hashed in bounded pieces.
    """
    here = directory
    for part in rel.parts:
        here = here / part
        if here.is_symlink():
            raise _RefusedError(f"{rel}: is a symbolic link (refused: a bundle holds files only)")
    fd = os.open(here, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise _RefusedError(f"{rel}: not a regular file (refused)")
        digest = hashlib.sha256()
        kept: list[bytes] | None = [] if rel.as_posix() == MANIFEST else None
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
            if kept is not None:
                kept.append(chunk)
                if sum(map(len, kept)) > MAX_MANIFEST_BYTES:
                    raise _RefusedError(f"{rel}: larger than {MAX_MANIFEST_BYTES} bytes (refused)")
    return digest.hexdigest(), b"".join(kept) if kept is not None else None


def verify_evidence(directory: Path, *, manifest_sha256: str | None = None) -> list[str]:
    """Problems found in the bundle at ``directory`` (empty: it is intact).

    Detects edited, missing and added files, and (given ``manifest_sha256``, recorded at
    scan time) an edited manifest.
    """
    path = directory / MANIFEST
    try:
        digest, manifest_body = _sha256_of_regular(directory, PurePosixPath(MANIFEST))
    except _RefusedError as err:
        return [str(err)]
    except OSError as err:
        return [f"{path}: cannot read the manifest: {err.strerror or err}"]
    body = manifest_body or b""
    problems = []
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
            sha256, _ = _sha256_of_regular(directory, pure)
        except _RefusedError as err:
            problems.append(str(err))
            continue
        except OSError:
            problems.append(f"{rel}: missing")
            continue
        if not isinstance(entry, dict) or sha256 != entry.get("sha256"):
            problems.append(f"{rel}: modified (sha256 does not match the manifest)")
    problems += [
        f"{rel}: not in the manifest (added)" for rel in sorted(_listed(directory) - set(listed))
    ]
    return problems
