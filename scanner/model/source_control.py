"""Source control: organisations, repositories, protected branches, changes and their reviews.

Neutral vocabulary, so a GitLab (merge requests, approval rules, pipelines) or Bitbucket
(pull requests, branch restrictions, builds) adapter can fill the same models as GitHub
(pull requests, branch protection and rulesets, check runs and statuses).

``None`` means "could not be read" everywhere; an absent setting is ``False``/``0``/``()``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource

#: Where the rules protecting a branch come from.
ProtectionSource = Literal["branch_protection", "ruleset"]
ReviewState = Literal["approved", "changes_requested", "commented", "dismissed", "pending"]
RunOutcome = Literal["success", "failure", "pending", "neutral", "skipped"]
AccessLevel = Literal["read", "triage", "write", "maintain", "admin"]


class BypassActor(Frozen):
    """Someone allowed to push or merge past a branch's rules."""

    kind: str = Field(description="user, team, app, role, organization_admin, deploy_key ...")
    name: str
    mode: str = Field(default="always", description="always, or pull_request only.")


class ProtectionRule(Frozen):
    """One source of rules on a branch (classic branch protection, or one ruleset)."""

    source: ProtectionSource
    name: str = Field(description="'branch protection', or the ruleset's name and id.")
    pull_request_required: bool
    required_approvals: int
    dismiss_stale_approvals: bool
    code_owner_review: bool
    last_push_approval: bool = False
    required_checks: tuple[str, ...] = ()
    force_pushes_blocked: bool
    deletions_blocked: bool
    admins_enforced: bool = Field(
        description="Administrators are held to the rules (classic: enforce_admins)."
    )
    bypass: tuple[BypassActor, ...] | None = Field(
        default=(), description="Who may bypass; None when the list could not be read."
    )


class BranchProtection(Frozen):
    """Every rule that applies to one branch, merged over all its sources.

    A setting is on when any active source turns it on (GitHub layers rulesets and branch
    protection: the most restrictive wins).
    """

    branch: str
    rules: tuple[ProtectionRule, ...]

    @property
    def protected(self) -> bool:
        """Any rule applies."""
        return bool(self.rules)

    @property
    def pull_request_required(self) -> bool:
        """Changes must come through a change request."""
        return any(r.pull_request_required for r in self.rules)

    @property
    def required_approvals(self) -> int:
        """The highest approval count any source requires."""
        return max((r.required_approvals for r in self.rules if r.pull_request_required), default=0)

    @property
    def dismiss_stale_approvals(self) -> bool:
        """New commits dismiss earlier approvals."""
        return any(r.dismiss_stale_approvals for r in self.rules)

    @property
    def code_owner_review(self) -> bool:
        """A code owner must approve changes to owned files."""
        return any(r.code_owner_review for r in self.rules)

    @property
    def required_checks(self) -> tuple[str, ...]:
        """Status checks that must succeed, over every source, sorted."""
        return tuple(sorted({c for r in self.rules for c in r.required_checks}))

    @property
    def force_pushes_blocked(self) -> bool:
        """History of the branch cannot be rewritten."""
        return any(r.force_pushes_blocked for r in self.rules)

    @property
    def deletions_blocked(self) -> bool:
        """The branch cannot be deleted."""
        return any(r.deletions_blocked for r in self.rules)


class DeploymentEnvironment(Frozen):
    """A deployment target (GitHub environment, GitLab protected environment)."""

    name: str
    required_reviewers: tuple[str, ...] = ()
    prevent_self_review: bool = False


class Collaborator(Frozen):
    """A person with direct access to a repository who is not a member of the organisation."""

    login: str
    access: AccessLevel


class DeployKey(Frozen):
    """A machine key with access to one repository (never the key material)."""

    title: str
    key_id: str
    read_only: bool


class SourceOrganization(Resource):
    """The organisation (GitHub org, GitLab group, Bitbucket workspace) hosting repositories."""

    two_factor_required: bool | None = Field(
        default=None, description="Members must enable two-factor authentication."
    )
    url: str = ""


class Repository(Resource):
    """One repository's security and change-control settings."""

    url: str = ""
    default_branch: str
    visibility: str = Field(description="public, private or internal.")
    archived: bool = False
    protection: BranchProtection | None = Field(
        default=None, description="Rules on the default branch; None: unreadable."
    )
    has_codeowners: bool | None = None
    secret_scanning: bool | None = None
    push_protection: bool | None = None
    dependency_alerts: bool | None = None
    pipeline_token_read_only: bool | None = Field(
        default=None, description="The CI job token (GITHUB_TOKEN) defaults to read-only."
    )
    pipeline_actions_allowed: str | None = Field(
        default=None,
        description="Which third-party CI actions may run: all, local_only, selected, disabled.",
    )
    environments: tuple[DeploymentEnvironment, ...] | None = None
    outside_collaborators: tuple[Collaborator, ...] | None = None
    deploy_keys: tuple[DeployKey, ...] | None = None


class Review(Frozen):
    """One review of a change request."""

    reviewer: str
    state: ReviewState
    commit: str | None = Field(default=None, description="The commit the review was given on.")
    submitted_at: datetime | None = None
    reviewer_can_write: bool | None = Field(
        default=None,
        description="The reviewer could push to the repository (only such approvals count "
        "toward required reviews on GitHub); None: not reported.",
    )


class PipelineRun(Frozen):
    """One check on a commit (a CI job, check run or commit status)."""

    name: str
    outcome: RunOutcome
    url: str = ""


class ChangeRequest(Frozen):
    """One change that reached the default branch in the window: a merged change request, or
    a commit pushed without one (``number`` None)."""

    repository: str
    number: int | None = None
    url: str
    title: str = ""
    author: str | None = None
    merged_by: str | None = None
    merged_at: datetime
    head_commit: str = Field(description="The last commit of the change (what was merged).")
    merge_commit: str | None = None
    reviews: tuple[Review, ...] | None = None
    runs: tuple[PipelineRun, ...] | None = None

    @property
    def direct_push(self) -> bool:
        """Reached the branch without a change request."""
        return self.number is None

    @property
    def self_merged(self) -> bool:
        """The author merged it."""
        return self.author is not None and self.author == self.merged_by

    def independent_approvers(self, *, dismiss_stale: bool) -> tuple[str, ...] | None:
        """Who approved it, other than its author, in a way that counts; None: unreadable.

        An approval counts when it is on the merged commit; an approval of an earlier
        commit counts only when stale approvals are not dismissed and the author did not
        merge it themselves. An approval by someone without write access never counts.
        """
        if self.reviews is None:
            return None
        stale_ok = not dismiss_stale and not self.self_merged
        return tuple(
            sorted(
                {
                    r.reviewer
                    for r in self.reviews
                    if r.state == "approved"
                    and r.reviewer != self.author
                    and r.reviewer_can_write is not False
                    and (r.commit == self.head_commit or stale_ok)
                }
            )
        )


class EventRecord(Frozen):
    """A branch event outside change requests (a force push)."""

    actor: str | None = None
    at: datetime
    before: str = ""
    after: str = ""


class ChangeHistory(Resource):
    """Every change that reached one repository's default branch within the audit window."""

    repository: str
    default_branch: str
    window_start: datetime
    window_end: datetime
    changes: tuple[ChangeRequest, ...] = ()
    force_pushes: tuple[EventRecord, ...] | None = None
    required_checks: tuple[str, ...] | None = Field(
        default=None, description="Checks the default branch requires now; None: unreadable."
    )
    dismiss_stale_approvals: bool | None = None


#: Run outcomes GitHub treats as a passing required check (skipped and neutral included).
PASSING_OUTCOMES: frozenset[str] = frozenset({"success", "neutral", "skipped"})


def failing_checks(change: ChangeRequest, required: tuple[str, ...]) -> tuple[str, ...] | None:
    """Checks that did not succeed on the merged commit; None: runs unreadable.

    With ``required`` checks, each must have a passing run (a missing one fails); with none
    required, every run that was reported must have passed.
    """
    if change.runs is None:
        return None
    passing = {r.name for r in change.runs if r.outcome in PASSING_OUTCOMES}
    if required:
        return tuple(name for name in required if name not in passing)
    return tuple(
        sorted({r.name for r in change.runs if r.outcome not in PASSING_OUTCOMES} - passing)
    )
