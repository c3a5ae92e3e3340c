"""Checks over automated sensitive-data discovery (Amazon Macie)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity
from scanner.model import DataDiscovery
from scanner.registry import check


@check(
    id="STOR-501",
    title="Sensitive data discovery (Macie) runs in every region",
    severity=Severity.LOW,
    resource=DataDiscovery,
    controls=(
        "soc2:CC6.1",
        "soc2:C1.1",
        "iso27001-2022:A.5.12",
        "nist-csf-2.0:ID.AM-07",
        "nist-800-53-r5:RA-2",
        "cis-aws:3.1.3",
    ),
    providers=("aws",),
)
def data_discovery_enabled(discovery: DataDiscovery) -> Result:
    """Personal and secret data lands in buckets nobody classified; without automated
    discovery it is protected like any other data until it leaks.

    Remediation: enable Amazon Macie in every region that holds S3 data (``aws macie2
    enable-macie``), with automated sensitive data discovery, and resume it if paused.
    """
    return setting(
        discovery.enabled,
        on="Macie enabled",
        off="Macie not enabled (or paused) in this region",
        unread="Macie status unreadable",
    )
