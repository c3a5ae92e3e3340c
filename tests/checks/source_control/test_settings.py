"""Settings checks on models: each compliant default beside its closest failing twin.

Semantics from GitHub's documentation (cited per test): branch protection and rulesets
layer (most restrictive wins), a ruleset's bypass list, environments' required reviewers.
"""

from __future__ import annotations

import pytest

from checks.source_control.branch import (
    default_branch_blocks_force_push_and_deletion,
    default_branch_dismisses_stale_approvals,
    default_branch_requires_approved_pull_request,
    default_branch_requires_code_owner_review,
    default_branch_requires_status_checks,
    default_branch_rules_have_no_bypass,
)
from checks.source_control.organization import organization_requires_two_factor
from checks.source_control.repository import (
    production_environment_requires_reviewers,
    repository_alerts_on_vulnerable_dependencies,
    repository_deploy_keys_read_only,
    repository_outside_collaborators_read_only,
    repository_restricts_actions,
    repository_scans_for_secrets,
    repository_workflow_token_is_read_only,
)
from scanner.findings import Status
from scanner.model.source_control import (
    BypassActor,
    Collaborator,
    DeployKey,
    DeploymentEnvironment,
)
from tests.checks.factories_source_control import organization, protection, repository, rule

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
CLASSIC = {"source": "branch_protection", "name": "branch protection"}


@pytest.mark.parametrize(("value", "expected"), [(True, PASS), (False, FAIL), (None, UNKNOWN)])
def test_two_factor(value, expected):
    # two_factor_requirement_enabled is shown to owners only: absent -> unknown, never pass
    assert (
        organization_requires_two_factor(organization(two_factor_required=value)).status is expected
    )


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        (repository(), PASS),
        (repository(protection=protection(rule(required_approvals=0))), FAIL),  # PR, 0 approvals
        (repository(protection=protection(rule(pull_request_required=False))), FAIL),
        (repository(protection=protection(rule(required_approvals=2))), PASS),
        (repository(protection=protection(*())), PASS),  # the default single rule
        (repository(protection=None), UNKNOWN),
        (repository(archived=True), NA),
    ],
)
def test_pull_request_with_approval(repo, expected):
    # https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-pull-request-reviews-before-merging
    assert default_branch_requires_approved_pull_request(repo).status is expected


def test_no_rules_at_all_fails():
    from scanner.model.source_control import BranchProtection

    repo = repository(protection=BranchProtection(branch="main", rules=()))
    result = default_branch_requires_approved_pull_request(repo)
    assert result.status is FAIL
    assert result.reason == "main has no branch protection and no ruleset"


def test_layers_most_restrictive_wins():
    # classic protection asks for nothing; a ruleset requires 1 approval: the ruleset applies
    # https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/about-rulesets#about-rule-layering
    weak = rule(
        **CLASSIC, pull_request_required=False, required_approvals=0, dismiss_stale_approvals=False
    )
    repo = repository(protection=protection(weak, rule()))
    assert default_branch_requires_approved_pull_request(repo).status is PASS
    assert default_branch_dismisses_stale_approvals(repo).status is PASS


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, PASS),
        ({"dismiss_stale_approvals": False}, FAIL),
        ({"pull_request_required": False}, FAIL),
    ],
)
def test_stale_approvals(overrides, expected):
    repo = repository(protection=protection(rule(**overrides)))
    assert default_branch_dismisses_stale_approvals(repo).status is expected


@pytest.mark.parametrize(
    ("codeowners", "owner_review", "expected"),
    [(True, True, PASS), (True, False, FAIL), (False, False, NA), (None, True, UNKNOWN)],
)
def test_code_owner_review(codeowners, owner_review, expected):
    repo = repository(
        has_codeowners=codeowners, protection=protection(rule(code_owner_review=owner_review))
    )
    assert default_branch_requires_code_owner_review(repo).status is expected


@pytest.mark.parametrize(
    ("checks", "expected"), [(("ci/test",), PASS), ((), FAIL), (("a", "b"), PASS)]
)
def test_required_status_checks(checks, expected):
    repo = repository(protection=protection(rule(required_checks=checks)))
    assert default_branch_requires_status_checks(repo).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected", "words"),
    [
        ({}, PASS, "blocks"),
        ({"force_pushes_blocked": False}, FAIL, "allows force pushes"),
        ({"deletions_blocked": False}, FAIL, "allows deletion"),
        (
            {"force_pushes_blocked": False, "deletions_blocked": False},
            FAIL,
            "force pushes and deletion",
        ),
    ],
)
def test_force_push_and_deletion(overrides, expected, words):
    result = default_branch_blocks_force_push_and_deletion(
        repository(protection=protection(rule(**overrides)))
    )
    assert result.status is expected
    assert words in result.reason


@pytest.mark.parametrize(
    ("rules", "expected", "words"),
    [
        ((rule(),), PASS, "no bypass"),
        ((rule(bypass=(BypassActor(kind="Team", name="234"),)),), FAIL, "Team:234"),
        (
            (rule(bypass=(BypassActor(kind="user", name="ops", mode="pull_request"),)),),
            FAIL,
            "user:ops",
        ),
        ((rule(**CLASSIC, admins_enforced=False),), FAIL, "administrators"),
        # admins escape classic protection but a ruleset without bypass still holds them
        ((rule(**CLASSIC, admins_enforced=False), rule()), PASS, "bind administrators"),
        ((rule(bypass=None),), UNKNOWN, "unreadable"),
    ],
)
def test_bypass(rules, expected, words):
    # https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#granting-bypass-permissions-for-your-ruleset
    result = default_branch_rules_have_no_bypass(repository(protection=protection(*rules)))
    assert result.status is expected
    assert words in result.reason


@pytest.mark.parametrize(
    ("scanning", "push", "expected"),
    [
        (True, True, PASS),
        (True, False, FAIL),
        (False, True, FAIL),
        (None, True, UNKNOWN),
        (True, None, UNKNOWN),
    ],
)
def test_secret_scanning(scanning, push, expected):
    # https://docs.github.com/en/code-security/secret-scanning/introduction/about-push-protection
    repo = repository(secret_scanning=scanning, push_protection=push)
    assert repository_scans_for_secrets(repo).status is expected


@pytest.mark.parametrize(("value", "expected"), [(True, PASS), (False, FAIL), (None, UNKNOWN)])
def test_dependabot_alerts(value, expected):
    assert (
        repository_alerts_on_vulnerable_dependencies(repository(dependency_alerts=value)).status
        is expected
    )


@pytest.mark.parametrize(
    ("read_only", "allowed", "expected"),
    [
        (True, "selected", PASS),
        (False, "selected", FAIL),
        (None, "selected", UNKNOWN),
        (False, "disabled", NA),
    ],
)
def test_workflow_token(read_only, allowed, expected):
    repo = repository(pipeline_token_read_only=read_only, pipeline_actions_allowed=allowed)
    assert repository_workflow_token_is_read_only(repo).status is expected


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [("selected", PASS), ("local_only", PASS), ("all", FAIL), ("disabled", NA), (None, UNKNOWN)],
)
def test_allowed_actions(allowed, expected):
    # the allowed_actions values of GET /repos/{owner}/{repo}/actions/permissions are all,
    # local_only and selected
    assert (
        repository_restricts_actions(repository(pipeline_actions_allowed=allowed)).status
        is expected
    )


def env(name: str, *reviewers: str) -> DeploymentEnvironment:
    return DeploymentEnvironment(name=name, required_reviewers=reviewers)


@pytest.mark.parametrize(
    ("environments", "expected"),
    [
        ((env("production", "lead"),), PASS),
        ((env("production"),), FAIL),
        ((env("Production "),), FAIL),  # names compared case- and space-insensitively
        ((env("prod"),), FAIL),
        ((env("prd"),), FAIL),
        ((env("LIVE"),), FAIL),
        ((env("prd", "lead"), env("live", "ops")), PASS),
        ((env("production", "lead"), env("prod")), FAIL),
        ((env("staging"),), NA),
        ((env("production-like"),), NA),
        ((), NA),
        (None, UNKNOWN),
    ],
)
def test_production_reviewers(environments, expected):
    # https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#required-reviewers
    assert (
        production_environment_requires_reviewers(repository(environments=environments)).status
        is expected
    )


@pytest.mark.parametrize(
    ("access", "expected"),
    [("read", PASS), ("triage", PASS), ("write", FAIL), ("maintain", FAIL), ("admin", FAIL)],
)
def test_outside_collaborators(access, expected):
    repo = repository(outside_collaborators=(Collaborator(login="x", access=access),))
    assert repository_outside_collaborators_read_only(repo).status is expected


def test_outside_collaborators_unknown_and_none():
    assert (
        repository_outside_collaborators_read_only(repository(outside_collaborators=None)).status
        is UNKNOWN
    )
    assert (
        repository_outside_collaborators_read_only(repository(outside_collaborators=())).status
        is PASS
    )


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ((DeployKey(title="a", key_id="1", read_only=True),), PASS),
        ((DeployKey(title="a", key_id="1", read_only=False),), FAIL),
        (
            (
                DeployKey(title="a", key_id="1", read_only=True),
                DeployKey(title="b", key_id="2", read_only=False),
            ),
            FAIL,
        ),
        ((), PASS),
        (None, UNKNOWN),
    ],
)
def test_deploy_keys(keys, expected):
    assert repository_deploy_keys_read_only(repository(deploy_keys=keys)).status is expected
