"""Issue 17 item 6: CSV formula injection, checked by a real spreadsheet engine.

A bare CR in a value was not quoted (``lineterminator="\\n"``), so ``bkt-ok\\r=40+2`` started
a new row whose first cell LibreOffice Calc evaluated to 42. The CSV is opened here with
LibreOffice headless, formula evaluation switched on, and converted to flat ODF: no cell may
be a formula, and every finding stays on one row.
"""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.outputs.csv_report import to_csv
from scanner.registry import Registry
from tests.fakes import FakeSession
from tests.hostile.estate import CELL_FORMULAS, CR_FORMULA, hostile_spec
from tests.system_tools import unavailable

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#: LibreOffice CSV import options: comma, double quote, UTF-8, from line 1, ... and the 13th
#: token "evaluate formulas" on: the worst case a user can choose in the import dialog
CSV_FILTER = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"


@pytest.fixture(scope="module")
def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        unavailable("LibreOffice is not installed (`apt-get install libreoffice-calc-nogui`)")
    assert exe is not None
    return exe


def _open_in_calc(soffice: str, csv_text: str, tmp: Path) -> ET.Element:
    src = tmp / "findings.csv"
    src.write_text(csv_text, encoding="utf-8", newline="")
    subprocess.run(  # noqa: S603 - a fixed program and arguments, paths from tmp_path
        [
            soffice,
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--headless",
            f"--infilter={CSV_FILTER}",
            "--convert-to",
            "fods",
            "--outdir",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return ET.parse(tmp / "findings.fods").getroot()  # noqa: S314 - our own converted file


def test_no_cell_is_a_formula_in_libreoffice(soffice, tmp_path):
    result = run_scan(
        hostile_spec(), FakeSession(), Registry((kms_key_rotates_automatically,)), ["us-east-1"]
    )
    text = to_csv(result)
    sheet = _open_in_calc(soffice, text, tmp_path)
    cells = list(sheet.iter(f"{{{TABLE}}}table-cell"))
    formulas = [c.get(f"{{{TABLE}}}formula") for c in cells if c.get(f"{{{TABLE}}}formula")]
    assert not formulas
    rows = [
        r
        for r in sheet.iter(f"{{{TABLE}}}table-row")
        if any(p.text for p in r.iter(f"{{{TEXT}}}p"))
    ]
    assert len(rows) == 1 + len(result.findings)  # the header, then one row per finding
    values = [" ".join(p.text or "" for p in c.iter(f"{{{TEXT}}}p")) for c in cells]
    assert "42" not in values
    assert any(v.startswith("arn:aws:kms:us-east-1:123456789012:key/bkt-ok") for v in values)
    assert CR_FORMULA in {f.resource_uid for f in result.findings}


def test_every_line_of_a_cell_is_guarded():
    from scanner.outputs.csv_report import _cell

    for value in CELL_FORMULAS:
        for line in _cell(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert not line.lstrip(" ").startswith(("=", "+", "-", "@", "\t")), value
    assert _cell("bkt-ok\r=40+2") == "bkt-ok\r'=40+2"
    assert _cell("plain") == "plain"
