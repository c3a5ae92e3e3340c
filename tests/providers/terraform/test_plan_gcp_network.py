# ruff: noqa: E501 - plan fixtures are written inline
"""Google VPC networks, subnetworks and snapshot schedules in plans (defaults cited in
providers/terraform/gcp_network.py; registry.terraform.io/providers/hashicorp/google/
latest/docs/resources/compute_network, compute_subnetwork, dns_policy,
compute_resource_policy)."""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.gplans import gscan, live_verdicts, verdict, verdicts
from tests.providers.terraform.plans import Res, ref

P, F, U, N = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE
NET = "google_compute_network.n"
CUSTOM = {"name": "prod", "auto_create_subnetworks": False}


def subnet(name: str, *, network: str = "google_compute_network.n", **values: object) -> Res:
    base = {"name": name, "region": "europe-west1", "ip_cidr_range": "10.0.0.0/24", "network": None}
    return Res("google_compute_subnetwork", name, {**base, **values}, unknown={"network": True},
               expressions={"network": ref(f"{network}.id"), "name": {"constant_value": name}})  # fmt: skip


LOGS = [
    {
        "aggregation_interval": "INTERVAL_5_SEC",
        "flow_sampling": 0.5,
        "metadata": "INCLUDE_ALL_METADATA",
    }
]


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        # auto_create_subnetworks defaults to true
        ([Res("google_compute_network", "n", {"name": "prod"})], "NET-103", F),
        ([Res("google_compute_network", "n", {"name": "prod", "auto_create_subnetworks": True})], "NET-103", F),
        ([Res("google_compute_network", "n", CUSTOM)], "NET-103", P),
        ([Res("google_compute_network", "n", CUSTOM)], "NET-102", P),  # Terraform cannot create legacy networks
        ([Res("google_compute_network", "n", {"name": "default"})], "NET-101", F),
        ([Res("google_compute_network", "n", {"name": "default-net"})], "NET-101", P),
        # flow logs: every workload subnet of the network
        ([Res("google_compute_network", "n", {"name": "prod"})], "NET-001", F),  # auto subnets: no flow logs
        ([Res("google_compute_network", "n", CUSTOM), subnet("a", log_config=LOGS)], "NET-001", P),
        ([Res("google_compute_network", "n", CUSTOM), subnet("a", log_config=LOGS), subnet("b")], "NET-001", F),
        ([Res("google_compute_network", "n", CUSTOM), subnet("a", log_config=LOGS), subnet("p", purpose="REGIONAL_MANAGED_PROXY")], "NET-001", P),
        ([Res("google_compute_network", "n", CUSTOM), subnet("a", log_config=LOGS), subnet("b", network="google_compute_network.other")], "NET-001", P),
        ([Res("google_compute_network", "n", CUSTOM), subnet("b", network="google_compute_network.other")], "NET-001", P),  # no subnet yet
        ([Res("google_compute_network", "n", CUSTOM, actions=("no-op",)), subnet("a", log_config=LOGS)], "NET-001", U),  # others may exist
        ([Res("google_compute_network", "n", CUSTOM, actions=("no-op",)), subnet("b")], "NET-001", F),
        # DNS query logging through a server policy
        ([Res("google_compute_network", "n", CUSTOM)], "NET-108", F),
        ([Res("google_compute_network", "n", CUSTOM, actions=("no-op",))], "NET-108", U),
        ([Res("google_compute_network", "n", CUSTOM),
          Res("google_dns_policy", "p", {"name": "p", "enable_logging": True, "networks": [{"network_url": None}]},
              unknown={"networks": [{"network_url": True}]}, expressions={"networks": [{"network_url": ref("google_compute_network.n.id")}]})], "NET-108", P),
        ([Res("google_compute_network", "n", CUSTOM),
          Res("google_dns_policy", "p", {"name": "p", "enable_logging": False, "networks": [{"network_url": None}]},
              unknown={"networks": [{"network_url": True}]}, expressions={"networks": [{"network_url": ref("google_compute_network.n.id")}]})], "NET-108", F),
        ([Res("google_compute_network", "n", CUSTOM),
          Res("google_dns_policy", "p", {"name": "p", "enable_logging": True, "networks": [{"network_url": None}]},
              unknown={"networks": [{"network_url": True}]}, expressions={"networks": [{"network_url": ref("google_compute_network.other.id")}]})], "NET-108", F),
        ([Res("google_compute_network", "n", CUSTOM, actions=("no-op",)),
          Res("google_dns_policy", "p", {"name": "p", "enable_logging": True, "networks": [{"network_url": "projects/acme-prod/global/networks/prod"}]})], "NET-108", P),
    ],
)  # fmt: skip
def test_networks(tmp_path, resources, check, expected):
    assert verdict(gscan(tmp_path, *resources), NET, check) is expected


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        ({}, "NET-104", F),
        ({"log_config": LOGS}, "NET-104", P),
        ({"enable_flow_logs": True}, "NET-104", P),  # provider v3/v4
        ({"purpose": "REGIONAL_MANAGED_PROXY"}, "NET-104", N),
        ({"purpose": "GLOBAL_MANAGED_PROXY"}, "NET-104", N),
        ({}, "NET-105", F),
        ({"private_ip_google_access": False}, "NET-105", F),
        ({"private_ip_google_access": True}, "NET-105", P),
    ],
)  # fmt: skip
def test_subnets(tmp_path, values, check, expected):
    sub = Res(
        "google_compute_subnetwork",
        "s",
        {
            "name": "s",
            "region": "europe-west1",
            "ip_cidr_range": "10.0.0.0/24",
            "network": "prod",
            **values,
        },
    )
    assert verdict(gscan(tmp_path, sub), sub.address, check) is expected


def test_subnet_private_access_known_after_apply(tmp_path):
    sub = Res("google_compute_subnetwork", "s", {"name": "s", "network": "prod", "private_ip_google_access": None},
              unknown={"private_ip_google_access": True},
              expressions={"private_ip_google_access": ref("var.flag"), "network": {"constant_value": "prod"}})  # fmt: skip
    assert verdict(gscan(tmp_path, sub), sub.address, "NET-105") is U


@pytest.mark.parametrize(
    ("policy", "check", "expected"),
    [
        ({"schedule": [{"daily_schedule": [{"days_in_cycle": 1, "start_time": "04:00"}]}], "retention_policy": [{"max_retention_days": 7}]}, "BACKUP-004", P),
        ({"schedule": [{"daily_schedule": [{"days_in_cycle": 1, "start_time": "04:00"}]}], "retention_policy": [{"max_retention_days": 6}]}, "BACKUP-004", F),
        ({"schedule": [{"hourly_schedule": [{"hours_in_cycle": 4, "start_time": "04:00"}]}]}, "BACKUP-003", P),
        ({"schedule": [{"weekly_schedule": [{"day_of_weeks": [{"day": "MONDAY", "start_time": "04:00"}]}]}]}, "BACKUP-003", P),
    ],
)  # fmt: skip
def test_snapshot_schedules(tmp_path, policy, check, expected):
    res = Res(
        "google_compute_resource_policy",
        "daily",
        {"name": "daily", "region": "europe-west1", "snapshot_schedule_policy": [policy]},
    )
    assert verdict(gscan(tmp_path, res), res.address, check) is expected


def test_other_resource_policies_are_not_backup_plans(tmp_path):
    res = Res(
        "google_compute_resource_policy",
        "g",
        {"name": "g", "group_placement_policy": [{"vm_count": 2}]},
    )
    assert not verdicts(gscan(tmp_path, res), res.address)


def test_same_verdicts_as_the_live_fixture(tmp_path):
    """Network prod with subnets prod-app and prod-proxy, and the snapshot schedule daily of
    tests/providers/gcp/fixtures/acme-org.ndjson, as the plan that creates them."""
    network = Res(
        "google_compute_network",
        "prod",
        {"name": "prod", "project": "acme-prod", "auto_create_subnetworks": False},
    )
    app = Res(
        "google_compute_subnetwork",
        "prod-app",
        {
            "name": "prod-app",
            "region": "europe-west1",
            "ip_cidr_range": "10.10.0.0/24",
            "private_ip_google_access": True,
            "log_config": [{"aggregation_interval": "INTERVAL_5_SEC"}],
            "network": None,
        },
        unknown={"network": True},
        expressions={"network": ref("google_compute_network.prod.id")},
    )
    proxy = Res(
        "google_compute_subnetwork",
        "prod-proxy",
        {
            "name": "prod-proxy",
            "region": "europe-west1",
            "ip_cidr_range": "10.20.0.0/24",
            "purpose": "REGIONAL_MANAGED_PROXY",
            "network": None,
        },
        unknown={"network": True},
        expressions={"network": ref("google_compute_network.prod.id")},
    )
    daily = Res("google_compute_resource_policy", "daily", {"name": "daily", "region": "europe-west1", "snapshot_schedule_policy": [
        {"schedule": [{"daily_schedule": [{"days_in_cycle": 1, "start_time": "04:00"}]}], "retention_policy": [{"max_retention_days": 3}]}]})  # fmt: skip
    result = gscan(tmp_path, network, app, proxy, daily)
    cases = [(network, "prod", {"NET-001", "NET-101", "NET-102", "NET-103"}), (app, "prod-app", {"NET-104", "NET-105"}),
             (proxy, "prod-proxy", {"NET-104", "NET-105"}), (daily, "daily", {"BACKUP-003", "BACKUP-004"})]  # fmt: skip
    for res, name, checks in cases:
        planned = {c: s for c, s in verdicts(result, res.address).items() if c in checks}
        assert planned == live_verdicts(name, checks), name
        assert planned, name
