"""Post-collection denormalisation: who manages the KMS key behind each encrypted resource.

EBS, RDS, EFS, DynamoDB and others report even an AWS managed key (``aws/ebs``...) by its
key ARN, so their mappers leave ``Encryption.key_managed_by`` unknown. The KMS inventory
knows every key's manager; this pure step fills the gap where the key is in that inventory.
"""

from __future__ import annotations

from collections.abc import Mapping

from scanner.model import Encryption, KmsKey, Resource


def _key_index(keys: list[Resource]) -> dict[str, str]:
    """Key ARN and bare key id -> 'customer' | 'provider'."""
    index: dict[str, str] = {}
    for key in keys:
        if isinstance(key, KmsKey):
            index[key.uid] = key.managed_by
            index[key.name] = key.managed_by
    return index


def _resolve(enc: Encryption, index: Mapping[str, str]) -> Encryption:
    if not enc.enabled or enc.key_managed_by is not None or not enc.key_id:
        return enc
    manager = index.get(enc.key_id) or index.get(enc.key_id.rsplit("/", 1)[-1])
    if manager not in {"customer", "provider"}:
        return enc
    return enc.model_copy(update={"key_managed_by": manager})


def link_key_managers(
    resources: Mapping[type[Resource], list[Resource]],
) -> dict[type[Resource], list[Resource]]:
    """Return the inventory with ``encryption.key_managed_by`` filled from KmsKey resources."""
    index = _key_index(resources.get(KmsKey, []))
    linked: dict[type[Resource], list[Resource]] = {}
    for kind, items in resources.items():
        if "encryption" not in kind.model_fields or not index:
            linked[kind] = list(items)
            continue
        out: list[Resource] = []
        for item in items:
            enc = getattr(item, "encryption", None)
            resolved = _resolve(enc, index) if isinstance(enc, Encryption) else enc
            out.append(
                item if resolved is enc else item.model_copy(update={"encryption": resolved})
            )
        linked[kind] = out
    return linked
