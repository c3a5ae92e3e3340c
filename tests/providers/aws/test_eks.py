"""EKS clusters: mappers on API JSON, collector on moto (ListAddons is not in moto)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from providers.aws import PROVIDER
from providers.aws.eks import collect_clusters, secrets_encryption, to_kubernetes_cluster
from providers.aws.session import AwsSession
from scanner.engine import run_scan
from scanner.errors import CollectionError
from scanner.findings import Status
from scanner.model import Encryption, KubernetesCluster
from scanner.registry import load
from tests.providers.aws.scripted import script

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/k"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/eks"


def _cluster(**extra: Any) -> dict[str, Any]:
    return {"name": "c", "arn": f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/c", **extra}


def test_endpoint_defaults_follow_the_api_reference():
    # endpointPublicAccess absent = true; publicAccessCidrs absent = 0.0.0.0/0
    cluster = to_kubernetes_cluster(
        _cluster(version="1.31"), None, account=ACCOUNT, region=REGION, collected_at=NOW
    )
    assert (cluster.private_endpoint, cluster.authorized_networks) == (False, ("0.0.0.0/0",))
    assert cluster.control_plane_logs == ()
    assert cluster.version_support is not None
    assert cluster.version_support.ends == date(2025, 11, 26)
    private = to_kubernetes_cluster(
        _cluster(resourcesVpcConfig={"endpointPublicAccess": False,
                                     "endpointPrivateAccess": True}),
        True, account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert (private.private_endpoint, private.authorized_networks) == (True, ())


def test_log_types_count_only_enabled_entries():
    cluster = to_kubernetes_cluster(
        _cluster(
            logging={"clusterLogging": [
                {"types": ["api", "audit"], "enabled": True},
                {"types": ["scheduler", "authenticator"], "enabled": False},
            ]}
        ),
        True, account=ACCOUNT, region=REGION, collected_at=NOW,
    )  # fmt: skip
    assert cluster.control_plane_logs == ("api", "audit")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"version": "1.27"}, Encryption(enabled=False)),
        ({"version": "1.28"}, Encryption(enabled=True, key_managed_by="provider")),
        (
            {"version": "1.27", "encryptionConfig": [
                {"resources": ["secrets"], "provider": {"keyArn": KEY}}]},
            Encryption(enabled=True, key_managed_by="customer", key_id=KEY),
        ),
        ({"version": ""}, None),
    ],
)  # fmt: skip
def test_secrets_encryption(extra, expected):
    assert secrets_encryption(_cluster(**extra)) == expected


def _create(session: AwsSession, name: str, **extra: Any) -> None:
    vpc = {"subnetIds": ["subnet-1", "subnet-2"], **extra.pop("vpc", {})}
    session.client("eks", REGION).create_cluster(
        name=name, roleArn=ROLE, resourcesVpcConfig=vpc, **extra
    )


def _register_issuer(session: AwsSession, name: str) -> None:
    issuer = session.client("eks", REGION).describe_cluster(name=name)["cluster"]["identity"]
    session.client("iam", REGION).create_open_id_connect_provider(
        Url=issuer["oidc"]["issuer"], ClientIDList=["sts.amazonaws.com"], ThumbprintList=["a" * 40]
    )


def test_collects_clusters_with_irsa_from_moto(aws_session: AwsSession):
    _create(
        aws_session, "hardened", version="1.33",
        vpc={"endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": ["api", "audit", "authenticator",
                                               "controllerManager", "scheduler"],
                                     "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": KEY}}],
    )  # fmt: skip
    _register_issuer(aws_session, "hardened")
    [cluster] = collect_clusters(aws_session, REGION)
    assert isinstance(cluster, KubernetesCluster)
    assert (cluster.private_endpoint, cluster.workload_identity) == (True, True)
    assert cluster.control_plane_logs == (
        "api", "audit", "authenticator", "controllerManager", "scheduler",
    )  # fmt: skip
    assert cluster.secrets_encryption == Encryption(
        enabled=True, key_managed_by="customer", key_id=KEY
    )


def test_without_irsa_the_addon_listing_decides_and_moto_lacks_it(aws_session: AwsSession):
    _create(aws_session, "plain", version="1.29")
    cluster, error = collect_clusters(aws_session, REGION)  # moto has no ListAddons
    assert isinstance(cluster, KubernetesCluster)
    assert cluster.workload_identity is None
    assert isinstance(error, CollectionError)
    # moto answers the unrouted REST path with a bare 404 (its code is the status)
    assert (error.cause, error.permission, error.uid) == ("404", "eks:ListAddons", cluster.uid)


def test_unimplemented_addons_reach_the_report_as_unknown(aws_session: AwsSession):
    _create(aws_session, "plain", version="1.29")
    registry = load().select(ids=["KUBE-103", "KUBE-201"])
    result = run_scan(PROVIDER, aws_session, registry, [REGION])
    by_check = {f.check_id: f for f in result.findings}
    assert by_check["KUBE-103"].status is Status.UNKNOWN
    assert by_check["KUBE-103"].reason == "workload identity configuration unreadable"
    assert by_check["KUBE-201"].status is Status.FAIL  # the rest of the cluster was read
    assert any(e.permission == "eks:ListAddons" for e in result.errors)


@pytest.mark.parametrize(
    ("addons", "expected"), [(["vpc-cni", "eks-pod-identity-agent"], True), (["vpc-cni"], False)]
)
def test_scripted_addons(aws_session: AwsSession, addons, expected):
    _create(aws_session, "plain", version="1.29")
    script(aws_session.client("eks", REGION), "ListAddons", {"addons": addons})
    [cluster] = collect_clusters(aws_session, REGION)
    assert isinstance(cluster, KubernetesCluster)
    assert cluster.workload_identity is expected


def test_listing_failure_is_scope_wide(aws_session: AwsSession):
    script(aws_session.client("eks", REGION), "ListClusters", "AccessDeniedException")
    with pytest.raises(CollectionError, match="eks:ListClusters"):
        list(collect_clusters(aws_session, REGION))
