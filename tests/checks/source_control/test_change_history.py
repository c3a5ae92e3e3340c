"""Population checks on models: approvals, stale commits, self-merges, checks, exceptions.

Rules from the issue and GitHub's documentation: an approval counts from someone other than
the author, on the merged commit; an approval of an earlier commit counts only when stale
approvals are kept and the author did not merge; dismissed reviews never count. Required
checks pass when a run concluded success, neutral or skipped
(https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/collaborating-on-repositories-with-code-quality-features/about-status-checks#check-statuses-and-conclusions).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from checks.source_control.change_history import (
    NAMED,
    default_branch_changed_only_through_pull_requests,
    merged_changes_independently_approved,
    merged_changes_passed_required_checks,
)
from scanner.findings import Status
from scanner.model.source_control import EventRecord, PipelineRun, Review
from tests.checks.factories_source_control import change, change_history

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


def approve(who: str, commit: str = "h1", state: str = "approved") -> Review:
    return Review(reviewer=who, state=state, commit=commit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "dismiss", "expected"),
    [
        ({}, True, PASS),
        ({"reviews": (approve("alice"),)}, True, FAIL),  # the author approved
        ({"reviews": (approve("bob", "c0"),)}, True, FAIL),  # earlier commit, dismissal on
        ({"reviews": (approve("bob", "c0"),)}, False, PASS),  # earlier commit, kept
        ({"reviews": (approve("bob", "c0"),)}, None, FAIL),  # unknown setting: strict
        ({"reviews": (approve("bob", "c0"),), "merged_by": "alice"}, False, FAIL),  # self-merge
        ({"reviews": (approve("bob"),), "merged_by": "alice"}, True, PASS),  # on head: counts
        ({"reviews": (approve("bob", state="dismissed"),)}, True, FAIL),
        ({"reviews": (approve("bob", state="commented"),)}, True, FAIL),
        ({"reviews": (approve("bob", state="changes_requested"),)}, True, FAIL),
        ({"reviews": ()}, True, FAIL),  # merged past the rules (admin bypass)
        ({"reviews": (approve("alice"), approve("bob"))}, True, PASS),
        ({"reviews": None}, True, UNKNOWN),
        # only approvals by people who can write count toward required reviews
        (
            {
                "reviews": (
                    Review(reviewer="bob", state="approved", commit="h1", reviewer_can_write=False),
                )
            },
            True,
            FAIL,
        ),
        (
            {
                "reviews": (
                    Review(reviewer="bob", state="approved", commit="h1", reviewer_can_write=True),
                )
            },
            True,
            PASS,
        ),
    ],
)
def test_independent_approval(overrides, dismiss, expected):
    history = change_history(changes=(change(1, **overrides),), dismiss_stale_approvals=dismiss)
    assert merged_changes_independently_approved(history).status is expected


def test_counts_and_pass_rate_in_the_reason():
    changes = (change(1), change(2, reviews=(approve("alice", "h2"),)), change(3))
    result = merged_changes_independently_approved(change_history(changes=changes))
    assert result.status is FAIL
    assert result.reason == (
        "2 of 3 merged pull requests approved independently (66.7%); "
        "failing: #2 (approved only by its author)"
    )


def test_reason_names_at_most_ten_failing_changes():
    changes = tuple(change(n, reviews=()) for n in range(1, NAMED + 3))
    reason = merged_changes_independently_approved(change_history(changes=changes)).reason
    assert "#10 " in reason
    assert "#11 " not in reason
    assert reason.endswith("and 2 more")


def test_direct_pushes_are_not_judged_as_pull_requests():
    history = change_history(changes=(change(None, reviews=()),))
    assert merged_changes_independently_approved(history).status is NA
    assert merged_changes_passed_required_checks(history).status is NA


def run(name: str, outcome: str) -> PipelineRun:
    return PipelineRun(name=name, outcome=outcome)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("runs", "required", "expected"),
    [
        ((run("ci/test", "success"),), ("ci/test",), PASS),
        ((run("ci/test", "neutral"),), ("ci/test",), PASS),
        ((run("ci/test", "skipped"),), ("ci/test",), PASS),
        ((run("ci/test", "failure"),), ("ci/test",), FAIL),
        ((run("ci/test", "pending"),), ("ci/test",), FAIL),
        ((run("ci/other", "success"),), ("ci/test",), FAIL),  # the required one never ran
        ((run("ci/test", "success"), run("lint", "failure")), ("ci/test",), PASS),
        ((run("ci/test", "success"),), ("ci/test", "lint"), FAIL),
        ((run("ci/test", "failure"), run("ci/test", "success")), ("ci/test",), PASS),  # re-run
        ((run("lint", "failure"),), (), FAIL),  # none required: every reported run counts
        ((), (), PASS),
        (None, ("ci/test",), UNKNOWN),
    ],
)
def test_required_checks(runs, required, expected):
    history = change_history(changes=(change(1, runs=runs),), required_checks=required)
    assert merged_changes_passed_required_checks(history).status is expected


def test_required_checks_unreadable_is_unknown():
    assert (
        merged_changes_passed_required_checks(change_history(required_checks=None)).status
        is UNKNOWN
    )


def test_no_change_in_window_is_not_applicable():
    history = change_history(changes=())
    assert merged_changes_independently_approved(history).status is NA
    assert default_branch_changed_only_through_pull_requests(history).status is PASS


@pytest.mark.parametrize(
    ("changes", "forced", "expected"),
    [
        ((change(1),), (), PASS),
        ((change(1), change(None, author="erin")), (), FAIL),
        ((change(1),), (EventRecord(actor="mallory", at=datetime(2026, 9, 1, tzinfo=UTC)),), FAIL),
        ((change(1),), None, UNKNOWN),
    ],
)
def test_exceptions(changes, forced, expected):
    history = change_history(changes=changes, force_pushes=forced)
    assert default_branch_changed_only_through_pull_requests(history).status is expected


def test_exception_reason_names_the_commit_and_pusher():
    history = change_history(changes=(change(None, author="erin", head_commit="abcdef1234567890"),))
    reason = default_branch_changed_only_through_pull_requests(history).reason
    assert (
        reason
        == "1 of 1 changes pushed without a pull request, 0 force push(es): abcdef123456 by erin"
    )
