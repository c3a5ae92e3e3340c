"""Checks over managed Kubernetes control planes: audit logs, secrets encryption, version."""

from __future__ import annotations

from checks._common import encryption_at_rest
from checks.workloads._controls import AT_REST, LOGGING, PATCHING
from checks.workloads._lifecycle import supported_at
from scanner.findings import Result, Severity, failed, passed, unknown
from scanner.model import KubernetesCluster
from scanner.registry import check

#: Every EKS control plane log type (EKS control plane logging user guide).
EKS_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")


@check(
    id="KUBE-201",
    title="Clusters ship Kubernetes API audit logs",
    severity=Severity.HIGH,
    resource=KubernetesCluster,
    controls=(*LOGGING, "nist-800-53-r5:AU-2", "iso27001-2022:A.8.16"),
    providers=("aws",),
)
def cluster_audit_logs(cluster: KubernetesCluster) -> Result:
    """The audit log is the only record of who read secrets, exec'd into pods or changed
    RBAC through the API server; without it an intrusion cannot be traced (Security Hub
    EKS.8).

    Remediation: enable the ``audit`` control plane log type (EKS: update the cluster's
    logging configuration) and keep the log group for your retention period.
    """
    if cluster.control_plane_logs is None:
        return unknown("control plane logging configuration unreadable")
    if "audit" in cluster.control_plane_logs:
        return passed("audit logs enabled")
    return failed("audit logs not enabled")


@check(
    id="KUBE-202",
    title="Clusters ship every control plane log type",
    severity=Severity.MEDIUM,
    resource=KubernetesCluster,
    controls=LOGGING,
    providers=("aws",),
)
def cluster_all_control_plane_logs(cluster: KubernetesCluster) -> Result:
    """Authenticator, API server, controller manager and scheduler logs show failed sign-ins,
    unusual API use and scheduling of rogue workloads; each type missing is a blind spot
    (CIS Amazon EKS Benchmark 2.1.1).

    Remediation: enable the api, audit, authenticator, controllerManager and scheduler log
    types in the cluster's logging configuration.
    """
    if cluster.control_plane_logs is None:
        return unknown("control plane logging configuration unreadable")
    missing = [t for t in EKS_LOG_TYPES if t not in cluster.control_plane_logs]
    if missing:
        return failed(f"log type(s) not enabled: {', '.join(missing)}")
    return passed("every control plane log type enabled")


@check(
    id="KUBE-203",
    title="Clusters envelope-encrypt secrets with a customer-managed key",
    severity=Severity.MEDIUM,
    resource=KubernetesCluster,
    controls=(*AT_REST, "nist-800-53-r5:SC-12"),
    providers=("aws",),
)
def cluster_secrets_encryption(cluster: KubernetesCluster) -> Result:
    """Kubernetes secrets sit in etcd; encrypted under a key you manage, reading them takes
    a decrypt permission you can grant, audit and revoke, not just access to the store
    (Security Hub EKS.3). The provider's default key gives no such control.

    Remediation: enable secrets encryption with a customer-managed KMS key (EKS:
    associate an encryption configuration for ``secrets``).
    """
    return encryption_at_rest(cluster.secrets_encryption, customer_key=True)


@check(
    id="KUBE-204",
    title="Clusters run a Kubernetes version in standard support",
    severity=Severity.MEDIUM,
    resource=KubernetesCluster,
    controls=PATCHING,
    providers=("aws",),
)
def cluster_version_supported(cluster: KubernetesCluster) -> Result:
    """Past the end of standard support a version gets fixes only under paid extended
    support, and after that none: the cluster is then force-upgraded on the provider's
    schedule (Security Hub EKS.2).

    Remediation: upgrade the control plane and node groups to a version in standard
    support, one minor version at a time.
    """
    return supported_at(
        cluster.version_support,
        f"Kubernetes {cluster.version or '(unknown)'}",
        cluster.collected_at,
    )
