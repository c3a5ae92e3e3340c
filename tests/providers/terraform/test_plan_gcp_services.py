# ruff: noqa: E501 - plan fixtures are written inline
"""GKE, Cloud DNS, API keys, service account keys, BigQuery, Dataproc and backend services
in plans (attributes and defaults cited in providers/terraform/gcp_services.py, from
registry.terraform.io/providers/hashicorp/google/latest/docs/resources/<type>)."""

from __future__ import annotations

import json

import pytest

from scanner.api import Status
from tests.providers.terraform.gplans import gscan, live_verdicts, verdict, verdicts
from tests.providers.terraform.plans import Res, ref

P, F, U, N = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE
GKE = {"name": "c", "location": "europe-west1"}
PRIVATE = [{"enable_private_nodes": True, "enable_private_endpoint": True}]
MAN = [{"cidr_blocks": [{"cidr_block": "10.0.0.0/8", "display_name": "corp"}]}]


def one(resource: Res, check: str, tmp_path) -> Status:
    return verdict(gscan(tmp_path, resource), resource.address, check)


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        # private_cluster_config.enable_private_endpoint, default false
        ({}, "KUBE-101", F),
        ({"private_cluster_config": [{"enable_private_nodes": True, "enable_private_endpoint": False}]}, "KUBE-101", F),
        ({"private_cluster_config": PRIVATE}, "KUBE-101", P),
        # master_authorized_networks_config: the block enables it; 0.0.0.0/0 admits everyone
        ({}, "KUBE-102", F),
        ({"master_authorized_networks_config": MAN}, "KUBE-102", P),
        ({"master_authorized_networks_config": [{}]}, "KUBE-102", P),  # only the nodes
        ({"master_authorized_networks_config": [{"cidr_blocks": [{"cidr_block": "0.0.0.0/0"}]}]}, "KUBE-102", F),
        ({"private_cluster_config": PRIVATE}, "KUBE-102", P),
        # workload identity: the pool, or Autopilot
        ({}, "KUBE-103", F),
        ({"workload_identity_config": [{"workload_pool": "acme-prod.svc.id.goog"}]}, "KUBE-103", P),
        ({"enable_autopilot": True}, "KUBE-103", P),
        ({"enable_autopilot": False}, "KUBE-103", F),
        # enable_legacy_abac, default false
        ({}, "KUBE-104", P),
        ({"enable_legacy_abac": True}, "KUBE-104", F),
        # static credentials: issue_client_certificate (default false) or a v3 password
        ({}, "KUBE-105", P),
        ({"master_auth": [{"client_certificate_config": [{"issue_client_certificate": False}]}]}, "KUBE-105", P),
        ({"master_auth": [{"client_certificate_config": [{"issue_client_certificate": True}]}]}, "KUBE-105", F),
        ({"master_auth": [{"username": "admin", "password": "a-long-password-123", "client_certificate_config": []}]}, "KUBE-105", F),
    ],
)  # fmt: skip
def test_gke(tmp_path, values, check, expected):
    assert one(Res("google_container_cluster", "c", {**GKE, **values}), check, tmp_path) is expected


def test_gke_computed_blocks(tmp_path):
    """Omitted Computed blocks are known after apply in a create plan: the defaults apply;
    a configured block known only after apply is unknown."""
    omitted = Res(
        "google_container_cluster",
        "c",
        GKE,
        unknown={"private_cluster_config": True, "master_auth": True},
    )
    assert one(omitted, "KUBE-101", tmp_path) is F
    assert one(omitted, "KUBE-105", tmp_path) is P
    dynamic = Res(
        "google_container_cluster",
        "c",
        GKE,
        unknown={"private_cluster_config": True},
        expressions={"private_cluster_config": [{"enable_private_endpoint": ref("var.private")}]},
    )
    assert one(dynamic, "KUBE-101", tmp_path) is U


def test_gke_unknown_pool_is_a_pool(tmp_path):
    cluster = Res("google_container_cluster", "c", {**GKE, "workload_identity_config": [{"workload_pool": None}]},
                  unknown={"workload_identity_config": [{"workload_pool": True}]},
                  expressions={"workload_identity_config": [{"workload_pool": ref("google_project.p.project_id")}]})  # fmt: skip
    assert one(cluster, "KUBE-103", tmp_path) is P


ZONE = {"name": "z", "dns_name": "example.test."}
KSK = {"key_type": "keySigning", "algorithm": "rsasha256", "key_length": 2048}
ZSK = {"key_type": "zoneSigning", "algorithm": "rsasha256", "key_length": 1024}


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        ({}, "DNS-101", F),  # public by default, DNSSEC off without the block
        ({"dnssec_config": [{"state": "off"}]}, "DNS-101", F),
        ({"dnssec_config": [{"state": "transfer"}]}, "DNS-101", F),
        ({"dnssec_config": [{"state": "on"}]}, "DNS-101", P),
        ({"visibility": "private"}, "DNS-101", N),
        ({"dnssec_config": [{"state": "on", "default_key_specs": [KSK, ZSK]}]}, "DNS-102", P),
        ({"dnssec_config": [{"state": "on", "default_key_specs": [{**KSK, "algorithm": "rsasha1"}, ZSK]}]}, "DNS-102", F),
        ({"dnssec_config": [{"state": "on", "default_key_specs": [{**KSK, "algorithm": "rsasha1"}, ZSK]}]}, "DNS-103", P),
        ({"dnssec_config": [{"state": "on", "default_key_specs": [KSK, {**ZSK, "algorithm": "rsasha1"}]}]}, "DNS-103", F),
        ({"dnssec_config": [{"state": "on", "default_key_specs": [KSK, {**ZSK, "algorithm": "ecdsap256sha256"}]}]}, "DNS-103", P),
        ({}, "DNS-102", N),
    ],
)  # fmt: skip
def test_dns(tmp_path, values, check, expected):
    assert one(Res("google_dns_managed_zone", "z", {**ZONE, **values}), check, tmp_path) is expected


@pytest.mark.parametrize(
    ("values", "actions", "check", "expected"),
    [
        ({}, ("create",), "IAM-109", F),
        ({}, ("create",), "IAM-110", F),  # no API restrictions
        ({"restrictions": [{"api_targets": [{"service": "translate.googleapis.com"}]}]}, ("create",), "IAM-110", P),
        ({"restrictions": [{"api_targets": [{"service": "cloudapis.googleapis.com"}]}]}, ("create",), "IAM-110", F),
        ({}, ("create",), "IAM-114", F),
        ({"restrictions": [{"browser_key_restrictions": [{"allowed_referrers": [".*.example.test"]}]}]}, ("create",), "IAM-114", P),
        ({"restrictions": [{"server_key_restrictions": [{"allowed_ips": ["198.51.100.7"]}]}]}, ("create",), "IAM-114", P),
        ({"restrictions": [{"android_key_restrictions": [{"allowed_applications": [{"package_name": "a.b", "sha1_fingerprint": "00"}]}]}]}, ("create",), "IAM-114", P),
        ({"restrictions": [{"api_targets": [{"service": "translate.googleapis.com"}]}]}, ("create",), "IAM-114", F),
        ({}, ("create",), "IAM-111", P),  # created at apply
        ({}, ("no-op",), "IAM-111", U),  # the provider keeps no creation time
    ],
)  # fmt: skip
def test_api_keys(tmp_path, values, actions, check, expected):
    key = Res("google_apikeys_key", "k", {"name": "k", **values}, actions=actions)
    assert one(key, check, tmp_path) is expected


@pytest.mark.parametrize(
    ("values", "actions", "check", "expected"),
    [
        ({}, ("create",), "IAM-107", F),  # every key the IAM API creates is user-managed
        ({}, ("create",), "IAM-108", P),  # created at apply
        ({"valid_after": "2026-01-01T00:00:00Z"}, ("no-op",), "IAM-108", F),  # long before the scan
        ({}, ("no-op",), "IAM-108", U),
    ],
)  # fmt: skip
def test_service_account_keys(tmp_path, values, actions, check, expected):
    key = Res("google_service_account_key", "k", {"service_account_id": "projects/acme-prod/serviceAccounts/app@acme-prod.iam.gserviceaccount.com", **values}, actions=actions)  # fmt: skip
    assert one(key, check, tmp_path) is expected


def test_service_account_key_rotation_threshold(tmp_path):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    for days, expected in ((89, P), (91, F)):
        made = (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        key = Res(
            "google_service_account_key",
            "k",
            {"service_account_id": "app@acme-prod.iam.gserviceaccount.com", "valid_after": made},
            actions=("no-op",),
        )
        assert one(key, "IAM-108", tmp_path) is expected, days


DS = {"dataset_id": "d", "location": "EU"}
CMEK = [{"kms_key_name": "projects/acme-prod/locations/eu/keyRings/r/cryptoKeys/k"}]


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([Res("google_bigquery_dataset", "d", DS)], "DB-121", P),  # a new dataset: project roles only
        ([Res("google_bigquery_dataset", "d", DS, actions=("no-op",))], "DB-121", U),
        ([Res("google_bigquery_dataset", "d", {**DS, "access": [{"role": "READER", "special_group": "allAuthenticatedUsers"}]})], "DB-121", F),
        ([Res("google_bigquery_dataset", "d", {**DS, "access": [{"role": "READER", "iam_member": "allUsers"}]})], "DB-121", F),
        ([Res("google_bigquery_dataset", "d", {**DS, "access": [{"role": "READER", "special_group": "projectReaders"}]})], "DB-121", P),
        ([Res("google_bigquery_dataset", "d", DS),
          Res("google_bigquery_dataset_iam_member", "m", {"role": "roles/bigquery.dataViewer", "member": "allUsers"}, unknown={"dataset_id": True},
              expressions={"dataset_id": ref("google_bigquery_dataset.d.dataset_id")})], "DB-121", F),
        ([Res("google_bigquery_dataset", "d", DS, actions=("no-op",)),
          Res("google_bigquery_dataset_access", "a", {"role": "READER", "special_group": "allAuthenticatedUsers"}, unknown={"dataset_id": True},
              expressions={"dataset_id": ref("google_bigquery_dataset.d.dataset_id")})], "DB-121", F),
        ([Res("google_bigquery_dataset", "d", DS, actions=("no-op",)),
          Res("google_bigquery_dataset_iam_policy", "p", {"policy_data": json.dumps({"bindings": [{"role": "roles/bigquery.dataViewer", "members": ["allAuthenticatedUsers"]}]})},
              unknown={"dataset_id": True}, expressions={"dataset_id": ref("google_bigquery_dataset.d.dataset_id")})], "DB-121", F),
        ([Res("google_bigquery_dataset", "d", DS),
          Res("google_bigquery_dataset_iam_policy", "p", {"policy_data": json.dumps({"bindings": [{"role": "roles/bigquery.dataViewer", "members": ["group:g@acme.test"]}]})},
              unknown={"dataset_id": True}, expressions={"dataset_id": ref("google_bigquery_dataset.d.dataset_id")})], "DB-121", P),
        ([Res("google_bigquery_dataset", "d", DS)], "DB-122", F),
        ([Res("google_bigquery_dataset", "d", {**DS, "default_encryption_configuration": CMEK})], "DB-122", P),
        # tables: their own key, else their dataset's default key
        ([Res("google_bigquery_table", "t", {"dataset_id": "d", "table_id": "t", "encryption_configuration": CMEK})], "DB-123", P),
        ([Res("google_bigquery_table", "t", {"dataset_id": "d", "table_id": "t"})], "DB-123", U),  # dataset outside the plan
        ([Res("google_bigquery_dataset", "d", DS), Res("google_bigquery_table", "t", {"dataset_id": "d", "table_id": "t"})], "DB-123", F),
        ([Res("google_bigquery_dataset", "d", {**DS, "default_encryption_configuration": CMEK}),
          Res("google_bigquery_table", "t", {"dataset_id": "d", "table_id": "t"}, expressions={"dataset_id": ref("google_bigquery_dataset.d.dataset_id"), "table_id": {"constant_value": "t"}})], "DB-123", P),
        ([Res("google_dataproc_cluster", "c", {"name": "c", "region": "europe-west1", "cluster_config": [{}]})], "DB-124", F),
        ([Res("google_dataproc_cluster", "c", {"name": "c", "region": "europe-west1", "cluster_config": [{"encryption_config": [{"kms_key_name": CMEK[0]["kms_key_name"]}]}]})], "DB-124", P),
        ([Res("google_dataproc_cluster", "c", {"name": "c", "region": "europe-west1"})], "DB-124", F),
    ],
)  # fmt: skip
def test_data(tmp_path, resources, check, expected):
    owner = next(
        r
        for r in reversed(resources)
        if r.type
        not in {
            "google_bigquery_dataset_iam_member",
            "google_bigquery_dataset_access",
            "google_bigquery_dataset_iam_policy",
        }
    )
    assert verdict(gscan(tmp_path, *resources), owner.address, check) is expected


@pytest.mark.parametrize(
    ("type_", "values", "expected"),
    [
        ("google_compute_backend_service", {}, F),  # logging off by default
        ("google_compute_backend_service", {"log_config": [{"enable": True}]}, P),
        ("google_compute_backend_service", {"log_config": [{"enable": True, "sample_rate": 0.01}]}, P),
        ("google_compute_backend_service", {"log_config": [{"enable": True, "sample_rate": 0}]}, F),
        ("google_compute_backend_service", {"log_config": [{"enable": False, "sample_rate": 1}]}, F),
        ("google_compute_backend_service", {"protocol": "TCP"}, N),
        ("google_compute_backend_service", {"load_balancing_scheme": "INTERNAL_SELF_MANAGED"}, N),
        ("google_compute_region_backend_service", {"protocol": "HTTPS", "load_balancing_scheme": "INTERNAL_MANAGED"}, F),
    ],
)  # fmt: skip
def test_backends(tmp_path, type_, values, expected):
    assert one(Res(type_, "b", {"name": "b", **values}), "NET-107", tmp_path) is expected


def test_same_verdicts_as_the_live_fixture(tmp_path):
    """The fixture's GKE cluster, DNS zones and service account key (tests/providers/gcp/
    fixtures/acme-org.ndjson) written as a plan of the same resources (in state: no-op)."""
    cluster = Res(
        "google_container_cluster",
        "prod",
        {
            "name": "prod",
            "location": "europe-west1",
            "project": "acme-prod",
            "master_version": "1.30.5-gke.1",
            "private_cluster_config": [
                {"enable_private_nodes": True, "enable_private_endpoint": False}
            ],
            "master_authorized_networks_config": [{"cidr_blocks": [{"cidr_block": "0.0.0.0/0"}]}],
            "workload_identity_config": [{"workload_pool": "acme-prod.svc.id.goog"}],
            "enable_legacy_abac": False,
            "master_auth": [{"client_certificate_config": [{"issue_client_certificate": False}]}],
        },
        actions=("no-op",),
    )
    acme = Res(
        "google_dns_managed_zone",
        "acme",
        {
            "name": "acme",
            "dns_name": "acme.test.",
            "visibility": "public",
            "dnssec_config": [
                {
                    "state": "on",
                    "default_key_specs": [
                        {"key_type": "keySigning", "algorithm": "rsasha1", "key_length": 2048},
                        {"key_type": "zoneSigning", "algorithm": "rsasha256", "key_length": 1024},
                    ],
                }
            ],
        },
        actions=("no-op",),
    )
    internal = Res(
        "google_dns_managed_zone",
        "internal",
        {"name": "internal", "dns_name": "corp.internal.", "visibility": "private"},
        actions=("no-op",),
    )
    key = Res("google_service_account_key", "k1", {"service_account_id": "projects/acme-prod/serviceAccounts/app@acme-prod.iam.gserviceaccount.com",
        "valid_after": "2026-01-01T00:00:00Z", "valid_before": "9999-12-31T23:59:59Z"}, actions=("no-op",))  # fmt: skip
    result = gscan(tmp_path, cluster, acme, internal, key)
    cases = [(cluster, "prod", {f"KUBE-10{i}" for i in range(1, 6)}), (acme, "acme", {"DNS-101", "DNS-102", "DNS-103"}),
             (internal, "internal", {"DNS-101", "DNS-102", "DNS-103"}), (key, "k1", {"IAM-107", "IAM-108"})]  # fmt: skip
    for res, name, checks in cases:
        planned = {c: s for c, s in verdicts(result, res.address).items() if c in checks}
        assert planned == live_verdicts(name, checks), name
        assert planned, name
