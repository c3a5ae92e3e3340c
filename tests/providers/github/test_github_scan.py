"""The GitHub provider end to end: the real githubkit client against the loopback fake.

Each repository of ``scenario.organisation()`` is one situation; the verdicts below are
what GitHub's documentation says they must be (pages cited in the checks' References).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from providers.github import PROVIDER, connect
from scanner.config import build_config
from scanner.engine import run_scan
from scanner.findings import Status
from scanner.registry import load
from scanner.result import ScanResult
from tests.providers.github.fake_github import FakeGitHub
from tests.providers.github.scenario import WINDOW, organisation

REPOS = ("classic", "rules", "stale", "open", "hidden", "sso", "noperm", "samlgql")


@dataclass
class Scanned:
    result: ScanResult
    fake: FakeGitHub
    calls: int

    def verdict(self, check_id: str, scope: str) -> tuple[Status, str]:
        found = [
            f
            for f in self.result.findings
            if f.check_id == check_id and scope in (f.region, f.resource_name)
        ]
        assert len(found) == 1, (check_id, scope, found)
        return found[0].status, found[0].reason


def scan(fake: FakeGitHub, base: str, repos: tuple[str, ...] = REPOS) -> tuple[ScanResult, int]:
    cfg = build_config(provider="github", owner="acme", repos=repos, window=WINDOW, concurrency=4)
    session = connect(cfg, env={"GITHUB_TOKEN": "ghp_test", "GITHUB_API_URL": base})
    registry = load().select(provider="github")
    result = run_scan(PROVIDER, session, registry, PROVIDER.scopes(session, cfg), concurrency=4)
    session.close()
    return result, session.counter.total


@pytest.fixture(scope="module")
def scanned() -> Scanned:
    fake = organisation()
    with fake.serve() as base:
        result, calls = scan(fake, base)
    return Scanned(result, fake, calls)


@pytest.mark.parametrize(
    ("check_id", "scope", "status", "words"),
    [
        ("SCM-001", "global", Status.PASS, "required"),
        # classic protection (recorded octokit fixture): everything on
        ("SCM-002", "classic", Status.PASS, "1 approval"),
        ("SCM-003", "classic", Status.PASS, "dismisses"),
        ("SCM-004", "classic", Status.NOT_APPLICABLE, "no CODEOWNERS"),
        ("SCM-005", "classic", Status.PASS, "foo/bar"),
        ("SCM-006", "classic", Status.PASS, "blocks"),
        ("SCM-007", "classic", Status.PASS, "bind administrators"),
        ("SCM-012", "classic", Status.PASS, "production"),
        ("SCM-013", "classic", Status.PASS, "none can write"),
        ("SCM-014", "classic", Status.PASS, "1 deploy key"),
        ("CHG-001", "classic", Status.PASS, "1 of 1"),
        ("CHG-002", "classic", Status.PASS, "1 of 1"),
        ("CHG-003", "classic", Status.PASS, "all 1 changes"),
        # rulesets only, with a repository-role bypass actor
        ("SCM-002", "rules", Status.PASS, "1 approval"),
        ("SCM-003", "rules", Status.PASS, "dismisses"),
        ("SCM-004", "rules", Status.PASS, "code-owner"),
        ("SCM-005", "rules", Status.PASS, "ci/test"),
        ("SCM-006", "rules", Status.PASS, "blocks"),
        ("SCM-007", "rules", Status.FAIL, "RepositoryRole:5"),
        # stale approvals kept by the classic protection
        ("SCM-003", "stale", Status.FAIL, "keeps approvals"),
        (
            "CHG-001",
            "stale",
            Status.FAIL,
            "#21 (approval on an earlier commit, merged by its author)",
        ),
        # nothing protected, every setting off
        ("SCM-002", "open", Status.FAIL, "no branch protection and no ruleset"),
        ("SCM-008", "open", Status.FAIL, "push protection off"),
        ("SCM-009", "open", Status.FAIL, "off"),
        ("SCM-010", "open", Status.FAIL, "read and write"),
        ("SCM-011", "open", Status.FAIL, "any action"),
        ("SCM-012", "open", Status.FAIL, "Production"),
        ("SCM-013", "open", Status.FAIL, "vendor (write)"),
        ("SCM-014", "open", Status.FAIL, "key-999"),
        ("CHG-001", "open", Status.NOT_APPLICABLE, "no pull request merged"),
        ("CHG-003", "open", Status.PASS, "all 0 changes"),
        # a missing permission on one endpoint, a 404 that is not "Branch not protected"
        ("SCM-011", "noperm", Status.UNKNOWN, "unreadable"),
        ("SCM-010", "noperm", Status.PASS, "read-only"),
        ("SCM-002", "noperm", Status.UNKNOWN, "unreadable"),
        ("CHG-002", "noperm", Status.NOT_APPLICABLE, "no pull request merged"),
        # GraphQL refused under SAML SSO: the population is unknown, the settings are judged
        ("CHG-001", "samlgql", Status.UNKNOWN, "SSONotAuthorized"),
        ("CHG-003", "samlgql", Status.UNKNOWN, "SSONotAuthorized"),
        ("SCM-002", "samlgql", Status.PASS, "1 approval"),
    ],
)
def test_verdicts(scanned: Scanned, check_id: str, scope: str, status: Status, words: str) -> None:
    got, reason = scanned.verdict(check_id, scope)
    assert got is status, reason
    assert words in reason


def test_population_judges_each_merged_pull_request(scanned: Scanned) -> None:
    status, reason = scanned.verdict("CHG-001", "rules")
    assert status is Status.FAIL
    assert reason.startswith("2 of 7 merged pull requests approved independently (28.6%)")
    assert "#11 (approved only by its author)" in reason
    assert "#12 (approval on an earlier commit, stale approvals dismissed)" in reason
    assert "#13 (no approval; merged by dave)" in reason  # the dismissed review
    assert "#14 (no approval; merged by admin)" in reason  # an admin bypass merge
    assert "#19 (approved only by reviewers without write access)" in reason
    for outside in ("#16", "#17", "#18"):
        assert outside not in reason


def test_required_checks_on_the_merged_commit(scanned: Scanned) -> None:
    status, reason = scanned.verdict("CHG-002", "rules")
    assert status is Status.FAIL
    assert reason.startswith("6 of 7")
    assert "#15 (not successful: ci/test)" in reason


def test_direct_and_force_pushes_are_exceptions(scanned: Scanned) -> None:
    status, reason = scanned.verdict("CHG-003", "rules")
    assert status is Status.FAIL
    assert "2 of 9 changes pushed without a pull request" in reason
    assert "d1 by erin" in reason
    assert "d2 by erin" in reason  # d2 sits in an open pull request only
    assert "force push by mallory at 2026-02-02 00:00Z" in reason
    assert "old" not in reason  # the commit and the force push before the window


def test_stale_approval_counts_only_when_kept_and_not_self_merged(scanned: Scanned) -> None:
    _, reason = scanned.verdict("CHG-001", "stale")
    assert reason.startswith("1 of 2")
    assert "#20" not in reason


def test_unreadable_repositories_are_unknown_never_pass(scanned: Scanned) -> None:
    for repo, cause in (("hidden", "NotFound"), ("sso", "SSONotAuthorized")):
        mine = [f for f in scanned.result.findings if f.region == repo]
        assert mine, repo
        assert {f.status for f in mine} == {Status.UNKNOWN}, repo
        assert {f.check_id for f in mine} >= {"SCM-002", "CHG-001", "CHG-002", "CHG-003"}
        assert all(cause in f.reason for f in mine)
    sso = next(f for f in scanned.result.findings if f.region == "sso")
    assert "https://github.com/orgs/acme/sso" in sso.reason
    assert scanned.result.meta.complete is False


def test_partial_reads_are_reported_with_the_call(scanned: Scanned) -> None:
    errors = [e for e in scanned.result.errors if e.scope == "noperm"]
    calls = {e.permission for e in errors}
    assert "GET /repos/{owner}/{repo}/actions/permissions" in calls
    assert "GET /repos/{owner}/{repo}/branches/{branch}/protection" in calls


def test_rate_limited_answers_are_retried(scanned: Scanned) -> None:
    served = scanned.fake.requests
    assert served.count(("GET", "/repos/acme/classic/keys")) == 2  # secondary limit, retry-after
    assert served.count(("GET", "/repos/acme/classic/environments")) == 2  # primary limit
    status, _ = scanned.verdict("SCM-014", "classic")
    assert status is Status.PASS


def test_rest_and_graphql_paging(scanned: Scanned) -> None:
    served = scanned.fake.requests
    assert served.count(("GET", "/repos/acme/open/keys")) == 2  # 121 keys, 100 per page
    # 9 pull requests on 'rules', 2 per page, newest first, stops before the window
    assert served.count(("POST", "/graphql")) > 10
    _, reason = scanned.verdict("SCM-014", "open")
    assert reason == "deploy keys with write access: key-999 (id 999)"


def test_counted_calls_match_the_requests_served(scanned: Scanned) -> None:
    assert scanned.calls == len(scanned.fake.requests)


def test_evidence_lists_every_merged_change(scanned: Scanned) -> None:
    history = next(
        r
        for r in scanned.result.resources
        if type(r).__name__ == "ChangeHistory" and r.name == "rules"
    )
    changes: Any = history.changes  # type: ignore[attr-defined]
    assert [c.number for c in changes if c.number] == [10, 11, 12, 13, 14, 15, 19]
    first = changes[0]
    assert first.url == "https://github.com/acme/rules/pull/10"
    assert [r.reviewer for r in first.reviews] == ["dave"]
    assert [(r.name, r.outcome) for r in first.runs] == [("ci/test", "success")]
