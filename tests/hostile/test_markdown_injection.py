"""Issue 17 item 8: values we did not write cannot inject HTML, links or mentions in markdown.

The markdown summary goes to ``$GITHUB_STEP_SUMMARY`` and PR comments. A collection-error
message or an account name carrying ``<img src=...>`` (a tracking beacon), ``<details>``,
a ``[link](javascript:...)`` or ``@octocat`` (a notification) must render as plain text. It is
rendered here with markdown-it-py in CommonMark mode plus GFM tables and strikethrough, as
GitHub renders step summaries (CommonMark + GFM extensions).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from checks.crypto.kms_key import kms_key_rotates_automatically
from scanner.engine import run_scan
from scanner.outputs.markdown import to_markdown
from scanner.registry import Registry
from tests.fakes import FakeSession
from tests.hostile.estate import MD_HOSTILE, hostile_spec

GFM = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _rendered() -> tuple[str, str]:
    session = FakeSession(account=f"prod {MD_HOSTILE}")
    result = run_scan(
        hostile_spec(), session, Registry((kms_key_rotates_automatically,)), ["us-east-1"]
    )
    md = to_markdown(result)
    return md, GFM.render(md)


def test_no_html_link_or_mention_survives_rendering():
    md, html = _rendered()
    assert "<img" not in html
    assert "<details" not in html
    assert not [h for h in re.findall(r'href="([^"]*)"', html) if "javascript" in h]
    assert not re.search(r"(?<![\w\u200b])@octocat", html)  # no live mention
    # the text is still there for a reader, escaped
    assert "&lt;img src=" in html
    assert "@\u200boctocat" in html
    assert "prod" in md.splitlines()[0]


def test_heading_and_table_structure_survive_hostile_account_names():
    _, html = _rendered()
    assert html.count("<h2>") == 1
    assert "<table>" in html
