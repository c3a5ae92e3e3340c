"""Checks over role bindings granted on projects, folders and organisations."""

from __future__ import annotations

from collections.abc import Callable

from scanner.findings import Result, Severity, failed, not_applicable, passed
from scanner.model import IamPolicy
from scanner.model.access import is_service_agent, member_kind
from scanner.registry import check

_LEAST_PRIVILEGE = (
    "soc2:CC6.3",
    "iso27001-2022:A.8.2",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-6",
)
_DUTIES = ("soc2:CC6.3", "iso27001-2022:A.5.3", "nist-csf-2.0:PR.AA-05", "nist-800-53-r5:AC-5")
BASIC_ROLES = frozenset({"roles/owner", "roles/editor"})
SA_USER_ROLES = frozenset({"roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"})
KMS_USE_ROLES = frozenset(
    {
        "roles/cloudkms.cryptoKeyEncrypterDecrypter",
        "roles/cloudkms.cryptoKeyEncrypter",
        "roles/cloudkms.cryptoKeyDecrypter",
    }
)
_MAX_LISTED = 4


def is_admin_role(role: str) -> bool:
    """Basic Owner/Editor, or a predefined role named ``*Admin``/``*admin``."""
    return role in BASIC_ROLES or role.lower().endswith("admin")


def _offenders(policy: IamPolicy, kinds: set[str], bad: Callable[[str], bool]) -> list[str]:
    """``member (role)`` for unconditional grants of ``bad`` roles to members of ``kinds``."""
    return [
        f"{m} ({b.role})"
        for b in policy.bindings
        if bad(b.role) and not b.conditional
        for m in b.members
        if member_kind(m) in kinds and not is_service_agent(m)
    ]


def _report(found: list[str], what: str, ok: str) -> Result:
    if not found:
        return passed(ok)
    more = f" (+{len(found) - _MAX_LISTED} more)" if len(found) > _MAX_LISTED else ""
    return failed(f"{what}: {', '.join(found[:_MAX_LISTED])}{more}")


@check(
    id="IAM-101",
    title="Service accounts hold no admin or basic Owner/Editor roles",
    severity=Severity.HIGH,
    resource=IamPolicy,
    controls=(*_LEAST_PRIVILEGE, "cis-gcp:1.6"),
    providers=("gcp",),
)
def service_accounts_not_admin(policy: IamPolicy) -> Result:
    """A service account's key or token is held by software, copied into pipelines and
    easily leaked; with Owner, Editor or an Admin role, that leak controls the project.

    Remediation: replace the binding with predefined or custom roles granting only what the
    workload calls; Google-managed service agents are not listed here by design.
    """
    found = _offenders(policy, {"serviceAccount"}, is_admin_role)
    return _report(found, "service accounts with admin roles", "no service account is admin")


@check(
    id="IAM-102",
    title="Users do not hold Service Account User or Token Creator project-wide",
    severity=Severity.MEDIUM,
    resource=IamPolicy,
    controls=(*_LEAST_PRIVILEGE, "cis-gcp:1.7"),
    providers=("gcp",),
)
def users_not_project_wide_sa_users(policy: IamPolicy) -> Result:
    """Granted on a project, these roles let a person act as every service account in it,
    including ones far more privileged than the person.

    Remediation: remove the project-level binding and grant the role on the specific
    service accounts the person needs to use.
    """
    if policy.target != "project":
        return not_applicable(f"{policy.target}-level policy; the rule is about projects")
    found = _offenders(policy, {"user", "group", "domain"}, SA_USER_ROLES.__contains__)
    return _report(found, "project-wide service account impersonation", "none granted")


@check(
    id="IAM-103",
    title="IAM policies grant nothing to allUsers or allAuthenticatedUsers",
    severity=Severity.CRITICAL,
    resource=IamPolicy,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.3",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
    ),
    providers=("gcp",),
)
def iam_policy_not_public(policy: IamPolicy) -> Result:
    """A role granted to allUsers or allAuthenticatedUsers on a project, folder or
    organisation extends to everyone on the internet or every Google account.

    Remediation: remove the allUsers/allAuthenticatedUsers members and grant the role to
    named principals or groups; enforce the iam.allowedPolicyMemberDomains policy.
    """
    found = _offenders(policy, {"public"}, lambda _role: True)
    return _report(found, "public grants", "no public members")


@check(
    id="IAM-104",
    title="Users are not granted the basic Owner or Editor roles",
    severity=Severity.MEDIUM,
    resource=IamPolicy,
    controls=(*_LEAST_PRIVILEGE, "nist-800-53-r5:AC-6(5)"),
    providers=("gcp",),
)
def users_not_basic_roles(policy: IamPolicy) -> Result:
    """Owner and Editor grant thousands of permissions across every service; held by
    individual accounts they make each person's credentials a full-project compromise.

    Remediation: grant people predefined roles for their tasks through groups, and keep
    Owner for a small, monitored break-glass group.
    """
    found = _offenders(policy, {"user"}, BASIC_ROLES.__contains__)
    return _report(found, "users with basic roles", "no user holds Owner or Editor")


def _both(policy: IamPolicy, admin: str, use: frozenset[str]) -> list[str]:
    """Members holding ``admin`` together with one of ``use`` on this policy."""
    return [
        m
        for m in policy.members
        if member_kind(m) in {"user", "group"}
        and admin in (roles := policy.roles_of(m))
        and use.intersection(roles)
    ]


@check(
    id="IAM-105",
    title="No one both administers and uses service accounts",
    severity=Severity.MEDIUM,
    resource=IamPolicy,
    controls=(*_DUTIES, "cis-gcp:1.9"),
    providers=("gcp",),
)
def service_account_duties_separated(policy: IamPolicy) -> Result:
    """Whoever can both create service account keys and act as service accounts can mint
    and use credentials for any of them without a second person noticing.

    Remediation: give Service Account Admin and Service Account User to different people.
    """
    found = _both(policy, "roles/iam.serviceAccountAdmin", SA_USER_ROLES)
    return _report(found, "SA admin and user at once", "duties separated")


@check(
    id="IAM-106",
    title="No one both administers and uses Cloud KMS keys",
    severity=Severity.MEDIUM,
    resource=IamPolicy,
    controls=(*_DUTIES, "nist-800-53-r5:SC-12", "cis-gcp:1.12"),
    providers=("gcp",),
)
def kms_duties_separated(policy: IamPolicy) -> Result:
    """A key administrator who can also encrypt and decrypt can read protected data and
    change the key's policy to hide it; the two duties belong to different people.

    Remediation: remove Cloud KMS CryptoKey Encrypter/Decrypter roles from anyone holding
    Cloud KMS Admin at this level.
    """
    found = _both(policy, "roles/cloudkms.admin", KMS_USE_ROLES)
    return _report(found, "KMS admin and key user at once", "duties separated")
