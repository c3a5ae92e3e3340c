"""Markdown summary (GitHub step summary, PR comments): headline, failures, controls, errors."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from scanner.findings import Severity, Status
from scanner.findingset import Row, Verdicts, rows_with_status, tally
from scanner.outputs.status import cause_phrase, incomplete_summary
from scanner.result import CheckInfo, ScanResult
from scanner.rollup import rollup
from scanner.textsafe import printable

#: Caps keep the summary readable and well under GitHub's 1 MiB step-summary limit.
TOP_RESOURCES = 3
MAX_CONTROLS = 15
MAX_ERRORS = 25


def _cell(text: str) -> str:
    """Make ``text`` safe inside a markdown table cell (our own words: titles, ids)."""
    return " ".join(printable(text).split()).replace("\\", "\\\\").replace("|", "\\|")


#: markdown punctuation that could start emphasis, a link, an image, code or a table cell
_MARKDOWN = re.compile(r"([\\`*_\[\]|~!])")
#: a GitHub @mention or team mention (``@user``, ``@org/team``)
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def _text(text: str) -> str:
    """A value we did not write (API messages, account names) as inert markdown prose.

    HTML is escaped (no ``<img>`` beacon, no ``<details>``), markdown punctuation is
    backslash-escaped (no link, image or emphasis), control characters are shown as
    escapes, and ``@name`` gets a zero-width space after the ``@`` so GitHub notifies
    nobody (``scanner.outputs.markdown`` is what ``$GITHUB_STEP_SUMMARY`` shows).
    """
    flat = " ".join(printable(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@\u200b", _MARKDOWN.sub(r"\\\1", flat))


def _code(text: str) -> str:
    """Inline code that cannot be broken by backticks or pipes in ``text``.

    Inside a code span GitHub renders no HTML, links or mentions.
    """
    return "`" + _cell(text).replace("`", "'") + "`"


def _more(shown: int, total: int) -> str:
    return f" (+{total - shown} more)" if total > shown else ""


def _headline(result: ScanResult) -> list[str]:
    meta = result.meta
    duration = (meta.finished_at - meta.started_at).total_seconds()
    accounts = _text(", ".join(meta.accounts)) or "(none)"
    lines = [
        f"## complyscan: {meta.provider} {accounts}",
        "",
        f"complyscan {meta.tool_version} scanned {meta.provider} account(s) {accounts} as "
        f"{_code(meta.identity)}: {meta.resources_collected} resources, "
        f"{meta.checks_selected} checks, {len(meta.regions)} region(s), {duration:.1f}s.",
        "",
    ]
    warning = incomplete_summary(result)
    if warning is not None:
        see = " See *Collection errors* below." if result.errors else ""
        lines += ["> [!WARNING]", f"> {warning}{see}", ""]
    status: Counter[Status] = Counter()
    suppressed = 0
    for key, n in tally(result.findings).items():
        if key.suppressed:
            suppressed += n
        else:
            status[key.status] += n
    lines += [
        "| failed | passed | unknown | error | not applicable | suppressed |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| **{status[Status.FAIL]}** | {status[Status.PASS]} | {status[Status.UNKNOWN]} "
        f"| {status[Status.ERROR]} | {status[Status.NOT_APPLICABLE]} | {suppressed} |",
        "",
    ]
    return lines


#: What the failing-checks section needs of each check: its failing uids (the first
#: ``TOP_RESOURCES`` when they are distinct and sorted already), severity, a row for its
#: title, and how many distinct resources fail where that is known without every uid.
_Failing = tuple[dict[str, list[str]], dict[str, Severity], dict[str, Row], dict[str, int]]


def _failing_rows(result: ScanResult, counts: Counter[str]) -> _Failing:
    # a columnar part's rows come in uid order, one per resource: its first rows are its
    # smallest uids, and its row count is its count of distinct resources
    failing: dict[str, list[str]] = defaultdict(list)
    severity: dict[str, Severity] = {}
    titles: dict[str, Row] = {}
    parts: dict[str, set[int]] = defaultdict(set)
    for row in rows_with_status(result.findings, Status.FAIL, first=TOP_RESOURCES):
        if not row.key.suppressed:
            failing[row.key.check_id].append(row.uid)
            severity.setdefault(row.key.check_id, row.key.severity)
            titles.setdefault(row.key.check_id, row)
            parts[row.key.check_id].add(id(row.part))
    distinct = {
        check_id: counts[check_id]
        for check_id, row in titles.items()
        if len(parts[check_id]) == 1 and isinstance(row.part, Verdicts) and not row.part.replaced
    }
    others = failing.keys() - distinct.keys()
    if others:  # failures held one by one too: every row of those checks, as before
        for check_id in others:
            failing[check_id] = []
        for row in rows_with_status(result.findings, Status.FAIL):
            if not row.key.suppressed and row.key.check_id in others:
                failing[row.key.check_id].append(row.uid)
    return failing, severity, titles, distinct


def _failing_checks(result: ScanResult) -> list[str]:
    # rows, not findings: a million-asset scan has hundreds of thousands of failures, and
    # only a check's severity, title and failing uids are shown
    counts: Counter[str] = Counter()
    for key, n in tally(result.findings).items():
        if key.status is Status.FAIL and not key.suppressed:
            counts[key.check_id] += n
    failing, severity, titles, distinct = _failing_rows(result, counts)
    if not failing:
        return ["No failing checks.", ""]
    info: dict[str, CheckInfo] = {c.id: c for c in result.checks}
    by_severity: dict[Severity, list[str]] = defaultdict(list)
    for check_id, sev in severity.items():
        by_severity[sev].append(check_id)
    lines = [
        "### Failing checks by severity",
        "",
        "| severity | checks | failing resources |",
        "|---|---:|---:|",
    ]
    ordered = sorted(by_severity, key=lambda s: -s.rank)
    for sev in ordered:
        ids = by_severity[sev]
        lines.append(f"| {sev.value} | {len(ids)} | {sum(counts[i] for i in ids)} |")
    lines.append("")
    for sev in ordered:
        ids = sorted(by_severity[sev], key=lambda i: (-counts[i], i))
        lines += [
            f"#### {sev.value.capitalize()}",
            "",
            "| check | title | failing | top resources |",
            "|---|---|---:|---|",
        ]
        for check_id in ids:
            uids = sorted(set(failing[check_id]))
            many = distinct.get(check_id, len(uids))
            top = ", ".join(_code(u) for u in uids[:TOP_RESOURCES]) + _more(TOP_RESOURCES, many)
            title = info[check_id].title if check_id in info else titles[check_id].finding().title
            lines.append(f"| {check_id} | {_cell(title)} | {counts[check_id]} | {top} |")
        lines.append("")
    return lines


def _frameworks(result: ScanResult, frameworks: Iterable[str] | None) -> list[str]:
    rolled = rollup(result, frameworks)
    if not rolled:
        return []
    lines = [
        "### Frameworks",
        "",
        "| framework | controls tested | failing | unknown | failing controls |",
        "|---|---:|---:|---:|---|",
    ]
    for fw, controls in rolled.items():
        failing = [c.control_id for c in controls if c.status == "fail"]
        unknown = sum(1 for c in controls if c.status == "unknown")
        shown = ", ".join(_cell(c) for c in failing[:MAX_CONTROLS]) + _more(
            MAX_CONTROLS, len(failing)
        )
        lines.append(f"| {fw} | {len(controls)} | {len(failing)} | {unknown} | {shown} |")
    lines.append("")
    return lines


def _errors(result: ScanResult) -> list[str]:
    if not result.errors:
        return ["Every scope was collected.", ""]
    lines = [f"### Collection errors ({len(result.errors)})", ""]
    for e in result.errors[:MAX_ERRORS]:
        where = e.resource_uid or e.scope
        lines.append(f"- **{_text(e.resource_kind)}** in {_code(where)}: {_text(e.message)}")
        if e.permission:
            permission = _cell(e.permission).replace("`", "'")
            lines.append(f"  - {cause_phrase(e.cause, permission)}")
        if e.hint:
            lines.append(f"  - hint: {_text(e.hint)}")
    if len(result.errors) > MAX_ERRORS:
        lines.append(
            f"- ... and {len(result.errors) - MAX_ERRORS} more (see complyscan-report.json)"
        )
    lines.append("")
    return lines


def to_markdown(result: ScanResult, frameworks: Iterable[str] | None = None) -> str:
    """A GitHub-flavoured markdown summary of ``result``; pure, deterministic."""
    lines = [
        *_headline(result),
        *_failing_checks(result),
        *_frameworks(result, frameworks),
        *_errors(result),
        "Full evidence (passes included): `complyscan-report.json`; code scanning: "
        "`complyscan.sarif`.",
    ]
    return "\n".join(lines) + "\n"
