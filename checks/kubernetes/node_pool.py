"""Checks over Kubernetes worker node pools (EKS managed node groups)."""

from __future__ import annotations

from scanner.findings import Result, Severity, failed, passed
from scanner.model import NodePool
from scanner.registry import check


@check(
    id="KUBE-301",
    title="Node pools do not open SSH on their nodes to the internet",
    severity=Severity.HIGH,
    resource=NodePool,
    controls=(
        "soc2:CC6.6",
        "iso27001-2022:A.8.20",
        "nist-csf-2.0:PR.IR-01",
        "nist-800-53-r5:SC-7",
        "nist-800-53-r5:AC-17",
    ),
    providers=("aws",),
)
def node_pool_ssh_not_public(pool: NodePool) -> Result:
    """A managed node group given an SSH key but no source security group has port 22 on
    every node opened to 0.0.0.0/0 by EKS (Amazon EKS API reference, RemoteAccessConfig),
    so the nodes, and the cluster credentials on them, face SSH attacks from anywhere.

    Remediation: recreate the node group with ``sourceSecurityGroups`` naming the bastion
    or admin security groups, or without remote access (use SSM Session Manager).
    """
    if not pool.ssh_access:
        return passed("no SSH remote access configured")
    if not pool.ssh_sources:
        return failed("SSH key set without source security groups: port 22 open to 0.0.0.0/0")
    return passed(f"SSH limited to security group(s) {', '.join(pool.ssh_sources)}")
