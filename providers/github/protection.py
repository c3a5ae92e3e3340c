"""Default-branch rules: classic branch protection and rulesets, merged into one model.

GitHub layers both: every active ruleset that targets the branch (repository and
organisation rulesets, from ``GET /repos/{owner}/{repo}/rules/branches/{branch}``) and the
classic branch protection apply together, and the most restrictive setting wins.
Rulesets in "evaluate" or "disabled" enforcement are not returned there, so never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from githubkit.exception import GitHubException

from providers.github.session import GithubSession, translate
from scanner.errors import CollectionError
from scanner.model.source_control import BranchProtection, BypassActor, ProtectionRule

CLASSIC = "GET /repos/{owner}/{repo}/branches/{branch}/protection"
BRANCH_RULES = "GET /repos/{owner}/{repo}/rules/branches/{branch}"
RULESET = "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}"
NOT_PROTECTED = "Branch not protected"
#: Ruleset bypass actors that stand for administrators.
_ADMIN_ACTORS = frozenset({"OrganizationAdmin", "RepositoryRole", "EnterpriseOwner"})


def _names(entries: Sequence[Mapping[str, Any]] | None, kind: str) -> list[BypassActor]:
    return [
        BypassActor(kind=kind, name=str(e.get("login") or e.get("slug") or e.get("name") or "?"))
        for e in entries or ()
    ]


def _enabled(data: Mapping[str, Any], key: str) -> bool:
    entry = data.get(key)
    return bool(entry.get("enabled")) if isinstance(entry, Mapping) else False


def to_classic_rule(data: Mapping[str, Any]) -> ProtectionRule:
    """``GET .../branches/{branch}/protection`` (200) -> one rule source."""
    reviews = data.get("required_pull_request_reviews")
    checks = data.get("required_status_checks") or {}
    contexts = {str(c) for c in checks.get("contexts") or ()}
    contexts |= {str(c["context"]) for c in checks.get("checks") or () if c.get("context")}
    bypass: list[BypassActor] = []
    if isinstance(reviews, Mapping):
        allow = reviews.get("bypass_pull_request_allowances") or {}
        bypass = [
            *_names(allow.get("users"), "user"),
            *_names(allow.get("teams"), "team"),
            *_names(allow.get("apps"), "app"),
        ]
    return ProtectionRule(
        source="branch_protection",
        name="branch protection",
        pull_request_required=isinstance(reviews, Mapping),
        required_approvals=int(reviews.get("required_approving_review_count") or 0)
        if isinstance(reviews, Mapping)
        else 0,
        dismiss_stale_approvals=bool(
            isinstance(reviews, Mapping) and reviews.get("dismiss_stale_reviews")
        ),
        code_owner_review=bool(
            isinstance(reviews, Mapping) and reviews.get("require_code_owner_reviews")
        ),
        last_push_approval=bool(
            isinstance(reviews, Mapping) and reviews.get("require_last_push_approval")
        ),
        required_checks=tuple(sorted(contexts)),
        force_pushes_blocked=not _enabled(data, "allow_force_pushes"),
        deletions_blocked=not _enabled(data, "allow_deletions"),
        admins_enforced=_enabled(data, "enforce_admins"),
        bypass=tuple(bypass),
    )


def _bypass(ruleset: Mapping[str, Any] | None) -> tuple[BypassActor, ...] | None:
    if ruleset is None or not isinstance(ruleset.get("bypass_actors"), list):
        return None
    return tuple(
        BypassActor(
            kind=str(a.get("actor_type") or "?"),
            name=str(a.get("actor_id") if a.get("actor_id") is not None else a.get("actor_type")),
            mode=str(a.get("bypass_mode") or "always"),
        )
        for a in ruleset["bypass_actors"]
    )


def to_ruleset_rule(
    ruleset_id: int, rules: Sequence[Mapping[str, Any]], ruleset: Mapping[str, Any] | None
) -> ProtectionRule:
    """The active rules of one ruleset on the branch, plus its bypass list (None: unread)."""
    by_type: dict[str, Mapping[str, Any]] = {
        str(r.get("type")): r.get("parameters") or {} for r in rules
    }
    pr = by_type.get("pull_request")
    checks = by_type.get("required_status_checks") or {}
    bypass = _bypass(ruleset)
    name = str(ruleset.get("name")) if ruleset and ruleset.get("name") else "ruleset"
    return ProtectionRule(
        source="ruleset",
        name=f"{name} (ruleset {ruleset_id})",
        pull_request_required=pr is not None,
        required_approvals=int(pr.get("required_approving_review_count") or 0) if pr else 0,
        dismiss_stale_approvals=bool(pr and pr.get("dismiss_stale_reviews_on_push")),
        code_owner_review=bool(pr and pr.get("require_code_owner_review")),
        last_push_approval=bool(pr and pr.get("require_last_push_approval")),
        required_checks=tuple(
            sorted(
                {
                    str(c["context"])
                    for c in checks.get("required_status_checks") or ()
                    if c.get("context")
                }
            )
        ),
        force_pushes_blocked="non_fast_forward" in by_type,
        deletions_blocked="deletion" in by_type,
        admins_enforced=bypass is not None and not any(a.kind in _ADMIN_ACTORS for a in bypass),
        bypass=bypass,
    )


def _read_ruleset(session: GithubSession, repo: str, ruleset_id: int) -> Mapping[str, Any] | None:
    path = f"/repos/{session.owner}/{repo}/rulesets/{ruleset_id}"
    try:
        data: Mapping[str, Any] = session.rest(path, params={"includes_parents": "true"})
    except GitHubException as err:
        session.problem(translate(err, scope=repo, resource="Repository settings", call=RULESET))
        return None
    return data


def _load(session: GithubSession, repo: str, branch: str) -> BranchProtection | None:
    ref = quote(branch, safe="")
    base = f"/repos/{session.owner}/{repo}"
    try:
        status, classic = session.rest_status(f"{base}/branches/{ref}/protection")
        rules = list(session.pages(f"{base}/rules/branches/{ref}"))
    except GitHubException as err:
        session.problem(translate(err, scope=repo, resource="Repository settings", call=CLASSIC))
        return None
    message = str((classic or {}).get("message") or "")
    if status == 404 and message != NOT_PROTECTED:
        # a 404 that is not "Branch not protected": the token cannot read protection
        session.problem(
            CollectionError(
                "github",
                repo,
                "Repository settings",
                "NotFound",
                permission=CLASSIC,
                detail=message or "Not Found",
                hint="Branch protection is readable with Administration: read",
            )
        )
        return None
    sources: list[ProtectionRule] = []
    if status != 404:
        sources.append(to_classic_rule(classic or {}))
    grouped: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for rule in rules:
        grouped[int(rule.get("ruleset_id") or 0)].append(rule)
    for ruleset_id, items in sorted(grouped.items()):
        sources.append(to_ruleset_rule(ruleset_id, items, _read_ruleset(session, repo, ruleset_id)))
    return BranchProtection(branch=branch, rules=tuple(sources))


def read_protection(session: GithubSession, repo: str, branch: str) -> BranchProtection | None:
    """The rules on ``branch`` of ``repo`` (once per session); None when unreadable."""
    return session.cached(f"protection:{repo}:{branch}", lambda: _load(session, repo, branch))
