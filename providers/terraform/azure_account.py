"""Storage accounts' file services and custom role definitions in a plan.

Rewritten as the ARM bodies the live collectors read (providers/azure/files.py,
governance.py) and mapped by their ``to_*``. Attributes and defaults: registry.terraform.io/
providers/hashicorp/azurerm/latest/docs/resources/<type>, per mapper.
"""

from __future__ import annotations

from typing import Any

from providers.terraform.azure_more import _row
from providers.terraform.common import collector, first
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply, opaque_resource
from scanner.model import FileSystem, RoleDefinition
from scanner.provider import Collector, Item

#: Account kinds without a file service (as the live collector skips them).
_NO_FILES = frozenset({"blobstorage", "blockblobstorage"})


def plan_file_service(account: Planned, session: TerraformSession) -> Item:
    """The file service of an ``azurerm_storage_account`` (``account_kind`` defaults to
    StorageV2), from its ``share_properties`` block (registry: azurerm_storage_account):
    ``retention_policy`` (``days`` default 7) is share soft delete, and without it the
    provider sends soft delete off; an ``smb`` block's ``versions`` /
    ``channel_encryption_type`` sets are what SMB accepts, and without them (or empty)
    every supported value is accepted, as the provider sends empty lists. When the
    configuration has no ``share_properties`` the provider leaves the file service to
    Azure's defaults, which a plan does not show (unknown)."""
    from providers.azure.files import to_file_service  # noqa: PLC0415 - Azure SDK

    values = account.values
    row = _row(account, session, "microsoft.storage/storageaccounts", {})
    row["kind"] = values.get("account_kind") or "StorageV2"
    shares = first(values.get("share_properties"))
    configured = account.configured("share_properties")
    if account.is_unknown("share_properties") and configured:
        session.note_unknown(account, [f"{account.address}.share_properties"])
    service: dict[str, Any] | None = None
    if configured and not account.is_unknown("share_properties"):
        retention = first(shares.get("retention_policy"))
        smb = first(shares.get("smb"))
        service = {"properties": {
            "shareDeleteRetentionPolicy": {"enabled": bool(shares.get("retention_policy")),
                                           "days": retention.get("days") or 7},
            "protocolSettings": {"smb": {
                "versions": ";".join(smb.get("versions") or ()),
                "channelEncryption": ";".join(smb.get("channel_encryption_type") or ())}},
        }}  # fmt: skip
    model = to_file_service(row, service, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": account.address, "name": account.address})


def collect_file_services(session: TerraformSession, _scope: str) -> Any:
    """Every planned ``azurerm_storage_account`` whose kind has a file service."""
    for account in session.judged("azurerm_storage_account"):
        if account.opaque:
            yield opaque_resource("azure", account, "FileSystem")
        elif str(account.values.get("account_kind") or "StorageV2").lower() not in _NO_FILES:
            yield plan_file_service(account, session)


def plan_role_definition(role: Planned, session: TerraformSession) -> Item:
    """``azurerm_role_definition`` (registry: azurerm_role_definition): ``permissions``
    blocks (``actions``, ``not_actions``); ``assignable_scopes`` defaults to ``[scope]``.
    Always a custom role. A role granting ``*`` whose scopes are known only after apply is
    not judged (one of them may be a subscription)."""
    from providers.azure.governance import to_role_definition  # noqa: PLC0415 - Azure SDK

    values = role.values
    permissions = [
        {"actions": list(p.get("actions") or ()), "notActions": list(p.get("not_actions") or ())}
        for p in values.get("permissions") or ()
    ]
    scopes = list(values.get("assignable_scopes") or ())
    if not scopes and values.get("scope"):
        scopes = [values["scope"]]
    unknown = [
        f"{role.address}.{a}"
        for a in ("assignable_scopes", "scope", "permissions")
        if role.configured(a) and role.is_unknown(a)
    ]
    wildcard = any("*" in p["actions"] for p in permissions)
    if unknown and (wildcard or role.is_unknown("permissions")):
        return known_after_apply("azure", role, "RoleDefinition", unknown)
    body = {
        "id": role.address,
        "name": str(values.get("name") or role.address),
        "properties": {"roleName": values.get("name"), "type": "CustomRole",
                       "permissions": permissions, "assignableScopes": scopes},
    }  # fmt: skip
    model = to_role_definition(body, subscription="", collected_at=session.collected_at)
    return model.model_copy(update={"uid": role.address, "name": role.address})


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(FileSystem, collect_file_services, permissions=(), scope="global",
              name="plan_file_services"),
    collector("azure", RoleDefinition, ("azurerm_role_definition",), plan_role_definition,
              name="plan_role_definitions"),
)  # fmt: skip
