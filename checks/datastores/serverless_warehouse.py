"""Checks over serverless warehouses (Redshift Serverless namespaces and workgroups).

Each check follows a Security Hub RedshiftServerless control; settings that live on the
workgroup are not applicable to a namespace no workgroup serves.
"""

from __future__ import annotations

from checks._common import encryption_at_rest, negated, setting
from checks.crypto._controls import CUSTOMER_KEY
from checks.workloads._controls import AUTHENTICATION, BOUNDARY, IN_TRANSIT, LOGGING
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import ServerlessWarehouse
from scanner.registry import check

#: The admin user name the console proposes for a new namespace (Security Hub
#: RedshiftServerless.5).
DEFAULT_ADMIN = "admin"
#: Logs the AWS Config rule redshift-serverless-publish-logs-to-cloudwatch requires by default.
REQUIRED_LOGS = ("connectionlog", "userlog")
_NO_WORKGROUP = "no workgroup serves this namespace"


@check(
    id="WH-101",
    title="Serverless warehouse workgroups are not publicly accessible",
    severity=Severity.CRITICAL,
    resource=ServerlessWarehouse,
    controls=BOUNDARY,
    providers=("aws",),
)
def serverless_warehouse_not_public(wh: ServerlessWarehouse) -> Result:
    """A publicly accessible workgroup gets an endpoint reachable from the internet; only
    its security groups and the database credentials protect the data (Security Hub
    RedshiftServerless.3).

    Remediation: turn off ``publiclyAccessible`` on the workgroup and connect through the
    VPC or a Redshift-managed VPC endpoint.
    """
    if not wh.workgroup:
        return not_applicable(_NO_WORKGROUP)
    return setting(negated(wh.publicly_accessible), on="not publicly accessible",
                   off="workgroup publicly accessible",
                   unread="public accessibility unreadable")  # fmt: skip


@check(
    id="WH-102",
    title="Serverless warehouse workgroups use enhanced VPC routing",
    severity=Severity.MEDIUM,
    resource=ServerlessWarehouse,
    controls=BOUNDARY,
    providers=("aws",),
)
def serverless_warehouse_vpc_routing(wh: ServerlessWarehouse) -> Result:
    """Without enhanced VPC routing, COPY and UNLOAD traffic to S3 leaves the VPC's
    security groups, network ACLs, endpoint policies and flow logs (Security Hub
    RedshiftServerless.1).

    Remediation: turn on ``enhancedVpcRouting`` for the workgroup and give the VPC the S3
    gateway endpoint or NAT route it needs.
    """
    if not wh.workgroup:
        return not_applicable(_NO_WORKGROUP)
    return setting(wh.enhanced_vpc_routing, on="enhanced VPC routing on",
                   off="enhanced VPC routing off",
                   unread="enhanced VPC routing unreadable")  # fmt: skip


@check(
    id="WH-103",
    title="Serverless warehouse workgroups refuse connections without TLS",
    severity=Severity.MEDIUM,
    resource=ServerlessWarehouse,
    controls=IN_TRANSIT,
    providers=("aws",),
)
def serverless_warehouse_tls(wh: ServerlessWarehouse) -> Result:
    """With ``require_ssl`` false, clients may send credentials and query results in clear
    text (Security Hub RedshiftServerless.2).

    Remediation: set the workgroup configuration parameter ``require_ssl`` to true.
    """
    if not wh.workgroup:
        return not_applicable(_NO_WORKGROUP)
    return setting(wh.tls_required, on="require_ssl true", off="require_ssl false",
                   unread="require_ssl not returned")  # fmt: skip


@check(
    id="WH-104",
    title="Serverless warehouse namespaces encrypt with a customer managed KMS key",
    severity=Severity.LOW,
    resource=ServerlessWarehouse,
    controls=CUSTOMER_KEY,
    providers=("aws",),
)
def serverless_warehouse_cmk(wh: ServerlessWarehouse) -> Result:
    """A namespace under the AWS owned key cannot be made unreadable by disabling a key the
    organisation holds, and its key use never shows in the organisation's key policy or
    CloudTrail (Security Hub RedshiftServerless.4).

    Remediation: change the namespace's KMS key to a customer managed key.
    """
    return encryption_at_rest(wh.encryption, customer_key=True)


@check(
    id="WH-105",
    title="Serverless warehouse namespaces do not use the default admin user name",
    severity=Severity.LOW,
    resource=ServerlessWarehouse,
    controls=AUTHENTICATION,
    providers=("aws",),
)
def serverless_warehouse_admin(wh: ServerlessWarehouse) -> Result:
    """The default admin name ``admin`` is the first one password-guessing attacks try
    (Security Hub RedshiftServerless.5).

    Remediation: create a namespace with a unique admin user name and move the data (the
    name cannot be changed in place).
    """
    if not wh.admin_user:
        return unknown("admin user name unreadable")
    if wh.admin_user.lower() == DEFAULT_ADMIN:
        return failed("admin user is the default 'admin'")
    return passed("admin user name is not the default")


@check(
    id="WH-106",
    title="Serverless warehouse namespaces export connection and user logs",
    severity=Severity.MEDIUM,
    resource=ServerlessWarehouse,
    controls=(*LOGGING, "nist-800-53-r5:AU-2"),
    providers=("aws",),
)
def serverless_warehouse_logs(wh: ServerlessWarehouse) -> Result:
    """Connection and user logs record who signed in and which users were changed; not
    exported, they are gone when the warehouse is (Security Hub RedshiftServerless.6, AWS
    Config redshift-serverless-publish-logs-to-cloudwatch: connectionlog and userlog).

    Remediation: export ``connectionlog`` and ``userlog`` (and ``useractivitylog``) to
    CloudWatch Logs from the namespace's settings.
    """
    if wh.log_exports is None:
        return unknown("log exports unreadable")
    exported = {x.lower() for x in wh.log_exports}
    missing = [x for x in REQUIRED_LOGS if x not in exported]
    if missing:
        return failed(f"not exported: {', '.join(missing)}")
    return passed(f"exported: {', '.join(sorted(exported))}")
