"""Checks over the population of changes that reached a default branch in the audit window.

Each finding is per repository: it gives the counts and the pass rate, and names the
failing changes; the evidence bundle carries every change with its links, approvers,
checks and times (the resource configuration).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checks.source_control._controls import CHANGE_CONTROL, PROVIDERS
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import ChangeHistory
from scanner.model.source_control import ChangeRequest, failing_checks
from scanner.registry import check

#: Failing changes named in a reason; the rest are counted (the evidence lists them all).
NAMED = 10

#: A change's problem, "" when it passes, None when it cannot be judged.
Judge = Callable[[ChangeRequest], str | None]


def _label(change: ChangeRequest) -> str:
    return f"#{change.number}" if change.number is not None else change.head_commit[:12]


def _tally(changes: Sequence[ChangeRequest], judge: Judge, *, what: str) -> Result:
    """Counts, pass rate and the first failing changes, over ``changes``."""
    verdicts = [(c, judge(c)) for c in changes]
    bad = [f"{_label(c)} ({why})" for c, why in verdicts if why]
    unread = [_label(c) for c, why in verdicts if why is None]
    good = len(changes) - len(bad) - len(unread)
    rate = f"{good} of {len(changes)} {what} ({100 * good / len(changes):.1f}%)"
    more = f" and {len(bad) - NAMED} more" if len(bad) > NAMED else ""
    if bad:
        return failed(f"{rate}; failing: {', '.join(bad[:NAMED])}{more}")
    if unread:
        return unknown(f"{rate}; not judged (unreadable): {', '.join(unread[:NAMED])}")
    return passed(rate)


def _window(history: ChangeHistory) -> str:
    return f"{history.window_start:%Y-%m-%d} to {history.window_end:%Y-%m-%d}"


@check(
    id="CHG-001",
    severity=Severity.HIGH,
    resource=ChangeHistory,
    title="Every merged pull request was approved by someone other than its author",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def merged_changes_independently_approved(history: ChangeHistory) -> Result:
    """Auditors test that each change in the period was approved by a second person on the
    code that was merged. An approval counts only from someone other than the author, and
    only on the merged commit, unless stale approvals are kept and the author did not merge.

    Remediation: require approving reviews and dismiss stale approvals on the default
    branch (SCM-002, SCM-003), remove bypass actors (SCM-007), and review the listed changes
    after the fact, recording the review.
    References: https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/reviewing-changes-in-pull-requests/about-pull-request-reviews
    """
    merged = [c for c in history.changes if not c.direct_push]
    if not merged:
        return not_applicable(
            f"no pull request merged into {history.default_branch} in {_window(history)}"
        )
    # unknown protection: judge strictly (an earlier-commit approval never counts)
    dismiss = history.dismiss_stale_approvals is not False

    def judge(change: ChangeRequest) -> str | None:
        approvers = change.independent_approvers(dismiss_stale=dismiss)
        if approvers is None:
            return None
        return "" if approvers else _why_unapproved(change, dismiss=dismiss)

    return _tally(merged, judge, what="merged pull requests approved independently")


def _why_unapproved(change: ChangeRequest, *, dismiss: bool) -> str:
    """Why no approval of ``change`` counts."""
    approvals = [r for r in change.reviews or () if r.state == "approved"]
    if not approvals:
        return f"no approval; merged by {change.merged_by or 'unknown'}"
    if all(r.reviewer == change.author for r in approvals):
        return "approved only by its author"
    if all(r.reviewer == change.author or r.reviewer_can_write is False for r in approvals):
        return "approved only by reviewers without write access"
    if change.self_merged:
        return "approval on an earlier commit, merged by its author"
    return "approval on an earlier commit" + (", stale approvals dismissed" if dismiss else "")


@check(
    id="CHG-002",
    severity=Severity.HIGH,
    resource=ChangeHistory,
    title="Every merged pull request passed its required checks on the merged commit",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def merged_changes_passed_required_checks(history: ChangeHistory) -> Result:
    """Auditors test that each change passed its tests before release. A required check
    that failed, was still running or never ran on the merged commit means untested code
    reached the default branch.

    Remediation: require status checks (SCM-005) without bypass (SCM-007); re-run and
    record the checks for the listed changes.
    References: https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/collaborating-on-repositories-with-code-quality-features/about-status-checks
    """
    merged = [c for c in history.changes if not c.direct_push]
    if not merged:
        return not_applicable(
            f"no pull request merged into {history.default_branch} in {_window(history)}"
        )
    required = history.required_checks
    if required is None:
        return unknown("the default branch's required checks are unreadable")

    def judge(change: ChangeRequest) -> str | None:
        bad = failing_checks(change, required)
        if bad is None:
            return None
        return f"not successful: {', '.join(bad)}" if bad else ""

    scope = "required checks" if required else "checks (none required)"
    return _tally(merged, judge, what=f"merged pull requests passed their {scope}")


@check(
    id="CHG-003",
    severity=Severity.HIGH,
    resource=ChangeHistory,
    title="No commit reached the default branch without a pull request or by force push",
    controls=CHANGE_CONTROL,
    providers=PROVIDERS,
)
def default_branch_changed_only_through_pull_requests(history: ChangeHistory) -> Result:
    """A commit pushed straight to the default branch, or a force push rewriting it, skipped
    review entirely; each is an exception the auditor must see.

    Remediation: require pull requests and block force pushes (SCM-002, SCM-006); document
    each listed exception with its after-the-fact review.
    References: https://docs.github.com/en/rest/repos/repos#list-repository-activities
    """
    direct = [
        _label(c) + (f" by {c.author}" if c.author else "")
        for c in history.changes
        if c.direct_push
    ]
    if history.force_pushes is None:
        return unknown("force pushes unreadable (repository activity)")
    forced = [
        f"force push by {e.actor or 'unknown'} at {e.at:%Y-%m-%d %H:%M}Z"
        for e in history.force_pushes
    ]
    exceptions = direct + forced
    total = len(history.changes)
    if exceptions:
        more = f" and {len(exceptions) - NAMED} more" if len(exceptions) > NAMED else ""
        return failed(
            f"{len(direct)} of {total} changes pushed without a pull request, "
            f"{len(forced)} force push(es): {', '.join(exceptions[:NAMED])}{more}"
        )
    return passed(f"all {total} changes in {_window(history)} came through pull requests")
