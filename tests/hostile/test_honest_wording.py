"""Issue 17 item 5: reports name causes for what they are, sort ids naturally, render prose.

- A ``NotImplemented`` answer is not a "missing permission" (no grant would fix it).
- Control ids sort naturally (2.5 before 2.10, A.9 before A.10), not as text.
- Remediation shows no raw ``double-backtick`` markup and starts with a capital, in HTML
  and SARIF.
- Reasons are sentences ("the policy does not require symbols", not "symbols required:
  False").
- The CSV carries the scan time of each finding.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from checks.crypto.kms_key import kms_key_rotates_automatically
from checks.iam.password_policy import password_policy_requires_symbols
from scanner.cli import app
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.frameworks.order import natural_key
from scanner.model import KmsKey
from scanner.outputs.markdown import to_markdown
from scanner.provider import Collector, Item, ProviderSpec
from scanner.registry import Registry
from tests.checks.factories import make
from tests.fakes import FakeSession

runner = CliRunner()


def _errors(_session: FakeSession, region: str) -> Iterator[Item]:
    yield CollectionError(
        "aws", region, "KmsKey", "NotImplemented", permission="kms:ListKeys", uid="k1"
    )
    yield CollectionError(
        "aws", region, "KmsKey", "AccessDenied", permission="kms:GetKeyPolicy", uid="k2"
    )


def test_markdown_names_each_cause_for_what_it_is():
    spec = ProviderSpec(
        name="aws",
        connect=FakeSession,
        scopes=lambda s, r: list(r or []),
        collectors=(Collector(KmsKey, _errors, permissions=("kms:ListKeys",)),),
    )
    md = to_markdown(
        run_scan(spec, FakeSession(), Registry((kms_key_rotates_automatically,)), ["us-east-1"])
    )
    assert "the endpoint does not implement `kms:ListKeys`" in md
    assert "missing permission `kms:GetKeyPolicy`" in md
    assert "missing permission: `kms:ListKeys`" not in md
    assert "missing permission `kms:ListKeys`" not in md


def test_control_ids_sort_naturally():
    ids = ["2.10", "A.10", "2.5", "A.9", "CC6.10", "CC6.2"]
    assert sorted(ids, key=natural_key) == ["2.5", "2.10", "A.9", "A.10", "CC6.2", "CC6.10"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("wording")
    result = runner.invoke(
        app, ["demo", "--output-dir", str(out), "--format", "json,sarif,html,csv"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_rollup_lists_control_ids_in_natural_order(demo):
    report = json.loads((demo / "complyscan-report.json").read_text())
    for framework, controls in report["controls"].items():
        ids = [c["control_id"] for c in controls]
        assert ids == sorted(ids, key=natural_key), framework
    cis = [c["control_id"] for c in report["controls"]["cis-aws"]]
    assert cis != sorted(cis)  # the demo holds ids that text order would misplace


def test_remediation_renders_without_raw_markup(demo):
    html = (demo / "complyscan-report.html").read_text()
    assert "``" not in html
    assert "<strong>Remediation.</strong> " in html
    for part in html.split("<strong>Remediation.</strong> ")[1:]:
        assert part[:1].isupper() or part.startswith("<code>"), part[:40]
    sarif = json.loads((demo / "complyscan.sarif").read_text())
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        assert "``" not in rule["help"]["text"]
        assert "``" not in rule["help"]["markdown"]
        remediation = rule["help"]["text"].split(" Remediation: ", 1)[1]
        assert remediation[:1].isupper(), (rule["id"], remediation[:40])


def test_csv_has_the_scan_time(demo):
    rows = list(csv.DictReader(io.StringIO((demo / "complyscan-findings.csv").read_text())))
    assert rows
    assert all(r["scanned_at"].startswith("20") for r in rows)


def test_reasons_are_sentences():
    from scanner.model import PasswordPolicy

    policy = make(PasswordPolicy, {"exists": True, "require_symbols": False}, {})
    reason = password_policy_requires_symbols(policy).reason
    assert reason.startswith("the policy does not require symbols")
    assert "False" not in reason
