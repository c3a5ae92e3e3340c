"""Near-miss twins for KUBE-301 (node group SSH open to the internet).

Source: Amazon EKS API reference, RemoteAccessConfig
(https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html): "If you
specify an Amazon EC2 SSH key but do not specify a source security group when you create a
managed node group, then the port on the worker nodes is opened to the internet (0.0.0.0/0)".
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.kubernetes.node_pool import node_pool_ssh_not_public
from scanner.findings import Status
from tests.checks.factories_aws_breadth import node_pool

PASS, FAIL = Status.PASS, Status.FAIL


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"ssh_access": False}, PASS),
        ({"ssh_access": True, "ssh_sources": ()}, FAIL),  # key, no source group: 0.0.0.0/0
        ({"ssh_access": True, "ssh_sources": ("sg-bastion",)}, PASS),  # near miss
        ({"ssh_access": False, "ssh_sources": ("sg-bastion",)}, PASS),
    ],
)
def test_node_pool_ssh(overrides: dict[str, Any], expected: Status):
    assert node_pool_ssh_not_public(node_pool(**overrides)).status is expected
