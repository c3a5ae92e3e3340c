"""Compliant source-control models (GitHub-shaped) for check tests; override one field each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scanner.model import ChangeHistory, Repository, SourceOrganization
from scanner.model.source_control import (
    BranchProtection,
    ChangeRequest,
    Collaborator,
    DeployKey,
    DeploymentEnvironment,
    PipelineRun,
    ProtectionRule,
    Review,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
START = datetime(2026, 8, 1, tzinfo=UTC)
ORG = "acme"


def _identity(kind: str, **overrides: Any) -> dict[str, Any]:
    return {
        "uid": f"https://github.com/{ORG}/{kind}",
        "provider": "github",
        "account": ORG,
        "region": "app",
        "service": "repos",
        "name": "app",
        "collected_at": NOW,
        **overrides,
    }


def organization(**overrides: Any) -> SourceOrganization:
    return SourceOrganization(
        **_identity("org", region="global", service="orgs", name=ORG),
        **{"two_factor_required": True, **overrides},
    )


def rule(**overrides: Any) -> ProtectionRule:
    """A ruleset that turns every protection on, with no bypass actors."""
    return ProtectionRule(
        **{
            "source": "ruleset",
            "name": "protect main (ruleset 1)",
            "pull_request_required": True,
            "required_approvals": 1,
            "dismiss_stale_approvals": True,
            "code_owner_review": True,
            "required_checks": ("ci/test",),
            "force_pushes_blocked": True,
            "deletions_blocked": True,
            "admins_enforced": True,
            "bypass": (),
            **overrides,
        }
    )


def protection(*rules: ProtectionRule) -> BranchProtection:
    return BranchProtection(branch="main", rules=rules or (rule(),))


def repository(**overrides: Any) -> Repository:
    return Repository(
        **_identity("app"),
        **{
            "url": f"https://github.com/{ORG}/app",
            "default_branch": "main",
            "visibility": "private",
            "protection": protection(),
            "has_codeowners": True,
            "secret_scanning": True,
            "push_protection": True,
            "dependency_alerts": True,
            "pipeline_token_read_only": True,
            "pipeline_actions_allowed": "selected",
            "environments": (
                DeploymentEnvironment(name="production", required_reviewers=("lead",)),
            ),
            "outside_collaborators": (Collaborator(login="auditor", access="read"),),
            "deploy_keys": (DeployKey(title="ci", key_id="1", read_only=True),),
            **overrides,
        },
    )


def change(number: int | None = 1, **overrides: Any) -> ChangeRequest:
    """A pull request by alice, approved by bob on the merged commit, checks green."""
    return ChangeRequest(
        **{
            "repository": f"{ORG}/app",
            "number": number,
            "url": f"https://github.com/{ORG}/app/pull/{number}",
            "author": "alice",
            "merged_by": "bob",
            "merged_at": START.replace(day=2),
            "head_commit": f"h{number}",
            "reviews": (Review(reviewer="bob", state="approved", commit=f"h{number}"),),
            "runs": (PipelineRun(name="ci/test", outcome="success"),),
            **overrides,
        }
    )


def change_history(**overrides: Any) -> ChangeHistory:
    return ChangeHistory(
        **_identity("app#changes", service="pulls"),
        **{
            "repository": f"{ORG}/app",
            "default_branch": "main",
            "window_start": START,
            "window_end": NOW,
            "changes": (change(1), change(2)),
            "force_pushes": (),
            "required_checks": ("ci/test",),
            "dismiss_stale_approvals": True,
            **overrides,
        },
    )


SOURCE_CONTROL_FACTORIES = {
    SourceOrganization: organization,
    Repository: repository,
    ChangeHistory: change_history,
}
