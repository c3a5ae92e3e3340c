"""GitHub provider: organisation and repository settings, and every change merged in a window.

``complyscan scan --provider github --org ORG [--repo R ...] [--since 90d | --from D --to D]``
reads a token from ``GITHUB_TOKEN`` (Actions, or a fine-grained personal access token) or a
GitHub App installation (``GITHUB_APP_ID``, ``GITHUB_APP_PRIVATE_KEY``,
``GITHUB_APP_INSTALLATION_ID``); ``GITHUB_API_URL`` points at GitHub Enterprise Server.
Scopes are repositories: one that cannot be read is reported with the missing permission or
step, its checks are UNKNOWN and the scan is incomplete (exit 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from githubkit import AppInstallationAuthStrategy, GitHub, TokenAuthStrategy
from githubkit.exception import GitHubException, RequestError, RequestFailed

from providers.github.changes import ACTIVITY, GRAPHQL, collect_change_histories
from providers.github.permissions import APP_PERMISSIONS, permission_document
from providers.github.protection import BRANCH_RULES, CLASSIC, RULESET
from providers.github.session import (
    CallCounter,
    GithubSession,
    RetryLimits,
    SharedTransport,
    quiet_client_logs,
    translate,
)
from providers.github.settings import (
    ACTIONS,
    CODEOWNERS,
    COLLABORATORS,
    DEPLOY_KEYS,
    ENVIRONMENTS,
    GET_ORG,
    GET_REPO,
    VULNERABILITY_ALERTS,
    WORKFLOW,
    collect_organizations,
    collect_repositories,
)
from scanner.config import ScanConfig, github_environment
from scanner.errors import AuthenticationError, ConfigError
from scanner.model import ChangeHistory, Repository, SourceOrganization
from scanner.provider import Collector, ProviderSpec

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_WINDOW = timedelta(days=90)
LIST_REPOS = "GET /orgs/{org}/repos"

COLLECTORS: tuple[Collector[GithubSession], ...] = (
    Collector(SourceOrganization, collect_organizations, permissions=(GET_ORG,), scope="global"),
    Collector(
        Repository,
        collect_repositories,
        permissions=(
            LIST_REPOS,
            GET_REPO,
            CLASSIC,
            BRANCH_RULES,
            RULESET,
            CODEOWNERS,
            VULNERABILITY_ALERTS,
            ACTIONS,
            WORKFLOW,
            ENVIRONMENTS,
            COLLABORATORS,
            DEPLOY_KEYS,
        ),
    ),
    Collector(
        ChangeHistory,
        collect_change_histories,
        permissions=(LIST_REPOS, GET_REPO, CLASSIC, BRANCH_RULES, RULESET, GRAPHQL, ACTIVITY),
    ),
)


def _auth(env: Mapping[str, str]) -> tuple[Any, str]:
    """The auth strategy and a label for it; AuthenticationError when none is configured."""
    app_id, key, installation = (
        env.get("GITHUB_APP_ID"),
        env.get("GITHUB_APP_PRIVATE_KEY"),
        env.get("GITHUB_APP_INSTALLATION_ID"),
    )
    if app_id and key and installation:
        if not installation.isdigit():
            raise ConfigError("GITHUB_APP_INSTALLATION_ID must be the numeric installation id")
        strategy = AppInstallationAuthStrategy(
            app_id, key.replace("\\n", "\n"), int(installation), permissions=APP_PERMISSIONS
        )
        return strategy, f"github-app:{app_id}/installation:{installation}"
    token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN")
    if token:
        return TokenAuthStrategy(token), "token"
    raise AuthenticationError(
        "github",
        "no credentials",
        hint="Set GITHUB_TOKEN (a fine-grained token with the permissions printed by "
        "`complyscan permissions github`), or GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and "
        "GITHUB_APP_INSTALLATION_ID for a GitHub App installation",
    )


def _identity(client: GitHub[Any], label: str) -> str:
    """Who the token is (``GET /user``); installation tokens cannot ask, so keep the label."""
    if label != "token":
        return label
    try:
        login = client.request("GET", "/user").json().get("login")
    except RequestError as err:
        raise ConfigError(
            f"cannot reach the GitHub API ({type(err.exc).__name__}); check GITHUB_API_URL "
            "and the network path (a proxy: HTTPS_PROXY)"
        ) from err
    except RequestFailed as err:
        status = err.response.status_code
        if status == 401:
            raise AuthenticationError(
                "github", "the token was rejected (401 Bad credentials)",
                hint="Set GITHUB_TOKEN to a valid, unexpired token",
            ) from err  # fmt: skip
        return "token (installation or Actions GITHUB_TOKEN)"
    return f"user:{login}" if login else "token"


def window_of(config: ScanConfig, now: datetime) -> tuple[datetime, datetime]:
    """The audit window: ``--since``/``--from``/``--to``, else the last 90 days."""
    return config.window or (now - DEFAULT_WINDOW, now)


def connect(
    config: ScanConfig,
    *,
    env: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> GithubSession:
    """A live session for ``--org`` (``env``/``now`` default to the process's)."""
    if not config.owner:
        raise ConfigError("a GitHub scan needs --org ORG (the organisation to scan)")
    environ = github_environment() if env is None else env
    quiet_client_logs()
    strategy, label = _auth(environ)
    api_url = environ.get("GITHUB_API_URL") or DEFAULT_API_URL
    counter = CallCounter()
    attempts = max(config.max_attempts - 1, 0)
    transport = SharedTransport()
    client: GitHub[Any] = GitHub(
        strategy,
        base_url=api_url,
        timeout=config.connect_timeout * 3,
        user_agent="complyscan",
        auto_retry=RetryLimits(attempts),
        event_hooks={"request": [counter]},
        transport=transport,
    )
    return GithubSession(
        client=client,
        owner=config.owner,
        identity=_identity(client, label),
        window=window_of(config, now or datetime.now(UTC)),
        repos=config.repos,
        api_url=api_url,
        counter=counter,
        transport=transport,
    )


def repositories(session: GithubSession, config: ScanConfig) -> list[str]:  # noqa: ARG001
    """The repositories to scan: ``--repo`` names, else every repository of the org."""
    if session.repos:
        names = []
        for repo in session.repos:
            owner, _, name = repo.rpartition("/")
            if owner and owner != session.owner:
                raise ConfigError(f"--repo {repo}: not in --org {session.owner}")
            names.append(name)
        return list(dict.fromkeys(names))
    try:
        listed = session.pages(f"/orgs/{session.owner}/repos", params={"type": "all"})
        return sorted(str(r["name"]) for r in listed)
    except GitHubException as err:
        error = translate(err, scope=session.owner, resource="Repository", call=LIST_REPOS)
        raise AuthenticationError("github", str(error.summary), hint=error.hint) from err


PROVIDER: ProviderSpec[GithubSession] = ProviderSpec(
    name="github",
    connect=connect,
    scopes=repositories,
    collectors=COLLECTORS,
    permission_policy=permission_document,
)

__all__ = ["COLLECTORS", "PROVIDER", "GithubSession", "connect"]
