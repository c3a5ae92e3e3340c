"""Redshift Serverless: mapper on API JSON, moto's missing service, scripted answers.

Shapes: Redshift Serverless API reference, Namespace and Workgroup. moto 5.2 does not
implement the service (404 "Not yet implemented"): the scan must say UNKNOWN, never PASS.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from providers.aws import PROVIDER
from providers.aws.redshift_serverless import (
    collect_serverless_warehouses,
    namespace_key,
    to_serverless_warehouse,
)
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import ServerlessWarehouse
from scanner.registry import load
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REGION = "us-east-1"
KEY = "arn:aws:kms:us-east-1:123456789012:key/abc"
NAMESPACE = {
    "namespaceName": "sales",
    "namespaceArn": "arn:aws:redshift-serverless:us-east-1:1:namespace/n1",
    "kmsKeyId": KEY, "logExports": ["userlog", "connectionlog"], "adminUsername": "owner",
}  # fmt: skip


def _workgroup(**fields: object) -> dict[str, object]:
    return {"workgroupName": "sales-wg", "namespaceName": "sales", **fields}


def test_namespace_key():
    owned = namespace_key({"kmsKeyId": "AWS_OWNED_KMS_KEY"})
    assert owned is not None
    assert owned.key_managed_by == "provider"
    cmk = namespace_key({"kmsKeyId": KEY})
    assert cmk is not None
    assert (cmk.key_managed_by, cmk.key_id) == ("customer", KEY)
    assert namespace_key({}) is None


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ([{"parameterKey": "require_ssl", "parameterValue": "true"}], True),
        ([{"parameterKey": "require_ssl", "parameterValue": "false"}], False),
        ([{"parameterKey": "datestyle", "parameterValue": "ISO, MDY"}], None),
    ],
)
def test_require_ssl(parameters: list[dict[str, str]], expected: bool | None):
    wh = to_serverless_warehouse(NAMESPACE, [_workgroup(configParameters=parameters)],
                                 account="1", region=REGION, collected_at=NOW)  # fmt: skip
    assert wh.tls_required is expected


def test_workgroup_settings_and_no_workgroup():
    wh = to_serverless_warehouse(
        NAMESPACE, [_workgroup(publiclyAccessible=True, enhancedVpcRouting=False)],
        account="1", region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (wh.workgroup, wh.publicly_accessible, wh.enhanced_vpc_routing) == (
        "sales-wg", True, False,
    )  # fmt: skip
    assert wh.log_exports == ("userlog", "connectionlog")
    alone = to_serverless_warehouse(NAMESPACE, [], account="1", region=REGION, collected_at=NOW)
    assert (alone.workgroup, alone.publicly_accessible, alone.tls_required) == ("", None, None)


def test_moto_lacks_the_service_so_the_scope_is_unknown(aws_session: AwsSession):
    [error] = collect_serverless_warehouses(aws_session, REGION)
    assert isinstance(error, CollectionError)
    assert (error.cause, error.permission) == (
        "NotImplemented", "redshift-serverless:ListNamespaces",
    )  # fmt: skip
    pseudo = f"arn:aws:redshift-serverless:{REGION}:{aws_session.account}:namespace/*"
    assert error.uid == pseudo
    result = run_scan(PROVIDER, aws_session, load().select(ids=["WH-101", "WH-106"]), [REGION])
    assert {(f.check_id, f.resource_uid, f.status) for f in result.findings} == {
        ("WH-101", pseudo, Status.UNKNOWN), ("WH-106", pseudo, Status.UNKNOWN),
    }  # fmt: skip
    assert "redshift-serverless:ListNamespaces" in result.findings[0].reason
    assert not result.meta.complete


def test_scripted_answers_are_joined_by_namespace(aws_session: AwsSession):
    client = aws_session.client("redshift-serverless", REGION)
    script(client, "ListNamespaces", {"namespaces": [NAMESPACE]})
    script(client, "ListWorkgroups", {"workgroups": [
        _workgroup(publiclyAccessible=False, enhancedVpcRouting=True,
                   configParameters=[{"parameterKey": "require_ssl", "parameterValue": "true"}]),
        {"workgroupName": "other", "namespaceName": "elsewhere", "publiclyAccessible": True},
    ]})  # fmt: skip
    [wh] = collect_serverless_warehouses(aws_session, REGION)
    assert isinstance(wh, ServerlessWarehouse)
    assert (wh.workgroup, wh.publicly_accessible, wh.tls_required) == ("sales-wg", False, True)
    assert wh.encryption is not None
    assert wh.encryption.key_managed_by == "customer"
