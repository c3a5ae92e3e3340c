"""NSG checks CIS Azure 7.3 (UDP) and 7.4 (HTTP/S) add to the per-port checks.

NSG semantics (Azure "Network security groups: how it works" and security rules docs):
rules are processed by priority, lowest number first, and processing stops at the first
match; a deny therefore shadows a later allow. Sources ``*``, ``Any``, ``Internet``,
``0.0.0.0/0`` and ``::/0`` mean the internet, in single or augmented (plural) prefixes.
"""

from __future__ import annotations

from checks.network._exposure import describe_rule, public_port_check
from scanner.findings import Result, Severity, failed, passed
from scanner.model import FirewallRule, SecurityGroup
from scanner.registry import check

_BOUNDARY = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_MAX_PORT = 65535


def _udp_breakpoints(group: SecurityGroup) -> list[int]:
    """Ports where the set of internet-sourced UDP rules covering a port can change.

    Every port in an interval between two breakpoints is matched by the same rules, so the
    first-match decision is the same across it: judging each breakpoint judges every port.
    """
    points = {0}
    for rule, *_ in group.internet_gates:
        if not rule.matches_protocol("udp"):
            continue
        if rule.from_port is None or rule.to_port is None:
            continue
        low, high = sorted((rule.from_port, rule.to_port))
        points.add(low)
        if high < _MAX_PORT:
            points.add(high + 1)
    return sorted(points)


def udp_exposures(group: SecurityGroup) -> list[tuple[int, str, FirewallRule]]:
    """(first exposed port, internet source, rule) for each rule admitting internet UDP."""
    found: dict[tuple[str, FirewallRule], int] = {}
    for port in _udp_breakpoints(group):
        for source, rule in group.exposures(port, "udp"):
            found.setdefault((source, rule), port)
    return [(port, source, rule) for (source, rule), port in found.items()]


@check(
    id="NET-250",
    title="Network security groups admit no UDP traffic from the internet",
    severity=Severity.HIGH,
    resource=SecurityGroup,
    controls=(*_BOUNDARY, "cis-azure:7.3"),
    providers=("azure",),
)
def security_group_blocks_public_udp(group: SecurityGroup) -> Result:
    """UDP services reachable from anywhere (DNS, NTP, SSDP, CLDAP, Memcached) are abused
    for reflection and amplification attacks and expose services that rarely authenticate.

    Remediation: remove inbound allow rules for UDP (or protocol Any) whose source is Any,
    Internet, 0.0.0.0/0 or ::/0, or put a higher-priority deny in front of them; publish
    UDP services through a gateway that filters them.
    """
    found = udp_exposures(group)
    if found:
        shown = [f"open to {s} on udp/{p} via {describe_rule(r)}" for p, s, r in found[:3]]
        more = f" (+{len(found) - 3} more)" if len(found) > 3 else ""
        return failed("; ".join(shown) + more)
    return passed("no inbound rule admits internet UDP traffic")


security_group_blocks_public_http = public_port_check(
    id="NET-251",
    title="Network security groups admit no internet traffic to HTTP(S) (tcp/80, 443)",
    severity=Severity.MEDIUM,
    resource=SecurityGroup,
    ports={80: "HTTP", 443: "HTTPS"},
    controls=(*_BOUNDARY, "cis-azure:7.4"),
    rationale="Web servers published straight from a virtual network skip the web "
    "application firewall, DDoS and TLS policy a gateway enforces, and expose every "
    "vulnerability of the application to the whole internet.",
    remediation="remove inbound allow rules for tcp/80 and tcp/443 from Any, Internet, "
    "0.0.0.0/0 or ::/0; publish web applications through Application Gateway with WAF or "
    "Front Door, and allow only their service tags (GatewayManager, AzureFrontDoor.Backend).",
    name="security_group_blocks_public_http",
    module=__name__,
    providers=("azure",),
)
