"""Checks on the rules protecting a repository's default branch (protection or rulesets)."""

from __future__ import annotations

from checks.source_control._controls import CHANGE_CONTROL, PROVIDERS
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Repository
from scanner.model.source_control import BranchProtection
from scanner.registry import check


def _rules(repo: Repository) -> BranchProtection | Result:
    """The default branch's rules, or the verdict when there are none to judge."""
    if repo.archived:
        return not_applicable("archived repository (read-only)")
    if repo.protection is None:
        return unknown(
            f"rules of {repo.default_branch} unreadable: the token needs Administration: read"
        )
    if not repo.protection.protected:
        return failed(f"{repo.default_branch} has no branch protection and no ruleset")
    return repo.protection


@check(
    id="SCM-002",
    severity=Severity.HIGH,
    resource=Repository,
    title="Default branch requires a pull request with at least one approval",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_requires_approved_pull_request(repo: Repository) -> Result:
    """Without a required, approved pull request one person can change production code alone.

    Remediation: protect the default branch (a ruleset or branch protection) with "Require a
    pull request before merging" and at least 1 required approval.
    References: https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-pull-request-reviews-before-merging
    """
    rules = _rules(repo)
    if not isinstance(rules, BranchProtection):
        return rules
    if not rules.pull_request_required:
        return failed(f"{rules.branch} accepts pushes without a pull request")
    if rules.required_approvals < 1:
        return failed(f"{rules.branch} requires a pull request but no approving review")
    count = rules.required_approvals
    return passed(f"{rules.branch} requires a pull request with {count} approval(s)")


@check(
    id="SCM-003",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="New commits dismiss earlier approvals on the default branch",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_dismisses_stale_approvals(repo: Repository) -> Result:
    """An approval that survives new commits lets unreviewed code merge under an old approval.

    Remediation: turn on "Dismiss stale pull request approvals when new commits are pushed"
    in the ruleset or branch protection of the default branch.
    References: https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/available-rules-for-rulesets#require-a-pull-request-before-merging
    """
    rules = _rules(repo)
    if not isinstance(rules, BranchProtection):
        return rules
    if not rules.pull_request_required:
        return failed(f"{rules.branch} does not require pull requests, so approvals are moot")
    if not rules.dismiss_stale_approvals:
        return failed(f"{rules.branch} keeps approvals after new commits are pushed")
    return passed(f"{rules.branch} dismisses stale approvals")


@check(
    id="SCM-004",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="Default branch requires code-owner review where a CODEOWNERS file exists",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_requires_code_owner_review(repo: Repository) -> Result:
    """A CODEOWNERS file names who must approve changes to sensitive paths; unenforced, it
    only suggests reviewers.

    Remediation: turn on "Require review from Code Owners" for the default branch.
    References: https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
    """
    rules = _rules(repo)
    if not isinstance(rules, BranchProtection):
        return rules
    if repo.has_codeowners is None:
        return unknown("whether a CODEOWNERS file exists is unreadable")
    if not repo.has_codeowners:
        return not_applicable("no CODEOWNERS file")
    if not rules.code_owner_review:
        return failed(f"CODEOWNERS exists but {rules.branch} does not require code-owner review")
    return passed(f"{rules.branch} requires code-owner review")


@check(
    id="SCM-005",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="Default branch requires status checks to pass before merging",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_requires_status_checks(repo: Repository) -> Result:
    """Without required checks, code that fails its tests or scans can still be merged.

    Remediation: add "Require status checks to pass" with the CI jobs that must succeed.
    References: https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches#require-status-checks-before-merging
    """
    rules = _rules(repo)
    if not isinstance(rules, BranchProtection):
        return rules
    if not rules.required_checks:
        return failed(f"{rules.branch} requires no status checks")
    return passed(f"{rules.branch} requires: {', '.join(rules.required_checks)}")


@check(
    id="SCM-006",
    severity=Severity.HIGH,
    resource=Repository,
    title="Default branch blocks force pushes and deletion",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_blocks_force_push_and_deletion(repo: Repository) -> Result:
    """A force push or deletion rewrites or erases the history auditors rely on.

    Remediation: keep "Allow force pushes" and "Allow deletions" off in branch protection, or
    add the "Block force pushes" and "Restrict deletions" rules to a ruleset.
    References: https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/available-rules-for-rulesets#block-force-pushes
    """
    rules = _rules(repo)
    if not isinstance(rules, BranchProtection):
        return rules
    open_to = [
        what
        for what, blocked in (
            ("force pushes", rules.force_pushes_blocked),
            ("deletion", rules.deletions_blocked),
        )
        if not blocked
    ]
    if open_to:
        return failed(f"{rules.branch} allows {' and '.join(open_to)}")
    return passed(f"{rules.branch} blocks force pushes and deletion")


@check(
    id="SCM-007",
    severity=Severity.HIGH,
    resource=Repository,
    title="Default branch rules bind administrators and list no bypass actors",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_rules_have_no_bypass(repo: Repository) -> Result:
    """Rules that administrators or a bypass list can skip let changes reach the branch
    unreviewed; auditors test who could bypass.

    Remediation: in branch protection turn on "Do not allow bypassing the above settings"
    (enforce for administrators) and empty the bypass allowances; in rulesets empty the
    bypass list or limit it to a break-glass role whose use is reviewed.
    References: https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#granting-bypass-permissions-for-your-ruleset
    """
    rules = _rules(repo)
    if not isinstance(rules, BranchProtection):
        return rules
    if any(r.bypass is None for r in rules.rules):
        return unknown("a ruleset's bypass list is unreadable; grant Administration: read")
    names = sorted({f"{a.kind}:{a.name}" for r in rules.rules for a in r.bypass or ()})
    if not any(r.admins_enforced and r.pull_request_required for r in rules.rules):
        names.insert(0, "administrators (rules not enforced for admins)")
    if names:
        return failed(f"{rules.branch} can be bypassed by: {', '.join(names)}")
    return passed(f"{rules.branch} rules bind administrators; no bypass actors")
