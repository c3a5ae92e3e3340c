"""Checks over account-level IAM services: external access analysis and the support role."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import AccessAnalysis, SupportAccess
from scanner.registry import check


@check(
    id="IAM-501",
    title="An external access analyzer is active in every region",
    severity=Severity.MEDIUM,
    resource=AccessAnalysis,
    controls=(
        "soc2:CC6.1",
        "soc2:CC7.1",
        "iso27001-2022:A.5.15",
        "nist-csf-2.0:ID.RA-01",
        "nist-800-53-r5:AC-6",
        "nist-800-53-r5:CA-7",
        "cis-aws:2.18",
    ),
    providers=("aws",),
)
def region_has_external_access_analyzer(analysis: AccessAnalysis) -> Result:
    """Resource policies that share buckets, keys, roles or queues with other accounts or
    the public are easy to write and hard to spot by reading; an analyzer reports every such
    grant in its region as it appears. An analyzer only covers the region it runs in.

    Remediation: create an analyzer with the account (or organization) as zone of trust in
    every region (``aws accessanalyzer create-analyzer --analyzer-name <name> --type
    ACCOUNT``) and review its active findings. Unused-access analyzers do not count.
    """
    if analysis.external_access_active is None:
        return unknown("access analyzers unreadable")
    if analysis.external_access_active:
        return passed(f"active external access analyzer: {', '.join(analysis.analyzers)}")
    return failed("no active external access analyzer in this region")


@check(
    id="IAM-502",
    title="A role is allowed to manage incidents with AWS Support",
    severity=Severity.LOW,
    resource=SupportAccess,
    controls=(
        "soc2:CC7.4",
        "iso27001-2022:A.5.24",
        "nist-csf-2.0:RS.MA-01",
        "nist-800-53-r5:IR-7",
        "cis-aws:2.15",
    ),
    providers=("aws",),
)
def support_role_exists(support: SupportAccess) -> Result:
    """During an incident someone must be able to open and follow cases with AWS Support
    without borrowing the root user or an administrator; a dedicated role holding
    AWSSupportAccess gives that access, and only that.

    Remediation: create a role that trusted users can assume and attach the AWS managed
    policy ``arn:aws:iam::aws:policy/AWSSupportAccess`` to it.
    """
    if support.roles is None:
        return unknown("entities holding AWSSupportAccess unreadable")
    if support.roles:
        return passed(f"AWSSupportAccess attached to role(s): {', '.join(support.roles)}")
    others = [*support.users, *support.groups]
    if others:
        return failed(f"AWSSupportAccess held only by users/groups ({', '.join(others)})")
    return failed("AWSSupportAccess is attached to no role")
