"""Checks on the source-control organisation."""

from __future__ import annotations

from checks._common import setting
from checks.source_control._controls import MFA, PROVIDERS
from scanner.findings import Result, Severity
from scanner.model import SourceOrganization
from scanner.registry import check


@check(
    id="SCM-001",
    severity=Severity.HIGH,
    resource=SourceOrganization,
    title="Organisation requires two-factor authentication for every member",
    controls=MFA,
    providers=PROVIDERS,
)
def organization_requires_two_factor(org: SourceOrganization) -> Result:
    """A stolen password alone opens every repository the member can write to.

    Remediation: in the organisation's Settings > Authentication security, select "Require
    two-factor authentication for everyone" (members without it are removed).
    References: https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-two-factor-authentication-for-your-organization/requiring-two-factor-authentication-in-your-organization
    """
    return setting(
        org.two_factor_required,
        on="two-factor authentication required for members",
        off="two-factor authentication not required",
        unread="2FA requirement unreadable: the token needs organisation Administration: read "
        "(an owner's view)",
    )
