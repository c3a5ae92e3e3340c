"""Checks over container services (ECS services): public IPs and the Fargate platform."""

from __future__ import annotations

from checks.workloads._controls import BOUNDARY, PATCHING
from scanner.findings import Result, Severity, failed, not_applicable, passed, unknown
from scanner.model import ContainerService
from scanner.registry import check

#: The newest Fargate platform versions (AWS Config rule ecs-fargate-latest-platform-version
#: defaults; Amazon ECS developer guide, "Fargate platform versions"): Linux 1.4.0,
#: Windows 1.0.0. ``LATEST`` always resolves to the newest.
LATEST_FARGATE = {"linux": "1.4.0", "windows": "1.0.0"}


@check(
    id="CTR-101",
    title="Container services do not assign public IP addresses to their tasks",
    severity=Severity.HIGH,
    resource=ContainerService,
    controls=BOUNDARY,
    providers=("aws",),
)
def service_no_public_ip(service: ContainerService) -> Result:
    """A task with a public IP address is reachable from the internet wherever its security
    group allows, and bypasses the load balancer and NAT that should front it (Security
    Hub ECS.2).

    Remediation: set ``assignPublicIp`` to DISABLED in the service's awsvpc network
    configuration and reach the internet through a NAT gateway or VPC endpoints.
    """
    if service.public_ip:
        return failed("assignPublicIp ENABLED: tasks get public IP addresses")
    return passed("no public IP assigned to tasks")


def _family(service: ContainerService) -> str:
    return "windows" if service.platform_family.upper().startswith("WINDOWS") else "linux"


@check(
    id="CTR-102",
    title="Fargate services run on the latest platform version",
    severity=Severity.MEDIUM,
    resource=ContainerService,
    controls=PATCHING,
    providers=("aws",),
)
def fargate_latest_platform(service: ContainerService) -> Result:
    """Older Fargate platform versions miss kernel, runtime and agent security fixes that
    only the latest version receives (Security Hub ECS.10).

    Remediation: update the service to platform version LATEST (or the newest numbered
    version) and force a new deployment.
    """
    if service.serverless is None:
        return unknown("launch type unreadable: capacity provider strategy of the cluster")
    if not service.serverless:
        return not_applicable(f"{service.launch_type or 'EC2'} tasks have no Fargate platform")
    version = service.platform_version or "LATEST"
    newest = LATEST_FARGATE[_family(service)]
    if version.upper() == "LATEST" or version == newest:
        return passed(f"platform version {version}")
    return failed(f"platform version {version}, latest is {newest}")
