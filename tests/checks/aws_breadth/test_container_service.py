"""Near-miss twins for CTR-101 (public IPs) and CTR-102 (Fargate platform version).

Sources: Amazon ECS API reference, AwsVpcConfiguration (``assignPublicIp`` ENABLED |
DISABLED, default DISABLED) and Service (``platformVersion`` only for Fargate, LATEST when
not specified); Security Hub ECS.2 and ECS.10; Amazon ECS developer guide, "Fargate
platform versions" (Linux 1.4.0 and Windows 1.0.0 are the newest).
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.workloads.container_service import fargate_latest_platform, service_no_public_ip
from scanner.findings import Status
from tests.checks.factories_aws_breadth import container_service

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN


@pytest.mark.parametrize(("public_ip", "expected"), [(False, PASS), (True, FAIL)])
def test_public_ip(public_ip: bool, expected: Status):
    assert service_no_public_ip(container_service(public_ip=public_ip)).status is expected


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"platform_version": "LATEST"}, PASS),
        ({"platform_version": ""}, PASS),  # not specified: LATEST
        ({"platform_version": "1.4.0"}, PASS),
        ({"platform_version": "1.3.0"}, FAIL),  # near miss: one version behind
        ({"platform_version": "1.2.0"}, FAIL),
        ({"platform_version": "1.0.0", "platform_family": "WINDOWS_SERVER_2019_CORE"}, PASS),
        ({"platform_version": "1.0.0", "platform_family": "LINUX"}, FAIL),
        ({"platform_version": "1.0.0", "platform_family": ""}, FAIL),  # unknown: Linux
        ({"launch_type": "EC2", "serverless": False, "platform_version": ""}, NA),
        ({"launch_type": "", "serverless": None, "platform_version": ""}, UNKNOWN),
    ],
)
def test_fargate_platform(overrides: dict[str, Any], expected: Status):
    assert fargate_latest_platform(container_service(**overrides)).status is expected
