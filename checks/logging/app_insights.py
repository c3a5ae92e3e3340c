"""Application monitoring at subscription level (CIS Azure 6.1.3.1)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ServiceFootprint
from scanner.registry import check


@check(
    id="LOG-250",
    title="Application Insights is configured in the subscription",
    severity=Severity.LOW,
    resource=ServiceFootprint,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-09",
        "nist-800-53-r5:SI-4",
        "cis-azure:6.1.3.1",
    ),
    providers=("azure",),
)
def app_insights_configured(footprint: ServiceFootprint) -> Result:
    """Without application telemetry, failures, anomalous request patterns and attacks on
    the application layer go unnoticed and cannot be investigated afterwards.

    Remediation: create an Application Insights resource (workspace-based) and connect the
    subscription's applications to it.
    """
    count = footprint.app_insights_components
    if count is None:
        return unknown("Application Insights components unreadable")
    if count == 0:
        return failed("no Application Insights component in the subscription")
    return passed(f"{count} Application Insights component(s)")
