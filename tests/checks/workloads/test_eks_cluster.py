"""KUBE-201..204 and the shared KUBE-101/102 on EKS-shaped clusters.

Semantics: EKS control plane logging
(https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html), envelope
encryption (https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html), the
version calendar (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html),
endpoint access (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from checks.kubernetes.control_plane import (
    cluster_all_control_plane_logs,
    cluster_audit_logs,
    cluster_secrets_encryption,
    cluster_version_supported,
)
from checks.kubernetes.kubernetes_cluster import (
    cluster_authorized_networks,
    cluster_private_endpoint,
)
from scanner.findings import Status
from scanner.model import Encryption, SupportWindow
from tests.checks.factories_workloads import eks_cluster

ALL = ("api", "audit", "authenticator", "controllerManager", "scheduler")


@pytest.mark.parametrize(
    ("logs", "audit", "every"),
    [
        (ALL, Status.PASS, Status.PASS),
        (("audit",), Status.PASS, Status.FAIL),  # near miss for KUBE-202
        (tuple(t for t in ALL if t != "audit"), Status.FAIL, Status.FAIL),  # near miss for 201
        (tuple(t for t in ALL if t != "scheduler"), Status.PASS, Status.FAIL),
        ((), Status.FAIL, Status.FAIL),
        (None, Status.UNKNOWN, Status.UNKNOWN),
    ],
)
def test_control_plane_logs(logs, audit, every):
    cluster = eks_cluster(control_plane_logs=logs)
    assert cluster_audit_logs(cluster).status is audit
    assert cluster_all_control_plane_logs(cluster).status is every


def test_missing_log_types_are_named():
    result = cluster_all_control_plane_logs(eks_cluster(control_plane_logs=("api", "audit")))
    assert result.reason == "log type(s) not enabled: authenticator, controllerManager, scheduler"


@pytest.mark.parametrize(
    ("encryption", "expected"),
    [
        (Encryption(enabled=True, key_managed_by="customer", key_id="arn:k"), Status.PASS),
        (Encryption(enabled=True, key_managed_by="provider"), Status.FAIL),  # AWS owned default
        (Encryption(enabled=False), Status.FAIL),
        (None, Status.UNKNOWN),
    ],
)
def test_secrets_encryption(encryption, expected):
    assert cluster_secrets_encryption(eks_cluster(secrets_encryption=encryption)).status is (
        expected
    )


WINDOW_131 = SupportWindow(
    version="1.31", ends=date(2025, 11, 26), extended_ends=date(2026, 11, 26), source="eks"
)


@pytest.mark.parametrize(
    ("collected", "expected", "words"),
    [
        (datetime(2025, 11, 25, tzinfo=UTC), Status.PASS, "supported until 2025-11-26"),
        (datetime(2025, 11, 26, tzinfo=UTC), Status.FAIL, "extended support until 2026-11-26"),
        (datetime(2026, 11, 26, tzinfo=UTC), Status.FAIL, "extended support ended 2026-11-26"),
    ],
)
def test_version_against_standard_support(collected, expected, words):
    cluster = eks_cluster(version="1.31", version_support=WINDOW_131, collected_at=collected)
    result = cluster_version_supported(cluster)
    assert result.status is expected
    assert words in result.reason


def test_unlisted_version_is_unknown():
    result = cluster_version_supported(eks_cluster(version="1.99", version_support=None))
    assert result.status is Status.UNKNOWN


@pytest.mark.parametrize(
    ("private", "cidrs", "endpoint", "networks"),
    [
        (True, (), Status.PASS, Status.PASS),
        (False, ("0.0.0.0/0",), Status.FAIL, Status.FAIL),  # the EKS default
        (False, ("203.0.113.0/24",), Status.FAIL, Status.PASS),  # public but restricted
    ],
)
def test_endpoint_access_reuses_the_shared_kubernetes_checks(private, cidrs, endpoint, networks):
    cluster = eks_cluster(private_endpoint=private, authorized_networks=cidrs)
    assert cluster_private_endpoint(cluster).status is endpoint
    assert cluster_authorized_networks(cluster).status is networks
