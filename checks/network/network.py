"""Checks over virtual networks (AWS VPCs, GCP VPC networks, Azure VNets)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity, failed, not_applicable, passed
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
        "cis-gcp:3.10",
        "cis-azure:6.1.1.6",
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


_SEGMENTATION = (
    "soc2:CC6.6",
    "iso27001-2022:A.8.20",
    "iso27001-2022:A.8.22",
    "nist-csf-2.0:PR.IR-01",
    "nist-800-53-r5:SC-7",
    "nist-800-53-r5:CM-7",
)


@check(
    id="NET-101",
    title="Projects do not keep the auto-created default network",
    severity=Severity.MEDIUM,
    resource=Network,
    controls=(*_SEGMENTATION, "cis-gcp:3.1"),
    providers=("gcp",),
)
def default_network_absent(network: Network) -> Result:
    """The default network comes with permissive firewall rules (SSH and RDP from anywhere,
    all internal traffic) and a subnet in every region that nobody planned or reviews.

    Remediation: move workloads to a purpose-built custom-mode network, then delete the
    default network and its firewall rules; set the compute.skipDefaultNetworkCreation
    organisation policy.
    """
    if network.is_default:
        return failed("the auto-created 'default' network exists")
    return passed("not the default network")


@check(
    id="NET-102",
    title="Networks are not legacy (subnet-less) networks",
    severity=Severity.MEDIUM,
    resource=Network,
    controls=(*_SEGMENTATION, "cis-gcp:3.2"),
    providers=("gcp",),
)
def network_not_legacy(network: Network) -> Result:
    """Legacy networks have one global address range with no subnets, so traffic cannot be
    segmented by region or logged with VPC flow logs.

    Remediation: create a custom-mode VPC network, migrate the instances and delete the
    legacy network.
    """
    if network.subnet_mode is None:
        return not_applicable("network has no subnet mode (not a GCP VPC network)")
    if network.subnet_mode == "legacy":
        return failed("legacy network without subnets")
    return passed(f"{network.subnet_mode}-mode VPC network")


@check(
    id="NET-103",
    title="Networks use custom subnet mode",
    severity=Severity.LOW,
    resource=Network,
    controls=_SEGMENTATION,
    providers=("gcp",),
)
def network_custom_subnet_mode(network: Network) -> Result:
    """Auto-mode networks create a subnet with a predictable range in every region, which
    overlaps other auto-mode networks and grows the attack surface as regions are added.

    Remediation: convert the network to custom mode and delete the subnets you do not use.
    """
    if network.subnet_mode is None:
        return not_applicable("network has no subnet mode (not a GCP VPC network)")
    if network.subnet_mode == "auto":
        return failed("auto-mode network (a subnet in every region)")
    return passed(f"{network.subnet_mode}-mode network")
