"""Managed disks (Resource Graph only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.azure.network import GRAPH_READ
from providers.azure.rows import base_fields, of_type, props
from providers.azure.session import AzureSession
from scanner.model import Encryption, Volume
from scanner.provider import Collector, Item

DISK = "microsoft.compute/disks"
_CUSTOMER = {"encryptionatrestwithcustomerkey", "encryptionatrestwithplatformandcustomerkeys"}


def _encryption(p: Mapping[str, Any]) -> Encryption:
    """Disks are always encrypted at rest; a disk encryption set means a customer key."""
    enc = p.get("encryption") or {}
    kind = str(enc.get("type", "")).lower()
    des = enc.get("diskEncryptionSetId")
    if kind in _CUSTOMER or des:
        return Encryption(enabled=True, key_managed_by="customer", key_id=des)
    return Encryption(enabled=True, key_managed_by="provider")


def to_volume(row: Mapping[str, Any], *, subscription: str, collected_at: datetime) -> Volume:
    """Pure: a managed disk -> Volume.

    Public network access means a SAS export/import URL works from any network: the default
    ``networkAccessPolicy: AllowAll`` unless ``publicNetworkAccess`` is Disabled.
    """
    p = props(row)
    state = str(p.get("diskState", "")).lower()
    closed = str(p.get("publicNetworkAccess", "Enabled")).lower() == "disabled"
    policy = str(p.get("networkAccessPolicy", "AllowAll")).lower()
    return Volume(
        **base_fields(row, subscription=subscription, collected_at=collected_at),
        encryption=_encryption(p),
        attached=state != "unattached" if state else bool(row.get("managedBy")) or None,
        public_network_access=not closed and policy == "allowall",
    )


def collect_volumes(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every managed disk of ``subscription``."""
    rows = session.graph_rows(subscription, "Volume")
    now = session.now()
    for row in of_type(rows, DISK):
        yield to_volume(row, subscription=subscription, collected_at=now)


COLLECTORS = (
    Collector(Volume, collect_volumes, permissions=(*GRAPH_READ, "Microsoft.Compute/disks/read")),
)
