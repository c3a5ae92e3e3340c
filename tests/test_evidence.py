"""Evidence bundle: one document per finding, a SHA-256 manifest, tamper detection, no secrets."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.errors import OutputError
from scanner.evidence import MANIFEST, evidence_files, verify_evidence, write_evidence
from scanner.provider import Item
from scanner.registry import Registry
from scanner.result import ScanResult
from tests.checks.factories import kms_key
from tests.fakes import FakeSession, keys, spec
from tests.test_redact import CANARIES

TAG_CANARY = "tag-canary-Zx81"


def _keys_with_secrets(session: FakeSession, region: str) -> Iterator[Item]:
    """The usual fake keys, plus one whose tags and name carry canary credentials."""
    yield from keys(session, region)
    yield kms_key(
        uid=f"arn:aws:kms:{region}:123456789012:key/leaky",
        region=region,
        name=f"leaky {CANARIES['aws_access_key']}",
        tags={
            "api_token": TAG_CANARY,
            "note": f"rotate {CANARIES['aws_secret']} and {CANARIES['jwt']}",
            "Environment": "prod",
        },
        rotation_enabled=False,
    )


@pytest.fixture(scope="module")
def result() -> ScanResult:
    return run_scan(
        spec(_keys_with_secrets),
        FakeSession(),
        Registry((kms_key_rotates_automatically,)),
        ["us-east-1", "eu-west-1"],
    )


@pytest.fixture
def bundle(result, tmp_path) -> Path:
    written = write_evidence(result, tmp_path / "evidence")
    assert written.files == len(result.findings) + 1  # + scan.json
    return written.directory


def test_one_document_per_finding_with_config_time_and_identity(result, bundle):
    bad = next(f for f in result.findings if f.resource_uid.endswith("key/bad"))
    doc = json.loads((bundle / "findings" / bad.check_id / f"{bad.id}.json").read_text())
    assert doc["finding"]["status"] == "fail"
    assert doc["finding"]["resource_uid"] == bad.resource_uid
    assert doc["resource"]["kind"] == "KmsKey"
    assert doc["resource"]["configuration"]["rotation_enabled"] is False
    assert doc["collected_at"] == doc["resource"]["configuration"]["collected_at"]
    assert doc["collected_by"] == "arn:aws:iam::123456789012:user/tester"
    assert doc["tool"]["name"] == "complyscan"
    assert doc["check"]["remediation"]
    scan = json.loads((bundle / "scan.json").read_text())
    assert scan["scan"]["identity"] == "arn:aws:iam::123456789012:user/tester"
    assert scan["errors"]


def test_scope_level_unknowns_say_no_resource_was_read(result, bundle):
    unknown = next(f for f in result.findings if f.region == "eu-west-1")
    doc = json.loads((bundle / "findings" / unknown.check_id / f"{unknown.id}.json").read_text())
    assert doc["resource"] is None
    assert "No resource was read" in doc["note"]


def test_manifest_covers_every_file_and_verifies(bundle):
    manifest = json.loads((bundle / MANIFEST).read_text())
    assert manifest["algorithm"] == "sha256"
    on_disk = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == on_disk - {MANIFEST}
    for rel, entry in manifest["files"].items():
        assert hashlib.sha256((bundle / rel).read_bytes()).hexdigest() == entry["sha256"]
    assert verify_evidence(bundle) == []


def test_tampered_file_is_detected(bundle):
    victim = next((bundle / "findings").rglob("*.json"))
    victim.write_text(victim.read_text().replace('"fail"', '"pass"').replace('"unknown"', '"pass"'))
    problems = verify_evidence(bundle)
    assert len(problems) == 1
    assert "modified" in problems[0]
    assert victim.name in problems[0]


def test_single_byte_change_missing_and_added_files_are_detected(bundle):
    scan = bundle / "scan.json"
    scan.write_bytes(scan.read_bytes()[:-1] + b" ")
    next((bundle / "findings").rglob("*.json")).unlink()
    (bundle / "findings" / "forged.json").write_text("{}")
    problems = "\n".join(verify_evidence(bundle))
    assert "scan.json: modified" in problems
    assert ": missing" in problems
    assert "findings/forged.json: not in the manifest (added)" in problems


def test_rewritten_manifest_is_caught_by_the_recorded_digest(result, tmp_path):
    written = write_evidence(result, tmp_path / "b")
    bundle = written.directory
    victim = next((bundle / "findings").rglob("*.json"))
    victim.write_text("{}\n")
    # a careful forger also rewrites the manifest so that the file hashes match again
    manifest = json.loads((bundle / MANIFEST).read_text())
    rel = victim.relative_to(bundle).as_posix()
    manifest["files"][rel]["sha256"] = hashlib.sha256(victim.read_bytes()).hexdigest()
    (bundle / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    assert verify_evidence(bundle) == []  # self-consistent again ...
    problems = verify_evidence(bundle, manifest_sha256=written.manifest_sha256)
    assert problems
    assert "does not match the recorded one" in problems[0]  # ... but not the recorded digest


def test_malformed_or_escaping_manifest_is_reported(bundle):
    manifest = json.loads((bundle / MANIFEST).read_text())
    manifest["files"]["../outside.json"] = {"sha256": "0" * 64, "bytes": 1}
    (bundle / MANIFEST).write_text(json.dumps(manifest))
    assert any("escapes the bundle" in p for p in verify_evidence(bundle))
    (bundle / MANIFEST).write_text("not json")
    assert "not a complyscan evidence manifest" in verify_evidence(bundle)[0]
    (bundle / MANIFEST).unlink()
    assert "cannot read the manifest" in verify_evidence(bundle)[0]


def test_no_secret_reaches_the_evidence(result, bundle):
    blob = b"".join(p.read_bytes() for p in bundle.rglob("*") if p.is_file())
    for canary in (TAG_CANARY, CANARIES["aws_access_key"], CANARIES["aws_secret"]):
        assert canary.encode() not in blob
    assert CANARIES["jwt"].encode() not in blob
    leaky = next(f for f in result.findings if f.resource_uid.endswith("key/leaky"))
    doc = json.loads((bundle / "findings" / leaky.check_id / f"{leaky.id}.json").read_text())
    tags = doc["resource"]["configuration"]["tags"]
    assert tags["api_token"] == "[redacted]"
    assert tags["Environment"] == "prod"
    assert tags["note"] == "rotate [redacted] and [redacted]"


def test_bundle_is_deterministic(result):
    assert evidence_files(result) == evidence_files(result)


def test_an_existing_bundle_is_never_overwritten(result, bundle):
    with pytest.raises(OutputError, match="not empty"):
        write_evidence(result, bundle)
