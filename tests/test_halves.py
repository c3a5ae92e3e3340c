"""Reading an export in two halves (the second in a forked child) gives what reading it
whole gives: the same records and problems, in order, with the same ``file:line``."""

from __future__ import annotations

import gzip
import os
import pickle
from pathlib import Path

import pytest

from bench.snapshot_verdicts import digests, verdicts
from providers.azure.snapshot import Part, load_part, merged, read_inventory
from scanner import halves
from scanner.errors import CollectionError
from scanner.snapshot import Problem, Record, read_records
from tests.test_snapshot_equivalence import _golden, azure_export, gcp_export


@pytest.fixture
def split_always(monkeypatch: pytest.MonkeyPatch) -> None:
    # the size below which a file is read whole (32 MiB): these exports are far smaller
    monkeypatch.setattr(halves, "MIN_SPLIT_BYTES", 0)


def _line_starts(path: Path) -> list[int]:
    data = path.read_bytes()
    starts, at = [0], 0
    while (at := data.find(b"\n", at) + 1) and at < len(data):
        starts.append(at)
    return starts


def _flat(parts: list[list[Record | Problem]]) -> list[Record | Problem]:
    return [item for part in parts for item in part]


def test_every_cut_around_the_hostile_records_reads_what_one_pass_reads(split_always, tmp_path):
    export = gcp_export(tmp_path / "gcp-equivalence.ndjson")
    whole = list(read_records(export))
    assert sum(isinstance(r, Problem) for r in whole) >= 5  # the rest fail validation later
    starts = _line_starts(export)
    middle = len(starts) // 2  # the hostile records start here (tests/test_snapshot_equivalence)
    for line in range(middle - 2, middle + 16):
        parts = halves.read_in_two(export, list, near=starts[line] - 1)
        assert len(parts) == 2, line
        # the child's half starts exactly at that line, with its number
        assert parts[1][0].origin == f"{export}:{line + 1}"
        assert _flat(parts) == whole, line


def test_the_split_read_gives_the_recorded_verdicts(split_always, tmp_path):
    export = gcp_export(tmp_path / "gcp-equivalence.ndjson")
    found = digests(verdicts("gcp", export))
    expected = _golden()["gcp"]
    assert {c: found.get(c) for c in expected} == expected


def test_a_child_that_dies_is_replaced_by_reading_its_half_here(split_always, tmp_path):
    export = gcp_export(tmp_path / "gcp-equivalence.ndjson")
    parent = os.getpid()

    def load(records):  # the forked child exits without sending anything
        if os.getpid() != parent:
            os._exit(3)
        return list(records)

    parts = halves.read_in_two(export, load)
    assert len(parts) == 2
    assert _flat(parts) == list(read_records(export))


def test_compressed_and_array_files_are_read_whole(split_always, tmp_path):
    lines = b'{"a": 1}\n{"b": 2}\n' * 50
    packed = tmp_path / "export.ndjson.gz"
    packed.write_bytes(gzip.compress(lines))
    array = tmp_path / "export.json"
    array.write_bytes(b"[" + b",\n".join(lines.split(b"\n")[:-1]) + b"]")
    plain = tmp_path / "export.ndjson"
    plain.write_bytes(lines)
    assert len(halves.read_in_two(packed, list)) == 1
    assert len(halves.read_in_two(array, list)) == 1
    two = halves.read_in_two(plain, list)
    assert len(two) == 2
    assert _flat(two) == list(read_records(plain))
    assert [r.origin for r in _flat(two)] == [f"{plain}:{n}" for n in range(1, 101)]


def test_a_file_with_no_line_after_the_middle_is_read_whole(split_always, tmp_path):
    one = tmp_path / "one.ndjson"
    one.write_bytes(b'{"a": "' + b"x" * 1000 + b'"}\n')
    assert len(halves.read_in_two(one, list)) == 1


def _azure_view(part: Part) -> tuple[list[object], list[object]]:
    inventory, problems = part
    rows = [
        (sub, kind, table.of_type(kind))
        for sub, table in inventory.rows.items()
        for kind in table.types()
    ]
    return rows, [(str(p), sorted(vars(p).items())) for p in problems]


def test_an_azure_export_cut_at_every_line_reads_as_one_pass(split_always, tmp_path):
    export = azure_export(tmp_path / "azure-equivalence.ndjson")
    whole = _azure_view(load_part(read_records(export)))
    assert len(whole[1]) >= 4
    assert _azure_view(read_inventory(export)) == whole  # cut in the middle
    starts = _line_starts(export)
    for line in range(1, len(starts)):
        parts = halves.read_in_two(export, load_part, near=starts[line] - 1)
        assert len(parts) == 2
        assert _azure_view(merged(parts)) == whole, line


def test_the_split_azure_read_gives_the_recorded_verdicts(split_always, tmp_path):
    export = azure_export(tmp_path / "azure-equivalence.ndjson")
    found = digests(verdicts("azure", export))
    expected = _golden()["azure"]
    assert {c: found.get(c) for c in expected} == expected


def test_a_collection_error_crosses_a_process_boundary_whole():
    err = CollectionError("gcp", "snapshot", "Bucket", "InvalidRecord", hint="h",
                          permission="p", uid="f.ndjson:7", detail="d")  # fmt: skip
    back = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes
    assert type(back) is CollectionError
    assert (str(back), vars(back)) == (str(err), vars(err))
