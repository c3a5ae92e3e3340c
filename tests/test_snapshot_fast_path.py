"""The faster snapshot path: msgspec decoding, packed GCP envelopes, packed Azure row tables.

Each piece is compared with what it replaces (``json.loads``, ``to_record``, a list of
parsed rows); whole scans are compared in ``test_snapshot_equivalence.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import azure_snapshot, gcp_snapshot
from providers.azure.graph import GraphInventory
from providers.azure.rows import RowTable, of_type
from providers.azure.session import AzureSession
from providers.azure.snapshot import open_snapshot as open_azure
from providers.azure.snapshot import read_inventory, read_rows
from providers.gcp.assets import packed, to_record, unpacked
from providers.gcp.network import FIREWALL, collect_firewalls
from providers.gcp.session import GcpSession
from scanner.config import ScanConfig
from scanner.snapshot import Record, decode, encode, read_records
from scanner.textsafe import valid_unicode

#: Texts msgspec and json.loads might read differently; json.loads is the reference.
EDGE_TEXTS = [
    b'{"n": 123456789012345678901234567890}',
    b'{"n": -18446744073709551617, "m": 18446744073709551615}',
    b'{"f": 1e400, "g": -1e400, "h": 1e-400, "z": -0.0}',
    b'{"f": NaN, "g": Infinity}',
    b'{"s": "\\ud800", "t": "\\ud83d\\ude00"}',
    b'{"a": 1, "a": 2, "b": {"a": [1, 2.5, null, true, false]}}',
    b'{"e": "\\u00e9\\u0000\\n", "u": "caf\xc3\xa9"}',
    b'{"x": 0.1, "y": 1.0E+2, "z": 5e-324, "w": 1.7976931348623157e308}',
]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_decode_gives_what_json_loads_gives(text: bytes):
    # lone surrogates are repaired to U+FFFD (tests/hostile/test_lone_surrogates.py)
    expected = valid_unicode(json.loads(text))
    got = decode(text)
    assert repr(got) == repr(expected)  # NaN != NaN; repr compares types and values
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_records_read_and_reencoded_equal_json_loads(tmp_path: Path, text: bytes):
    path = tmp_path / "one.ndjson"
    path.write_bytes(text + b"\n")
    (record,) = read_records(path)
    assert isinstance(record, Record)
    expected = valid_unicode(json.loads(text))
    assert repr(record.data) == repr(expected)
    # what the packed stores write back reads back the same, whichever parser read it
    again = decode(encode(record.data, strict=record.strict))
    assert repr(again) == repr(expected)


def test_strict_only_when_msgspec_read_it(tmp_path: Path):
    path = tmp_path / "two.ndjson"
    path.write_bytes(b'{"a": 1}\n{"a": NaN}\n')
    first, second = read_records(path)
    assert isinstance(first, Record)
    assert isinstance(second, Record)
    assert first.strict
    assert not second.strict


def test_gcp_unpacked_equals_to_record_for_every_generated_and_policy_record():
    raws = list(gcp_snapshot.records(2_000))
    raws.append(
        {
            "name": "//cloudresourcemanager.googleapis.com/projects/9",
            "assetType": "cloudresourcemanager.googleapis.com/Project",
            "resource": {"data": {"projectId": "p"}, "parent": "//x/folders/1"},
            "iamPolicy": {"bindings": [{"role": "roles/viewer", "members": ["allUsers"]}]},
            "orgPolicy": [{"constraint": "constraints/x", "booleanPolicy": {"enforced": True}}],
            "ancestry_path": "organization/1/folder/2/project/p",
        }
    )
    for n, raw in enumerate(raws):
        record = to_record(raw, f"f:{n}")
        text = encode(packed(raw, record), strict=True)
        assert unpacked(decode(text), f"f:{n}") == record


def test_gcp_firewalls_share_equal_rules_and_keep_their_values(tmp_path: Path):
    path = tmp_path / "g.ndjson"
    gcp_snapshot.generate(3_000, path)
    session = GcpSession.from_snapshot(path, resource_types={FIREWALL: "x"}, policy_types={})
    groups = [g for g in collect_firewalls(session, "snapshot") if hasattr(g, "rules")]
    rules = [r for g in groups for r in g.rules]
    assert len(groups) > 500
    assert len({id(r) for r in rules}) < len(rules) / 10  # a handful of distinct rules
    for group in groups[:200]:
        assert type(group).model_validate(group.model_dump()) == group


def _azure_export(tmp_path: Path, count: int = 2_000) -> Path:
    path = tmp_path / "a.ndjson"
    azure_snapshot.generate(count, path)
    return path


def test_azure_row_tables_answer_like_a_list_of_rows(tmp_path: Path):
    path = _azure_export(tmp_path)
    rows, problems = read_rows(path)
    inventory, problems_packed = read_inventory(path)
    assert not problems
    assert not problems_packed
    reference = GraphInventory()
    for row in rows:
        reference.add(row)
    assert inventory.subscriptions() == reference.subscriptions()
    assert inventory.tenant() == reference.tenant()
    kinds = {str(r["type"]).lower() for r in rows} | {"Microsoft.Compute/Disks", "nothing/here"}
    for sub, table in inventory.rows.items():
        listed = list(reference.rows[sub])
        assert len(table) == len(listed)
        assert sorted(map(json.dumps, table)) == sorted(map(json.dumps, listed))
        for kind in kinds:
            assert of_type(table, kind) == of_type(listed, kind)
        # each read parses afresh: a reader changing its rows changes no other reader's
        first = table.of_type("microsoft.compute/disks")
        if first:
            first[0]["properties"] = "changed"
            assert table.of_type("microsoft.compute/disks")[0]["properties"] != "changed"


def test_azure_snapshot_inventory_is_dropped_after_collection(tmp_path: Path):
    session = open_azure(_azure_export(tmp_path, 300), ScanConfig(provider="azure"))
    assert isinstance(session, AzureSession)
    assert session.offline
    assert session.graph().subscriptions()
    session.release_inputs()
    assert session.offline
    with pytest.raises(RuntimeError):
        session.graph()


@pytest.mark.parametrize("layout", ["pretty", "one-line", "blank-first", "pages"])
def test_azure_layouts_keep_their_origins(tmp_path: Path, layout: str):
    rows = list(azure_snapshot.rows(30))
    bad = {"no": "id"}
    answer = {"count": 31, "data": [*rows, bad], "skip_token": None}
    path = tmp_path / "x.json"
    if layout == "pretty":
        path.write_text(json.dumps(answer, indent=2))
    elif layout == "one-line":
        path.write_text(json.dumps(answer) + "\n")
    elif layout == "blank-first":
        path.write_text("\n\n" + json.dumps(answer, indent=1))
    else:
        pages = [{"data": rows[:20]}, {"data": [*rows[20:], bad]}]
        path.write_text("\n".join(json.dumps(p) for p in pages) + "\n")
    found, problems = read_rows(path)
    assert [r["id"] for r in found] == [r["id"] for r in rows]
    where = f"{path}:2 data[10]" if layout == "pages" else f"{path} data[30]"
    assert [p.uid for p in problems] == [where]
    inventory, packed_problems = read_inventory(path)
    assert [p.uid for p in packed_problems] == [where]
    assert sum(len(t) for t in inventory.rows.values()) == len(rows)


def test_row_table_live_rows_are_kept_as_given():
    table = RowTable()
    row = {"id": "/subscriptions/s/x", "type": "Microsoft.Compute/disks"}
    table.add(row)
    assert table.of_type("microsoft.compute/DISKS")[0] is row
    assert list(table) == [row]
