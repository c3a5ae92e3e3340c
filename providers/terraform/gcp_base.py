"""What the Google plan mappers share: the live fields, a CAI-shaped record, the project a
planned resource lands in, and joins through nested blocks.

The GCP provider's modules load Google's SDK, so they are imported inside functions: only
plans with Google resources pay for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from providers.terraform.plan import Planned
from providers.terraform.refs import names as names_target
from providers.terraform.session import TerraformSession

if TYPE_CHECKING:
    from providers.gcp.assets import AssetRecord


def fields(resource: Planned, session: TerraformSession, service: str) -> dict[str, Any]:
    """The identity fields of a live model, keyed by the Terraform address; the account is
    the resource's project (its ``project``, else the provider's; "" unknown)."""
    values = resource.values
    region = values.get("zone") or values.get("region") or values.get("location")
    return {
        "uid": resource.address,
        "provider": "gcp",
        "account": session.project(resource),
        "region": str(region or session.region(resource)),
        "service": service,
        "name": resource.address,
        "collected_at": session.collected_at,
    }


def record(resource: Planned, asset_type: str, body: Mapping[str, Any]) -> AssetRecord:
    """The planned body as the Cloud Asset Inventory record the live mapper reads."""
    from providers.gcp.assets import AssetRecord  # noqa: PLC0415 - Google SDK

    return AssetRecord(name=resource.address, asset_type=asset_type, origin="plan", data=body)


def unknown_at(resource: Planned, *path: str | int) -> bool:
    """The value at ``path`` itself (not only something inside it) is known after apply."""
    return resource.unknown_node(*path) is True


def nested_references(expressions: Any, *path: str) -> tuple[str, ...]:
    """References of an attribute inside nested blocks (``networks[].network_url``)."""
    nodes: list[Any] = [expressions]
    for part in path:
        nxt: list[Any] = []
        for node in nodes:
            for item in node if isinstance(node, list) else [node]:
                if isinstance(item, Mapping) and part in item:
                    nxt.append(item[part])
        nodes = nxt
    refs: list[str] = []
    for node in nodes:
        for item in node if isinstance(node, list) else [node]:
            if isinstance(item, Mapping):
                refs += [str(r) for r in item.get("references", ())]
    return tuple(refs)


def refers(other: Planned, refs: Iterable[str], owner: Planned) -> bool:
    """``refs`` (of ``other``'s configuration) name ``owner`` in the same module instance,
    with a matching ``count``/``for_each`` index (as ``TerraformSession.joined`` does)."""
    return names_target(refs, owner, other)


def names(resource: Planned, value: Any) -> bool:
    """A known literal (a name, id or URL) names ``resource`` (``name``/``id``/``self_link``)."""
    if not isinstance(value, str) or not value:
        return False
    own = {str(resource.values.get(k) or "") for k in ("name", "id", "self_link")} - {""}
    return value in own or any(value.endswith(f"/{n}") for n in own if "/" not in n)
