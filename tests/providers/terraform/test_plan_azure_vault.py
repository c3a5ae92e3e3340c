# ruff: noqa: E501 - plan fixtures are written inline
"""Key Vault keys, secrets, certificates and Databricks workspaces in plans.

registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/: key_vault_key
(``expiration_date`` optional; ``rotation_policy.automatic.time_after_creation`` /
``time_before_expiry``), key_vault_secret (``expiration_date``), key_vault_certificate
(``certificate_policy.x509_certificate_properties.validity_in_months``, or an imported
``certificate``), databricks_workspace (``custom_parameters.virtual_network_id``,
``no_public_ip`` default true, the two subnet NSG association ids,
``public_network_access_enabled`` default true).
"""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import status_of as _verdict

VAULT = Res(
    "azurerm_key_vault", "v", {"name": "v", "location": "westeurope", "sku_name": "standard"}
)
IN_VAULT = {"key_vault_id": ref("azurerm_key_vault.v.id")}


def _key(**values: object) -> Res:
    base = {
        "name": "k",
        "key_type": "RSA",
        "key_size": 2048,
        "key_opts": ["wrapKey", "unwrapKey"],
        **values,
    }
    return Res("azurerm_key_vault_key", "k", base, unknown={"key_vault_id": True})


@pytest.mark.parametrize(
    ("key", "check", "expected"),
    [
        (_key(), "CRYPTO-201", Status.FAIL),  # no rotation_policy
        (_key(rotation_policy=[{"expire_after": "P90D"}]), "CRYPTO-201", Status.FAIL),  # no automatic block
        (_key(rotation_policy=[{"automatic": [{"time_after_creation": "P90D"}]}]), "CRYPTO-201", Status.PASS),
        (_key(rotation_policy=[{"expire_after": "P90D", "automatic": [{"time_before_expiry": "P30D"}]}]), "CRYPTO-201", Status.PASS),
        (_key(key_type="EC", key_size=None, curve="P-256",
              rotation_policy=[{"automatic": [{"time_after_creation": "P90D"}]}]), "CRYPTO-201", Status.PASS),
        (_key(), "CRYPTO-202", Status.FAIL),  # no expiration_date: never expires
        (_key(expiration_date="2027-06-30T00:00:00Z"), "CRYPTO-202", Status.PASS),
        (_key(rotation_policy=[{"expire_after": "P90D"}]), "CRYPTO-202", Status.FAIL),  # only rotated versions expire
        (_key(), "CRYPTO-002", Status.PASS),  # a planned key is never pending deletion
    ],
)  # fmt: skip
def test_vault_key(tmp_path, key, check, expected):
    assert _verdict(_scan(tmp_path, VAULT, key), key.address, check) is expected


def test_existing_vault_key_expiring_by_policy_is_unknown(tmp_path):
    """The current version of an existing key may be a rotated one, with the policy's expiry."""
    key = Res("azurerm_key_vault_key", "k", {"name": "k", "key_type": "RSA", "key_size": 2048,
              "rotation_policy": [{"expire_after": "P90D"}]}, actions=("no-op",), unknown={"key_vault_id": True})  # fmt: skip
    assert _verdict(_scan(tmp_path, VAULT, key), key.address, "CRYPTO-202") is Status.UNKNOWN


def test_vault_key_expiry_known_after_apply_is_set(tmp_path):
    key = Res("azurerm_key_vault_key", "k", {"name": "k", "key_type": "RSA", "key_size": 2048},
              unknown={"key_vault_id": True, "expiration_date": True},
              expressions={**IN_VAULT, "expiration_date": {"references": ["time_offset.k.rfc3339", "time_offset.k"]}})  # fmt: skip
    assert _verdict(_scan(tmp_path, VAULT, key), key.address, "CRYPTO-202") is Status.PASS


def test_vault_key_rotation_known_after_apply(tmp_path):
    key = Res("azurerm_key_vault_key", "k", {"name": "k", "key_type": "RSA", "key_size": 2048},
              unknown={"key_vault_id": True, "rotation_policy": True},
              expressions={**IN_VAULT, "rotation_policy": [{"automatic": [{"time_after_creation": {"references": ["var.p"]}}]}]})  # fmt: skip
    result = _scan(tmp_path, VAULT, key)
    found = [f for f in result.findings if f.check_id == "CRYPTO-201"]
    assert [f.status for f in found] == [Status.UNKNOWN]
    assert "azurerm_key_vault_key.k.rotation_policy" in found[0].reason


def _secret(**values: object) -> Res:
    return Res("azurerm_key_vault_secret", "s", {"name": "s", "value": "not-read", **values},
               unknown={"key_vault_id": True})  # fmt: skip


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        (_secret(), Status.FAIL),
        (_secret(expiration_date="2027-01-01T00:00:00Z"), Status.PASS),
        (_secret(not_before_date="2026-01-01T00:00:00Z"), Status.FAIL),  # not an expiry
    ],
)
def test_vault_secret_expiry(tmp_path, secret, expected):
    result = _scan(tmp_path, VAULT, secret)
    assert _verdict(result, secret.address, "VAULT-207") is expected
    assert "not-read" not in result.model_dump_json()


def _cert(months: int | None) -> Res:
    x509 = {
        "subject": "CN=example",
        "validity_in_months": months,
        "key_usage": ["digitalSignature"],
    }
    policy = {
        "issuer_parameters": [{"name": "Self"}],
        "key_properties": [
            {"exportable": True, "key_type": "RSA", "key_size": 2048, "reuse_key": True}
        ],
        "secret_properties": [{"content_type": "application/x-pkcs12"}],
        "x509_certificate_properties": [x509],
    }
    return Res(
        "azurerm_key_vault_certificate",
        "c",
        {"name": "c", "certificate_policy": [policy]},
        unknown={"key_vault_id": True},
    )


@pytest.mark.parametrize(
    ("months", "expected"), [(12, Status.PASS), (13, Status.FAIL), (1, Status.PASS)]
)
def test_certificate_validity(tmp_path, months, expected):
    cert = _cert(months)
    assert _verdict(_scan(tmp_path, VAULT, cert), cert.address, "CRYPTO-250") is expected


def test_imported_certificate_validity_unknown(tmp_path):
    cert = Res("azurerm_key_vault_certificate", "c", {"name": "c", "certificate": [{"contents": "MIIB"}]},
               unknown={"key_vault_id": True, "certificate_policy": True})  # fmt: skip
    assert _verdict(_scan(tmp_path, VAULT, cert), cert.address, "CRYPTO-250") is Status.UNKNOWN


AZ = {"location": "westeurope", "resource_group_name": "rg", "sku": "premium"}
WS = "azurerm_databricks_workspace.w"
INJECTED = {
    "virtual_network_id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/n",
    "public_subnet_name": "pub",
    "private_subnet_name": "priv",
    "public_subnet_network_security_group_association_id": "/subscriptions/s/x/subnets/pub",
    "private_subnet_network_security_group_association_id": "/subscriptions/s/x/subnets/priv",
}


def _ws(custom: dict[str, object] | None = None, **values: object) -> Res:
    body: dict[str, object] = {"name": "w", **AZ, **values}
    if custom is not None:
        body["custom_parameters"] = [custom]
    return Res("azurerm_databricks_workspace", "w", body)


@pytest.mark.parametrize(
    ("workspace", "check", "expected"),
    [
        (_ws(), "SVC-250", Status.FAIL),  # managed VNet
        (_ws(INJECTED), "SVC-250", Status.PASS),
        (_ws(), "SVC-251", Status.NOT_APPLICABLE),
        (_ws(INJECTED), "SVC-251", Status.PASS),
        (_ws({k: v for k, v in INJECTED.items() if not k.startswith("private_subnet_network")}), "SVC-251", Status.UNKNOWN),
        (_ws(), "SVC-253", Status.PASS),  # no_public_ip defaults to true (3.104.0+)
        (_ws({"no_public_ip": False}), "SVC-253", Status.FAIL),
        (_ws({"no_public_ip": True}), "SVC-253", Status.PASS),
        (_ws(), "SVC-254", Status.FAIL),  # public network access on by default
        (_ws(public_network_access_enabled=False), "SVC-254", Status.PASS),
        (_ws(public_network_access_enabled=True), "SVC-254", Status.FAIL),
        (_ws(), "SVC-255", Status.FAIL),
        (_ws(), "SVC-252", Status.FAIL),  # new workspace, no diagnostic setting
    ],
)  # fmt: skip
def test_databricks_workspace(tmp_path, workspace, check, expected):
    assert _verdict(_scan(tmp_path, workspace), WS, check) is expected


def test_databricks_existing_workspace_logging_unknown(tmp_path):
    ws = Res("azurerm_databricks_workspace", "w", {"name": "w", **AZ}, actions=("no-op",))
    assert _verdict(_scan(tmp_path, ws), WS, "SVC-252") is Status.UNKNOWN


def test_databricks_injected_vnet_known_after_apply(tmp_path):
    custom = {"public_subnet_name": "pub", "private_subnet_name": "priv"}
    ws = Res("azurerm_databricks_workspace", "w", {"name": "w", **AZ, "custom_parameters": [custom]},
             unknown={"custom_parameters": [{"virtual_network_id": True,
                                             "public_subnet_network_security_group_association_id": True,
                                             "private_subnet_network_security_group_association_id": True}]},
             expressions={"custom_parameters": [{
                 "virtual_network_id": ref("azurerm_virtual_network.n.id"),
                 "public_subnet_network_security_group_association_id": ref("azurerm_subnet_network_security_group_association.pub.id"),
                 "private_subnet_network_security_group_association_id": ref("azurerm_subnet_network_security_group_association.priv.id")}]})  # fmt: skip
    result = _scan(tmp_path, ws)
    assert _verdict(result, WS, "SVC-250") is Status.PASS
    assert _verdict(result, WS, "SVC-251") is Status.PASS


def test_databricks_private_endpoint_and_logs(tmp_path):
    pe = Res(
        "azurerm_private_endpoint",
        "pe",
        {
            "name": "pe",
            **AZ,
            "private_service_connection": [{"name": "c", "is_manual_connection": False}],
        },
        expressions={
            "private_service_connection": [
                {
                    "private_connection_resource_id": ref(f"{WS}.id"),
                    "is_manual_connection": {"constant_value": False},
                }
            ]
        },
    )
    diag = Res("azurerm_monitor_diagnostic_setting", "d", {"name": "d", "enabled_log": [{"category": "accounts"}]},
               unknown={"target_resource_id": True, "log_analytics_workspace_id": True},
               expressions={"target_resource_id": ref(f"{WS}.id"), "log_analytics_workspace_id": ref("azurerm_log_analytics_workspace.l.id")})  # fmt: skip
    result = _scan(tmp_path, _ws(), pe, diag)
    assert _verdict(result, WS, "SVC-255") is Status.PASS
    assert _verdict(result, WS, "SVC-252") is Status.PASS
