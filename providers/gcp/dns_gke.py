"""Cloud DNS managed zones and GKE clusters from CAI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from providers.gcp.assets import AssetRecord
from providers.gcp.common import collect_kind
from providers.gcp.session import GcpSession
from providers.gcp.spelling import enum, flag
from scanner.model import DnsZone, KubernetesCluster
from scanner.provider import Collector, Item

MANAGED_ZONE = "dns.googleapis.com/ManagedZone"
CLUSTER = "container.googleapis.com/Cluster"


def to_dns_zone(record: AssetRecord, fields: dict[str, Any]) -> DnsZone:
    """Pure: a ManagedZone REST body -> DnsZone."""
    body = record.body
    dnssec = body.get("dnssecConfig") or {}
    specs = dnssec.get("defaultKeySpecs") or ()

    def algorithms(kind: str) -> tuple[str, ...]:
        return tuple(
            str(s.get("algorithm", "")).lower() for s in specs if enum(s.get("keyType")) == kind
        )

    return DnsZone(
        **{**fields, "name": str(body.get("name") or fields["name"])},
        dns_name=str(body.get("dnsName", "")),
        visibility="private" if enum(body.get("visibility")) == "PRIVATE" else "public",
        dnssec=str(dnssec.get("state", "off")).lower() == "on",
        key_signing_algorithms=algorithms("KEY_SIGNING"),
        zone_signing_algorithms=algorithms("ZONE_SIGNING"),
    )


def to_kubernetes_cluster(record: AssetRecord, fields: dict[str, Any]) -> KubernetesCluster:
    """Pure: a GKE Cluster REST body -> KubernetesCluster."""
    body = record.body
    private = body.get("privateClusterConfig") or {}
    authorized = body.get("masterAuthorizedNetworksConfig") or {}
    identity = body.get("workloadIdentityConfig") or {}
    auth = body.get("masterAuth") or {}
    return KubernetesCluster(
        **fields,
        version=str(body.get("currentMasterVersion", "")),
        private_endpoint=bool(flag(private.get("enablePrivateEndpoint"))),
        authorized_networks_enabled=bool(flag(authorized.get("enabled"))),
        authorized_networks=tuple(
            str(b.get("cidrBlock", "")) for b in authorized.get("cidrBlocks") or ()
        ),
        workload_identity=bool(identity.get("workloadPool") or identity.get("identityNamespace")),
        legacy_authorization=bool(flag((body.get("legacyAbac") or {}).get("enabled"))),
        static_credentials=bool(auth.get("password") or auth.get("clientKey")),
    )


def collect_dns_zones(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every Cloud DNS managed zone in ``scope``."""
    yield from collect_kind(session, scope, [MANAGED_ZONE], DnsZone, to_dns_zone)


def collect_clusters(session: GcpSession, scope: str) -> Iterator[Item]:
    """Every GKE cluster in ``scope``."""
    yield from collect_kind(session, scope, [CLUSTER], KubernetesCluster, to_kubernetes_cluster)


PERMISSIONS = ("cloudasset.assets.listResource",)
RESOURCE_TYPES = {MANAGED_ZONE: "DnsZone", CLUSTER: "KubernetesCluster"}
COLLECTORS: tuple[Collector[GcpSession], ...] = (
    Collector(DnsZone, collect_dns_zones, permissions=PERMISSIONS),
    Collector(KubernetesCluster, collect_clusters, permissions=PERMISSIONS),
)
