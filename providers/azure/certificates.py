"""Key Vault certificates (data plane): each certificate's issuance policy.

``GET {vaultUri}/certificates?api-version=7.4`` lists them (``id``, ``attributes{enabled,
exp}``); ``GET {vaultUri}/certificates/{name}/policy`` returns ``x509_props.validity_months``
(Key Vault REST reference, CertificatePolicy). Neither is in Resource Graph or ARM. Needs the
data action Microsoft.KeyVault/vaults/certificates/read (Key Vault Reader) or the
certificate list/get access policy permissions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.azure.errors import SDK_ERRORS, translate_error
from providers.azure.keyvault import VAULT
from providers.azure.network import GRAPH_READ
from providers.azure.rows import base_fields, of_type, props, timestamp
from providers.azure.session import AzureSession
from scanner.errors import CollectionError
from scanner.model import Certificate
from scanner.provider import Collector, Item

API = {"api-version": "7.4"}
#: A data action (role definitions list it under DataActions).
CERT_READ = "data:Microsoft.KeyVault/vaults/certificates/read"


def to_certificate(
    vault: Mapping[str, Any],
    item: Mapping[str, Any],
    policy: Mapping[str, Any] | None,
    *,
    subscription: str,
    collected_at: datetime,
) -> Certificate:
    """Pure: a vault row, one certificate list item and its policy (None: unread)."""
    cert_id = str(item.get("id", ""))
    name = cert_id.rstrip("/").rsplit("/", 1)[-1]
    attributes = item.get("attributes") or {}
    months = ((policy or {}).get("x509_props") or {}).get("validity_months")
    fields = base_fields(vault, subscription=subscription, collected_at=collected_at)
    fields.update(uid=f"{fields['uid']}/certificates/{name}", name=name, tags={})
    return Certificate(
        **fields,
        enabled=attributes.get("enabled") is not False,
        validity_months=int(months) if isinstance(months, int | float) else None,
        expires_at=timestamp(attributes.get("exp")),
    )


def collect_certificates(session: AzureSession, subscription: str) -> Iterator[Item]:
    """Every certificate of every vault: one list call per vault, one policy call each."""
    vaults = of_type(session.graph_rows(subscription, "Certificate"), VAULT)
    session.require_online(subscription, "Certificate", "Key Vault certificate policies")

    def read_vault(vault: dict[str, Any]) -> list[Item]:
        uri = str(props(vault).get("vaultUri") or f"https://{vault['name']}.vault.azure.net")
        client = session.vault(uri.rstrip("/"), str(vault["name"]))
        try:
            listed = list(client.pages("/certificates", API))
        except SDK_ERRORS as err:
            return [_error(err, subscription, str(vault["id"]))]
        out: list[Item] = []
        for item in listed:
            name = str(item.get("id", "")).rstrip("/").rsplit("/", 1)[-1]
            policy: dict[str, Any] | None = None
            try:
                policy = client.get(f"/certificates/{name}/policy", API)
            except SDK_ERRORS as err:
                out.append(_error(err, subscription, f"{vault['id']}/certificates/{name}"))
            out.insert(
                0,
                to_certificate(
                    vault, item, policy, subscription=subscription, collected_at=session.now()
                ),
            )
        return out

    for items in session.map(read_vault, vaults):
        yield from items


def _error(err: Any, subscription: str, uid: str) -> CollectionError:
    return translate_error(
        err,
        scope=subscription,
        resource="Certificate",
        permission=CERT_READ.removeprefix("data:"),
        uid=uid,
    )


COLLECTORS = (
    Collector(
        Certificate,
        collect_certificates,
        permissions=(*GRAPH_READ, "Microsoft.KeyVault/vaults/read", CERT_READ),
    ),
)
