"""Checks over managed threat detection (GuardDuty, Security Command Center, Defender)."""

from __future__ import annotations

from checks._common import setting
from scanner.findings import Result, Severity
from scanner.model import ThreatDetection
from scanner.registry import check


@check(
    id="LOG-010",
    title="Threat detection is enabled in every region",
    severity=Severity.MEDIUM,
    resource=ThreatDetection,
    controls=(
        "soc2:CC7.2",
        "iso27001-2022:A.8.16",
        "nist-csf-2.0:DE.CM-01",
        "nist-csf-2.0:DE.CM-09",
        "nist-800-53-r5:SI-4",
    ),
    providers=("aws",),
)
def threat_detection_enabled(detection: ThreatDetection) -> Result:
    """Managed threat detection spots credential misuse, crypto-mining and reconnaissance
    from logs nobody reads by hand; a region without it is a blind spot attackers favour.

    Remediation: enable the threat detection service (e.g. a GuardDuty detector) in every
    region, ideally managed centrally from a delegated administrator account.
    """
    return setting(
        detection.enabled,
        on="threat detection enabled",
        off="threat detection not enabled in this region",
        unread="threat detection status unreadable",
    )
