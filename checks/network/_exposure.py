"""Internet exposure of firewall rules, and the factory behind every "port not open" check.

Security groups and network ACLs share one rule engine (``open_to_internet`` on the model);
this module adds what checks need on top of it:

* human-readable descriptions of the rule that exposes a port;
* the factory that turns a port map into a check.

The model judges IPv4 and IPv6 separately and reads IANA protocol numbers as names.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from checks._common import named
from scanner.findings import Result, Severity, failed, passed
from scanner.model import FirewallRule, NetworkAcl, SecurityGroup
from scanner.model.network import normalize_protocol
from scanner.registry import ALL_PROVIDERS, Check, Provider, check

Firewall = TypeVar("Firewall", SecurityGroup, NetworkAcl)

_MAX_LISTED = 3


def describe_rule(rule: FirewallRule) -> str:
    """Short human text for a rule: ``rule tcp 0-65535`` or ``rule #100 (all traffic)``."""
    protocol = normalize_protocol(rule.protocol)
    if protocol == "all":
        text = "all traffic"
    elif rule.from_port is None or rule.to_port is None:
        text = f"{protocol} all ports"
    else:
        low, high = sorted((rule.from_port, rule.to_port))
        text = f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"
    return f"rule #{rule.priority} ({text})" if rule.priority is not None else f"rule {text}"


@dataclass(frozen=True)
class Exposure:
    """One way the internet reaches a port (None: all traffic) through a firewall."""

    source: str
    port: int | None
    rule: FirewallRule

    def describe(self, label: str = "") -> str:
        """Reason text, e.g. ``open to ::/0 on tcp/22 (SSH) via rule tcp 0-65535``."""
        via = describe_rule(self.rule)
        if self.port is None:
            return f"all traffic open to {self.source} via {via}"
        return f"open to {self.source} on tcp/{self.port} ({label}) via {via}"


def exposures(firewall: SecurityGroup | NetworkAcl, port: int | None) -> list[Exposure]:
    """Every address family through which the internet reaches tcp ``port`` (None: all)."""
    return [Exposure(source, port, rule) for source, rule in firewall.exposures(port, "tcp")]


def judge_ports(firewall: SecurityGroup | NetworkAcl, ports: Mapping[int, str]) -> Result:
    """FAIL naming each internet exposure of ``ports`` (port -> service label), else PASS."""
    if not firewall.internet_gates:  # no rule with an internet source: nothing to expose
        return passed(_listed(tuple(ports)))
    problems = [
        e.describe(label) for port, label in ports.items() for e in exposures(firewall, port)
    ]
    if problems:
        extra = len(problems) - _MAX_LISTED
        more = f" (+{extra} more)" if extra > 0 else ""
        return failed("; ".join(problems[:_MAX_LISTED]) + more)
    return passed(_listed(tuple(ports)))


@functools.lru_cache(maxsize=256)
def _listed(ports: tuple[int, ...]) -> str:
    """The PASS reason for ``ports`` (the same for every firewall a check passes)."""
    return "no internet ingress to " + ", ".join(f"tcp/{p}" for p in ports)


def public_port_check(
    *,
    id: str,
    title: str,
    severity: Severity,
    resource: type[Firewall],
    ports: Mapping[int, str],
    controls: tuple[str, ...],
    rationale: str,
    remediation: str,
    name: str,
    module: str,
    providers: tuple[Provider, ...] = ALL_PROVIDERS,
) -> Check[Firewall]:
    """Build a check failing when the internet reaches any of ``ports`` (port -> label).

    ``name`` and ``module`` give the generated function the identity of a hand-written one,
    so reports and docs point at the module that declares the check.
    """

    def evaluate(firewall: Firewall) -> Result:
        return judge_ports(firewall, ports)

    named(evaluate, name=name, module=module, doc=f"{rationale}\n\nRemediation: {remediation}")
    return check(
        id=id,
        title=title,
        severity=severity,
        resource=resource,
        controls=controls,
        providers=providers,
    )(evaluate)
