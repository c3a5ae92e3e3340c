"""Offline scans of CAI export files: formats, malformed records, and no API calls."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest
from google.cloud import asset_v1

from providers.gcp import PROVIDER, open_snapshot
from scanner.config import ScanConfig
from scanner.engine import run_scan
from scanner.errors import ConfigError
from scanner.findings import Status
from scanner.registry import load as load_registry
from scanner.snapshot import SNAPSHOT_SCOPE, read_records
from tests.providers.gcp.fake_cai import FIXTURES, camel

REGISTRY = load_registry().select(provider="gcp")
CONFIG = ScanConfig(provider="gcp")
ACME = FIXTURES / "acme-org.ndjson"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.ndjson")), ids=lambda p: p.name)
def test_every_fixture_record_is_a_valid_cai_asset(path: Path):
    """The client drops unknown fields silently, so validate each record strictly."""
    for line in path.read_text().splitlines():
        asset_v1.Asset.from_json(line)  # raises on unknown fields or bad types


def _scan(path: Path):
    session = open_snapshot(path, CONFIG)
    return session, run_scan(PROVIDER, session, REGISTRY, [SNAPSHOT_SCOPE])


def test_snake_and_camel_case_exports_scan_the_same(tmp_path):
    camel_file = tmp_path / "camel.ndjson"
    lines = [json.dumps(camel(json.loads(x))) for x in ACME.read_text().splitlines()]
    camel_file.write_text("\n".join(lines) + "\n")
    _, snake = _scan(ACME)
    _, cam = _scan(camel_file)
    assert snake.meta.complete
    assert cam.meta.complete
    key = lambda r: {(f.check_id, f.resource_uid, f.status) for f in r.findings}  # noqa: E731
    assert key(snake) == key(cam)
    assert snake.meta.accounts == ("organizations/900",)


def test_json_array_and_gzip_inputs(tmp_path):
    records = [json.loads(x) for x in ACME.read_text().splitlines()]
    array = tmp_path / "export.json"
    array.write_text(json.dumps(records, indent=2))
    packed = tmp_path / "export.ndjson.gz"
    packed.write_bytes(gzip.compress(ACME.read_bytes()))
    counts = {p.name: _scan(p)[1].meta.resources_collected for p in (ACME, array, packed)}
    assert len(set(counts.values())) == 1, counts
    starts = [n for n, line in enumerate(array.read_text().splitlines(), 1) if line == "  {"]
    origins = [r.origin for r in read_records(array)]
    assert origins[:3] == [f"{array}:{n}" for n in starts[:3]]


def test_malformed_records_are_reported_with_file_and_line(tmp_path):
    good = ACME.read_text().splitlines()
    bad = [
        '{"name": "//x", "asset_type": "compute.googleapis.com/Firewall"',  # line 1: bad JSON
        '["not", "an", "object"]',  # 2
        '{"name": "//compute.googleapis.com/x", "resource": {"data": {}}}',  # 3: no type
        '{"name": "//a/b", "asset_type": "not a type", "resource": {"data": {}}}',  # 4
        '{"name": "//compute.googleapis.com/projects/p/global/firewalls/f",'
        ' "asset_type": "compute.googleapis.com/Firewall", "resource": {}}',  # 5: no data
        json.dumps(  # 6: maps badly (port is not a number)
            {
                "name": "//compute.googleapis.com/projects/p/global/firewalls/broken",
                "asset_type": "compute.googleapis.com/Firewall",
                "resource": {"data": {"allowed": [{"IPProtocol": "tcp", "ports": ["ssh"]}]}},
            }
        ),
    ]
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join([*bad, "", *good]) + "\n")
    _, result = _scan(path)
    assert not result.meta.complete
    where = {e.resource_uid: e for e in result.errors}
    assert set(where) == {f"{path}:{n}" for n in range(1, 7)}
    assert "invalid JSON" in where[f"{path}:1"].message
    assert "expected a JSON object" in where[f"{path}:2"].message
    assert "asset type" in where[f"{path}:3"].message
    assert "asset type" in where[f"{path}:4"].message
    assert "resource.data" in where[f"{path}:5"].message
    assert where[f"{path}:5"].resource_kind == "SecurityGroup"
    assert where[f"{path}:6"].resource_kind == "SecurityGroup"
    assert all(e.scope == SNAPSHOT_SCOPE for e in result.errors)
    # the unreadable firewalls are UNKNOWN for firewall checks; good lines still evaluated
    unknown = {f.resource_uid for f in result.findings if f.status is Status.UNKNOWN}
    assert f"{path}:6" in unknown
    _, clean = _scan(ACME)
    good_findings = {(f.check_id, f.resource_uid, f.status) for f in clean.findings}
    assert good_findings <= {(f.check_id, f.resource_uid, f.status) for f in result.findings}


def test_snapshot_without_iam_policies_says_so(tmp_path):
    only_resources = tmp_path / "resources.ndjson"
    only_resources.write_text((FIXTURES / "forseti-cai-resources.ndjson").read_text())
    _, result = _scan(only_resources)
    causes = {e.cause for e in result.errors}
    assert causes == {"NoIamPolicies"}
    assert not result.meta.complete
    stor_003 = {f.status for f in result.findings if f.check_id == "STOR-003"}
    assert stor_003 == {Status.UNKNOWN}


def test_snapshot_makes_no_api_call_and_rejects_live_flags(tmp_path):
    session = open_snapshot(ACME, CONFIG)
    assert session.source is None
    assert session.identity == "snapshot:acme-org.ndjson"
    with pytest.raises(ConfigError, match="--snapshot"):
        open_snapshot(ACME, ScanConfig(provider="gcp", scopes=("projects/acme-prod",)))


def test_unreadable_snapshot_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read snapshot"):
        list(read_records(tmp_path / "missing.ndjson"))


def test_bad_lines_are_reported_at_open_with_file_and_line(tmp_path):
    """Gzip, camelCase: every bad line is known once the file is open, before collection."""
    lines = [json.dumps(camel(json.loads(x))) for x in ACME.read_text().splitlines()]
    lines.insert(2, '{"name": "//x", "assetType": ')  # line 3: bad JSON
    lines.insert(4, '{"name": "//x", "assetType": "compute.googleapis.com/Firewall"}')  # 5
    path = tmp_path / "camel.ndjson.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    session = open_snapshot(path, CONFIG)
    at_open = {e.uid: e for e in session.input_errors}
    assert set(at_open) == {f"{path}:3", f"{path}:5"}
    assert "invalid JSON" in (at_open[f"{path}:3"].detail or "")
    assert at_open[f"{path}:5"].resource == "SecurityGroup"
    result = run_scan(PROVIDER, session, REGISTRY, [SNAPSHOT_SCOPE])
    assert not result.meta.complete
    assert {e.resource_uid for e in result.errors} == set(at_open)
    # good lines evaluated as in the clean file; the unmappable firewall is UNKNOWN
    _, clean = _scan(ACME)
    assert {(f.check_id, f.resource_uid, f.status) for f in clean.findings} == {
        (f.check_id, f.resource_uid, f.status)
        for f in result.findings
        if f.resource_uid not in at_open
    }
    assert {f.status for f in result.findings if f.resource_uid == f"{path}:5"} == {Status.UNKNOWN}


FIREWALL = "compute.googleapis.com/Firewall"


def test_snapshot_records_are_parsed_on_every_read_not_kept():
    session = open_snapshot(ACME, CONFIG)
    firewalls = session.resources(SNAPSHOT_SCOPE, [FIREWALL], resource="SecurityGroup")
    first, again = list(firewalls), list(firewalls)
    assert len(first) == len(firewalls) > 1
    assert first == again
    assert all(a is not b for a, b in zip(first, again, strict=True))
    policies = session.policies(SNAPSHOT_SCOPE, ["storage.googleapis.com/Bucket"], resource="x")
    assert policies
    assert policies == session.policies(
        SNAPSHOT_SCOPE, ["storage.googleapis.com/Bucket"], resource="x"
    )


def test_an_open_snapshot_holds_far_less_than_its_text(tmp_path):
    """Parsed, the records took 4-5 times the file; packed they take a fraction of it."""
    path = tmp_path / "many.ndjson"
    with path.open("w") as out:
        for copy in range(60):
            for line in ACME.read_text().splitlines():
                record = json.loads(line)
                record["name"] += f"-{copy}"
                out.write(json.dumps(record) + "\n")
    open_snapshot(ACME, CONFIG)  # imports and first-use caches, outside the measurement
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        session = open_snapshot(path, CONFIG)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    firewalls = session.resources(SNAPSHOT_SCOPE, [FIREWALL], resource="SecurityGroup")
    assert len(list(firewalls)) == 60 * ACME.read_text().count(FIREWALL)
    assert held < path.stat().st_size / 4, (held, path.stat().st_size)


def test_records_are_released_once_collection_is_done():
    session = open_snapshot(ACME, CONFIG)
    result = run_scan(PROVIDER, session, REGISTRY, [SNAPSHOT_SCOPE])
    assert result.meta.resources_collected > 0
    with pytest.raises(RuntimeError, match="release_inputs"):
        session.resources(SNAPSHOT_SCOPE, [FIREWALL], resource="SecurityGroup")
