"""ECS services: launch type, Fargate platform version and public IP assignment.

ListClusters, then ListServices per cluster and DescribeServices (10 per call). In the
Service shape, ``networkConfiguration.awsvpcConfiguration.assignPublicIp`` is ENABLED or
DISABLED (default DISABLED); ``platformVersion`` applies only to Fargate and defaults to
LATEST; a service without ``launchType`` uses its ``capacityProviderStrategy`` (Amazon ECS
API reference, Service, AwsVpcConfiguration).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.model import ContainerService
from scanner.provider import Collector, Item

_PERMISSIONS = ("ecs:ListClusters", "ecs:ListServices", "ecs:DescribeServices")
_FARGATE = {"FARGATE", "FARGATE_SPOT"}
_BATCH = 10


def _serverless(service: Mapping[str, Any]) -> bool | None:
    launch = str(service.get("launchType") or "")
    if launch:
        return launch == "FARGATE"
    strategy = service.get("capacityProviderStrategy") or ()
    if strategy:
        return any(str(s.get("capacityProvider")) in _FARGATE for s in strategy)
    # the cluster's default strategy decides; a platform version exists only on Fargate
    return True if service.get("platformVersion") else None


def to_container_service(
    service: Mapping[str, Any], *, account: str, region: str, collected_at: datetime
) -> ContainerService:
    """Pure: a DescribeServices ``services`` item -> ContainerService."""
    vpc = (service.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}
    arn = str(service["serviceArn"])
    return ContainerService(
        uid=arn, provider="aws", account=account, region=region, service="ecs",
        name=str(service.get("serviceName") or arn.rsplit("/", 1)[-1]),
        tags={str(t["key"]): str(t.get("value", "")) for t in service.get("tags") or ()
              if "key" in t},
        collected_at=collected_at,
        cluster=str(service.get("clusterArn") or ""),
        launch_type=str(service.get("launchType") or ""),
        serverless=_serverless(service),
        platform_version=str(service.get("platformVersion") or ""),
        platform_family=str(service.get("platformFamily") or ""),
        public_ip=str(vpc.get("assignPublicIp", "DISABLED")).upper() == "ENABLED",
        exec_enabled=bool(service.get("enableExecuteCommand")),
    )  # fmt: skip


def _describe(ecs: Any, cluster: str) -> list[Any]:
    arns = paginate(ecs, "list_services", "serviceArns", cluster=cluster)
    found: list[Any] = []
    for start in range(0, len(arns), _BATCH):
        answer = ecs.describe_services(
            cluster=cluster, services=arns[start : start + _BATCH], include=["TAGS"]
        )
        found.extend(answer.get("services", ()))
    return found


def collect_container_services(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every ECS service of every cluster in ``region``."""
    ecs = session.client("ecs", region)
    try:
        clusters = paginate(ecs, "list_clusters", "clusterArns")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="ContainerService", permission=_PERMISSIONS[0]
        ) from err

    def read(cluster: str) -> list[Any] | Exception:
        try:
            return _describe(ecs, cluster)
        except SDK_ERRORS as err:
            return err

    now = session.now()
    for cluster, answer in zip(clusters, session.map(read, clusters), strict=True):
        if isinstance(answer, Exception):
            yield translate_error(answer, scope=region, resource="ContainerService",
                                  permission=_PERMISSIONS[2], uid=str(cluster))  # fmt: skip
            continue
        for service in answer:
            yield to_container_service(
                service, account=session.account, region=region, collected_at=now
            )


COLLECTORS = (Collector(ContainerService, collect_container_services, permissions=_PERMISSIONS),)
