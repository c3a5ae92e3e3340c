"""Networks, firewalls (security groups, VPC firewall rules, NSGs) and network ACLs."""

from __future__ import annotations

import ipaddress
from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource

# Source tokens that mean "anywhere" besides CIDRs of prefix length 0 (Azure service tags).
_ANYWHERE_TOKENS = frozenset({"*", "any", "internet", "0.0.0.0", "::"})  # noqa: S104


def is_internet_source(source: str) -> bool:
    """Whether a rule source admits the whole internet (IPv4 or IPv6)."""
    token = source.strip().lower()
    if token in _ANYWHERE_TOKENS:
        return True
    try:
        return ipaddress.ip_network(token, strict=False).prefixlen == 0
    except ValueError:
        return False


class FirewallRule(Frozen):
    """One allow/deny rule. ``from_port``/``to_port`` None means every port."""

    direction: Literal["ingress", "egress"]
    action: Literal["allow", "deny"] = "allow"
    protocol: str = Field(description="'tcp', 'udp', 'icmp', 'icmpv6', 'all' or an IANA number.")
    from_port: int | None = None
    to_port: int | None = None
    sources: tuple[str, ...] = Field(description="CIDRs (v4/v6), tags or group references.")
    priority: int | None = Field(
        default=None, description="Lower is evaluated first; None where all rules are additive."
    )

    def matches_protocol(self, protocol: str) -> bool:
        """Whether the rule applies to traffic of ``protocol``."""
        return self.protocol in {"all", "-1", "*", protocol}

    def covers_port(self, port: int, protocol: str = "tcp") -> bool:
        """Whether the rule applies to ``protocol`` traffic on ``port``."""
        if not self.matches_protocol(protocol):
            return False
        if self.from_port is None or self.to_port is None:
            return True
        low, high = sorted((self.from_port, self.to_port))
        return low <= port <= high

    @property
    def all_traffic(self) -> bool:
        """Every protocol and every port."""
        return self.protocol in {"all", "-1", "*"} or (
            self.protocol in {"tcp", "udp"} and self.covers_port(0) and self.covers_port(65535)
        )

    @property
    def internet_sources(self) -> tuple[str, ...]:
        """The sources of this rule that mean 'anywhere'."""
        return tuple(s for s in self.sources if is_internet_source(s))


def _decides(
    rules: tuple[FirewallRule, ...], port: int | None, protocol: str
) -> FirewallRule | None:
    """The rule that decides internet ingress on ``port`` (None: every port), or None."""
    candidates = [
        r
        for r in rules
        if r.direction == "ingress"
        and r.internet_sources
        and (r.all_traffic if port is None else r.covers_port(port, protocol))
    ]
    if any(r.priority is not None for r in candidates):
        candidates.sort(key=lambda r: r.priority if r.priority is not None else 1 << 30)
        return candidates[0] if candidates else None
    return next((r for r in candidates if r.action == "allow"), None)


def internet_ingress_rule(
    rules: tuple[FirewallRule, ...], port: int | None, protocol: str = "tcp"
) -> FirewallRule | None:
    """The allow rule that opens ``port`` (or all traffic) to the internet, if any.

    Rules with a priority are evaluated in order and a deny decides too (NSGs, GCP firewall
    rules, network ACLs); rules without one are additive allows (AWS security groups).
    """
    rule = _decides(rules, port, protocol)
    return rule if rule is not None and rule.action == "allow" else None


class Network(Resource):
    """A virtual network: AWS VPC, GCP VPC network, Azure VNet."""

    is_default: bool = False
    flow_logs_enabled: bool | None = Field(description="Flow logs capture traffic; None unknown.")


class SecurityGroup(Resource):
    """A stateful firewall attached to workloads: AWS SG, GCP firewall policy, Azure NSG."""

    network_id: str | None = None
    is_default: bool = False
    rules: tuple[FirewallRule, ...] = ()

    def open_to_internet(self, port: int | None, protocol: str = "tcp") -> FirewallRule | None:
        """The rule admitting the internet on ``port`` (None = all traffic), if any."""
        return internet_ingress_rule(self.rules, port, protocol)


class NetworkAcl(Resource):
    """A stateless subnet-level filter (AWS network ACL); rules carry priorities."""

    network_id: str | None = None
    is_default: bool = False
    rules: tuple[FirewallRule, ...] = ()

    def open_to_internet(self, port: int | None, protocol: str = "tcp") -> FirewallRule | None:
        """The allow entry admitting the internet on ``port``, if it is not denied first."""
        return internet_ingress_rule(self.rules, port, protocol)
