"""Checks over the identity directory (Microsoft Entra ID): MFA, administrators, guests.

Semantics: Microsoft Entra "Security defaults", Conditional Access "Building a policy"
(a policy in report-only or off state enforces nothing; grant controls with OR are
satisfied by any one control) and the templates "Require MFA for all users" / "for
administrators" (emergency access accounts may be excluded individually), Graph
userRegistrationDetails (isMfaRegistered), and "Best practices for Microsoft Entra roles"
(fewer than five Global Administrators, at least two for break-glass).
"""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import AccessPolicy, Directory
from scanner.model.directory import PRIVILEGED_ADMIN_ROLES
from scanner.registry import check

_AUTH = ("soc2:CC6.1", "iso27001-2022:A.8.5", "nist-csf-2.0:PR.AA-03", "nist-800-53-r5:IA-2(1)")
_PRIV = ("soc2:CC6.3", "iso27001-2022:A.8.2", "nist-csf-2.0:PR.AA-05", "nist-800-53-r5:AC-6(5)")
MIN_GLOBAL_ADMINS = 2
MAX_GLOBAL_ADMINS = 4


def _mfa_policies(directory: Directory) -> tuple[AccessPolicy, ...]:
    return tuple(p for p in directory.access_policies or () if p.requires_mfa and p.all_apps)


def _all_users_verdict(directory: Directory) -> tuple[bool, str]:
    """(enforced for everyone, explanation), from security defaults and enabled policies."""
    if directory.security_defaults:
        return True, "security defaults require MFA for all users"
    candidates = [p for p in _mfa_policies(directory) if p.all_users]
    clean = [p for p in candidates if p.enforced and not p.gaps]
    if clean:
        extra = clean[0].excluded_users
        note = f" ({len(extra)} emergency account(s) excluded)" if extra else ""
        return True, f"Conditional Access policy '{clean[0].name}' requires MFA for all users{note}"
    problems = [
        f"'{p.name}' is {p.state}" if not p.enforced else f"'{p.name}': {', '.join(p.gaps)}"
        for p in candidates
    ]
    return False, "; ".join(problems) or "no policy requires MFA for all users and all apps"


@check(
    id="IAM-250",
    title="Entra security defaults are enabled (or replaced by Conditional Access)",
    severity=Severity.HIGH,
    resource=Directory,
    controls=(*_AUTH, "cis-azure:5.1.1"),
    providers=("azure",),
)
def directory_security_defaults(directory: Directory) -> Result:
    """Without security defaults or equivalent Conditional Access, accounts sign in with a
    password alone and legacy authentication stays open to password spraying.

    Remediation: enable security defaults (Entra ID > Properties > Manage security
    defaults), or, with Entra ID P1, replace them with Conditional Access policies requiring
    MFA for all users and blocking legacy authentication.
    """
    if directory.security_defaults is None:
        return unknown("security defaults policy unreadable")
    if directory.security_defaults:
        return passed("security defaults enabled")
    if directory.access_policies is None:
        return unknown("security defaults off; Conditional Access policies unreadable")
    enforced, why = _all_users_verdict(directory)
    if enforced:
        return not_applicable(f"security defaults off; {why} (see IAM-251)")
    return failed("security defaults disabled and no Conditional Access policy replaces them")


@check(
    id="IAM-251",
    title="MFA is enforced for all users (security defaults or Conditional Access)",
    severity=Severity.HIGH,
    resource=Directory,
    controls=(*_AUTH, "cis-azure:5.1.3"),
    providers=("azure",),
)
def directory_mfa_all_users(directory: Directory) -> Result:
    """A single phished or sprayed password is enough to take over any account that MFA does
    not protect, including ones with access to production and customer data.

    Remediation: enable an (On, not report-only) Conditional Access policy for All users and
    All cloud apps that grants access only with MFA; exclude only named emergency access
    accounts, not groups, roles or guests.
    """
    if directory.security_defaults is None and directory.access_policies is None:
        return unknown("security defaults and Conditional Access policies unreadable")
    enforced, why = _all_users_verdict(directory)
    if enforced:
        return passed(why)
    if directory.access_policies is None:
        return unknown("security defaults off and Conditional Access policies unreadable")
    return failed(why)


@check(
    id="IAM-252",
    title="MFA is enforced for privileged directory roles",
    severity=Severity.HIGH,
    resource=Directory,
    controls=_AUTH,
    providers=("azure",),
)
def directory_mfa_admins(directory: Directory) -> Result:
    """Administrator accounts are the first target of phishing; without MFA one stolen
    password gives control of the whole tenant and every subscription in it.

    Remediation: enable a Conditional Access policy requiring MFA (or a phishing-resistant
    authentication strength) for the administrator roles, or for all users.
    """
    if _all_users_verdict(directory)[0]:
        return passed("MFA is required for all users, administrators included")
    if directory.access_policies is None:
        return unknown("Conditional Access policies unreadable")
    covered = {
        r for p in _mfa_policies(directory) if p.enforced and not p.gaps for r in p.include_roles
    }
    missing = [name for rid, name in PRIVILEGED_ADMIN_ROLES.items() if rid not in covered]
    if missing:
        return failed(f"no enforced MFA policy covers {', '.join(missing)}")
    return passed("enforced MFA policies cover every privileged administrator role")


@check(
    id="IAM-253",
    title="Every member user has registered a multifactor authentication method",
    severity=Severity.MEDIUM,
    resource=Directory,
    controls=(*_AUTH, "cis-azure:5.1.3"),
    providers=("azure",),
)
def directory_users_registered_mfa(directory: Directory) -> Result:
    """A user with no MFA method registered cannot be challenged; whoever first registers a
    method (possibly an attacker holding the password) owns the account.

    Remediation: require MFA registration (security defaults or an Identity Protection
    registration policy) and follow up with the users listed.
    """
    missing = directory.users_without_mfa
    if missing is None:
        return unknown("user registration details unreadable (AuditLog.Read.All, Entra ID P1)")
    if missing:
        shown = ", ".join(missing[:3]) + (
            f" (+{len(missing) - 3} more)" if len(missing) > 3 else ""
        )
        return failed(f"{len(missing)} of {directory.users_checked} users without MFA: {shown}")
    return passed(f"all {directory.users_checked} member users registered MFA")


@check(
    id="IAM-254",
    title="Between 2 and 4 accounts hold Global Administrator",
    severity=Severity.MEDIUM,
    resource=Directory,
    controls=_PRIV,
    providers=("azure",),
)
def directory_global_admin_count(directory: Directory) -> Result:
    """Every Global Administrator can take over the tenant; more than four multiplies the
    targets, while fewer than two leaves no one to recover if the only admin is locked out.

    Remediation: keep two to four Global Administrators (including emergency access
    accounts) and move other administrators to least-privileged roles.
    """
    admins = directory.global_admins
    if admins is None:
        return unknown("Global Administrator members unreadable")
    if len(admins) < MIN_GLOBAL_ADMINS:
        return failed(f"{len(admins)} Global Administrator(s); keep at least {MIN_GLOBAL_ADMINS}")
    if len(admins) > MAX_GLOBAL_ADMINS:
        return failed(f"{len(admins)} Global Administrators; keep at most {MAX_GLOBAL_ADMINS}")
    return passed(f"{len(admins)} Global Administrators")


@check(
    id="IAM-255",
    title="Guest users have restricted directory access and limited invitations",
    severity=Severity.LOW,
    resource=Directory,
    controls=("soc2:CC6.2", "iso27001-2022:A.5.16", "nist-csf-2.0:PR.AA-05", "nist-800-53-r5:AC-2"),
    providers=("azure",),
)
def directory_guest_access(directory: Directory) -> Result:
    """Guests with member-like directory access can enumerate users, groups and apps for
    phishing, and invitations open to everyone let any user bring in outsiders.

    Remediation: set guest user access to "restricted to properties and memberships of
    their own directory objects" and guest invitations to admins and Guest Inviters only.
    """
    access, invites = directory.guest_access, directory.guest_invites_from
    if access is None or invites is None:
        return unknown("authorization policy unreadable")
    problems = []
    if access in {"member", "limited"}:
        problems.append(f"guests have {access} directory access")
    if invites.lower() in {"everyone", "adminsguestinvitersandallmembers"}:
        problems.append(f"invitations allowed from {invites}")
    guests = f" ({directory.guest_users} guest(s))" if directory.guest_users is not None else ""
    if problems:
        return failed("; ".join(problems) + guests)
    return passed(f"guest access {access or 'restricted'}, invitations from {invites}{guests}")
