"""The audit window is [start, end): both edges, for merges, direct pushes and force pushes."""

from __future__ import annotations

from datetime import UTC, datetime

from providers.github import PROVIDER, connect
from scanner.config import build_config
from scanner.engine import run_scan
from scanner.model import ChangeHistory
from scanner.registry import load
from tests.providers.github.fake_github import FakeGitHub, FakeRepo
from tests.providers.github.nodes import commit, force_push, pull, review, run

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)


def _pull(number: int, at: str):
    return pull(number, repo="edge", author="a", merged_by="b", merged_at=at, head=f"h{number}",
                reviews=[review("b", commit=f"h{number}", at=at)], runs=[run("ci")])  # fmt: skip


def test_window_edges():
    fake = FakeGitHub(org="acme")
    fake.add(
        FakeRepo(
            "edge",
            pulls=[
                _pull(1, "2025-12-31T23:59:59Z"),  # just before: out
                _pull(2, "2026-01-01T00:00:00Z"),  # at start: in
                _pull(3, "2026-01-31T23:59:59Z"),  # just before end: in
                _pull(4, "2026-02-01T00:00:00Z"),  # at end: out
            ],
            commits=[
                commit("d-start", repo="edge", at="2026-01-01T00:00:00Z"),
                commit("d-end", repo="edge", at="2026-02-01T00:00:00Z"),
            ],
            activity=[
                force_push("in", "2026-01-01T00:00:00Z"),
                force_push("out", "2026-02-01T00:00:00Z"),
            ],
        )
    )
    cfg = build_config(provider="github", owner="acme", window=(START, END))
    with fake.serve() as base:
        session = connect(cfg, env={"GITHUB_TOKEN": "t", "GITHUB_API_URL": base})
        result = run_scan(PROVIDER, session, load().select(provider="github"), ["edge"])
        session.close()
    history = next(r for r in result.resources if isinstance(r, ChangeHistory))
    assert [c.number for c in history.changes if c.number] == [2, 3]
    assert [c.head_commit for c in history.changes if c.direct_push] == ["d-start"]
    assert [e.actor for e in history.force_pushes or ()] == ["in"]
