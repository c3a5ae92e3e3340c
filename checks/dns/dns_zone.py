"""Checks over managed DNS zones and their DNSSEC signing."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import DnsZone
from scanner.registry import check

_DNSSEC = (
    "soc2:CC6.6",
    "iso27001-2022:A.8.20",
    "nist-csf-2.0:PR.DS-02",
    "nist-800-53-r5:SC-20",
)
_WEAK = "rsasha1"


@check(
    id="DNS-101",
    title="Public DNS zones are signed with DNSSEC",
    severity=Severity.MEDIUM,
    resource=DnsZone,
    controls=(*_DNSSEC, "cis-gcp:3.3"),
    providers=("gcp",),
)
def dns_zone_dnssec(zone: DnsZone) -> Result:
    """Without DNSSEC, resolvers cannot tell forged answers from real ones, so cache
    poisoning can send users of the domain to an attacker's servers.

    Remediation: turn DNSSEC on for the zone and publish the DS record at the registrar.
    """
    if zone.visibility == "private":
        return not_applicable("private zone")
    if zone.dnssec is None:
        return unknown("DNSSEC state unreadable")
    return passed("DNSSEC on") if zone.dnssec else failed("DNSSEC off")


def _judge_algorithm(zone: DnsZone, algorithms: tuple[str, ...], role: str) -> Result:
    if not zone.dnssec:
        return not_applicable("DNSSEC is off")
    if _WEAK in algorithms:
        return failed(f"{role} uses RSASHA1")
    return passed(f"{role} algorithms: {', '.join(algorithms) or 'provider default'}")


@check(
    id="DNS-102",
    title="DNSSEC key-signing keys do not use RSASHA1",
    severity=Severity.MEDIUM,
    resource=DnsZone,
    controls=(*_DNSSEC, "nist-800-53-r5:SC-13", "cis-gcp:3.4"),
    providers=("gcp",),
)
def dns_zone_ksk_not_rsasha1(zone: DnsZone) -> Result:
    """SHA-1 signatures are practically forgeable; a key-signing key using RSASHA1 lets an
    attacker forge the zone's keys and so every record in it.

    Remediation: turn DNSSEC off and on again with a stronger key-signing algorithm
    (RSASHA256 or ECDSAP256SHA256), updating the DS record at the registrar.
    """
    return _judge_algorithm(zone, zone.key_signing_algorithms, "key-signing key")


@check(
    id="DNS-103",
    title="DNSSEC zone-signing keys do not use RSASHA1",
    severity=Severity.MEDIUM,
    resource=DnsZone,
    controls=(*_DNSSEC, "nist-800-53-r5:SC-13", "cis-gcp:3.5"),
    providers=("gcp",),
)
def dns_zone_zsk_not_rsasha1(zone: DnsZone) -> Result:
    """Records signed with RSASHA1 zone-signing keys can be forged by anyone able to
    compute SHA-1 collisions, defeating the point of DNSSEC.

    Remediation: re-sign the zone with a stronger zone-signing algorithm (RSASHA256 or
    ECDSAP256SHA256).
    """
    return _judge_algorithm(zone, zone.zone_signing_algorithms, "zone-signing key")
