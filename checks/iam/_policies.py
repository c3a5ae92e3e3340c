"""Pure helpers for judging access policies attached to or embedded in identities."""

from __future__ import annotations

from scanner.findings import Result, failed, passed, unknown
from scanner.model import AttachedPolicy, InlinePolicy

# The provider-managed full-admin policy; judged by identity even if its document is unread.
_ADMIN_ARN_SUFFIX = ":aws:policy/AdministratorAccess"

ADMIN_CONTROLS = (
    "soc2:CC6.3",
    "iso27001-2022:A.8.2",
    "nist-csf-2.0:PR.AA-05",
    "nist-800-53-r5:AC-6",
)


def _is_admin(policy: AttachedPolicy) -> bool:
    return bool(policy.grants_full_admin) or policy.arn.endswith(_ADMIN_ARN_SUFFIX)


def judge_full_admin(
    attached: tuple[AttachedPolicy, ...] = (), inline: tuple[InlinePolicy, ...] = ()
) -> Result:
    """FAIL naming every policy that allows ``*`` on ``*``; UNKNOWN if one is unreadable."""
    admin = [f"attached policy {p.name}" for p in attached if _is_admin(p)]
    admin += [f"inline policy {p.name}" for p in inline if p.document.grants_full_admin]
    if admin:
        return failed(f"{', '.join(admin)} allow(s) every action on every resource")
    unread = [p.name for p in attached if p.grants_full_admin is None]
    if unread:
        return unknown(f"document of attached policy {', '.join(unread)} unreadable")
    judged = len(attached) + len(inline)
    return passed(f"none of {judged} polic(ies) grants full admin" if judged else "no policies")
