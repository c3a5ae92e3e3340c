"""EKS clusters: endpoint access, control plane logging, secrets encryption, version.

ListClusters, then DescribeCluster per cluster. Workload identity is on when the cluster's
OIDC issuer is registered as an IAM OIDC provider (IAM roles for service accounts; one
ListOpenIDConnectProviders per region) or, failing that, when the EKS Pod Identity Agent
add-on is installed (ListAddons, read only for clusters without IRSA).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.lifecycles import eks_version_support
from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from scanner.errors import CollectionError
from scanner.model import Encryption, KubernetesCluster
from scanner.provider import Collector, Item

_PERMISSIONS = (
    "eks:ListClusters",
    "eks:DescribeCluster",
    "eks:ListAddons",
    "iam:ListOpenIDConnectProviders",
)
_POD_IDENTITY_ADDON = "eks-pod-identity-agent"
#: EKS envelope-encrypts all Kubernetes API data with an AWS owned key from 1.28 on
#: (https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html).
_DEFAULT_ENVELOPE_FROM = (1, 28)


def _minor(version: str) -> tuple[int, int] | None:
    parts = version.split(".")
    if len(parts) < 2 or not (parts[0].isdigit() and parts[1].isdigit()):
        return None
    return int(parts[0]), int(parts[1])


def secrets_encryption(cluster: Mapping[str, Any]) -> Encryption | None:
    """Pure: ``encryptionConfig`` naming ``secrets`` -> the customer KMS key protecting them.

    Without it, 1.28+ clusters still envelope-encrypt with an AWS owned key (provider);
    older ones keep secrets under the EBS-level encryption only (not envelope-encrypted).
    """
    for config in cluster.get("encryptionConfig") or ():
        if "secrets" in (config.get("resources") or ()):
            key = (config.get("provider") or {}).get("keyArn")
            return Encryption(enabled=True, key_managed_by="customer", key_id=key or None)
    minor = _minor(str(cluster.get("version", "")))
    if minor is None:
        return None
    if minor >= _DEFAULT_ENVELOPE_FROM:
        return Encryption(enabled=True, key_managed_by="provider")
    return Encryption(enabled=False)


def enabled_log_types(cluster: Mapping[str, Any]) -> tuple[str, ...]:
    """Pure: the ``logging.clusterLogging`` types whose entry is enabled (sorted)."""
    types = {
        str(t)
        for entry in (cluster.get("logging") or {}).get("clusterLogging") or ()
        if entry.get("enabled")
        for t in entry.get("types") or ()
    }
    return tuple(sorted(types))


def to_kubernetes_cluster(
    cluster: Mapping[str, Any], workload_identity: bool | None, *, account: str,
    region: str, collected_at: datetime,
) -> KubernetesCluster:  # fmt: skip
    """Pure: a DescribeCluster ``cluster`` -> KubernetesCluster.

    ``endpointPublicAccess`` defaults to true and ``publicAccessCidrs`` to 0.0.0.0/0 (EKS
    VpcConfigResponse reference). EKS has no static password or client certificate
    authentication, and no ABAC.
    """
    vpc = cluster.get("resourcesVpcConfig") or {}
    public = bool(vpc.get("endpointPublicAccess", True))
    cidrs = tuple(str(c) for c in vpc.get("publicAccessCidrs") or ("0.0.0.0/0",))
    version = str(cluster.get("version", ""))
    return KubernetesCluster(
        uid=str(cluster["arn"]), provider="aws", account=account, region=region,
        service="eks", name=str(cluster["name"]), tags=dict(cluster.get("tags") or {}),
        collected_at=collected_at, version=version, private_endpoint=not public,
        authorized_networks_enabled=True, authorized_networks=cidrs if public else (),
        workload_identity=workload_identity, legacy_authorization=False,
        static_credentials=False, control_plane_logs=enabled_log_types(cluster),
        secrets_encryption=secrets_encryption(cluster),
        version_support=eks_version_support(version),
    )  # fmt: skip


def _issuer_host(cluster: Mapping[str, Any]) -> str:
    issuer = str(((cluster.get("identity") or {}).get("oidc") or {}).get("issuer", ""))
    return issuer.removeprefix("https://")


def collect_clusters(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every EKS cluster in ``region``."""
    eks = session.client("eks", region)
    try:
        names = paginate(eks, "list_clusters", "clusters")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="KubernetesCluster", permission=_PERMISSIONS[0]
        ) from err
    if not names:
        return
    providers: set[str] | Exception
    try:
        listed = session.client("iam", region).list_open_id_connect_providers()
        providers = {str(p["Arn"]).split(":oidc-provider/", 1)[-1] for p in
                     listed.get("OpenIDConnectProviderList", ())}  # fmt: skip
    except SDK_ERRORS as err:
        providers = err

    def read(name: str) -> tuple[dict[str, Any] | None, bool | None, list[CollectionError]]:
        try:
            cluster = dict(eks.describe_cluster(name=name)["cluster"])
        except SDK_ERRORS as err:
            uid = f"arn:aws:eks:{region}:{session.account}:cluster/{name}"
            error = translate_error(err, scope=region, resource="KubernetesCluster",
                                    permission=_PERMISSIONS[1], uid=uid)  # fmt: skip
            return None, None, [error]
        identity, errors = _workload_identity(eks, cluster, providers, region)
        return cluster, identity, errors

    now = session.now()
    for cluster, identity, errors in session.map(read, names):
        if cluster is not None:
            yield to_kubernetes_cluster(
                cluster, identity, account=session.account, region=region, collected_at=now
            )
        yield from errors


def _workload_identity(
    eks: Any, cluster: Mapping[str, Any], providers: set[str] | Exception, region: str
) -> tuple[bool | None, list[CollectionError]]:
    """IRSA (issuer registered in IAM) or the Pod Identity Agent add-on; None if unreadable."""
    uid = str(cluster["arn"])
    if isinstance(providers, set) and _issuer_host(cluster) in providers:
        return True, []
    try:
        addons = paginate(eks, "list_addons", "addons", clusterName=cluster["name"])
    except SDK_ERRORS as err:
        error = translate_error(err, scope=region, resource="KubernetesCluster",
                                permission=_PERMISSIONS[2], uid=uid)  # fmt: skip
        return None, [error]
    if _POD_IDENTITY_ADDON in addons:
        return True, []
    if isinstance(providers, Exception):
        error = translate_error(providers, scope=region, resource="KubernetesCluster",
                                permission=_PERMISSIONS[3], uid=uid)  # fmt: skip
        return None, [error]
    return False, []


COLLECTORS = (Collector(KubernetesCluster, collect_clusters, permissions=_PERMISSIONS),)
