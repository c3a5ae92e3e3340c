"""The read-only permissions each GitHub call needs, as fine-grained token and App settings.

Sources: GitHub's "Permissions required for fine-grained personal access tokens" and
"Permissions required for GitHub Apps" pages (each endpoint lists its permission).
``complyscan permissions github`` prints :func:`permission_document`; a test proves every
call the collectors make is in :data:`CALL_PERMISSIONS`.
"""

from __future__ import annotations

from typing import Any

from githubkit_schemas.latest.types import AppPermissionsType

#: call -> (fine-grained permission name, its scope: repository or organization)
CALL_PERMISSIONS: dict[str, tuple[str, str]] = {
    "GET /orgs/{org}": ("Administration", "organization"),
    "GET /orgs/{org}/repos": ("Metadata", "repository"),
    "GET /repos/{owner}/{repo}": ("Metadata", "repository"),
    "GET /repos/{owner}/{repo}/branches/{branch}/protection": ("Administration", "repository"),
    "GET /repos/{owner}/{repo}/rules/branches/{branch}": ("Metadata", "repository"),
    "GET /repos/{owner}/{repo}/rulesets/{ruleset_id}": ("Administration", "repository"),
    "GET /repos/{owner}/{repo}/codeowners/errors": ("Contents", "repository"),
    "GET /repos/{owner}/{repo}/vulnerability-alerts": ("Administration", "repository"),
    "GET /repos/{owner}/{repo}/actions/permissions": ("Administration", "repository"),
    "GET /repos/{owner}/{repo}/actions/permissions/workflow": ("Administration", "repository"),
    "GET /repos/{owner}/{repo}/environments": ("Actions", "repository"),
    "GET /repos/{owner}/{repo}/collaborators": ("Metadata", "repository"),
    "GET /repos/{owner}/{repo}/keys": ("Administration", "repository"),
    "GET /repos/{owner}/{repo}/activity": ("Metadata", "repository"),
    # pull requests, reviews, commits and their check runs and statuses
    "POST /graphql": ("Pull requests", "repository"),
}
#: What the GraphQL queries read beyond pull requests (commit history, check runs, statuses).
GRAPHQL_EXTRA = ("Contents", "Checks", "Commit statuses")

#: GitHub App permission keys for an installation token (read-only), same coverage.
APP_PERMISSIONS: AppPermissionsType = {
    "administration": "read",
    "organization_administration": "read",
    "metadata": "read",
    "contents": "read",
    "pull_requests": "read",
    "checks": "read",
    "statuses": "read",
    "actions": "read",
}


def permission_document(calls: list[str]) -> dict[str, Any]:
    """The calls' permissions for a fine-grained token and a GitHub App (all read-only)."""
    repository: set[str] = set()
    organization: set[str] = set()
    for call in calls:
        name, scope = CALL_PERMISSIONS[call]
        (organization if scope == "organization" else repository).add(name)
        if call == "POST /graphql":
            repository.update(GRAPHQL_EXTRA)
    return {
        "fine_grained_token": {
            "resource_owner": "the organisation (approved by an owner if required)",
            "repository_access": "All repositories (or the ones scanned with --repo)",
            "repository_permissions": dict.fromkeys(sorted(repository), "read"),
            "organization_permissions": dict.fromkeys(sorted(organization), "read"),
        },
        "github_app": {"permissions": dict(sorted(APP_PERMISSIONS.items()))},
        "notes": [
            "Every permission is read-only; complyscan never writes to GitHub.",
            "Organisations with SAML SSO: authorise the token for the organisation.",
            "The 2FA requirement (SCM-001) is visible to organisation owners' tokens only; "
            "other tokens get UNKNOWN.",
        ],
        "calls": sorted(calls),
    }
