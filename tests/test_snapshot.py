"""The provider-neutral snapshot reader and the packed record store."""

from __future__ import annotations

import codecs
import gzip
import json

from scanner.snapshot import PackedRecords, Problem, Record, read_records


def _records(count: int) -> list[Record]:
    return [
        Record(
            f"export.ndjson:{n}",
            {"name": f"//compute.googleapis.com/projects/p/global/firewalls/fw-{n}", "n": n},
        )
        for n in range(1, count + 1)
    ]


def test_packed_records_read_back_equal_in_order_across_blocks():
    records = _records(500)
    packed = PackedRecords(block_size=2_000)  # many blocks, plus a partial one not sealed
    for record in records:
        packed.add(record)
    assert len(packed) == 500
    assert list(packed) == records
    assert list(packed) == records  # every pass parses again; nothing is used up
    packed.seal()
    assert [(r.origin, r.data) for r in packed] == [(r.origin, r.data) for r in records]


def test_packed_records_hold_compressed_text_not_objects():
    packed = PackedRecords()
    records = _records(2_000)
    for record in records:
        packed.add(record)
    packed.seal()
    text = sum(len(json.dumps(r.data)) for r in records)
    assert packed.nbytes < text / 4


def test_packed_records_keep_the_text_as_read(tmp_path):
    # spacing, escapes, non-ASCII text, big integers and duplicate keys come back as parsed
    lines = [
        '{ "name" : "caf\\u00e9" }\r\n',
        '{"name": "né", "big": 123456789012345678901234567890, "x": 1, "x": 2}\n',
    ]
    raw = [Record(f"f:{n}", json.loads(line), line.encode()) for n, line in enumerate(lines)]
    bare = Record("cai:projects/p", {"name": "from the API", "v": [1.5, None, True]})
    packed = PackedRecords()
    for record in [*raw, bare]:
        packed.add(record)
    assert [(r.origin, r.data) for r in packed] == [(r.origin, r.data) for r in [*raw, bare]]


def test_reader_keeps_utf8_text_and_drops_other_encodings(tmp_path):
    path = tmp_path / "export.ndjson"
    bom = codecs.BOM_UTF8 + b'{"name": "bom"}\n'
    path.write_bytes(bom + b'{"name": "plain"}\n\n{"name": 1\n{"name": "\xff"}\n')
    first, second, bad, latin = read_records(path)
    assert isinstance(first, Record)
    assert first.data == {"name": "bom"}
    assert first.text == b""  # a store re-encodes it rather than embed a BOM
    assert isinstance(second, Record)
    assert json.loads(second.text) == second.data
    assert isinstance(bad, Problem)
    assert bad.origin == f"{path}:4"
    assert isinstance(latin, Problem)
    assert (latin.origin, latin.message) == (f"{path}:5", "not valid UTF-8")


def test_array_elements_keep_their_text(tmp_path):
    path = tmp_path / "export.json.gz"
    values = [{"name": "a", "nested": {"k": [1, 2]}}, {"name": "b"}]
    path.write_bytes(gzip.compress(json.dumps(values, indent=2).encode()))
    records = list(read_records(path))
    assert all(isinstance(r, Record) and json.loads(r.text) == r.data for r in records)
    packed = PackedRecords()
    for record in records:
        assert isinstance(record, Record)
        packed.add(record)
    assert [r.data for r in packed] == values
