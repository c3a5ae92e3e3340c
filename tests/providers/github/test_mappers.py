"""Pure mappers on GitHub's JSON shapes (recorded fixtures and documented values)."""

from __future__ import annotations

import pytest

from providers.github.changes import is_direct_push, to_run
from providers.github.protection import to_classic_rule, to_ruleset_rule
from providers.github.settings import to_collaborator, to_environment, to_repository
from tests.providers.github.fake_github import example, user
from tests.providers.github.scenario import fixture, ruleset, ruleset_rules


def test_recorded_full_protection():
    rule = to_classic_rule(fixture("branch-protection-full.json"))
    assert rule.pull_request_required
    assert rule.required_approvals == 1
    assert rule.dismiss_stale_approvals
    assert not rule.code_owner_review
    assert rule.required_checks == ("foo/bar",)
    assert rule.force_pushes_blocked
    assert rule.deletions_blocked
    assert rule.admins_enforced
    assert rule.bypass == ()


def test_recorded_minimal_protection_requires_nothing():
    # protection exists, without required_pull_request_reviews or required_status_checks
    rule = to_classic_rule(fixture("branch-protection-minimal.json"))
    assert not rule.pull_request_required
    assert rule.required_approvals == 0
    assert rule.required_checks == ()


def test_classic_force_push_allowed_and_bypass_allowances():
    data = fixture("branch-protection-full.json")
    data["allow_force_pushes"] = {"enabled": True}
    data["enforce_admins"] = {"enabled": False}
    data["required_pull_request_reviews"]["bypass_pull_request_allowances"] = {
        "users": [user("release-bot")], "teams": [{"slug": "sre"}], "apps": [],
    }  # fmt: skip
    rule = to_classic_rule(data)
    assert not rule.force_pushes_blocked
    assert not rule.admins_enforced
    assert [(a.kind, a.name) for a in rule.bypass or ()] == [
        ("user", "release-bot"),
        ("team", "sre"),
    ]


def test_ruleset_rules_and_bypass():
    rule = to_ruleset_rule(
        7,
        ruleset_rules(7),
        ruleset(7, [{"actor_id": 1, "actor_type": "OrganizationAdmin", "bypass_mode": "always"}]),
    )
    assert rule.pull_request_required
    assert rule.required_checks == ("ci/test",)
    assert rule.force_pushes_blocked
    assert not rule.admins_enforced  # an organisation-admin bypass actor
    assert rule.name == "protect main (ruleset 7)"


def test_ruleset_without_force_push_rule_and_unreadable_bypass():
    rules = [r for r in ruleset_rules(7) if r["type"] not in {"non_fast_forward", "deletion"}]
    rule = to_ruleset_rule(7, rules, None)
    assert not rule.force_pushes_blocked
    assert not rule.deletions_blocked
    assert rule.bypass is None
    assert not rule.admins_enforced


def test_published_ruleset_example_maps():
    # the OpenAPI example's ruleset has a Team bypass actor
    data = example("/repos/{owner}/{repo}/rulesets/{ruleset_id}")
    rule = to_ruleset_rule(42, [], data)
    assert [(a.kind, a.name, a.mode) for a in rule.bypass or ()] == [("Team", "234", "always")]


@pytest.mark.parametrize(
    ("node", "outcome"),
    [
        (
            {"__typename": "CheckRun", "name": "t", "status": "COMPLETED", "conclusion": "SUCCESS"},
            "success",
        ),
        (
            {"__typename": "CheckRun", "name": "t", "status": "COMPLETED", "conclusion": "NEUTRAL"},
            "neutral",
        ),
        (
            {"__typename": "CheckRun", "name": "t", "status": "COMPLETED", "conclusion": "SKIPPED"},
            "skipped",
        ),
        (
            {
                "__typename": "CheckRun",
                "name": "t",
                "status": "COMPLETED",
                "conclusion": "CANCELLED",
            },
            "failure",
        ),
        (
            {"__typename": "CheckRun", "name": "t", "status": "COMPLETED", "conclusion": "STALE"},
            "failure",
        ),
        (
            {
                "__typename": "CheckRun",
                "name": "t",
                "status": "COMPLETED",
                "conclusion": "TIMED_OUT",
            },
            "failure",
        ),
        (
            {
                "__typename": "CheckRun",
                "name": "t",
                "status": "COMPLETED",
                "conclusion": "ACTION_REQUIRED",
            },
            "failure",
        ),
        (
            {"__typename": "CheckRun", "name": "t", "status": "IN_PROGRESS", "conclusion": None},
            "pending",
        ),
        (
            {"__typename": "CheckRun", "name": "t", "status": "QUEUED", "conclusion": None},
            "pending",
        ),
        ({"__typename": "StatusContext", "context": "t", "state": "SUCCESS"}, "success"),
        ({"__typename": "StatusContext", "context": "t", "state": "PENDING"}, "pending"),
        ({"__typename": "StatusContext", "context": "t", "state": "EXPECTED"}, "pending"),
        ({"__typename": "StatusContext", "context": "t", "state": "ERROR"}, "failure"),
        ({"__typename": "StatusContext", "context": "t", "state": "FAILURE"}, "failure"),
    ],
)
def test_run_outcomes(node, outcome):
    # CheckConclusionState / StatusState enums of GitHub's GraphQL schema
    assert to_run(node).outcome == outcome


@pytest.mark.parametrize(
    ("pulls", "direct"),
    [
        ([], True),
        ([{"number": 1, "merged": True, "baseRefName": "main"}], False),
        ([{"number": 1, "merged": False, "baseRefName": "main"}], True),  # open PR only
        ([{"number": 1, "merged": True, "baseRefName": "develop"}], True),  # merged elsewhere
    ],
)
def test_direct_push(pulls, direct):
    assert is_direct_push({"associatedPullRequests": {"nodes": pulls}}, "main") is direct


def test_collaborator_levels():
    sample = example("/repos/{owner}/{repo}/collaborators")[0]  # role_name "write"
    assert to_collaborator(sample).access == "write"
    custom = {**sample, "role_name": "security-reviewer"}  # a custom role: use permissions
    custom["permissions"] = {
        "admin": False,
        "maintain": True,
        "push": True,
        "triage": True,
        "pull": True,
    }
    assert to_collaborator(custom).access == "maintain"
    reader = {**sample, "role_name": "custom", "permissions": {"pull": True}}
    assert to_collaborator(reader).access == "read"


def test_published_environment_example():
    env = example("/repos/{owner}/{repo}/environments")["environments"][0]
    mapped = to_environment(env)
    assert mapped.name == "staging"
    assert mapped.required_reviewers == ("Justice League", "octocat") or mapped.required_reviewers


def test_repository_without_security_and_analysis_is_unknown():
    info = example("/repos/{owner}/{repo}")
    info.pop("security_and_analysis", None)
    repo = to_repository(
        info,
        owner="octocat",
        protection=None,
        extras={},
        collected_at=__import__("datetime").datetime.now(__import__("datetime").UTC),
    )
    assert repo.secret_scanning is None
    assert repo.push_protection is None
    assert repo.pipeline_token_read_only is None
    assert repo.environments is None
