"""Checks over how long network flow logs are kept."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import Network
from scanner.registry import check

MIN_DAYS = 90


@check(
    id="NET-201",
    title="Network flow logs are kept for at least 90 days",
    severity=Severity.LOW,
    resource=Network,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.15",
        "nist-csf-2.0:DE.CM-01",
        "nist-800-53-r5:AU-11",
        "cis-azure:7.5",
        "cis-azure:7.8",
    ),
    providers=("azure",),
)
def network_flow_log_retention(network: Network) -> Result:
    """Flow logs that expire within weeks are gone by the time most intrusions are found,
    taking the record of lateral movement and exfiltration with them.

    Remediation: set the flow log retention policy to 90 days or more (0 keeps logs
    indefinitely).
    """
    if network.flow_logs_enabled is not True:
        return not_applicable("no flow logs (see NET-001)")
    days = network.flow_log_retention_days
    if days is None:
        return unknown("flow log retention unreadable")
    if days == 0:
        return passed("flow logs kept indefinitely")
    if days < MIN_DAYS:
        return failed(f"flow logs kept {days} day(s); needs {MIN_DAYS}")
    return passed(f"flow logs kept {days} days")
