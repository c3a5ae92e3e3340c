"""EKS managed node groups: remote (SSH) access, image type and launch template.

ListClusters, ListNodegroups per cluster, DescribeNodegroup per group. ``remoteAccess``
holds ``ec2SshKey`` and ``sourceSecurityGroups``: with a key and no source security group,
EKS opens port 22 on the nodes to 0.0.0.0/0 (Amazon EKS API reference, RemoteAccessConfig).
A node group built from a launch template carries no ``remoteAccess``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.model import NodePool
from scanner.provider import Collector, Item

_PERMISSIONS = ("eks:ListClusters", "eks:ListNodegroups", "eks:DescribeNodegroup")


def to_node_pool(
    group: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> NodePool:
    """Pure: a DescribeNodegroup ``nodegroup`` -> NodePool."""
    remote = group.get("remoteAccess") or {}
    template = group.get("launchTemplate") or {}
    return NodePool(
        uid=str(group["nodegroupArn"]), provider="aws", account=account, region=region,
        service="eks", name=str(group.get("nodegroupName", "")),
        tags={str(k): str(v) for k, v in (group.get("tags") or {}).items()},
        collected_at=collected_at, cluster=str(group.get("clusterName", "")),
        image_type=str(group.get("amiType") or ""),
        launch_template=str(template.get("id") or template.get("name") or ""),
        ssh_access=bool(remote.get("ec2SshKey")),
        ssh_sources=tuple(str(g) for g in remote.get("sourceSecurityGroups") or ()),
    )  # fmt: skip


def _groups(eks: Any, cluster: str) -> list[Any]:
    names = paginate(eks, "list_nodegroups", "nodegroups", clusterName=cluster)
    return [
        eks.describe_nodegroup(clusterName=cluster, nodegroupName=n)["nodegroup"] for n in names
    ]


def collect_node_pools(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every managed node group of every EKS cluster in ``region``."""
    eks = session.client("eks", region)
    try:
        clusters = paginate(eks, "list_clusters", "clusters")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="NodePool", permission=_PERMISSIONS[0]
        ) from err

    def read(cluster: str) -> list[Any] | Exception:
        try:
            return _groups(eks, cluster)
        except SDK_ERRORS as err:
            return err

    now = session.now()
    for cluster, answer in zip(clusters, session.map(read, clusters), strict=True):
        if isinstance(answer, Exception):
            uid = f"arn:aws:eks:{region}:{session.account}:cluster/{cluster}"
            yield translate_error(answer, scope=region, resource="NodePool",
                                  permission=_PERMISSIONS[2], uid=uid)  # fmt: skip
            continue
        for group in answer:
            yield to_node_pool(group, account=session.account, region=region, collected_at=now)


COLLECTORS = (Collector(NodePool, collect_node_pools, permissions=_PERMISSIONS),)
