"""Builders of GraphQL nodes in the shape of GitHub's schema (PullRequest, Commit, ...)."""

from __future__ import annotations

from typing import Any

from tests.providers.github.fake_github import user


def run(name: str, conclusion: str = "SUCCESS", *, status: str = "COMPLETED") -> dict[str, Any]:
    """A CheckRun node (``status`` COMPLETED with a ``conclusion``, or still running)."""
    return {
        "__typename": "CheckRun",
        "name": name,
        "status": status,
        "conclusion": conclusion if status == "COMPLETED" else None,
        "detailsUrl": f"https://github.com/acme/checks/{name}",
    }


def status(context: str, state: str = "SUCCESS") -> dict[str, Any]:
    """A StatusContext node (commit status API)."""
    return {
        "__typename": "StatusContext",
        "context": context,
        "state": state,
        "targetUrl": f"https://ci.example/{context}",
    }


def rollup(runs: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    """A statusCheckRollup (None: nothing was ever reported on the commit)."""
    if runs is None:
        return None
    return {"contexts": {"nodes": runs}}


def review(
    login: str, state: str = "APPROVED", *, commit: str, at: str, can_push: bool = True
) -> dict[str, Any]:
    """A PullRequestReview node."""
    return {
        "author": {"login": login},
        "state": state,
        "submittedAt": at,
        "authorCanPushToRepository": can_push,
        "commit": {"oid": commit},
    }


def pull(
    number: int,
    *,
    repo: str,
    author: str,
    merged_by: str,
    merged_at: str,
    head: str,
    reviews: list[dict[str, Any]] = (),  # type: ignore[assignment]
    runs: list[dict[str, Any]] | None = None,
    base: str = "main",
    updated_at: str | None = None,
) -> dict[str, Any]:
    """A merged PullRequest node as the MergedPulls query selects it (plus baseRefName)."""
    return {
        "number": number,
        "url": f"https://github.com/acme/{repo}/pull/{number}",
        "title": f"change {number}",
        "updatedAt": updated_at or merged_at,
        "mergedAt": merged_at,
        "headRefOid": head,
        "author": {"login": author},
        "mergedBy": {"login": merged_by},
        "mergeCommit": {"oid": f"m{head}"},
        "reviews": {"nodes": list(reviews)},
        "commits": {"nodes": [{"commit": {"oid": head, "statusCheckRollup": rollup(runs)}}]},
        "baseRefName": base,
    }


def commit(
    oid: str,
    *,
    repo: str,
    at: str,
    author: str | None = "dev",
    pulls: list[tuple[int, bool, str]] = (),  # type: ignore[assignment]
    runs: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A Commit node of the branch history; ``pulls``: (number, merged, base) associated."""
    return {
        "oid": oid,
        "url": f"https://github.com/acme/{repo}/commit/{oid}",
        "committedDate": at,
        "messageHeadline": f"commit {oid}",
        "author": {"user": {"login": author} if author else None},
        "associatedPullRequests": {
            "nodes": [{"number": n, "merged": m, "baseRefName": b} for n, m, b in pulls]
        },
        "statusCheckRollup": rollup(runs),
    }


def force_push(actor: str, at: str, *, branch: str = "main") -> dict[str, Any]:
    """A repository activity entry (schema: repos/list-activities) of type force_push."""
    return {
        "id": abs(hash((actor, at))) % 10_000_000,
        "node_id": "RA_kwDOAAABc84AAAAA",
        "before": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        "after": "827efc6d56897b048c772eb4087f854f46256132",
        "ref": f"refs/heads/{branch}",
        "timestamp": at,
        "activity_type": "force_push",
        "actor": user(actor),
    }
