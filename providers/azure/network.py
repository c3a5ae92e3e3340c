"""Network security groups, virtual networks and their flow logs (all from Resource Graph)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from providers.azure.rows import base_fields, of_type, props
from providers.azure.session import AzureSession
from scanner.model import FirewallRule, Network, SecurityGroup
from scanner.provider import Collector, Item

NSG = "microsoft.network/networksecuritygroups"
VNET = "microsoft.network/virtualnetworks"
FLOW_LOG = "microsoft.network/networkwatchers/flowlogs"
GRAPH_READ = ("Microsoft.ResourceGraph/resources/read", "Microsoft.Resources/subscriptions/read")


def _port_range(text: str) -> tuple[int | None, int | None]:
    """'*' -> every port; '22' -> (22, 22); '1000-2000' -> (1000, 2000)."""
    text = text.strip()
    if text in {"*", "", "0-65535"}:
        return None, None
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def _listed(p: Mapping[str, Any], single: str, plural: str) -> list[str]:
    values = [str(p[single])] if p.get(single) else []
    values += [str(v) for v in p.get(plural) or () if v]
    return values


def to_nsg_rules(rule: Mapping[str, Any]) -> list[FirewallRule]:
    """Pure: one NSG security rule -> one FirewallRule per destination port range."""
    p = props(rule) or rule
    sources = _listed(p, "sourceAddressPrefix", "sourceAddressPrefixes")
    sources += [str(g.get("id", "")) for g in p.get("sourceApplicationSecurityGroups") or ()]
    ranges = _listed(p, "destinationPortRange", "destinationPortRanges") or ["*"]
    protocol = str(p.get("protocol") or "*").lower()
    out = []
    for text in ranges:
        low, high = _port_range(text)
        out.append(
            FirewallRule(
                direction="ingress" if str(p.get("direction")).lower() == "inbound" else "egress",
                action="allow" if str(p.get("access")).lower() == "allow" else "deny",
                protocol="all" if protocol in {"*", "any"} else protocol,
                from_port=low,
                to_port=high,
                sources=tuple(s for s in sources if s),
                priority=int(p.get("priority") or 0),
            )
        )
    return out


def to_security_group(
    row: Mapping[str, Any], *, subscription: str, collected_at: datetime
) -> SecurityGroup:
    """Pure: an NSG (custom and default rules, in priority order) -> SecurityGroup."""
    p = props(row)
    rules = [
        r
        for key in ("securityRules", "defaultSecurityRules")
        for raw in p.get(key) or ()
        for r in to_nsg_rules(raw)
    ]
    rules.sort(key=lambda r: (r.direction, r.priority or 0))
    return SecurityGroup(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        rules=tuple(rules),
    )


def _retention(log: Mapping[str, Any]) -> int:
    policy = props(log).get("retentionPolicy") or {}
    return int(policy.get("days") or 0) if policy.get("enabled") else 0


@dataclass(frozen=True)
class FlowLogs:
    """The enabled flow logs of a subscription, by target and by the VNet they cover.

    Built once per subscription: looking each VNet up here instead of scanning every flow
    log per VNet keeps a subscription with thousands of both linear, not quadratic.
    """

    by_target: Mapping[str, Mapping[str, Any]]
    by_vnet: Mapping[str, Sequence[Mapping[str, Any]]]

    @classmethod
    def of(cls, flow_logs: Iterable[Mapping[str, Any]]) -> FlowLogs:
        """Pure: index the enabled ones (resource ids compared lower-case)."""
        by_target = {
            str(props(f).get("targetResourceId", "")).lower(): f
            for f in flow_logs
            if props(f).get("enabled")
        }
        by_vnet: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for target, log in by_target.items():
            # a VNet flow log targets the VNet itself or one of its subnets
            by_vnet[target.split("/subnets/", 1)[0]].append(log)
        return cls(by_target, dict(by_vnet))


def to_network(
    row: Mapping[str, Any],
    flow_logs: FlowLogs | Sequence[Mapping[str, Any]],
    *,
    subscription: str,
    collected_at: datetime,
) -> Network:
    """Pure: a VNet plus the subscription's flow logs -> Network.

    Logged when a VNet flow log targets it or one of its subnets, or when every subnet has an
    NSG with an NSG flow log. Retention is the shortest of those logs (0 = kept forever).
    """
    logs = flow_logs if isinstance(flow_logs, FlowLogs) else FlowLogs.of(flow_logs)
    vnet_id = str(row.get("id", "")).lower()
    mine = list(logs.by_vnet.get(vnet_id, ()))
    subnet_nsgs = [
        str((props(s).get("networkSecurityGroup") or {}).get("id", "")).lower()
        for s in props(row).get("subnets") or ()
    ]
    if not mine and subnet_nsgs and all(n in logs.by_target for n in subnet_nsgs):
        mine = [logs.by_target[n] for n in subnet_nsgs]
    finite = [d for d in (_retention(f) for f in mine) if d]
    return Network(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        flow_logs_enabled=bool(mine),
        flow_log_retention_days=min(finite) if finite else (0 if mine else None),
        ddos_protection=bool(props(row).get("enableDdosProtection"))
        and bool((props(row).get("ddosProtectionPlan") or {}).get("id")),
    )


def collect_security_groups(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every NSG of ``subscription`` from Resource Graph."""
    rows = session.graph_rows(subscription, "SecurityGroup")
    now = session.now()
    for row in of_type(rows, NSG):
        yield to_security_group(row, subscription=subscription, collected_at=now)


def collect_networks(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every VNet of ``subscription``, with flow log coverage, from Resource Graph."""
    rows = session.graph_rows(subscription, "Network")
    logs = FlowLogs.of(of_type(rows, FLOW_LOG))
    now = session.now()
    for row in of_type(rows, VNET):
        yield to_network(row, logs, subscription=subscription, collected_at=now)


COLLECTORS = (
    Collector(
        SecurityGroup,
        collect_security_groups,
        permissions=(*GRAPH_READ, "Microsoft.Network/networkSecurityGroups/read"),
    ),
    Collector(
        Network,
        collect_networks,
        permissions=(
            *GRAPH_READ,
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/networkWatchers/flowLogs/read",
        ),
    ),
)
