"""Checks on a repository's security settings: secrets, dependencies, CI, access."""

from __future__ import annotations

from checks.source_control._controls import (
    CODE_ACCESS,
    DEPENDENCY_VULNERABILITIES,
    DEPLOYMENT_GATE,
    PIPELINE,
    PROVIDERS,
    SECRETS_IN_CODE,
)
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Repository
from scanner.registry import check

#: Environment names that stand for production (compared case-insensitively).
PRODUCTION_NAMES = frozenset({"production", "prod", "prd", "live"})
#: Access levels that can push code.
WRITE_LEVELS = frozenset({"write", "maintain", "admin"})


@check(
    id="SCM-008",
    severity=Severity.HIGH,
    resource=Repository,
    title="Secret scanning and push protection are on",
    controls=SECRETS_IN_CODE,
    providers=PROVIDERS,
)
def repository_scans_for_secrets(repo: Repository) -> Result:
    """Credentials committed to a repository are copied to every clone and stay in history;
    push protection stops them before they land.

    Remediation: in Settings > Code security turn on Secret scanning and Push protection
    (or apply an organisation security configuration that enables both).
    References: https://docs.github.com/en/code-security/secret-scanning/introduction/about-push-protection
    """
    if repo.archived:
        return not_applicable("archived repository (read-only)")
    if repo.secret_scanning is None or repo.push_protection is None:
        return unknown("security_and_analysis unreadable: the token needs Administration: read")
    missing = [
        name
        for name, on in (
            ("secret scanning", repo.secret_scanning),
            ("push protection", repo.push_protection),
        )
        if not on
    ]
    if missing:
        return failed(f"{' and '.join(missing)} off")
    return passed("secret scanning and push protection on")


@check(
    id="SCM-009",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="Dependabot alerts are on",
    controls=DEPENDENCY_VULNERABILITIES,
    providers=PROVIDERS,
)
def repository_alerts_on_vulnerable_dependencies(repo: Repository) -> Result:
    """Without dependency alerts a known-vulnerable library ships unnoticed.

    Remediation: in Settings > Code security turn on Dependabot alerts.
    References: https://docs.github.com/en/code-security/dependabot/dependabot-alerts/configuring-dependabot-alerts
    """
    if repo.archived:
        return not_applicable("archived repository (read-only)")
    if repo.dependency_alerts is None:
        return unknown("Dependabot alert setting unreadable: the token needs Administration: read")
    return (
        passed("Dependabot alerts on")
        if repo.dependency_alerts
        else failed("Dependabot alerts off")
    )


@check(
    id="SCM-010",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="Workflow GITHUB_TOKEN defaults to read-only permissions",
    controls=PIPELINE,
    providers=PROVIDERS,
)
def repository_workflow_token_is_read_only(repo: Repository) -> Result:
    """A writable default token lets any workflow step (or compromised action) push code,
    create releases or approve pull requests.

    Remediation: in Settings > Actions > General > Workflow permissions choose "Read
    repository contents and packages permissions"; grant more per job with `permissions:`.
    References: https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token
    """
    if repo.archived:
        return not_applicable("archived repository (read-only)")
    if repo.pipeline_actions_allowed == "disabled":
        return not_applicable("Actions disabled for this repository")
    if repo.pipeline_token_read_only is None:
        return unknown("workflow permissions unreadable: the token needs Administration: read")
    if not repo.pipeline_token_read_only:
        return failed("default GITHUB_TOKEN permissions are read and write")
    return passed("default GITHUB_TOKEN permissions are read-only")


@check(
    id="SCM-011",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="Workflows may run only allowed or local actions, not any action",
    controls=PIPELINE,
    providers=PROVIDERS,
)
def repository_restricts_actions(repo: Repository) -> Result:
    """Allowing every marketplace action runs third-party code with the repository's secrets.

    Remediation: in Settings > Actions > General choose "Allow <org> actions and reusable
    workflows" or "Allow <org>, and select non-<org>, actions" with an allow list.
    References: https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/enabling-features-for-your-repository/managing-github-actions-settings-for-a-repository#allowing-select-actions-and-reusable-workflows-to-run
    """
    if repo.archived:
        return not_applicable("archived repository (read-only)")
    allowed = repo.pipeline_actions_allowed
    if allowed is None:
        return unknown("Actions permissions unreadable: the token needs Administration: read")
    if allowed == "disabled":
        return not_applicable("Actions disabled for this repository")
    if allowed == "all":
        return failed("any action or reusable workflow may run")
    return passed(f"allowed actions policy: {allowed}")


@check(
    id="SCM-012",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="Production deployment environments require reviewers",
    controls=DEPLOYMENT_GATE,
    providers=PROVIDERS,
)
def production_environment_requires_reviewers(repo: Repository) -> Result:
    """Without required reviewers any workflow run can deploy to production with its secrets.

    Remediation: in Settings > Environments > production add Required reviewers (and
    "Prevent self-review").
    References: https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#required-reviewers
    """
    if repo.environments is None:
        return unknown("environments unreadable: the token needs Actions: read")
    prod = [e for e in repo.environments if e.name.strip().lower() in PRODUCTION_NAMES]
    if not prod:
        return not_applicable("no production deployment environment")
    open_envs = sorted(e.name for e in prod if not e.required_reviewers)
    if open_envs:
        return failed(f"no required reviewers on: {', '.join(open_envs)}")
    return passed(f"required reviewers on: {', '.join(sorted(e.name for e in prod))}")


@check(
    id="SCM-013",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="No outside collaborator has write or admin access",
    controls=CODE_ACCESS,
    providers=PROVIDERS,
)
def repository_outside_collaborators_read_only(repo: Repository) -> Result:
    """Outside collaborators sit outside the organisation's joiner/leaver process and its
    2FA and SSO enforcement; with write access they change code directly.

    Remediation: downgrade outside collaborators to read (or triage), or make them members
    of the organisation under its access reviews.
    References: https://docs.github.com/en/organizations/managing-user-access-to-your-organizations-repositories/managing-outside-collaborators/adding-outside-collaborators-to-repositories-in-your-organization
    """
    if repo.outside_collaborators is None:
        return unknown("collaborators unreadable: the token needs Administration: read")
    writers = sorted(
        f"{c.login} ({c.access})" for c in repo.outside_collaborators if c.access in WRITE_LEVELS
    )
    if writers:
        return failed(f"outside collaborators with write access: {', '.join(writers)}")
    return passed(f"{len(repo.outside_collaborators)} outside collaborator(s), none can write")


@check(
    id="SCM-014",
    severity=Severity.MEDIUM,
    resource=Repository,
    title="No deploy key has write access",
    controls=CODE_ACCESS,
    providers=PROVIDERS,
)
def repository_deploy_keys_read_only(repo: Repository) -> Result:
    """A writable deploy key pushes to the repository as no person, outside review and 2FA.

    Remediation: replace writable deploy keys with read-only ones, or with a GitHub App whose
    pushes go through pull requests.
    References: https://docs.github.com/en/authentication/connecting-to-github-with-ssh/managing-deploy-keys#deploy-keys
    """
    if repo.deploy_keys is None:
        return unknown("deploy keys unreadable: the token needs Administration: read")
    writable = sorted(f"{k.title} (id {k.key_id})" for k in repo.deploy_keys if not k.read_only)
    if writable:
        return failed(f"deploy keys with write access: {', '.join(writable)}")
    return passed(f"{len(repo.deploy_keys)} deploy key(s), all read-only")
