# ruff: noqa: E501 - plan fixtures are written inline
"""``google_compute_instance`` in plans (defaults cited in providers/terraform/gcp_compute.py;
registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance)."""

from __future__ import annotations

import pytest

from scanner.api import Status
from tests.providers.terraform.gplans import gscan, live_verdicts, reason, verdict, verdicts
from tests.providers.terraform.plans import Res, ref

P, F, U, N = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE
VM = "google_compute_instance.vm"
NIC = {"network": "default"}
SA = {"email": "app@acme-prod.iam.gserviceaccount.com", "scopes": ["cloud-platform"]}
SHIELDED = {"enable_vtpm": True, "enable_integrity_monitoring": True, "enable_secure_boot": False}
OSLOGIN_PROJECT = Res(
    "google_compute_project_metadata",
    "p",
    {"project": "acme-prod", "metadata": {"enable-oslogin": "TRUE"}},
)


def vm(**values: object) -> Res:
    base = {
        "name": "vm",
        "zone": "europe-west1-b",
        "machine_type": "e2-small",
        "network_interface": [NIC],
    }
    return Res("google_compute_instance", "vm", {**base, **values})


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        # can_ip_forward defaults to false
        ({}, "VM-106", P),
        ({"can_ip_forward": False}, "VM-106", P),
        ({"can_ip_forward": True}, "VM-106", F),
        # access_config omitted: "not accessible from the Internet"
        ({}, "VM-108", P),
        ({"network_interface": [{**NIC, "access_config": [{}]}]}, "VM-108", F),  # an empty block: an ephemeral IP
        ({"network_interface": [NIC, {**NIC, "access_config": [{"nat_ip": "203.0.113.9"}]}]}, "VM-108", F),  # the second NIC
        ({"network_interface": [{**NIC, "ipv6_access_config": [{"network_tier": "PREMIUM"}]}]}, "VM-108", F),
        # service_account: none without the block; no email (or "default") is the default account
        ({}, "VM-101", P),
        ({"service_account": [{"scopes": ["cloud-platform"]}]}, "VM-101", F),
        ({"service_account": [{"email": "default", "scopes": ["cloud-platform"]}]}, "VM-101", F),
        ({"service_account": [SA]}, "VM-101", P),
        ({"service_account": [{"scopes": ["cloud-platform"]}]}, "VM-102", F),  # alias canonicalised
        ({"service_account": [{"scopes": ["https://www.googleapis.com/auth/cloud-platform"]}]}, "VM-102", F),
        ({"service_account": [{"scopes": ["storage-ro", "logging-write"]}]}, "VM-102", P),
        ({"service_account": [SA]}, "VM-102", P),  # full scope, not the default account
        # shielded_instance_config: vTPM and integrity monitoring default true in the block
        ({"shielded_instance_config": [SHIELDED]}, "VM-107", P),
        ({"shielded_instance_config": [{"enable_secure_boot": True}]}, "VM-107", P),
        ({"shielded_instance_config": [{**SHIELDED, "enable_vtpm": False}]}, "VM-107", F),
        ({"shielded_instance_config": [{**SHIELDED, "enable_integrity_monitoring": False}]}, "VM-107", F),
        ({}, "VM-107", U),  # Computed from the image
        # confidential_instance_config: off by default
        ({}, "VM-109", F),
        ({"confidential_instance_config": [{"enable_confidential_compute": False}]}, "VM-109", F),
        ({"confidential_instance_config": [{"enable_confidential_compute": True}]}, "VM-109", P),
        ({"confidential_instance_config": [{"confidential_instance_type": "SEV_SNP"}]}, "VM-109", P),
        # block-project-ssh-keys is instance metadata only (default false)
        ({}, "VM-103", F),
        ({"metadata": {"block-project-ssh-keys": "true"}}, "VM-103", P),
        ({"metadata": {"block-project-ssh-keys": "false"}}, "VM-103", F),
        ({"metadata": {"enable-oslogin": "TRUE"}}, "VM-103", P),  # OS Login ignores metadata keys
        # enable-oslogin: the instance's value overrides the project's; else the project's
        ({"metadata": {"enable-oslogin": "TRUE"}}, "VM-104", P),
        ({"metadata": {"enable-oslogin": "FALSE"}}, "VM-104", F),
        ({}, "VM-104", U),  # project metadata not in the plan
        # serial-port-enable: off unless asked for (instance or project)
        ({"metadata": {"serial-port-enable": "false"}}, "VM-105", P),
        ({"metadata": {"serial-port-enable": "true"}}, "VM-105", U),  # an org policy may block it
        ({}, "VM-105", U),  # project metadata not in the plan
    ],
)  # fmt: skip
def test_instance(tmp_path, values, check, expected):
    assert verdict(gscan(tmp_path, vm(**values)), VM, check) is expected


@pytest.mark.parametrize(
    ("project", "check", "expected"),
    [
        (Res("google_compute_project_metadata", "p", {"project": "acme-prod", "metadata": {"enable-oslogin": "TRUE"}}), "VM-104", P),
        (Res("google_compute_project_metadata", "p", {"project": "acme-prod", "metadata": {"enable-oslogin": "FALSE"}}), "VM-104", F),
        (Res("google_compute_project_metadata", "p", {"project": "acme-prod", "metadata": {"foo": "bar"}}), "VM-104", F),  # authoritative: no key, off
        (Res("google_compute_project_metadata", "p", {"project": "other", "metadata": {"enable-oslogin": "TRUE"}}), "VM-104", U),  # another project
        (Res("google_compute_project_metadata", "p", {"metadata": {"enable-oslogin": "TRUE"}}), "VM-104", P),  # provider's project
        (Res("google_compute_project_metadata_item", "i", {"project": "acme-prod", "key": "enable-oslogin", "value": "TRUE"}), "VM-104", P),
        (Res("google_compute_project_metadata_item", "i", {"project": "acme-prod", "key": "enable-oslogin", "value": "FALSE"}), "VM-104", F),
        (Res("google_compute_project_metadata_item", "i", {"project": "acme-prod", "key": "foo", "value": "TRUE"}), "VM-104", U),  # additive: other keys unknown
        (Res("google_compute_project_metadata", "p", {"project": "acme-prod", "metadata": {"serial-port-enable": "TRUE"}}), "VM-105", U),
        (Res("google_compute_project_metadata", "p", {"project": "acme-prod", "metadata": {"serial-port-enable": "FALSE"}}), "VM-105", P),
        (Res("google_compute_project_metadata", "p", {"project": "acme-prod", "metadata": {}}), "VM-105", P),
    ],
)  # fmt: skip
def test_project_metadata(tmp_path, project, check, expected):
    assert verdict(gscan(tmp_path, vm(), project), VM, check) is expected


def test_project_metadata_needs_a_known_project(tmp_path):
    meta = Res("google_compute_project_metadata", "p", {"metadata": {"enable-oslogin": "TRUE"}})
    assert verdict(gscan(tmp_path, vm(), meta, project=None), VM, "VM-104") is U


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (Res("google_project_organization_policy", "o", {"project": "acme-prod", "constraint": "compute.disableSerialPortAccess", "boolean_policy": [{"enforced": True}]}), P),
        (Res("google_project_organization_policy", "o", {"project": "acme-prod", "constraint": "constraints/compute.disableSerialPortAccess", "boolean_policy": [{"enforced": False}]}), F),
        (Res("google_project_organization_policy", "o", {"project": "acme-prod", "constraint": "compute.requireOsLogin", "boolean_policy": [{"enforced": True}]}), U),
        (Res("google_org_policy_policy", "o", {"name": "projects/acme-prod/policies/compute.disableSerialPortAccess", "parent": "projects/acme-prod", "spec": [{"rules": [{"enforce": "TRUE"}]}]}), P),
        (Res("google_org_policy_policy", "o", {"name": "projects/acme-prod/policies/compute.disableSerialPortAccess", "parent": "projects/acme-prod", "spec": [{"rules": [{"enforce": "FALSE"}]}]}), F),
        (Res("google_org_policy_policy", "o", {"name": "projects/other/policies/compute.disableSerialPortAccess", "parent": "projects/other", "spec": [{"rules": [{"enforce": "TRUE"}]}]}), U),
    ],
)  # fmt: skip
def test_serial_port_org_policy(tmp_path, policy, expected):
    """compute.disableSerialPortAccess switches serial port access off whatever metadata says."""
    result = gscan(tmp_path, vm(metadata={"serial-port-enable": "TRUE"}), policy)
    assert verdict(result, VM, "VM-105") is expected


def test_unknown_values_name_the_attribute(tmp_path):
    sa = Res("google_compute_instance", "vm", {"name": "vm", "zone": "europe-west1-b", "network_interface": [NIC],
             "service_account": [{"scopes": ["cloud-platform"]}]},
             unknown={"service_account": [{"email": True}]},
             expressions={"service_account": [{"email": ref("data.external.sa.result"), "scopes": {"constant_value": ["cloud-platform"]}}]})  # fmt: skip
    result = gscan(tmp_path, sa)
    assert verdict(result, VM, "VM-101") is U
    assert "service_account.email" in reason(result, VM, "VM-101")
    planned_sa = Res("google_compute_instance", "vm", sa.values, unknown=sa.unknown,
                     expressions={"service_account": [{"email": ref("google_service_account.app.email")}]})  # fmt: skip
    assert verdict(gscan(tmp_path, planned_sa), VM, "VM-101") is P
    nic = Res(
        "google_compute_instance",
        "vm",
        {"name": "vm", "network_interface": []},
        unknown={"network_interface": True},
    )
    result = gscan(tmp_path, nic)
    assert verdict(result, VM, "VM-108") is U
    assert "network_interface" in reason(result, VM, "VM-108")


def test_gke_nodes_are_platform_managed(tmp_path):
    node = vm(name="gke-pool-1-abc", network_interface=[{**NIC, "access_config": [{}]}])
    result = gscan(tmp_path, node)
    assert verdict(result, VM, "VM-108") is N
    assert verdict(result, VM, "VM-101") is N


def test_same_verdicts_as_the_live_fixture(tmp_path):
    """The CAI fixture's instances app-1 and gke-pool-1 (tests/providers/gcp/fixtures/
    acme-org.ndjson, with project metadata enable-oslogin=TRUE) written as a plan."""
    app = Res(
        "google_compute_instance",
        "app-1",
        {
            "name": "app-1",
            "zone": "europe-west1-b",
            "project": "acme-prod",
            "can_ip_forward": False,
            "network_interface": [{"network": "prod"}],
            "labels": {"env": "prod"},
            "service_account": [
                {
                    "email": "app@acme-prod.iam.gserviceaccount.com",
                    "scopes": ["https://www.googleapis.com/auth/cloud-platform"],
                }
            ],
            "metadata": {"block-project-ssh-keys": "true"},
            "shielded_instance_config": [
                {
                    "enable_secure_boot": True,
                    "enable_vtpm": True,
                    "enable_integrity_monitoring": True,
                }
            ],
            "confidential_instance_config": [{"enable_confidential_compute": True}],
        },
    )
    node = Res("google_compute_instance", "gke-pool-1", {
        "name": "gke-pool-1", "zone": "europe-west1-b", "project": "acme-prod", "can_ip_forward": True,
        "network_interface": [{"network": "prod", "access_config": [{"nat_ip": "203.0.113.9"}]}],
        "service_account": [{"scopes": ["cloud-platform"]}], "labels": {"goog-gke-node": ""},
        "metadata": {"enable-oslogin": "FALSE", "serial-port-enable": "1"},
        "shielded_instance_config": [{"enable_vtpm": False, "enable_integrity_monitoring": False}]})  # fmt: skip
    result = gscan(tmp_path, app, node, OSLOGIN_PROJECT)
    checks = {f"VM-10{i}" for i in range(1, 10)}
    for res, name in ((app, "app-1"), (node, "gke-pool-1")):
        planned = {c: s for c, s in verdicts(result, res.address).items() if c in checks}
        expected = live_verdicts(name, checks)
        if name == "gke-pool-1":
            # serial port asked for: live reads the fixture's (absent) org policies as not
            # enforced; a plan cannot see inherited policies
            assert (expected.pop("VM-105"), planned.pop("VM-105")) == (F, U)
        assert planned == expected, name
