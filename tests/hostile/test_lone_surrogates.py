"""A lone UTF-16 surrogate (``"\\ud800"`` in JSON) in a name is not Unicode text.

``json.loads`` accepts the escape, but the string cannot be encoded as UTF-8, so the first
URL-quote, report encoder or terminal write of it raised UnicodeEncodeError: a crash (exit 4)
that lost the whole scan over one hostile name. Inputs are repaired where they are decoded
(U+FFFD in place of the broken escape), and the scan writes every format.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bench.gcp_snapshot import records
from scanner.cli import app
from scanner.model.base import path_part
from scanner.textsafe import valid_unicode

FORMATS = "json,sarif,csv,html,ocsf,markdown"


def test_valid_unicode_repairs_strings_and_keys_and_leaves_the_rest():
    assert valid_unicode({"a\ud800": ["x\udfffy", 1, None, 2.5]}) == {
        "a\ufffd": ["x\ufffdy", 1, None, 2.5]
    }
    text = "plain ünïcode ✓"
    assert valid_unicode(text) is text
    # a proper pair is one character, not a lone surrogate
    assert valid_unicode(json.loads('"\\ud83d\\ude00"')) == "\U0001f600"


def test_path_part_never_raises_on_a_surrogate():
    assert path_part("a\ud800") == "a%ED%A0%80"


def test_a_snapshot_with_lone_surrogates_in_names_writes_every_format(tmp_path: Path):
    rows = list(records(120))
    hostile = [r for r in rows if "resource" in r][:3]
    for r in hostile:
        r["name"] += "\ud800-x"
    export = tmp_path / "export.ndjson"
    export.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["scan", "--provider", "gcp", "--snapshot", str(export), "--output-dir", str(out),
         "--format", FORMATS, "--fail-on", "none", "--quiet"],
    )  # fmt: skip
    assert result.exit_code in {0, 3}, result.output
    names = {p.name for p in out.iterdir()}
    assert len(names) >= len(FORMATS.split(",")), names
    report = (out / "complyscan-report.json").read_text(encoding="utf-8")
    assert "\ufffd-x" in report


def test_a_plan_with_a_lone_surrogate_in_a_tag_is_read(tmp_path: Path):
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": []}},
        "resource_changes": [
            {
                "address": "aws_sqs_queue.q",
                "mode": "managed",
                "type": "aws_sqs_queue",
                "name": "q",
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": {"name": "q\ud800", "sqs_managed_sse_enabled": True},
                    "after_unknown": {},
                },
            }
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="ascii")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["scan", "--provider", "terraform", "--plan", str(path), "--output-dir", str(out),
         "--format", FORMATS, "--fail-on", "none", "--quiet"],
    )  # fmt: skip
    assert result.exit_code in {0, 3}, result.output
    assert (out / "complyscan-report.json").is_file()
