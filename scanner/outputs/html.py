"""A single self-contained HTML report: summary, framework roll-up chart, per-check counts,
findings (worst first, at most ``MAX_ROWS``: the JSON report and the CSV have them all),
remediation.

Everything is inline (CSS, JavaScript, an SVG chart): the file opens offline and makes no
network request. A Content-Security-Policy with ``default-src 'none'`` and hashes of the
inline style and script makes the browser enforce that. The findings table filters by text,
status and severity; ``?q=...&status=fail&severity=high`` in the URL pre-fills the filters.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from html import escape

from scanner.findings import Finding, Severity, Status
from scanner.findingset import Row, Tally, rows_with_status, tally
from scanner.outputs.pieces import chunks
from scanner.outputs.prose import as_html
from scanner.outputs.status import incomplete_summary
from scanner.result import CheckInfo, ScanResult
from scanner.rollup import ControlRollup, rollup

_CSS = """
:root{--fail:#c62828;--unknown:#b26a00;--pass:#2e7d32;--na:#9e9e9e;--sup:#6a1b9a}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1200px;padding:0 16px 48px;color:#1b1b1b}
h1{font-size:22px;margin:20px 0 4px}h2{font-size:18px;margin:28px 0 8px;
border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:16px 0 4px}
.meta{color:#555}.cards{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:90px}
.card b{display:block;font-size:22px}.warn{background:#fff4e5;border-left:4px solid
var(--unknown);padding:8px 12px;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eee;
padding:4px 6px;text-align:left;vertical-align:top}th{background:#f6f6f6;position:sticky;top:0}
td.uid{word-break:break-all;font-family:ui-monospace,monospace;font-size:12px}
.s-fail{color:var(--fail);font-weight:600}.s-unknown,.s-error{color:var(--unknown)}
.s-pass{color:var(--pass)}.s-not_applicable{color:var(--na)}.s-suppressed{color:var(--sup)}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.filters input{flex:1;min-width:220px;padding:4px 6px}#count{color:#555}
article{border:1px solid #eee;border-radius:6px;padding:4px 12px;margin:8px 0}
code{font-family:ui-monospace,monospace;font-size:12px}
"""

_JS = """
(function () {
  var q = document.getElementById("q");
  var status = document.getElementById("status");
  var severity = document.getElementById("severity");
  var count = document.getElementById("count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tbody tr"));
  function apply() {
    var text = q.value.trim().toLowerCase(), s = status.value, v = severity.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!s || r.getAttribute("data-status") === s) &&
        (!v || r.getAttribute("data-severity") === v) &&
        (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
    document.body.setAttribute("data-filtered", "yes");
  }
  var params = new URLSearchParams(window.location.search);
  if (params.has("q")) { q.value = params.get("q"); }
  if (params.has("status")) { status.value = params.get("status"); }
  if (params.has("severity")) { severity.value = params.get("severity"); }
  [q, status, severity].forEach(function (el) {
    el.addEventListener("input", apply);
    el.addEventListener("change", apply);
  });
  apply();
})();
"""

#: table order: open failures by severity, accepted risks, then everything else
_ORDER = {"fail": 0, "suppressed": 1, "error": 2, "unknown": 3, "pass": 4, "not_applicable": 5}
_COLOURS = {"fail": "#c62828", "unknown": "#b26a00", "pass": "#2e7d32", "not_applicable": "#9e9e9e"}


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def _shown_status(f: Finding | Tally) -> str:
    """The status the report shows: an accepted failure is "suppressed"."""
    return "suppressed" if f.suppressed else f.status.value


def _summary(result: ScanResult) -> str:
    counts: Counter[str] = Counter()
    for key, n in tally(result.findings).items():
        counts[_shown_status(key)] += n
    cards = "".join(
        f'<div class="card"><b class="s-{key}">{counts.get(key, 0)}</b>{label}</div>'
        for key, label in (
            ("fail", "failed"),
            ("pass", "passed"),
            ("unknown", "unknown"),
            ("error", "error"),
            ("not_applicable", "not applicable"),
            ("suppressed", "accepted risks"),
        )
    )
    warnings = ""
    incomplete = incomplete_summary(result)
    if incomplete is not None:
        see = ' See <a href="#errors">collection errors</a>.' if result.errors else ""
        warnings += f'<p class="warn" role="alert">{_e(incomplete)}{see}</p>'
    for s in result.expired_suppressions:
        warnings += (
            f'<p class="warn">Expired exception: {_e(s.check)} on <code>{_e(s.resource)}</code> '
            f"(owner {_e(s.owner)}, expired {s.expires.isoformat()}) no longer applies: "
            f"{_e(s.reason)}</p>"
        )
    return (
        f'<section id="summary"><h2>Summary</h2><div class="cards">{cards}</div>'
        f"{warnings}</section>"
    )


def _chart(rolled: dict[str, list[ControlRollup]]) -> str:
    """Horizontal stacked bars: per framework, controls by status."""
    width, label_w, bar_h, gap = 760, 150, 22, 10
    height = max(1, len(rolled)) * (bar_h + gap) + 24
    parts = [
        f'<svg id="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Controls by status per framework">'
    ]
    for i, (fw, controls) in enumerate(rolled.items()):
        y = i * (bar_h + gap)
        total = len(controls) or 1
        counts = Counter(c.status for c in controls)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{_e(fw)}</text>')
        x = float(label_w)
        for status in ("fail", "unknown", "pass", "not_applicable"):
            n = counts.get(status, 0)
            if not n:
                continue
            w = (width - label_w - 60) * n / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{_COLOURS[status]}"><title>{_e(fw)}: {n} control(s) {status}</title></rect>'
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="12">{len(controls)}</text>')
    legend_y = height - 6
    for j, status in enumerate(("fail", "unknown", "pass", "not_applicable")):
        lx = label_w + j * 130
        parts.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="10" height="10" fill="{_COLOURS[status]}"/>'
            f'<text x="{lx + 14}" y="{legend_y}" font-size="12">{status.replace("_", " ")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _frameworks(result: ScanResult, frameworks: Iterable[str] | None) -> str:
    rolled = rollup(result, frameworks)
    rows = []
    for fw, controls in rolled.items():
        counts = Counter(c.status for c in controls)
        failing = [c for c in controls if c.status == "fail"]
        listed = ", ".join(
            f'<span title="{_e(c.title)}">{_e(c.control_id)}</span>' for c in failing[:30]
        ) + (f" (+{len(failing) - 30} more)" if len(failing) > 30 else "")
        rows.append(
            f"<tr><td>{_e(fw)}</td><td>{len(controls)}</td>"
            f'<td class="s-fail">{counts.get("fail", 0)}</td><td>{counts.get("unknown", 0)}</td>'
            f"<td>{counts.get('pass', 0)}</td><td>{counts.get('not_applicable', 0)}</td>"
            f"<td>{listed}</td></tr>"
        )
    return (
        '<section id="frameworks"><h2>Frameworks</h2>'
        "<p>Controls tested by at least one check, by the worst status of their findings "
        "(accepted risks left out).</p>"
        f"{_chart(rolled)}<table><thead><tr><th>framework</th><th>controls tested</th>"
        "<th>failing</th><th>unknown</th><th>passing</th><th>n/a</th><th>failing controls</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _row(f: Finding) -> str:
    shown = _shown_status(f)
    reason = _e(f.reason)
    if f.suppressed:
        reason += (
            f"<br><em>Accepted: {_e(f.suppression_reason or '')} (owner "
            f"{_e(f.suppression_owner or '?')}, until "
            f"{f.suppression_expires.isoformat() if f.suppression_expires else '?'})</em>"
        )
    return (
        f'<tr data-status="{shown}" data-severity="{f.severity.value}">'
        f"<td>{f.severity.value}</td>"
        f'<td class="s-{shown}">{shown.replace("_", " ")}</td>'
        f'<td><a href="#check-{_e(f.check_id)}">{_e(f.check_id)}</a></td>'
        f"<td>{_e(f.title)}</td>"
        f'<td class="uid">{_e(f.resource_uid)}</td>'
        f"<td>{_e(f.region)}</td><td>{_e(f.account)}</td><td>{reason}</td>"
        f"<td>{_e(' '.join(f.controls))}</td></tr>"
    )


def _rank(row: Row) -> tuple[int, int, str, str]:
    return (_ORDER[_shown_status(row.key)], -row.key.severity.rank, row.key.check_id, row.uid)


#: rows of the findings table: a page with every finding of a million-asset scan would be
#: hundreds of megabytes; the JSON report and the CSV have them all
MAX_ROWS = 5000
#: failing resources named under each check in the remediation section
MAX_LISTED = 20


def _table_rows(result: ScanResult) -> tuple[list[Row], int]:
    """The worst ``MAX_ROWS`` findings in table order, and how many there are in all.

    Statuses are taken in table order (failures first, passes last) and only as far as the
    table reaches: at a million assets the passes are never walked, only counted.
    """
    total = len(result.findings)
    chosen: list[Row] = []
    for status in sorted(Status, key=lambda s: _ORDER[s.value]):
        room = MAX_ROWS - len(chosen)
        if room <= 0:
            break
        rows = rows_with_status(result.findings, status, first=room)
        chosen += heapq.nsmallest(room, rows, key=_rank)
    chosen.sort(key=_rank)  # suppressed failures sort after the open ones
    return chosen[:MAX_ROWS], total


def _findings(result: ScanResult) -> Iterator[str]:
    """The findings table, worst first, capped at ``MAX_ROWS`` rows."""
    ordered, total = _table_rows(result)
    status_opts = "".join(f'<option value="{k}">{k.replace("_", " ")}</option>' for k in _ORDER)
    severity_opts = "".join(f'<option value="{s.value}">{s.value}</option>' for s in Severity)
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "severity",
            "status",
            "check",
            "title",
            "resource",
            "region",
            "account",
            "reason",
            "controls",
        )
    )
    capped = ""
    if len(ordered) < total:
        capped = (
            f'<p class="warn" id="capped">This table shows the {len(ordered)} most severe of '
            f"{total} findings (failures first; the checks table above counts every finding). "
            "Every finding, passes included, is in the JSON report "
            "(<code>complyscan-report.json</code>) and the CSV "
            "(<code>complyscan-findings.csv</code>): <code>--format json,csv,html</code> "
            "writes them beside this page.</p>"
        )
    yield (
        '<section id="findings"><h2>Findings</h2>'
        f"{capped}"
        '<div class="filters">'
        '<input id="q" type="search" placeholder="Filter: check, resource, reason, control..." '
        'aria-label="Filter findings by text">'
        f'<select id="status" aria-label="Status"><option value="">all statuses</option>'
        f"{status_opts}</select>"
        f'<select id="severity" aria-label="Severity"><option value="">all severities</option>'
        f'{severity_opts}</select><span id="count">{len(ordered)} findings</span></div>'
        f"<table><thead><tr>{head}</tr></thead><tbody>"
    )
    for part in chunks(ordered):
        yield "".join(_row(row.finding()) for row in part)
    yield "</tbody></table></section>"


_CHECK_COLUMNS = ("fail", "suppressed", "unknown", "error", "pass", "not_applicable")


def _checks(result: ScanResult) -> str:
    """One row per check: its findings counted by status (passes summarised here)."""
    counts: dict[str, Counter[str]] = {}
    for key, n in tally(result.findings).items():
        counts.setdefault(key.check_id, Counter())[_shown_status(key)] += n
    info = {c.id: c for c in result.checks}

    def order(check_id: str) -> tuple[int, int, str]:
        c = counts[check_id]
        sev = info[check_id].severity.rank if check_id in info else 0
        return (0 if c["fail"] else 1 if c["unknown"] or c["error"] else 2, -sev, check_id)

    rows = []
    for check_id in sorted(counts, key=order):
        c, meta = counts[check_id], info.get(check_id)
        title = _e(meta.title) if meta else ""
        severity = meta.severity.value if meta else ""
        anchor = (
            f'<a href="#check-{_e(check_id)}">{_e(check_id)}</a>' if c["fail"] else _e(check_id)
        )
        cells = "".join(
            f'<td class="s-{k}">{c[k]}</td>' if c[k] and k == "fail" else f"<td>{c[k]}</td>"
            for k in _CHECK_COLUMNS
        )
        rows.append(f"<tr><td>{anchor}</td><td>{severity}</td><td>{title}</td>{cells}</tr>")
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "check",
            "severity",
            "title",
            "failed",
            "accepted",
            "unknown",
            "error",
            "passed",
            "n/a",
        )
    )
    return (
        '<section id="checks"><h2>Checks</h2><p>Every finding counted per check: failing '
        "checks first.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _remediation(result: ScanResult) -> str:
    failing: dict[str, list[str]] = {}
    count: Counter[str] = Counter()
    for key, n in tally(result.findings).items():
        if key.status is Status.FAIL:
            count[key.check_id] += n
    for row in rows_with_status(result.findings, Status.FAIL, first=MAX_LISTED):
        listed = failing.setdefault(row.key.check_id, [])
        if len(listed) < MAX_LISTED:
            listed.append(row.uid)
    checks: list[CheckInfo] = sorted(
        (c for c in result.checks if c.id in failing), key=lambda c: (-c.severity.rank, c.id)
    )
    articles = []
    for c in checks:
        uids, n = failing[c.id], count[c.id]
        items = "".join(f"<li><code>{_e(uid)}</code></li>" for uid in uids)
        more = f"<li>... and {n - len(uids)} more</li>" if n > len(uids) else ""
        articles.append(
            f'<article id="check-{_e(c.id)}"><h3>{_e(c.id)}: {_e(c.title)} '
            f'<span class="s-fail">({c.severity.value})</span></h3>'
            f"<p><strong>Risk.</strong> {as_html(c.rationale)}</p>"
            f"<p><strong>Remediation.</strong> {as_html(c.remediation)}</p>"
            f"<p><strong>Controls.</strong> {_e(', '.join(c.controls))}</p>"
            f"<p>{n} failing resource(s):</p><ul>{items}{more}</ul></article>"
        )
    body = "".join(articles) or "<p>No failing checks.</p>"
    return f'<section id="remediation"><h2>Remediation</h2>{body}</section>'


def _errors(result: ScanResult) -> str:
    if not result.errors:
        return ""
    items = "".join(
        f"<li>{_e(e.message)}" + (f"<br><em>{_e(e.hint)}</em>" if e.hint else "") + "</li>"
        for e in result.errors
    )
    return f'<section id="errors"><h2>Collection errors</h2><ul>{items}</ul></section>'


def to_html(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """The whole report as one HTML document (text)."""
    return "".join(to_html_chunks(result, frameworks))


def to_html_chunks(result: ScanResult, frameworks: Iterable[str] | None = None) -> Iterator[str]:
    """The HTML report in consecutive pieces (the findings table is most of it)."""
    meta = result.meta
    accounts = ", ".join(meta.accounts) or "(none)"
    csp = (
        f"default-src 'none'; style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    duration = (meta.finished_at - meta.started_at).total_seconds()
    yield (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>complyscan report: {_e(meta.provider)} {_e(accounts)}</title>"
        f"<style>{_CSS}</style></head><body>"
        f"<header><h1>complyscan report: {_e(meta.provider)} {_e(accounts)}</h1>"
        f'<p class="meta">complyscan {_e(meta.tool_version)} as <code>{_e(meta.identity)}</code>, '
        f"{meta.started_at.isoformat(timespec='seconds')} ({duration:.0f}s): "
        f"{meta.resources_collected} resources, {meta.checks_selected} checks, "
        f"{len(meta.regions)} region(s).</p></header>"
        f"{_summary(result)}{_frameworks(result, frameworks)}{_checks(result)}"
    )
    yield from _findings(result)
    yield (
        f"{_remediation(result)}{_errors(result)}"
        '<footer><p class="meta">Self-contained report: no external resources, works offline.'
        f"</p></footer><script>{_JS}</script></body></html>\n"
    )
