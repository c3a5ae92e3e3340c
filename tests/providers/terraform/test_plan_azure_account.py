# ruff: noqa: E501 - plan fixtures are written inline
"""Storage accounts' file services and custom role definitions in plans.

registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/: storage_account
(``account_kind`` default StorageV2; ``share_properties.retention_policy.days`` default 7;
``share_properties.smb.versions`` / ``channel_encryption_type``), role_definition
(``permissions.actions`` / ``not_actions``, ``assignable_scopes`` default ``[scope]``).
"""

from __future__ import annotations

import pytest

from scanner.api import ScanResult, Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan

AZ = {
    "location": "westeurope",
    "resource_group_name": "rg",
    "account_tier": "Standard",
    "account_replication_type": "LRS",
}
ACCOUNT = "azurerm_storage_account.a"


def _verdicts(result: ScanResult, address: str, check: str) -> list[Status]:
    return [f.status for f in result.findings if f.resource_uid == address and f.check_id == check]


def _account(shares: dict[str, object] | None = None, **values: object) -> Res:
    body: dict[str, object] = {"name": "a", **AZ, **values}
    if shares is not None:
        body["share_properties"] = [shares]
    return Res("azurerm_storage_account", "a", body)


STRONG = {"versions": ["SMB3.1.1"], "channel_encryption_type": ["AES-256-GCM"]}


@pytest.mark.parametrize(
    ("account", "check", "expected"),
    [
        (_account({"retention_policy": [{"days": 7}]}), "STOR-258", Status.PASS),
        (_account({"retention_policy": [{}]}), "STOR-258", Status.PASS),  # days defaults to 7
        (_account({"smb": [STRONG]}), "STOR-258", Status.FAIL),  # no retention_policy: sent off
        (_account(), "STOR-258", Status.UNKNOWN),  # left to Azure's defaults
        (_account({"smb": [STRONG]}), "STOR-259", Status.PASS),
        (_account({"smb": [{"versions": ["SMB3.0", "SMB3.1.1"], "channel_encryption_type": ["AES-256-GCM"]}]}), "STOR-259", Status.FAIL),
        (_account({"smb": [{"versions": [], "channel_encryption_type": ["AES-256-GCM"]}]}), "STOR-259", Status.FAIL),  # empty: all accepted
        (_account({"retention_policy": [{"days": 7}]}), "STOR-259", Status.FAIL),  # no smb block: all accepted
        (_account({"smb": [STRONG]}), "STOR-260", Status.PASS),
        (_account({"smb": [{"versions": ["SMB3.1.1"], "channel_encryption_type": ["AES-128-GCM", "AES-256-GCM"]}]}), "STOR-260", Status.FAIL),
        (_account(), "STOR-260", Status.UNKNOWN),
    ],
)  # fmt: skip
def test_file_service(tmp_path, account, check, expected):
    assert _verdicts(_scan(tmp_path, account), ACCOUNT, check) == [expected]


@pytest.mark.parametrize("kind", ["BlobStorage", "BlockBlobStorage"])
def test_accounts_without_file_service(tmp_path, kind):
    assert (
        _verdicts(
            _scan(tmp_path, _account({"retention_policy": [{"days": 7}]}, account_kind=kind)),
            ACCOUNT,
            "STOR-258",
        )
        == []
    )


ROLE = "azurerm_role_definition.r"
SUB = "/subscriptions/00000000-0000-0000-0000-000000000001"


def _role(
    actions: list[str],
    not_actions: list[str] | None = None,
    *,
    scope: str = SUB,
    scopes: list[str] | None = None,
) -> Res:
    values: dict[str, object] = {
        "name": "r",
        "scope": scope,
        "permissions": [{"actions": actions, "not_actions": not_actions or []}],
    }
    if scopes is not None:
        values["assignable_scopes"] = scopes
    return Res("azurerm_role_definition", "r", values)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (_role(["*"]), Status.FAIL),  # assignable at scope (the subscription) by default
        (_role(["*"], scopes=[SUB]), Status.FAIL),
        (_role(["*"], scope=f"{SUB}/resourceGroups/rg"), Status.PASS),
        (_role(["*"], scopes=[f"{SUB}/resourceGroups/rg"]), Status.PASS),
        (_role(["*"], scopes=["/providers/Microsoft.Management/managementGroups/mg"]), Status.FAIL),
        (_role(["*"], ["Microsoft.Authorization/*/Delete"]), Status.PASS),  # not everything
        (_role(["Microsoft.Compute/*"]), Status.PASS),
    ],
)  # fmt: skip
def test_role_definition(tmp_path, role, expected):
    assert _verdicts(_scan(tmp_path, role), ROLE, "IAM-201") == [expected]


def test_role_scope_known_after_apply(tmp_path):
    role = Res("azurerm_role_definition", "r", {"name": "r", "permissions": [{"actions": ["*"], "not_actions": []}]},
               unknown={"scope": True, "assignable_scopes": True},
               expressions={"scope": ref("data.azurerm_subscription.s.id"), "assignable_scopes": ref("data.azurerm_subscription.s.id"),
                            "permissions": [{"actions": {"constant_value": ["*"]}}]})  # fmt: skip
    result = _scan(tmp_path, role)
    found = [f for f in result.findings if f.check_id == "IAM-201"]
    assert [f.status for f in found] == [Status.UNKNOWN]
    assert "azurerm_role_definition.r.assignable_scopes" in found[0].reason
