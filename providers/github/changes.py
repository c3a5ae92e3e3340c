"""Every change that reached a default branch in the window: GraphQL for pull requests and
commit history (one paged query each brings reviews and check results along), REST for
force pushes (repository activity).

Pull requests are read newest-updated first and reading stops at the first one updated
before the window opened (a merge updates a pull request, so none merged in the window is
missed). A commit in the branch history with no merged pull request into that branch is a
direct push.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from githubkit.exception import GitHubException

from providers.github.protection import read_protection
from providers.github.session import GithubSession, for_kind, translate
from providers.github.settings import repo_info
from scanner.errors import CollectionError
from scanner.model import ChangeHistory
from scanner.model.source_control import (
    ChangeRequest,
    EventRecord,
    PipelineRun,
    Review,
    ReviewState,
    RunOutcome,
)
from scanner.provider import Item

GRAPHQL = "POST /graphql"
ACTIVITY = "GET /repos/{owner}/{repo}/activity"
PAGE = 50

_RUN_FIELDS = """
      statusCheckRollup {
        contexts(first: 100) {
          nodes {
            __typename
            ... on CheckRun { name status conclusion detailsUrl }
            ... on StatusContext { context state targetUrl }
          }
        }
      }"""

MERGED_PULLS = """
query MergedPulls($owner: String!, $name: String!, $base: String!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequests(baseRefName: $base, states: [MERGED], first: PAGE, after: $cursor,
                 orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number url title updatedAt mergedAt headRefOid
        author { login }
        mergedBy { login }
        mergeCommit { oid }
        reviews(first: 100) {
          nodes { author { login } state submittedAt authorCanPushToRepository commit { oid } }
        }
        commits(last: 1) { nodes { commit { oid RUN_FIELDS } } }
      }
    }
  }
}""".replace("PAGE", str(PAGE)).replace("RUN_FIELDS", _RUN_FIELDS)

BRANCH_HISTORY = """
query BranchHistory($owner: String!, $name: String!, $ref: String!, $since: GitTimestamp!,
                    $until: GitTimestamp!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    ref(qualifiedName: $ref) {
      target {
        ... on Commit {
          history(first: 100, after: $cursor, since: $since, until: $until) {
            pageInfo { hasNextPage endCursor }
            nodes {
              oid url committedDate messageHeadline
              author { user { login } }
              associatedPullRequests(first: 10) { nodes { number merged baseRefName } }
              RUN_FIELDS
            }
          }
        }
      }
    }
  }
}""".replace("RUN_FIELDS", _RUN_FIELDS)

_REVIEW_STATES: dict[str, ReviewState] = {
    "APPROVED": "approved",
    "CHANGES_REQUESTED": "changes_requested",
    "COMMENTED": "commented",
    "DISMISSED": "dismissed",
    "PENDING": "pending",
}
_CONCLUSIONS: dict[str, RunOutcome] = {
    "SUCCESS": "success",
    "NEUTRAL": "neutral",
    "SKIPPED": "skipped",
}
_STATES: dict[str, RunOutcome] = {"SUCCESS": "success", "PENDING": "pending", "EXPECTED": "pending"}


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _login(node: Mapping[str, Any] | None) -> str | None:
    return str(node["login"]) if isinstance(node, Mapping) and node.get("login") else None


def to_run(node: Mapping[str, Any]) -> PipelineRun:
    """A CheckRun or StatusContext node as a PipelineRun."""
    if node.get("__typename") == "StatusContext":
        state = str(node.get("state") or "")
        return PipelineRun(
            name=str(node.get("context") or ""),
            outcome=_STATES.get(state, "failure"),
            url=str(node.get("targetUrl") or ""),
        )
    if node.get("status") != "COMPLETED":
        outcome: RunOutcome = "pending"
    else:
        outcome = _CONCLUSIONS.get(str(node.get("conclusion") or ""), "failure")
    return PipelineRun(
        name=str(node.get("name") or ""), outcome=outcome, url=str(node.get("detailsUrl") or "")
    )


def _runs(commit: Mapping[str, Any] | None) -> tuple[PipelineRun, ...]:
    rollup = (commit or {}).get("statusCheckRollup")
    if not isinstance(rollup, Mapping):
        return ()  # no check or status was ever reported on the commit
    return tuple(to_run(n) for n in (rollup.get("contexts") or {}).get("nodes") or () if n)


def to_change(node: Mapping[str, Any], *, repository: str) -> ChangeRequest:
    """A merged PullRequest node (MergedPulls) as a ChangeRequest."""
    last = ((node.get("commits") or {}).get("nodes") or [None])[-1]
    commit = (last or {}).get("commit") or {}
    reviews = tuple(
        Review(
            reviewer=_login(r.get("author")) or "ghost",
            state=_REVIEW_STATES.get(str(r.get("state")), "commented"),
            commit=((r.get("commit") or {}).get("oid")),
            submitted_at=_when(r["submittedAt"]) if r.get("submittedAt") else None,
            reviewer_can_write=r.get("authorCanPushToRepository"),
        )
        for r in (node.get("reviews") or {}).get("nodes") or ()
    )
    return ChangeRequest(
        repository=repository,
        number=int(node["number"]),
        url=str(node.get("url") or ""),
        title=str(node.get("title") or ""),
        author=_login(node.get("author")),
        merged_by=_login(node.get("mergedBy")),
        merged_at=_when(str(node["mergedAt"])),
        head_commit=str(node.get("headRefOid") or commit.get("oid") or ""),
        merge_commit=(node.get("mergeCommit") or {}).get("oid"),
        reviews=reviews,
        runs=_runs(commit),
    )


def to_direct_push(node: Mapping[str, Any], *, repository: str) -> ChangeRequest:
    """A branch-history Commit node with no merged pull request as a ChangeRequest."""
    return ChangeRequest(
        repository=repository,
        number=None,
        url=str(node.get("url") or ""),
        title=str(node.get("messageHeadline") or ""),
        author=_login((node.get("author") or {}).get("user")),
        merged_at=_when(str(node["committedDate"])),
        head_commit=str(node["oid"]),
        merge_commit=str(node["oid"]),
        reviews=(),
        runs=_runs(node),
    )


def is_direct_push(node: Mapping[str, Any], branch: str) -> bool:
    """No merged pull request into ``branch`` carries this commit."""
    pulls = (node.get("associatedPullRequests") or {}).get("nodes") or ()
    return not any(p and p.get("merged") and p.get("baseRefName") == branch for p in pulls)


def to_force_push(event: Mapping[str, Any]) -> EventRecord:
    """One ``activity_type: force_push`` entry of the repository activity list."""
    return EventRecord(
        actor=_login(event.get("actor")),
        at=_when(str(event["timestamp"])),
        before=str(event.get("before") or ""),
        after=str(event.get("after") or ""),
    )


def _merged_pulls(session: GithubSession, repo: str, branch: str) -> Iterator[Mapping[str, Any]]:
    start, end = session.window
    cursor: str | None = None
    while True:
        variables = {"owner": session.owner, "name": repo, "base": branch, "cursor": cursor}
        data = session.graphql(MERGED_PULLS, variables)["repository"]["pullRequests"]
        for node in data["nodes"]:
            if _when(node["updatedAt"]) < start:
                return
            if node.get("mergedAt") and start <= _when(node["mergedAt"]) < end:
                yield node
        if not data["pageInfo"]["hasNextPage"]:
            return
        cursor = data["pageInfo"]["endCursor"]


def _history(session: GithubSession, repo: str, branch: str) -> Iterator[Mapping[str, Any]]:
    start, end = session.window
    cursor: str | None = None
    while True:
        variables = {
            "owner": session.owner, "name": repo, "ref": f"refs/heads/{branch}",
            "since": start.isoformat(), "until": end.isoformat(), "cursor": cursor,
        }  # fmt: skip
        ref = session.graphql(BRANCH_HISTORY, variables)["repository"]["ref"]
        if not ref:
            return
        data = ref["target"]["history"]
        # GitHub's since/until are both inclusive; the window is [start, end)
        yield from (n for n in data["nodes"] if start <= _when(n["committedDate"]) < end)
        if not data["pageInfo"]["hasNextPage"]:
            return
        cursor = data["pageInfo"]["endCursor"]


def _force_pushes(session: GithubSession, repo: str, branch: str) -> tuple[EventRecord, ...] | None:
    start, end = session.window
    params = {"ref": f"refs/heads/{branch}", "activity_type": "force_push", "direction": "desc"}
    found: list[EventRecord] = []
    try:
        for event in session.pages(f"/repos/{session.owner}/{repo}/activity", params=params):
            record = to_force_push(event)
            if record.at < start:
                break
            if record.at < end:
                found.append(record)
    except GitHubException as err:
        session.problem(translate(err, scope=repo, resource="ChangeHistory", call=ACTIVITY))
        return None
    return tuple(found)


def collect_change_histories(session: GithubSession, scope: str) -> Iterator[Item]:
    """The default branch's changes in the window for one repository (``scope``)."""
    try:
        info = repo_info(session, scope)
    except CollectionError as err:
        # the repository itself is unreadable: its population is unknown as well
        raise for_kind(err, "ChangeHistory") from err
    branch = str(info.get("default_branch") or "main")
    full = f"{session.owner}/{scope}"
    try:
        changes = [to_change(n, repository=full) for n in _merged_pulls(session, scope, branch)]
        direct = [
            to_direct_push(n, repository=full)
            for n in _history(session, scope, branch)
            if is_direct_push(n, branch)
        ]
    except GitHubException as err:
        raise translate(err, scope=scope, resource="ChangeHistory", call=GRAPHQL) from err
    protection = read_protection(session, scope, branch)
    start, end = session.window
    url = str(info.get("html_url") or f"github/{full}")
    yield ChangeHistory(
        uid=f"{url}#changes-to-default-branch",
        provider="github",
        account=session.owner,
        region=scope,
        service="pulls",
        name=scope,
        repository=full,
        default_branch=branch,
        window_start=start,
        window_end=end,
        changes=tuple(sorted([*changes, *direct], key=lambda c: (c.merged_at, c.url))),
        force_pushes=_force_pushes(session, scope, branch),
        required_checks=None if protection is None else protection.required_checks,
        dismiss_stale_approvals=None if protection is None else protection.dismiss_stale_approvals,
        collected_at=session.collected_at,
    )
