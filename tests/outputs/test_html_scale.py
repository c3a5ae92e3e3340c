"""HTML report at scale: failures first, every check counted, the table capped with a
pointer to the full reports, the page small whatever the scan's size, values escaped."""

from __future__ import annotations

import re
from pathlib import Path

from scanner.api import scan
from scanner.findings import Severity, Status
from scanner.findingset import Findings
from scanner.outputs.html import MAX_ROWS, to_html

ACME = Path(__file__).parents[1] / "providers" / "gcp" / "fixtures" / "acme-org.ndjson"
EVIL = '<script>alert("x")</script>'


def _big():
    """A scan with 3 x MAX_ROWS findings: a third failing, the rest passing."""
    result = scan("gcp", snapshot=ACME)
    base = next(f for f in result.findings if f.status is Status.FAIL)
    n = 3 * MAX_ROWS
    findings = [
        base.model_copy(
            update={
                "resource_uid": f"{EVIL}/{i:06d}",
                "status": Status.FAIL if i % 3 == 0 else Status.PASS,
                "severity": Severity.CRITICAL if i == n - 3 else base.severity,
                "reason": EVIL,
            }
        )
        for i in range(n)
    ]
    return result.model_copy(update={"findings": Findings(findings)}), findings


def test_table_is_capped_worst_first_and_points_to_the_full_reports():
    result, findings = _big()
    page = to_html(result)
    statuses = re.findall(r'<tr data-status="(\w+)"', page)
    assert len(statuses) == MAX_ROWS
    assert statuses == ["fail"] * MAX_ROWS  # every failure before any pass
    first = re.search(r'<td class="uid">([^<]*)</td>', page)
    assert first is not None
    assert first.group(1).endswith(f"/{3 * MAX_ROWS - 3:06d}")  # the critical one first
    assert f"the {MAX_ROWS} most severe of {len(findings)} findings" in page
    assert "complyscan-report.json" in page
    assert "complyscan-findings.csv" in page
    assert len(page) < 8_000_000


def test_checks_table_counts_every_finding_passes_included():
    result, findings = _big()
    page = to_html(result)
    section = page[page.index('<section id="checks">') : page.index('<section id="findings">')]
    check = findings[0].check_id
    [row] = [r for r in section.split("<tr>") if f">{check}<" in r]
    cells = re.findall(r"<td[^>]*>(\d+)</td>", row)
    fails = sum(f.status is Status.FAIL for f in findings)
    assert cells == [str(fails), "0", "0", "0", str(len(findings) - fails), "0"]


def test_capped_page_still_escapes_every_value():
    result, _ = _big()
    page = to_html(result)
    assert EVIL not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_small_scans_show_every_finding():
    result = scan("gcp", snapshot=ACME)
    page = to_html(result)
    assert page.count("<tr data-status=") == len(result.findings)
    assert 'id="capped"' not in page
