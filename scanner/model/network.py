"""Networks, firewalls (security groups, VPC firewall rules, NSGs) and network ACLs."""

from __future__ import annotations

import ipaddress
from functools import cached_property
from typing import Literal

from pydantic import Field

from scanner.model.base import Frozen, Resource

# Source tokens that mean "anywhere" besides CIDRs of prefix length 0 (Azure service tags).
_ANYWHERE_TOKENS = frozenset({"*", "any", "internet", "0.0.0.0", "::"})  # noqa: S104


_ALL_PROTOCOLS = frozenset({"all", "-1", "*"})
#: IANA numbers as network ACLs and NSGs report them.
_PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}


#: The spellings almost every rule uses, with their IP version (parsing costs ~40 us).
_COMMON_INTERNET = {"0.0.0.0/0": 4, "::/0": 6}


def is_internet_source(source: str) -> bool:
    """Whether a rule source admits the whole internet (IPv4 or IPv6)."""
    if source in _COMMON_INTERNET:
        return True
    token = source.strip().lower()
    if token in _ANYWHERE_TOKENS:
        return True
    # Fast exits, same answers as parsing: without a prefix a network is a single address,
    # and a decimal prefix other than 0 is never length 0, valid network or not.
    _address, slash, prefix = token.rpartition("/")
    if not slash or (prefix.isascii() and prefix.isdigit() and int(prefix) != 0):
        return False
    try:
        return ipaddress.ip_network(token, strict=False).prefixlen == 0
    except ValueError:
        return False


def source_family(source: str) -> int | None:
    """IP version of a source; None for family-less tokens such as ``*`` or ``Internet``."""
    if source in _COMMON_INTERNET:
        return _COMMON_INTERNET[source]
    try:
        return ipaddress.ip_network(source.strip(), strict=False).version
    except ValueError:
        return None


def normalize_protocol(protocol: str) -> str:
    """'all' for every-protocol markers, names for IANA numbers, else lower-cased."""
    token = protocol.strip().lower()
    return "all" if token in _ALL_PROTOCOLS else _PROTOCOL_NAMES.get(token, token)


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

    @cached_property
    def normalized_protocol(self) -> str:
        """``protocol`` as ``normalize_protocol`` spells it (worked out once per rule)."""
        return normalize_protocol(self.protocol)

    def matches_protocol(self, protocol: str) -> bool:
        """Whether the rule applies to traffic of ``protocol``."""
        proto = self.normalized_protocol
        return proto in ("all", protocol)

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
        """Every protocol and every port (an NSG rule for ``*`` on one port is not)."""
        protocol = self.normalized_protocol
        every_port = self.covers_port(0, protocol) and self.covers_port(65535, protocol)
        return protocol in {"all", "tcp", "udp"} and every_port

    @cached_property
    def internet_sources(self) -> tuple[str, ...]:
        """The sources of this rule that mean 'anywhere' (parsed once per rule)."""
        return tuple(s for s in self.sources if is_internet_source(s))

    @cached_property
    def internet_families(self) -> tuple[tuple[str, int | None], ...]:
        """Each internet source with its IP version (None: family-less, e.g. ``*``)."""
        return tuple((s, source_family(s)) for s in self.internet_sources)


#: A rule as internet exposure judges it: (rule, first internet source admitting IPv4,
#: same for IPv6, normalised protocol, lowest port, highest port (None: every port),
#: whether it admits all traffic). Worked out once per firewall, then read per port.
Gate = tuple[FirewallRule, str | None, str | None, str, int | None, int | None, bool]


def internet_gates(rules: tuple[FirewallRule, ...]) -> tuple[Gate, ...]:
    """The ingress rules with an internet source, in order: the only ones that can decide."""
    gates: list[Gate] = []
    for rule in rules:
        families = rule.internet_families if rule.direction == "ingress" else ()
        if not families:
            continue
        v4 = next((s for s, f in families if f in (4, None)), None)
        v6 = next((s for s, f in families if f in (6, None)), None)
        low = high = None
        if rule.from_port is not None and rule.to_port is not None:
            low, high = sorted((rule.from_port, rule.to_port))
        gates.append((rule, v4, v6, rule.normalized_protocol, low, high, rule.all_traffic))
    return tuple(gates)


def _decides(
    gates: tuple[Gate, ...], port: int | None, protocol: str, family: int
) -> tuple[FirewallRule, str] | None:
    """The rule deciding internet ingress from one address family on ``port`` (None: all),
    with the internet source through which it does."""
    candidates: list[tuple[FirewallRule, str]] = []
    for rule, v4, v6, proto, low, high, every in gates:
        source = v4 if family == 4 else v6
        if source is None:
            continue
        if port is None:
            if not every:
                continue
        elif proto not in ("all", protocol) or (
            low is not None and high is not None and not low <= port <= high
        ):
            continue
        candidates.append((rule, source))
    if any(rule.priority is not None for rule, _ in candidates):
        candidates.sort(key=lambda c: c[0].priority if c[0].priority is not None else 1 << 30)
        return candidates[0]
    return next((c for c in candidates if c[0].action == "allow"), None)


def gate_exposures(
    gates: tuple[Gate, ...], port: int | None, protocol: str = "tcp"
) -> list[tuple[str, FirewallRule]]:
    """``internet_exposures`` over rules already turned into gates."""
    found: dict[tuple[str, FirewallRule], None] = {}
    for family in (4, 6):
        decided = _decides(gates, port, protocol, family)
        if decided is not None and decided[0].action == "allow":
            found[(decided[1], decided[0])] = None
    return list(found)


def internet_exposures(
    rules: tuple[FirewallRule, ...], port: int | None, protocol: str = "tcp"
) -> list[tuple[str, FirewallRule]]:
    """(internet source, allow rule) pairs that open ``port`` (None: all traffic).

    IPv4 and IPv6 are judged separately: a deny for ``0.0.0.0/0`` does not stop traffic an
    allow for ``::/0`` admits. Rules with a priority are evaluated in order and a deny
    decides too (NSGs, GCP firewall rules, network ACLs); rules without one are additive
    allows (AWS security groups).
    """
    return gate_exposures(internet_gates(rules), port, protocol)


def internet_ingress_rule(
    rules: tuple[FirewallRule, ...], port: int | None, protocol: str = "tcp"
) -> FirewallRule | None:
    """The first allow rule that opens ``port`` (or all traffic) to the internet, if any."""
    exposures = internet_exposures(rules, port, protocol)
    return exposures[0][1] if exposures else None


def _first_rule(exposures: list[tuple[str, FirewallRule]]) -> FirewallRule | None:
    return exposures[0][1] if exposures else None


class Network(Resource):
    """A virtual network: AWS VPC, GCP VPC network, Azure VNet."""

    is_default: bool = False
    flow_logs_enabled: bool | None = Field(description="Flow logs capture traffic; None unknown.")
    flow_log_retention_days: int | None = Field(
        default=None, description="Azure: shortest flow log retention; 0 = kept forever."
    )
    subnet_mode: Literal["auto", "custom", "legacy"] | None = Field(
        default=None, description="GCP: how subnets are created; None where not applicable."
    )
    dns_logging: bool | None = Field(
        default=None, description="GCP: a DNS server policy bound to it logs queries."
    )
    ddos_protection: bool | None = Field(
        default=None, description="Azure: a DDoS Network Protection plan covers the network."
    )


class SecurityGroup(Resource):
    """A stateful firewall attached to workloads: AWS SG, GCP firewall policy, Azure NSG."""

    network_id: str | None = None
    is_default: bool = False
    rules: tuple[FirewallRule, ...] = ()
    logging_enabled: bool | None = Field(
        default=None, description="GCP: matched connections are logged; None elsewhere."
    )

    @cached_property
    def internet_gates(self) -> tuple[Gate, ...]:
        """Ingress rules with an internet source (worked out once; checks ask per port)."""
        return internet_gates(self.rules)

    def open_to_internet(self, port: int | None, protocol: str = "tcp") -> FirewallRule | None:
        """The rule admitting the internet on ``port`` (None = all traffic), if any."""
        return _first_rule(gate_exposures(self.internet_gates, port, protocol))

    def exposures(self, port: int | None, protocol: str = "tcp") -> list[tuple[str, FirewallRule]]:
        """Every (internet source, rule) opening ``port`` (None = all traffic)."""
        return gate_exposures(self.internet_gates, port, protocol)


class NetworkAcl(Resource):
    """A stateless subnet-level filter (AWS network ACL); rules carry priorities."""

    network_id: str | None = None
    is_default: bool = False
    rules: tuple[FirewallRule, ...] = ()

    @cached_property
    def internet_gates(self) -> tuple[Gate, ...]:
        """Ingress entries with an internet source (allow and deny; worked out once)."""
        return internet_gates(self.rules)

    def open_to_internet(self, port: int | None, protocol: str = "tcp") -> FirewallRule | None:
        """The allow entry admitting the internet on ``port``, if it is not denied first."""
        return _first_rule(gate_exposures(self.internet_gates, port, protocol))

    def exposures(self, port: int | None, protocol: str = "tcp") -> list[tuple[str, FirewallRule]]:
        """Every (internet source, entry) opening ``port``, deny entries respected."""
        return gate_exposures(self.internet_gates, port, protocol)
