"""Checks over subnets (GCP subnetworks; neutral where the idea is)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity, not_applicable
from scanner.model import Subnet
from scanner.registry import check


@check(
    id="NET-104",
    title="Subnets record flow logs",
    severity=Severity.MEDIUM,
    resource=Subnet,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-01",
        "nist-800-53-r5:AU-12",
        "nist-800-53-r5:SI-4",
        "cis-gcp:3.10",
    ),
    providers=("gcp",),
)
def subnet_records_flow_logs(subnet: Subnet) -> Result:
    """Without flow logs there is no record of which hosts in the subnet talked to which,
    so intrusions, exfiltration and misrouted traffic cannot be investigated.

    Remediation: turn on flow logs for the subnet (aggregation 5 s, sample rate 100%,
    include all metadata) and route them to a log bucket with retention.
    """
    if subnet.proxy_only:
        return not_applicable("proxy-only subnet; flow logs are not supported")
    return setting(
        subnet.flow_logs_enabled,
        on="flow logs enabled",
        off="no flow logs",
        unread="flow log configuration unreadable",
    )


@check(
    id="NET-105",
    title="Subnets reach cloud APIs privately (Private Google Access)",
    severity=Severity.LOW,
    resource=Subnet,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
    ),
    providers=("gcp",),
)
def subnet_private_api_access(subnet: Subnet) -> Result:
    """Without Private Google Access, VMs that must call Google APIs need a public IP or a
    NAT path to the internet, widening exposure just to reach the provider's own services.

    Remediation: enable Private Google Access on the subnet, and remove external IPs that
    existed only to reach Google APIs.
    """
    if subnet.proxy_only:
        return not_applicable("proxy-only subnet")
    return setting(
        subnet.private_api_access,
        on="Private Google Access enabled",
        off="Private Google Access disabled",
        unread="Private Google Access setting unreadable",
    )
