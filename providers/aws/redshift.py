"""Redshift provisioned clusters: DescribeClusters, logging status and ``require_ssl``.

``require_ssl`` lives in the cluster's parameter group: DescribeClusterParameters is read
once per parameter group, DescribeLoggingStatus once per cluster.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import kms_encryption, tag_map
from scanner.model import DataWarehouse
from scanner.provider import Collector, Item

_PERMISSIONS = (
    "redshift:DescribeClusters",
    "redshift:DescribeLoggingStatus",
    "redshift:DescribeClusterParameters",
)


def require_ssl(parameters: list[Mapping[str, Any]]) -> bool:
    """Pure: the ``require_ssl`` parameter is true (absent: false, the engine default)."""
    for p in parameters:
        if p.get("ParameterName") == "require_ssl":
            return str(p.get("ParameterValue", "")).strip().lower() == "true"
    return False


def to_data_warehouse(
    cluster: Mapping[str, Any], *, tls: bool | None, logging: bool | None, account: str,
    region: str, collected_at: datetime,
) -> DataWarehouse:  # fmt: skip
    """Pure: a DescribeClusters item + require_ssl + logging status -> DataWarehouse.

    DescribeClusters returns no cluster ARN; it is built as the Redshift ARN format says
    (``arn:aws:redshift:region:account:cluster:name``). ``AllowVersionUpgrade`` defaults to
    true, ``EnhancedVpcRouting`` and ``PubliclyAccessible`` to false.
    """
    name = str(cluster["ClusterIdentifier"])
    retention = cluster.get("AutomatedSnapshotRetentionPeriod")
    return DataWarehouse(
        uid=f"arn:aws:redshift:{region}:{account}:cluster:{name}", provider="aws",
        account=account, region=region, service="redshift", name=name,
        tags=tag_map(cluster.get("Tags")), collected_at=collected_at,
        encryption=kms_encryption(bool(cluster.get("Encrypted")), cluster.get("KmsKeyId")),
        publicly_accessible=bool(cluster.get("PubliclyAccessible", False)), tls_required=tls,
        audit_logging=logging,
        snapshot_retention_days=None if retention is None else int(retention),
        version_upgrades=bool(cluster.get("AllowVersionUpgrade", True)),
        enhanced_vpc_routing=bool(cluster.get("EnhancedVpcRouting", False)),
        admin_user=str(cluster.get("MasterUsername", "")),
        database_name=str(cluster.get("DBName", "")),
    )  # fmt: skip


def collect_warehouses(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every Redshift provisioned cluster in ``region``."""
    client = session.client("redshift", region)
    try:
        clusters = paginate(client, "describe_clusters", "Clusters")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="DataWarehouse", permission=_PERMISSIONS[0]
        ) from err
    groups = sorted({str(g["ParameterGroupName"]) for c in clusters
                     for g in c.get("ClusterParameterGroups") or ()})  # fmt: skip

    def parameters(group: str) -> bool | Exception:
        try:
            return require_ssl(paginate(client, "describe_cluster_parameters", "Parameters",
                                        ParameterGroupName=group))  # fmt: skip
        except SDK_ERRORS as err:
            return err

    def logging(cluster: Mapping[str, Any]) -> bool | Exception:
        try:
            status = client.describe_logging_status(ClusterIdentifier=cluster["ClusterIdentifier"])
        except SDK_ERRORS as err:
            return err
        return bool(status.get("LoggingEnabled"))

    ssl = dict(zip(groups, session.map(parameters, groups), strict=True))
    now = session.now()
    for cluster, logged in zip(clusters, session.map(logging, clusters), strict=True):
        names = [str(g["ParameterGroupName"]) for g in cluster.get("ClusterParameterGroups") or ()]
        found = [ssl[n] for n in names]
        tls = None if not found or any(isinstance(v, Exception) for v in found) else bool(found[0])
        item = to_data_warehouse(
            cluster, tls=tls, logging=None if isinstance(logged, Exception) else logged,
            account=session.account, region=region, collected_at=now,
        )  # fmt: skip
        yield item
        failures = [(v, _PERMISSIONS[2]) for v in found if isinstance(v, Exception)]
        if isinstance(logged, Exception):
            failures.append((logged, _PERMISSIONS[1]))
        for failure, permission in failures:
            yield translate_error(failure, scope=region, resource="DataWarehouse",
                                  permission=permission, uid=item.uid)  # fmt: skip


COLLECTORS = (Collector(DataWarehouse, collect_warehouses, permissions=_PERMISSIONS),)
