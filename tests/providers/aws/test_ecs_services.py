"""ECS services: mapper on DescribeServices JSON, collector on moto."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws.ecs_services import collect_container_services, to_container_service
from providers.aws.session import AwsSession
from scanner.model import ContainerService

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REGION = "us-east-1"
ARN = "arn:aws:ecs:us-east-1:111:service/app/web"


def _map(**fields: Any) -> ContainerService:
    return to_container_service({"serviceArn": ARN, **fields}, account="111", region=REGION,
                                collected_at=NOW)  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "serverless"),
    [
        ({"launchType": "FARGATE"}, True),
        ({"launchType": "EC2"}, False),
        ({"launchType": "EXTERNAL"}, False),
        ({"capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT"}]}, True),
        ({"capacityProviderStrategy": [{"capacityProvider": "my-asg-provider"}]}, False),
        ({"platformVersion": "1.4.0"}, True),  # only Fargate services carry one
        ({}, None),  # the cluster's default strategy decides
    ],
)
def test_serverless_from_launch_type_or_strategy(fields: dict[str, Any], serverless: bool | None):
    assert _map(**fields).serverless is serverless


def test_public_ip_and_names():
    enabled = _map(networkConfiguration={"awsvpcConfiguration": {"assignPublicIp": "ENABLED"}},
                   serviceName="web", enableExecuteCommand=True,
                   tags=[{"key": "team", "value": "a"}])  # fmt: skip
    assert (enabled.public_ip, enabled.name, enabled.exec_enabled) == (True, "web", True)
    assert enabled.tags == {"team": "a"}
    assert _map(networkConfiguration={"awsvpcConfiguration": {}}).public_ip is False  # default
    assert _map().public_ip is False  # bridge/host network modes: no awsvpc configuration


def test_collect_container_services_on_moto(aws_session: AwsSession):
    ec2 = aws_session.client("ec2", REGION)
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    group = ec2.describe_security_groups()["SecurityGroups"][0]["GroupId"]
    ecs = aws_session.client("ecs", REGION)
    ecs.create_cluster(clusterName="app")
    ecs.register_task_definition(
        family="web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
        memory="512", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}],
    )  # fmt: skip
    network = {"subnets": [subnet], "securityGroups": [group]}
    ecs.create_service(
        cluster="app", serviceName="public", taskDefinition="web", desiredCount=1,
        launchType="FARGATE", platformVersion="1.3.0",
        networkConfiguration={"awsvpcConfiguration": {**network, "assignPublicIp": "ENABLED"}},
    )  # fmt: skip
    ecs.create_service(
        cluster="app", serviceName="private", taskDefinition="web", desiredCount=1,
        launchType="FARGATE", networkConfiguration={"awsvpcConfiguration": network},
    )  # fmt: skip
    found = {s.name: s for s in collect_container_services(aws_session, REGION)}
    public, private = found["public"], found["private"]
    assert isinstance(public, ContainerService)
    assert isinstance(private, ContainerService)
    assert (public.public_ip, public.platform_version, public.serverless) == (True, "1.3.0", True)
    assert private.public_ip is False
    assert public.cluster.endswith(":cluster/app")
