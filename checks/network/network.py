"""Checks over virtual networks (AWS VPCs, GCP VPC networks, Azure VNets)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity
from scanner.model import Network
from scanner.registry import check


@check(
    id="NET-001",
    title="Virtual networks record flow logs",
    severity=Severity.MEDIUM,
    resource=Network,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-01",
        "nist-800-53-r5:AU-12",
        "nist-800-53-r5:SI-4",
        "cis-aws:4.7",
    ),
)
def network_records_flow_logs(network: Network) -> Result:
    """Without flow logs there is no record of which hosts talked to which, so intrusions,
    data exfiltration and misrouted traffic cannot be detected or investigated.

    Remediation: enable flow logs on the network (accepted and rejected traffic) and deliver
    them to a log store with a retention period.
    """
    return setting(
        network.flow_logs_enabled,
        on="flow logs enabled",
        off="no flow logs",
        unread="flow log configuration unreadable",
    )
