"""Organisation and repository settings over REST: collectors and their pure mappers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from githubkit.exception import GitHubException

from providers.github.protection import read_protection
from providers.github.session import GithubSession, translate
from scanner.model import Repository, SourceOrganization
from scanner.model.source_control import (
    AccessLevel,
    BranchProtection,
    Collaborator,
    DeployKey,
    DeploymentEnvironment,
)
from scanner.provider import Item

GET_ORG = "GET /orgs/{org}"
GET_REPO = "GET /repos/{owner}/{repo}"
CODEOWNERS = "GET /repos/{owner}/{repo}/codeowners/errors"
VULNERABILITY_ALERTS = "GET /repos/{owner}/{repo}/vulnerability-alerts"
ACTIONS = "GET /repos/{owner}/{repo}/actions/permissions"
WORKFLOW = "GET /repos/{owner}/{repo}/actions/permissions/workflow"
ENVIRONMENTS = "GET /repos/{owner}/{repo}/environments"
COLLABORATORS = "GET /repos/{owner}/{repo}/collaborators"
DEPLOY_KEYS = "GET /repos/{owner}/{repo}/keys"
_LEVELS: tuple[AccessLevel, ...] = ("admin", "maintain", "write", "triage", "read")
_PERMISSION_KEYS: dict[str, AccessLevel] = {
    "admin": "admin",
    "maintain": "maintain",
    "push": "write",
    "triage": "triage",
}


def to_organization(data: Mapping[str, Any], *, collected_at: datetime) -> SourceOrganization:
    """``GET /orgs/{org}`` -> SourceOrganization (2FA is visible to owners only: else None)."""
    login = str(data["login"])
    required = data.get("two_factor_requirement_enabled")
    return SourceOrganization(
        uid=str(data.get("html_url") or f"github/{login}"),
        provider="github",
        account=login,
        region="global",
        service="orgs",
        name=login,
        url=str(data.get("html_url") or ""),
        two_factor_required=required if isinstance(required, bool) else None,
        collected_at=collected_at,
    )


def collect_organizations(session: GithubSession, scope: str) -> Iterator[Item]:
    """The organisation itself (one resource)."""
    try:
        data = session.rest(f"/orgs/{session.owner}")
    except GitHubException as err:
        raise translate(err, scope=scope, resource="SourceOrganization", call=GET_ORG) from err
    yield to_organization(data, collected_at=session.collected_at)


def repo_info(session: GithubSession, repo: str) -> dict[str, Any]:
    """``GET /repos/{owner}/{repo}``, once per session (CollectionError when unreadable)."""

    def load() -> dict[str, Any]:
        try:
            data: dict[str, Any] = session.rest(f"/repos/{session.owner}/{repo}")
        except GitHubException as err:
            raise translate(err, scope=repo, resource="Repository", call=GET_REPO) from err
        return data

    return session.cached(f"repo:{repo}", load)


def _status(analysis: Mapping[str, Any] | None, key: str) -> bool | None:
    if not isinstance(analysis, Mapping):
        return None
    entry = analysis.get(key)
    if not isinstance(entry, Mapping) or entry.get("status") not in {"enabled", "disabled"}:
        return None
    return bool(entry["status"] == "enabled")


def to_environment(data: Mapping[str, Any]) -> DeploymentEnvironment:
    """One entry of ``GET /repos/{owner}/{repo}/environments``."""
    reviewers: list[str] = []
    prevent_self = False
    for rule in data.get("protection_rules") or ():
        if rule.get("type") != "required_reviewers":
            continue
        prevent_self = prevent_self or bool(rule.get("prevent_self_review"))
        for entry in rule.get("reviewers") or ():
            who = entry.get("reviewer") or {}
            reviewers.append(str(who.get("login") or who.get("slug") or who.get("name") or "?"))
    return DeploymentEnvironment(
        name=str(data["name"]),
        required_reviewers=tuple(sorted(reviewers)),
        prevent_self_review=prevent_self,
    )


def to_collaborator(data: Mapping[str, Any]) -> Collaborator:
    """One outside collaborator: ``role_name``, else the highest of ``permissions``."""
    role = data.get("role_name")
    if role in _LEVELS:
        return Collaborator(login=str(data["login"]), access=role)
    granted = data.get("permissions") or {}
    for key, level in _PERMISSION_KEYS.items():
        if granted.get(key):
            return Collaborator(login=str(data["login"]), access=level)
    return Collaborator(login=str(data["login"]), access="read")


def to_deploy_key(data: Mapping[str, Any]) -> DeployKey:
    """One deploy key (its public key material is not kept)."""
    return DeployKey(
        title=str(data.get("title") or ""),
        key_id=str(data["id"]),
        read_only=bool(data.get("read_only")),
    )


def to_repository(
    info: Mapping[str, Any],
    *,
    owner: str,
    protection: BranchProtection | None,
    extras: Mapping[str, Any],
    collected_at: datetime,
) -> Repository:
    """``GET /repos/{owner}/{repo}`` plus the settings read per endpoint (None: unread)."""
    analysis = info.get("security_and_analysis")
    actions = extras.get("actions")
    workflow = extras.get("workflow")
    allowed: str | None = None
    if isinstance(actions, Mapping):
        allowed = (
            str(actions.get("allowed_actions") or "all") if actions.get("enabled") else "disabled"
        )
    default_perms = (
        workflow.get("default_workflow_permissions") if isinstance(workflow, Mapping) else None
    )
    environments = extras.get("environments")
    collaborators = extras.get("collaborators")
    keys = extras.get("deploy_keys")
    return Repository(
        uid=str(info.get("html_url") or f"github/{owner}/{info['name']}"),
        provider="github",
        account=owner,
        region=str(info["name"]),
        service="repos",
        name=str(info["name"]),
        url=str(info.get("html_url") or ""),
        default_branch=str(info.get("default_branch") or "main"),
        visibility=str(info.get("visibility") or ("private" if info.get("private") else "public")),
        archived=bool(info.get("archived")),
        protection=protection,
        has_codeowners=extras.get("codeowners"),
        secret_scanning=_status(analysis, "secret_scanning"),
        push_protection=_status(analysis, "secret_scanning_push_protection"),
        dependency_alerts=extras.get("dependabot_alerts"),
        pipeline_token_read_only=(
            None if default_perms not in {"read", "write"} else default_perms == "read"
        ),
        pipeline_actions_allowed=allowed,
        environments=None
        if environments is None
        else tuple(to_environment(e) for e in environments),
        outside_collaborators=None
        if collaborators is None
        else tuple(to_collaborator(c) for c in collaborators),
        deploy_keys=None if keys is None else tuple(to_deploy_key(k) for k in keys),
        collected_at=collected_at,
    )


def _exists(session: GithubSession, path: str) -> bool:
    """2xx: True, 404: False (the endpoints that answer 404 for 'not set')."""
    status, _ = session.rest_status(path)
    return status != 404


def _read_extras(session: GithubSession, repo: str) -> dict[str, Any]:
    """Each setting endpoint once; an unreadable one stays None and is recorded."""
    base = f"/repos/{session.owner}/{repo}"
    outside = {"affiliation": "outside"}
    reads: Sequence[tuple[str, str, Callable[[], Any]]] = (
        ("codeowners", CODEOWNERS, lambda: _exists(session, f"{base}/codeowners/errors")),
        ("dependabot_alerts", VULNERABILITY_ALERTS,
         lambda: _exists(session, f"{base}/vulnerability-alerts")),
        ("actions", ACTIONS, lambda: session.rest(f"{base}/actions/permissions")),
        ("workflow", WORKFLOW, lambda: session.rest(f"{base}/actions/permissions/workflow")),
        ("environments", ENVIRONMENTS,
         lambda: list(session.pages(f"{base}/environments", key="environments"))),
        ("collaborators", COLLABORATORS,
         lambda: list(session.pages(f"{base}/collaborators", params=outside))),
        ("deploy_keys", DEPLOY_KEYS, lambda: list(session.pages(f"{base}/keys"))),
    )  # fmt: skip
    extras: dict[str, Any] = {}
    for name, call, read in reads:
        try:
            extras[name] = read()
        except GitHubException as err:
            session.problem(translate(err, scope=repo, resource="Repository settings", call=call))
            extras[name] = None
    return extras


def collect_repositories(session: GithubSession, scope: str) -> Iterator[Item]:
    """One repository's settings (``scope`` is the repository name)."""
    info = repo_info(session, scope)
    protection = read_protection(session, scope, str(info.get("default_branch") or "main"))
    yield to_repository(
        info,
        owner=session.owner,
        protection=protection,
        extras=_read_extras(session, scope),
        collected_at=session.collected_at,
    )
