"""Checks over managed Kubernetes clusters: control plane exposure and authentication."""

from __future__ import annotations

from checks._common import negated, setting
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import KubernetesCluster, is_internet_source
from scanner.registry import check

_BOUNDARY = ("soc2:CC6.6", "iso27001-2022:A.8.20", "nist-csf-2.0:PR.IR-01", "nist-800-53-r5:SC-7")
_AUTH = ("soc2:CC6.1", "iso27001-2022:A.8.5", "nist-csf-2.0:PR.AA-03", "nist-800-53-r5:IA-2")


@check(
    id="KUBE-101",
    title="Cluster control planes have no public endpoint",
    severity=Severity.MEDIUM,
    resource=KubernetesCluster,
    controls=_BOUNDARY,
    providers=("aws", "gcp"),  # EKS and GKE (AKS has no collector yet)
)
def cluster_private_endpoint(cluster: KubernetesCluster) -> Result:
    """A public API server endpoint can be probed and attacked from anywhere; only
    authentication stands between the internet and the cluster.

    Remediation: create the cluster as a private cluster with a private endpoint, and reach
    it over the VPC, a VPN or a bastion.
    """
    return setting(
        cluster.private_endpoint,
        on="control plane reachable only on a private endpoint",
        off="control plane has a public endpoint",
        unread="endpoint configuration unreadable",
    )


@check(
    id="KUBE-102",
    title="Cluster control planes admit only authorized networks",
    severity=Severity.HIGH,
    resource=KubernetesCluster,
    controls=(*_BOUNDARY, "nist-800-53-r5:AC-17"),
    providers=("aws", "gcp"),  # EKS and GKE (AKS has no collector yet)
)
def cluster_authorized_networks(cluster: KubernetesCluster) -> Result:
    """Without authorized networks, anyone on the internet can reach the API server and
    try stolen tokens or exploit API server vulnerabilities.

    Remediation: enable control plane authorized networks and list only the ranges of your
    administrators, CI and VPN; never 0.0.0.0/0.
    """
    if cluster.private_endpoint:
        return passed("private endpoint only")
    if cluster.authorized_networks_enabled is None:
        return unknown("authorized networks configuration unreadable")
    if not cluster.authorized_networks_enabled:
        return failed("authorized networks off: the public endpoint admits any address")
    open_to = [c for c in cluster.authorized_networks if is_internet_source(c)]
    if open_to:
        return failed(f"authorized network {', '.join(open_to)} admits the whole internet")
    return passed(f"{len(cluster.authorized_networks)} authorized network(s)")


@check(
    id="KUBE-103",
    title="Clusters give pods cloud credentials through workload identity",
    severity=Severity.MEDIUM,
    resource=KubernetesCluster,
    controls=(
        "soc2:CC6.3",
        "iso27001-2022:A.8.2",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-6",
    ),
    providers=("aws", "gcp"),  # EKS and GKE (AKS has no collector yet)
)
def cluster_workload_identity(cluster: KubernetesCluster) -> Result:
    """Without workload identity every pod inherits the node's service account, so one
    compromised container holds the cloud permissions of every workload on the node.

    Remediation: enable Workload Identity on the cluster and node pools, and map each
    Kubernetes service account to a least-privilege cloud identity.
    """
    return setting(
        cluster.workload_identity,
        on="workload identity enabled",
        off="pods use the node's service account",
        unread="workload identity configuration unreadable",
    )


@check(
    id="KUBE-104",
    title="Clusters do not use legacy ABAC authorization",
    severity=Severity.HIGH,
    resource=KubernetesCluster,
    controls=(
        "soc2:CC6.3",
        "iso27001-2022:A.5.15",
        "nist-csf-2.0:PR.AA-05",
        "nist-800-53-r5:AC-3",
    ),
    providers=("gcp",),
)
def cluster_no_legacy_abac(cluster: KubernetesCluster) -> Result:
    """Legacy ABAC grants broad, static permissions outside Kubernetes RBAC, so RBAC
    reviews miss what identities can really do in the cluster.

    Remediation: disable legacy authorization (--no-enable-legacy-authorization) after
    moving any needed grants to RBAC roles.
    """
    return setting(
        negated(cluster.legacy_authorization),
        on="legacy ABAC off",
        off="legacy ABAC enabled",
        unread="authorization mode unreadable",
    )


@check(
    id="KUBE-105",
    title="Clusters disable static password and client certificate authentication",
    severity=Severity.HIGH,
    resource=KubernetesCluster,
    controls=_AUTH,
    providers=("aws", "gcp"),  # EKS and GKE (AKS has no collector yet)
)
def cluster_no_static_credentials(cluster: KubernetesCluster) -> Result:
    """A static admin password or client certificate never expires and cannot be revoked
    without rebuilding credentials, and it bypasses the identity provider's MFA.

    Remediation: disable basic authentication and client certificate issuance, rotate the
    cluster credentials, and authenticate through IAM (OIDC) instead.
    """
    return setting(
        negated(cluster.static_credentials),
        on="no static credentials",
        off="static password or client certificate enabled",
        unread="authentication settings unreadable",
    )
