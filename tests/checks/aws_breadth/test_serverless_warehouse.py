"""Near-miss twins for WH-101..106 (Redshift Serverless).

Sources: Security Hub controls RedshiftServerless.1-6
(https://docs.aws.amazon.com/securityhub/latest/userguide/redshiftserverless-controls.html);
AWS Config redshift-serverless-publish-logs-to-cloudwatch (default logType connectionlog,
userlog); Redshift Serverless API reference, Namespace (``kmsKeyId`` AWS_OWNED_KMS_KEY) and
Workgroup (``publiclyAccessible``, ``enhancedVpcRouting``, ``configParameters``).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.datastores.serverless_warehouse import (
    serverless_warehouse_admin,
    serverless_warehouse_cmk,
    serverless_warehouse_logs,
    serverless_warehouse_not_public,
    serverless_warehouse_tls,
    serverless_warehouse_vpc_routing,
)
from scanner.findings import Status
from scanner.model import Encryption
from tests.checks.factories_aws_breadth import serverless_warehouse

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
NO_WORKGROUP = {"workgroup": "", "publicly_accessible": None, "enhanced_vpc_routing": None,
                "tls_required": None}  # fmt: skip


@pytest.mark.parametrize(
    ("check", "field", "good", "bad"),
    [
        (serverless_warehouse_not_public, "publicly_accessible", False, True),
        (serverless_warehouse_vpc_routing, "enhanced_vpc_routing", True, False),
        (serverless_warehouse_tls, "tls_required", True, False),
    ],
)
def test_workgroup_settings(check: Any, field: str, good: bool, bad: bool):
    assert check(serverless_warehouse(**{field: good})).status is PASS
    assert check(serverless_warehouse(**{field: bad})).status is FAIL
    assert check(serverless_warehouse(**{field: None})).status is UNKNOWN
    assert check(serverless_warehouse(**NO_WORKGROUP)).status is NA


@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (Encryption(enabled=True, key_managed_by="customer", key_id="arn:k"), PASS),
        (Encryption(enabled=True, key_managed_by="provider"), FAIL),  # AWS_OWNED_KMS_KEY
        (None, UNKNOWN),
    ],
)
def test_namespace_key(encryption: Encryption | None, expected: Status):
    assert serverless_warehouse_cmk(serverless_warehouse(encryption=encryption)).status is expected


@pytest.mark.parametrize(
    ("admin", "expected"),
    [("admin", FAIL), ("Admin", FAIL), ("admin1", PASS), ("awsuser", PASS), ("", UNKNOWN)],
)
def test_admin_user(admin: str, expected: Status):
    assert serverless_warehouse_admin(serverless_warehouse(admin_user=admin)).status is expected


@pytest.mark.parametrize(
    ("exports", "expected"),
    [
        (("connectionlog", "userlog"), PASS),
        (("userlog", "connectionlog", "useractivitylog"), PASS),
        (("connectionlog",), FAIL),  # near miss: userlog missing
        (("userlog", "useractivitylog"), FAIL),  # near miss: connectionlog missing
        ((), FAIL),
        (None, UNKNOWN),
    ],
)
def test_log_exports(exports: tuple[str, ...] | None, expected: Status):
    assert serverless_warehouse_logs(serverless_warehouse(log_exports=exports)).status is expected
