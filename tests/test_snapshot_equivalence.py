"""The fast snapshot path gives the verdicts the old one gave, finding by finding.

Two small exports are generated with the benchmarks' generators (a CAI export of
``bench/gcp_snapshot.py`` and a Resource Graph export of ``bench/azure_snapshot.py``), with
hostile records mixed in: bad JSON, non-objects, numbers JSON parsers disagree on (NaN,
huge integers), duplicate keys, a BOM, bad UTF-8, records missing what every asset needs.
Every finding (check id, resource uid, status, reason) and every unusable record
(``file:line``, cause, detail) is compared, per check, with the digests the code before the
snapshot path was made faster gave on the same exports (``snapshot_verdicts.json``, made
with ``bench/snapshot_verdicts.py digest`` run against that tree).

A check added later has no digest and is not compared here; a check whose verdicts were
changed on purpose needs its digest taken again (the command is in the failure message).
``python bench/snapshot_verdicts.py compare gcp|azure FILE OLD_TREE`` compares two trees
finding by finding on any export (the 100k-asset ones in bench/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import azure_snapshot, gcp_snapshot
from bench.snapshot_verdicts import digests, verdicts

GOLDEN = Path(__file__).parent / "snapshot_verdicts.json"
SIZE = 3_000

#: Records no export should hold; each must keep its own error, in place, as before.
_GCP_HOSTILE = [
    b"{not json",
    b"[1, 2]",
    b'{"name": "//compute.googleapis.com/projects/proj-0001/global/firewalls/nan",'
    b' "asset_type": "compute.googleapis.com/Firewall", "resource": {"data":'
    b' {"name": "nan", "priority": NaN, "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}],'
    b' "sourceRanges": ["0.0.0.0/0"]}}}',
    b'{"name": "//compute.googleapis.com/projects/proj-0001/global/firewalls/big",'
    b' "asset_type": "compute.googleapis.com/Firewall", "resource": {"data":'
    b' {"name": "big", "priority": 123456789012345678901234567890, "sourceRanges": []}}}',
    b'\xef\xbb\xbf{"name": "//storage.googleapis.com/bom", "asset_type":'
    b' "storage.googleapis.com/Bucket", "resource": {"data": {"name": "bom"}}}',
    b'{"name": "//storage.googleapis.com/dup", "asset_type": "storage.googleapis.com/Bucket",'
    b' "resource": {"data": {"name": "first", "name": "second"}}}',
    b'{"asset_type": "storage.googleapis.com/Bucket", "resource": {"data": {}}}',
    b'{"name": "x", "asset_type": "not a type", "resource": {"data": {}}}',
    b'{"name": "//storage.googleapis.com/nodata", "asset_type": "storage.googleapis.com/Bucket",'
    b' "resource": {"data": 3}}',
    b"\xff\xfe bad utf-8",
    b"[" * 200 + b"]" * 200,
    b'{"a": ' * 150 + b"1" + b"}" * 150,
    b'"just a string"',
]

_AZURE_HOSTILE = [
    b"{not json",
    b'{"data": [{"id": "/subscriptions/00000001-0000-4000-8000-000000000001/resourceGroups/'
    b'rg/providers/Microsoft.Compute/disks/nan", "type": "microsoft.compute/disks",'
    b' "properties": {"diskSizeGB": NaN, "encryption": {"type": "x"}}}, {"no": "id"}, 7]}',
    b'{"id": "/subscriptions/00000001-0000-4000-8000-000000000001/resourceGroups/rg/'
    b'providers/Microsoft.Storage/storageAccounts/big", "type": "microsoft.storage/'
    b'storageaccounts", "properties": {"n": 123456789012345678901234567890}}',
    b"[" * 200 + b"]" * 200,
    b"[1]",
]


def _write(path: Path, lines: list[bytes], hostile: list[bytes]) -> Path:
    # hostile records sit among good ones, so line numbers after them must stay right
    middle = len(lines) // 2
    path.write_bytes(b"\n".join([*lines[:middle], *hostile, *lines[middle:]]) + b"\n")
    return path


def gcp_export(path: Path) -> Path:
    """The GCP export every digest was taken on."""
    lines = [json.dumps(r).encode() for r in gcp_snapshot.records(SIZE)]
    return _write(path, lines, _GCP_HOSTILE)


def azure_export(path: Path) -> Path:
    """The Azure export every digest was taken on: pages of 100 rows, one answer a line."""
    rows = list(azure_snapshot.rows(SIZE))
    pages = [rows[n : n + 100] for n in range(0, len(rows), 100)]
    lines = [json.dumps({"count": len(p), "data": p, "skip_token": None}).encode() for p in pages]
    return _write(path, lines, _AZURE_HOSTILE)


EXPORTS = {"gcp": gcp_export, "azure": azure_export}


def _golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("provider", ["gcp", "azure"])
def test_snapshot_verdicts_equal_the_old_paths(provider: str, tmp_path: Path):
    # the same name as when the digests were taken: a GCP export names its account after it
    export = EXPORTS[provider](tmp_path / f"{provider}-equivalence.ndjson")
    found = digests(verdicts(provider, export))
    expected = _golden()[provider]
    assert len(expected) > 50  # every check of the provider, plus the unusable records
    assert expected["!error"]["count"] >= 10
    missing = sorted(set(expected) - set(found))
    assert not missing, f"checks that no longer report on the export: {missing}"
    differ = sorted(c for c in expected if found[c] != expected[c])
    assert not differ, (
        f"verdicts changed for {differ}: compare finding by finding with "
        f"`python bench/snapshot_verdicts.py compare {provider} FILE OLD_TREE`; if the change "
        "is meant, take the digests again (tests/test_snapshot_equivalence.py, _golden)"
    )


def main() -> None:
    """Write the exports to the current directory (to take digests with another tree)."""
    for provider, make in EXPORTS.items():
        print(make(Path(f"{provider}-equivalence.ndjson")))  # noqa: T201 - a command


if __name__ == "__main__":
    main()
