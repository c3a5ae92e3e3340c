"""VPC networks, subnetworks and firewall rules from Cloud Asset Inventory.

Each GCP firewall rule becomes one ``SecurityGroup`` (findings name the rule). GCP evaluates
rules of a network by priority, a deny winning a tie; so each group also carries the deny
rules of the same network that apply to every instance, and the neutral rule engine
decides internet exposure with them. Disabled rules carry no rules at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from providers.gcp.assets import AssetRecord, as_int, segment
from providers.gcp.common import MAPPING_ERRORS, map_each
from providers.gcp.session import GcpSession
from providers.gcp.spelling import enum, flag, items, pick, truthy
from scanner.model import FirewallRule, Network, SecurityGroup, Subnet
from scanner.provider import Collector, Item

NETWORK = "compute.googleapis.com/Network"
SUBNETWORK = "compute.googleapis.com/Subnetwork"
FIREWALL = "compute.googleapis.com/Firewall"
_PROXY_PURPOSES = {"INTERNAL_HTTPS_LOAD_BALANCER", "REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY"}
_ANYWHERE_V4 = "0.0.0.0/0"


@lru_cache(maxsize=1 << 16)
def network_key(url: str) -> str:
    """A network self link or asset name -> ``projects/p/global/networks/n``.

    Cached: thousands of rules and subnets name one network, and share its key's string.
    """
    project, name = segment(url, "projects"), segment(url, "networks")
    return f"projects/{project}/global/networks/{name}" if project and name else url


def _port_range(port: Any) -> tuple[int | None, int | None]:
    if port is None:
        return None, None
    low, _, high = str(port).partition("-")
    return int(low), int(high or low)


def _sources(body: Mapping[str, Any], direction: str) -> tuple[str, ...]:
    """Where traffic may come from (ingress) or go to (egress); GCP defaults to anywhere."""
    if direction == "egress":
        return tuple(body.get("destinationRanges") or (_ANYWHERE_V4,))
    found = [str(r) for r in body.get("sourceRanges") or ()]
    found += [f"tag:{t}" for t in body.get("sourceTags") or ()]
    found += [f"serviceAccount:{s}" for s in body.get("sourceServiceAccounts") or ()]
    return tuple(found) or (_ANYWHERE_V4,)


#: IANA protocol numbers the Firewall API accepts in place of names (IPProtocol "6" = tcp).
_PROTOCOL_NUMBERS = {"1": "icmp", "4": "ipip", "6": "tcp", "17": "udp", "50": "esp", "51": "ah"}
_PROTOCOL_NUMBERS["132"] = "sctp"


def protocol_name(value: Any) -> str:
    """``IPProtocol`` as a lower-case name: ``TCP``, ``tcp`` and ``6`` are all ``tcp``."""
    text = str(value).strip().lower()
    if text.replace(".", "", 1).isdigit():
        text = str(int(float(text)))
    return _PROTOCOL_NUMBERS.get(text, text)


#: Rules already built, by their fields: one frozen object for every rule that repeats them.
RuleMemo = dict[tuple[Any, ...], FirewallRule]


def firewall_rules(
    body: Mapping[str, Any], memo: RuleMemo | None = None
) -> tuple[FirewallRule, ...]:
    """Pure: a Firewall REST body -> neutral rules, one per protocol x port range.

    ``memo`` (one collector's) shares equal rules: estates repeat a few port and source sets
    over thousands of rules, and a rule built once is validated once and held once.
    """
    if flag(body.get("disabled")):
        return ()
    direction = "egress" if str(body.get("direction", "INGRESS")).upper() == "EGRESS" else "ingress"
    action = "deny" if body.get("denied") else "allow"
    entries = body.get("denied") or body.get("allowed") or ()
    sources, priority = _sources(body, direction), as_int(body.get("priority"), 1000)
    rules = []
    for entry in entries:
        protocol = protocol_name(entry.get("IPProtocol", "all"))
        for port in entry.get("ports") or [None]:
            low, high = _port_range(port)
            key = (direction, action, protocol, low, high, sources, priority)
            rule = None if memo is None else memo.get(key)
            if rule is None:
                rule = FirewallRule(
                    direction=direction,
                    action=action,
                    protocol=protocol,
                    from_port=low,
                    to_port=high,
                    sources=sources,
                    priority=priority,
                )
                if memo is not None:
                    memo[key] = rule
            rules.append(rule)
    return tuple(rules)


def applies_to_all(body: Mapping[str, Any]) -> bool:
    """The rule targets every instance of its network (no target tags or accounts)."""
    return not body.get("targetTags") and not body.get("targetServiceAccounts")


def to_security_group(
    record: AssetRecord,
    fields: dict[str, Any],
    *,
    overriding: tuple[FirewallRule, ...] = (),
    memo: RuleMemo | None = None,
) -> SecurityGroup:
    """Pure: one firewall rule (plus the network-wide denies that outrank it) -> SecurityGroup."""
    body = record.body
    log_config = body.get("logConfig") or {}
    return SecurityGroup(
        **fields,
        network_id=network_key(str(body.get("network", ""))),
        is_default=False,
        rules=overriding + firewall_rules(body, memo),
        logging_enabled=bool(flag(log_config.get("enable"))),
    )


def _network_denies(
    records: Iterable[AssetRecord], memo: RuleMemo | None = None
) -> dict[str, tuple[FirewallRule, ...]]:
    """Per network: deny rules that apply to every instance."""
    out: dict[str, list[FirewallRule]] = {}
    for r in records:
        if r.body.get("denied") and applies_to_all(r.body):
            try:
                rules = firewall_rules(r.body, memo)
            except MAPPING_ERRORS:
                continue  # unreadable: the mapping pass reports it at its file:line
            out.setdefault(network_key(str(r.body.get("network", ""))), []).extend(rules)
    return {key: tuple(rules) for key, rules in out.items()}


def collect_firewalls(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every firewall rule in ``scope`` as a SecurityGroup."""
    records = session.resources(scope, [FIREWALL], resource="SecurityGroup")
    memo: RuleMemo = {}
    denies = _network_denies(records, memo)  # a first pass over the rules; mapping, the second

    def mapper(record: AssetRecord, fields: dict[str, Any]) -> SecurityGroup:
        own = network_key(str(record.body.get("network", "")))
        alone = record.body.get("denied") or record.body.get("disabled")
        others = () if alone else denies.get(own, ())
        return to_security_group(record, fields, overriding=others, memo=memo)

    yield from map_each(session, scope, records, SecurityGroup, mapper)


def _flow_logs(body: Mapping[str, Any]) -> bool:
    log_config = body.get("logConfig") or {}
    return bool(flag(body.get("enableFlowLogs")) or flag(log_config.get("enable")))


def to_subnet(record: AssetRecord, fields: dict[str, Any]) -> Subnet:
    """Pure: a Subnetwork REST body -> Subnet."""
    body = record.body
    return Subnet(
        **fields,
        network_id=network_key(str(body.get("network", ""))),
        cidr=str(body.get("ipCidrRange", "")),
        proxy_only=enum(body.get("purpose")) in _PROXY_PURPOSES,
        flow_logs_enabled=_flow_logs(body),
        private_api_access=bool(flag(body.get("privateIpGoogleAccess"))),
    )


def to_network(
    record: AssetRecord, fields: dict[str, Any], *, subnet_flow_logs: tuple[bool, ...] = ()
) -> Network:
    """Pure: a Network REST body (+ its subnets' flow-log flags) -> Network."""
    body = record.body
    auto = body.get("autoCreateSubnetworks")
    legacy = auto is None and bool(body.get("IPv4Range"))
    mode = "legacy" if legacy else "auto" if auto else "custom"
    return Network(
        **fields,
        is_default=fields["name"] == "default",
        subnet_mode=mode,
        flow_logs_enabled=False if legacy else all(subnet_flow_logs),
    )


def collect_subnets(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every subnetwork in ``scope``."""
    records = session.resources(scope, [SUBNETWORK], resource="Subnet")
    yield from map_each(session, scope, records, Subnet, to_subnet)


def collect_networks(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every VPC network in ``scope``; flow logs are on when every workload subnet has them."""
    subnets: dict[str, list[bool]] = {}
    for s in session.resources(scope, [SUBNETWORK], resource="Network"):
        if enum(s.body.get("purpose")) not in _PROXY_PURPOSES:
            subnets.setdefault(network_key(str(s.body.get("network", ""))), []).append(
                _flow_logs(s.body)
            )

    logged = dns_logged_networks(session, scope)

    def mapper(record: AssetRecord, fields: dict[str, Any]) -> Network:
        flags = tuple(subnets.get(network_key(record.name), ()))
        network = to_network(record, fields, subnet_flow_logs=flags)
        keys = {network_key(record.name), network_key(f"{record.parent}/networks/{fields['name']}")}
        return network.model_copy(update={"dns_logging": bool(keys & logged)})

    records = session.resources(scope, [NETWORK], resource="Network")
    yield from map_each(session, scope, records, Network, mapper)


def dns_logged_networks(session: GcpSession, scope: str) -> set[str]:
    """Networks (``network_key``) bound to a DNS server policy with ``enableLogging`` on.

    Cloud DNS ``Policy``: ``enableLogging`` and ``networks[].networkUrl`` (a network has at
    most one server policy; without one, queries are not logged).
    """
    out: set[str] = set()
    for policy in session.resources(scope, [DNS_POLICY], resource="Network"):
        if truthy(policy.body, "enableLogging"):
            for net in items(policy.body, "networks"):
                out.add(network_key(str(pick(net, "networkUrl") or "")))
    return out


PERMISSIONS = ("cloudasset.assets.listResource",)
DNS_POLICY = "dns.googleapis.com/Policy"
RESOURCE_TYPES = {NETWORK: "Network", SUBNETWORK: "Subnet", FIREWALL: "SecurityGroup"}
RESOURCE_TYPES[DNS_POLICY] = "Network"
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(Network, collect_networks, permissions=PERMISSIONS),
    Collector(Subnet, collect_subnets, permissions=PERMISSIONS),
    Collector(SecurityGroup, collect_firewalls, permissions=PERMISSIONS),
)
