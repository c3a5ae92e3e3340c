"""Checks over the account root/owner identity (AWS only)."""

from __future__ import annotations

from checks._common import negated, setting
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import RootUser
from scanner.registry import check


@check(
    id="IAM-017",
    title="Root user has MFA enabled",
    severity=Severity.CRITICAL,
    resource=RootUser,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.5",
        "nist-csf-2.0:PR.AA-03",
        "nist-800-53-r5:IA-2(1)",
        "cis-aws:2.5",
    ),
    providers=("aws",),
)
def root_user_has_mfa(root: RootUser) -> Result:
    """The root user can do anything, including closing the account and bypassing every
    policy; a password alone is not enough protection for it.

    Remediation: sign in as root and register an MFA device (hardware preferred), kept in a
    safe place with a documented recovery procedure.
    """
    kind = f" ({root.mfa_device} device)" if root.mfa_device in {"hardware", "virtual"} else ""
    return setting(
        root.mfa_enabled,
        on=f"MFA enabled{kind}",
        off="root user has no MFA device",
        unread="root MFA status unreadable",
    )


@check(
    id="IAM-018",
    title="Root user has no access keys",
    severity=Severity.CRITICAL,
    resource=RootUser,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.2",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-6",
        "cis-aws:2.4",
    ),
    providers=("aws",),
)
def root_user_has_no_access_keys(root: RootUser) -> Result:
    """Root access keys carry unrestricted, unscopable power that no policy can limit; a
    leaked key is a full account takeover.

    Remediation: delete the root user's access keys and use IAM roles or users with scoped
    permissions for programmatic access.
    """
    return setting(
        negated(root.access_keys_present),
        on="no root access keys",
        off="root user has access keys",
        unread="root access key status unreadable",
    )


@check(
    id="IAM-301",
    title="Root user MFA is a hardware device",
    severity=Severity.LOW,
    resource=RootUser,
    controls=(
        "soc2:CC6.1",
        "iso27001-2022:A.8.5",
        "nist-csf-2.0:PR.AA-03",
        "nist-800-53-r5:IA-2(1)",
        "cis-aws:2.6",
    ),
    providers=("aws",),
)
def root_user_mfa_is_hardware(root: RootUser) -> Result:
    """A virtual MFA device lives on a phone or laptop that is itself exposed to malware,
    backups and sync; for the one identity no policy can restrict, a dedicated hardware
    device (a FIDO key or TOTP token kept in a safe) is the stronger second factor.

    Remediation: register a FIDO security key or hardware TOTP token for the root user,
    remove the virtual device, and store the hardware device under dual control.
    """
    if root.mfa_device is None:
        return unknown("root MFA device type unreadable")
    if root.mfa_device == "none":
        return failed("root user has no MFA device")
    if root.mfa_device == "virtual":
        return failed("root MFA is a virtual device, not hardware")
    return passed("root MFA is a hardware device")
