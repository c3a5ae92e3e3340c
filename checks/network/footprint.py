"""Subscription-wide network services: Network Watcher per region in use, Azure Bastion."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import ServiceFootprint
from scanner.registry import check


@check(
    id="NET-260",
    title="Network Watcher is enabled in every region that holds resources",
    severity=Severity.LOW,
    resource=ServiceFootprint,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-01",
        "nist-800-53-r5:SI-4",
        "cis-azure:7.6",
    ),
    providers=("azure",),
)
def network_watcher_in_regions_in_use(footprint: ServiceFootprint) -> Result:
    """Network Watcher is regional: without it in a region, flow logs, connection troubleshooting
    and packet capture are unavailable for the resources there when an incident happens.

    Remediation: enable Network Watcher (create the NetworkWatcher_<region> resource) in
    every region where the subscription has resources.
    """
    regions, watched = footprint.regions_in_use, footprint.network_watcher_regions
    if regions is None or watched is None:
        return unknown("regions in use or Network Watchers unreadable")
    missing = sorted(set(regions) - set(watched))
    if missing:
        return failed(f"no Network Watcher in {', '.join(missing)}")
    return passed(f"Network Watcher enabled in all {len(regions)} region(s) in use")


@check(
    id="NET-261",
    title="An Azure Bastion host exists for administrative access",
    severity=Severity.LOW,
    resource=ServiceFootprint,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:AC-17",
        "cis-azure:8.4.1",
    ),
    providers=("azure",),
)
def bastion_host_exists(footprint: ServiceFootprint) -> Result:
    """Without a bastion, administrators reach virtual machines over public SSH/RDP
    endpoints, which are scanned and brute-forced continuously.

    Remediation: deploy Azure Bastion in the hub virtual network (AzureBastionSubnet) and
    remove public IPs and SSH/RDP rules from the machines.
    """
    if footprint.bastion_hosts is None:
        return unknown("Bastion hosts unreadable")
    if footprint.bastion_hosts == 0:
        return failed("no Azure Bastion host in the subscription")
    return passed(f"{footprint.bastion_hosts} Bastion host(s)")
