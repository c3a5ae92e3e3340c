"""Checks over users with long-lived credentials (IAM users)."""

from __future__ import annotations

from datetime import datetime

from checks._common import age_days, setting
from checks.iam._policies import ADMIN_CONTROLS, judge_full_admin
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import User
from scanner.registry import Threshold, check

_KEY_AGE = Threshold(
    "max_key_age_days",
    90,
    unit="days",
    minimum=1,
    description="an active access key older than this many days fails",
    source="CIS AWS Foundations Benchmark 'access keys are rotated every 90 days or less'; "
    "AWS Security Hub IAM.3",
)
_UNUSED = Threshold(
    "unused_days",
    45,
    unit="days",
    minimum=1,
    description="a console password or active key unused (or never used since creation) "
    "for this many days or more fails",
    source="CIS AWS Foundations Benchmark 'credentials unused for 45 days or greater are "
    "disabled'; AWS Security Hub IAM.22",
)


@check(
    id="IAM-001",
    title="Users with console passwords have MFA enabled",
    severity=Severity.HIGH,
    resource=User,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.5",
        "nist-csf-2.0:PR.AA-03",
        "nist-800-53-r5:IA-2(1)",
        "nist-800-53-r5:IA-2(2)",
        "cis-aws:2.10",
    ),
    providers=("aws",),
)
def user_console_access_has_mfa(user: User) -> Result:
    """A console password alone falls to phishing, reuse and guessing; a second factor stops
    a stolen password from becoming an interactive session. Programmatic-only users have no
    password to protect and are out of scope.

    Remediation: register a virtual or hardware MFA device for the user, or remove the
    console password if the user only needs programmatic access.
    """
    if user.console_access is None:
        return unknown("console password status unreadable")
    if not user.console_access:
        return not_applicable("no console password (programmatic access only)")
    return setting(
        user.mfa_enabled,
        on="console password with MFA",
        off="console password set but no MFA device",
        unread="MFA device status unreadable",
    )


@check(
    id="IAM-002",
    title="Active access keys are rotated within 90 days",
    severity=Severity.MEDIUM,
    resource=User,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.5.17",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:IA-5",
        "cis-aws:2.12",
    ),
    providers=("aws",),
    thresholds=(_KEY_AGE,),
)
def user_access_keys_rotated(user: User, *, max_key_age_days: int) -> Result:
    """Access keys never expire on their own; the older a key, the more places it has been
    copied to and the longer a leaked copy keeps working.

    Remediation: create a new access key, move every consumer to it, then deactivate and
    delete the old one; prefer short-lived role credentials where possible.
    """
    active = [k for k in user.access_keys if k.active]
    if not active:
        return not_applicable("no active access keys")
    old = [
        f"{k.id} ({age} days)"
        for k in active
        if k.created_at is not None
        and (age := age_days(k.created_at, user.collected_at)) > max_key_age_days
    ]
    if old:
        return failed(f"active key(s) older than {max_key_age_days} days: {', '.join(old)}")
    if any(k.created_at is None for k in active):
        return unknown("creation date of an active access key unreadable")
    return passed(f"{len(active)} active key(s), all younger than {max_key_age_days} days")


def _credentials(user: User) -> list[tuple[str, datetime | None, bool]]:
    """(label, last activity, ever used) per enabled credential; never used -> created."""
    creds = []
    if user.console_access:
        used = user.password_last_used
        creds.append(("console password", used or user.created_at, used is not None))
    for key in user.access_keys:
        if key.active:
            used = key.last_used_at
            creds.append((f"access key {key.id}", used or key.created_at, used is not None))
    return creds


@check(
    id="IAM-003",
    title="Credentials unused for 45 days or more are disabled",
    severity=Severity.MEDIUM,
    resource=User,
    controls=(
        "soc2:CC6.2",
        "iso27001-2022:A.5.18",
        "nist-csf-2.0:PR.AA-01",
        "nist-800-53-r5:AC-2(3)",
        "cis-aws:2.11",
    ),
    providers=("aws",),
    thresholds=(_UNUSED,),
)
def user_unused_credentials_disabled(user: User, *, unused_days: int) -> Result:
    """Dormant passwords and keys belong to people or systems that no longer need them;
    nobody notices when they are abused. A credential never used is judged by its age.

    Remediation: remove the console password or deactivate the access key that has not been
    used for 45 days, and delete it once nothing breaks.
    """
    creds = _credentials(user)
    if not creds and user.console_access is not None:
        return not_applicable("no console password and no active access keys")
    stale = []
    for label, since, used in creds:
        if since is not None and (idle := age_days(since, user.collected_at)) >= unused_days:
            stale.append(f"{label} {'unused for' if used else 'never used in'} {idle} days")
    if stale:
        return failed("; ".join(stale))
    if user.console_access is None or any(since is None for _, since, _ in creds):
        return unknown("last use or creation date of a credential unreadable")
    return passed(f"every credential used within {unused_days} days")


@check(
    id="IAM-004",
    title="Users have no inline policy granting full admin (*:*)",
    severity=Severity.HIGH,
    resource=User,
    controls=ADMIN_CONTROLS,
    providers=("aws",),
)
def user_inline_policies_not_admin(user: User) -> Result:
    """An inline policy allowing every action on every resource turns one user's leaked
    credential into control of the whole account, and inline grants escape policy reviews.

    Remediation: delete the inline policy and grant the specific permissions the user needs
    through a group with a reviewed managed policy.
    """
    return judge_full_admin(inline=user.inline_policies)


@check(
    id="IAM-005",
    title="Users have no attached policy granting full admin",
    severity=Severity.HIGH,
    resource=User,
    controls=(*ADMIN_CONTROLS, "cis-aws:2.14"),
    providers=("aws",),
)
def user_attached_policies_not_admin(user: User) -> Result:
    """A user holding AdministratorAccess or another ``*`` on ``*`` policy can do anything,
    including covering their tracks; a leaked key becomes an account takeover.

    Remediation: detach the policy; grant least-privilege permissions through groups, and use
    short-lived, MFA-protected role sessions for administration.
    """
    return judge_full_admin(attached=user.attached_policies)


@check(
    id="IAM-009",
    title="Users receive permissions only through groups",
    severity=Severity.LOW,
    resource=User,
    controls=(
        "soc2:CC6.3",
        "iso27001-2022:A.5.15",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-2",
        "cis-aws:2.13",
    ),
    providers=("aws",),
)
def user_permissions_only_through_groups(user: User) -> Result:
    """Policies attached straight to users scatter permissions across identities, so access
    reviews miss them and leavers keep rights their group no longer grants.

    Remediation: add the user to a group carrying the needed policies, then detach every
    managed policy and delete every inline policy from the user.
    """
    attached, inline = len(user.attached_policies), len(user.inline_policies)
    if attached or inline:
        return failed(f"{attached} attached and {inline} inline polic(ies) directly on the user")
    return passed(f"permissions only via {len(user.groups)} group(s)")
