# ruff: noqa: E501 - the scenario tables keep one pull request per line pair
"""A fake organisation with one repository per situation the GitHub provider must judge.

Timestamps sit in or around the window 2026-01-01 .. 2026-04-01 (UTC).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tests.providers.github.fake_github import FIXTURES, Answer, FakeGitHub, FakeRepo, user
from tests.providers.github.nodes import commit, force_push, pull, review, run

WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
ON = {"status": "enabled"}
OFF = {"status": "disabled"}


def fixture(name: str) -> Any:
    data = json.loads((FIXTURES / name).read_text())
    # recorded in 2022, before the schema required "type" on restriction teams
    for team in (data.get("restrictions") or {}).get("teams") or ():
        team.setdefault("type", "organization")
    return data


def security(scanning: bool = True, push: bool = True) -> dict[str, Any]:
    return {
        "secret_scanning": ON if scanning else OFF,
        "secret_scanning_push_protection": ON if push else OFF,
        "dependabot_security_updates": ON,
    }


def collaborator(login: str, role: str) -> dict[str, Any]:
    flags = {
        "admin": role == "admin",
        "maintain": role in {"admin", "maintain"},
        "push": role in {"admin", "maintain", "write"},
        "triage": role != "read",
        "pull": True,
    }
    return {**user(login), "permissions": flags, "role_name": role}


def deploy_key(key_id: int, *, read_only: bool) -> dict[str, Any]:
    return {
        "id": key_id,
        "key": "ssh-rsa AAAA-not-a-real-key",
        "url": f"https://api.github.com/repos/acme/x/keys/{key_id}",
        "title": f"key-{key_id}",
        "verified": True,
        "created_at": "2025-01-01T00:00:00Z",
        "read_only": read_only,
        "added_by": "admin",
        "last_used": None,
        "enabled": True,
    }


def environment(name: str, reviewers: list[str]) -> dict[str, Any]:
    rules: list[dict[str, Any]] = [
        {"id": 1, "node_id": "GA_1", "type": "wait_timer", "wait_timer": 5},
    ]
    if reviewers:
        rules.append(
            {
                "id": 2,
                "node_id": "GA_2",
                "type": "required_reviewers",
                "prevent_self_review": True,
                "reviewers": [{"type": "User", "reviewer": user(r)} for r in reviewers],
            }
        )
    return {
        "id": abs(hash(name)) % 100000,
        "node_id": "EN_1",
        "name": name,
        "url": f"https://api.github.com/repos/acme/x/environments/{name}",
        "html_url": f"https://github.com/acme/x/deployments/activity_log?environments_filter={name}",
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
        "protection_rules": rules,
        "deployment_branch_policy": None,
    }


def ruleset_rules(ruleset_id: int) -> list[dict[str, Any]]:
    """Rules of one active repository ruleset, as GET .../rules/branches/{branch} lists them."""
    src = {
        "ruleset_source_type": "Repository",
        "ruleset_source": "acme/rules",
        "ruleset_id": ruleset_id,
    }
    return [
        {
            "type": "pull_request",
            "parameters": {
                "dismiss_stale_reviews_on_push": True,
                "require_code_owner_review": True,
                "require_last_push_approval": True,
                "required_approving_review_count": 1,
                "required_review_thread_resolution": False,
            },
            **src,
        },
        {
            "type": "required_status_checks",
            "parameters": {
                "strict_required_status_checks_policy": True,
                "required_status_checks": [{"context": "ci/test"}],
            },
            **src,
        },
        {"type": "non_fast_forward", **src},
        {"type": "deletion", **src},
    ]


def ruleset(ruleset_id: int, bypass: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": ruleset_id,
        "name": "protect main",
        "target": "branch",
        "source_type": "Repository",
        "source": "acme/rules",
        "enforcement": "active",
        "bypass_actors": bypass,
        "node_id": "RRS_1",
        "_links": {"self": {"href": "x"}, "html": {"href": "y"}},
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
    }


def _classic(fake: FakeGitHub) -> None:
    fake.add(
        FakeRepo(
            "classic",
            classic=fixture("branch-protection-full.json"),
            security=security(),
            environments=[environment("production", ["lead"]), environment("staging", [])],
            collaborators=[collaborator("contractor", "read")],
            keys=[deploy_key(1, read_only=True)],
            pulls=[
                pull(1, repo="classic", author="alice", merged_by="bob",
                     merged_at="2026-02-01T10:00:00Z", head="h1",
                     reviews=[review("bob", commit="h1", at="2026-02-01T09:00:00Z")],
                     runs=[run("foo/bar")]),
            ],
            commits=[commit("mh1", repo="classic", at="2026-02-01T10:00:00Z", pulls=[(1, True, "main")])],
        )
    )  # fmt: skip
    # one secondary and one primary rate-limit answer, each retried by the client
    fake.inject(
        "/repos/acme/classic/keys",
        Answer(
            403,
            {"message": "You have exceeded a secondary rate limit."},
            {"retry-after": "0"},
            times=1,
        ),
    )
    fake.inject(
        "/repos/acme/classic/environments",
        Answer(
            403,
            {"message": "API rate limit exceeded for user ID 1."},
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "0"},
            times=1,
        ),
    )


def _rules(fake: FakeGitHub) -> None:
    r = "rules"
    fake.add(
        FakeRepo(
            r,
            rules=ruleset_rules(7),
            rulesets={7: ruleset(7, [{"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"}])},
            codeowners=True,
            security=security(),
            pulls=[
                pull(10, repo=r, author="carol", merged_by="dave", merged_at="2026-01-10T00:00:00Z", head="h10",
                     reviews=[review("dave", commit="h10", at="2026-01-09T00:00:00Z")], runs=[run("ci/test")]),
                # approved only by its author
                pull(11, repo=r, author="carol", merged_by="carol", merged_at="2026-01-11T00:00:00Z", head="h11",
                     reviews=[review("carol", commit="h11", at="2026-01-10T00:00:00Z")], runs=[run("ci/test")]),
                # approval on an earlier commit; stale approvals are dismissed
                pull(12, repo=r, author="carol", merged_by="dave", merged_at="2026-01-12T00:00:00Z", head="h12",
                     reviews=[review("dave", commit="c12", at="2026-01-11T00:00:00Z")], runs=[run("ci/test")]),
                # the approval was dismissed
                pull(13, repo=r, author="carol", merged_by="dave", merged_at="2026-01-13T00:00:00Z", head="h13",
                     reviews=[review("dave", "DISMISSED", commit="h13", at="2026-01-12T00:00:00Z")],
                     runs=[run("ci/test")]),
                # an administrator merged past the rules with no review at all
                pull(14, repo=r, author="carol", merged_by="admin", merged_at="2026-01-14T00:00:00Z", head="h14",
                     runs=[run("ci/test")]),
                # approved, but the required check failed on the merged commit
                pull(15, repo=r, author="carol", merged_by="dave", merged_at="2026-01-15T00:00:00Z", head="h15",
                     reviews=[review("dave", commit="h15", at="2026-01-14T00:00:00Z")],
                     runs=[run("ci/test", "FAILURE"), run("lint")]),
                # approved on the merged commit, but by someone who cannot push to the repo
                pull(19, repo=r, author="carol", merged_by="dave", merged_at="2026-01-16T00:00:00Z", head="h19",
                     reviews=[review("guest", commit="h19", at="2026-01-15T00:00:00Z", can_push=False)],
                     runs=[run("ci/test")]),
                # outside the window: merged before it (one updated inside it), other base
                pull(16, repo=r, author="carol", merged_by="carol", merged_at="2025-12-20T00:00:00Z", head="h16"),
                pull(17, repo=r, author="carol", merged_by="carol", merged_at="2025-12-21T00:00:00Z", head="h17",
                     updated_at="2026-01-05T00:00:00Z"),
                pull(18, repo=r, author="carol", merged_by="carol", merged_at="2026-01-18T00:00:00Z", head="h18",
                     base="develop"),
            ],
            commits=[
                commit("mh10", repo=r, at="2026-01-10T00:00:00Z", pulls=[(10, True, "main")]),
                commit("d1", repo=r, at="2026-01-20T00:00:00Z", author="erin"),  # direct push
                commit("d2", repo=r, at="2026-01-21T00:00:00Z", author="erin", pulls=[(99, False, "main")]),
                commit("old", repo=r, at="2025-11-01T00:00:00Z", author="erin"),  # before window
            ],
            activity=[force_push("mallory", "2026-02-02T00:00:00Z"), force_push("old", "2025-10-01T00:00:00Z")],
        )
    )  # fmt: skip


def _stale_kept(fake: FakeGitHub) -> None:
    protection = fixture("branch-protection-full.json")
    protection["required_pull_request_reviews"]["dismiss_stale_reviews"] = False
    r = "stale"
    fake.add(
        FakeRepo(
            r,
            classic=protection,
            security=security(),
            pulls=[
                # earlier-commit approval, kept (no dismissal), merged by someone else: counts
                pull(20, repo=r, author="fay", merged_by="gus", merged_at="2026-03-01T00:00:00Z", head="h20",
                     reviews=[review("gus", commit="c20", at="2026-02-28T00:00:00Z")], runs=[run("foo/bar")]),
                # the same, but the author merged it: never counts
                pull(21, repo=r, author="fay", merged_by="fay", merged_at="2026-03-02T00:00:00Z", head="h21",
                     reviews=[review("gus", commit="c21", at="2026-03-01T00:00:00Z")], runs=[run("foo/bar")]),
            ],
        )
    )  # fmt: skip


def _open(fake: FakeGitHub) -> None:
    fake.add(
        FakeRepo(
            "open",
            security=security(scanning=True, push=False),
            vulnerability_alerts=False,
            actions={"enabled": True, "allowed_actions": "all"},
            workflow={"default_workflow_permissions": "write", "can_approve_pull_request_reviews": True},
            environments=[environment("Production", [])],
            collaborators=[collaborator("vendor", "write"), collaborator("viewer", "read")],
            keys=[*(deploy_key(100 + n, read_only=True) for n in range(120)), deploy_key(999, read_only=False)],
        )
    )  # fmt: skip


def _unreadable(fake: FakeGitHub) -> None:
    fake.add(FakeRepo("hidden", hidden=True))
    fake.add(FakeRepo("sso"))
    fake.inject(
        "/repos/acme/sso",
        Answer(
            403,
            {"message": "Resource protected by organization SAML enforcement."},
            {
                "x-github-sso": "required; url=https://github.com/orgs/acme/sso?authorization_request=AAA"
            },
        ),
    )
    fake.add(
        FakeRepo("noperm", classic=fixture("branch-protection-full.json"), security=security())
    )
    # REST answers, but GraphQL refuses the token (SAML SSO not authorised for it)
    fake.add(
        FakeRepo(
            "samlgql",
            classic=fixture("branch-protection-full.json"),
            security=security(),
            graphql_error={
                "type": "FORBIDDEN",
                "path": ["repository"],
                "message": "Resource protected by organization SAML enforcement. You must "
                "grant your Personal Access token access to this organization.",
            },
        )
    )
    fake.inject(
        "/repos/acme/noperm/actions/permissions",
        Answer(403, {"message": "Resource not accessible by personal access token"}),
    )
    fake.inject(
        "/repos/acme/noperm/branches/main/protection",
        Answer(404, {"message": "Not Found"}),
    )


def organisation() -> FakeGitHub:
    """The whole scenario (``graphql_page`` 2, so pull requests come in several pages)."""
    fake = FakeGitHub(org="acme", graphql_page=2)
    for build in (_classic, _rules, _stale_kept, _open, _unreadable):
        build(fake)
    return fake
