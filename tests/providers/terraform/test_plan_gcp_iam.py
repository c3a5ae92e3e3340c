# ruff: noqa: E501 - plan fixtures are written inline
"""Project/folder/organisation IAM and audit configs in plans (semantics in
providers/terraform/gcp_iam.py; registry.terraform.io/providers/hashicorp/google/latest/
docs/resources/google_project_iam: ``_policy`` authoritative, ``_binding``/``_member``
additive; google_project_iam#google_project_iam_audit_config)."""

from __future__ import annotations

import json

import pytest

from scanner.api import Status
from tests.providers.terraform.gplans import gscan, live_verdicts, reason, verdict, verdicts
from tests.providers.terraform.plans import Res, ref

P, F, U, N = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE
SA = "serviceAccount:app@acme-prod.iam.gserviceaccount.com"
AGENT = "serviceAccount:2001@cloudservices.gserviceaccount.com"


def member(name: str, role: str, who: str, **extra: object) -> Res:
    return Res(
        "google_project_iam_member",
        name,
        {"project": "acme-prod", "role": role, "member": who, **extra},
    )


def binding(name: str, role: str, *who: str, **extra: object) -> Res:
    return Res(
        "google_project_iam_binding",
        name,
        {"project": "acme-prod", "role": role, "members": list(who), **extra},
    )


def policy(name: str, bindings: list[dict[str, object]], **extra: object) -> Res:
    data = json.dumps({"bindings": bindings, **extra})
    return Res("google_project_iam_policy", name, {"project": "acme-prod", "policy_data": data})


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        # additive grants: a failing grant fails, otherwise the rest of the policy is unknown
        ([member("m", "roles/editor", "user:alice@acme.test")], "IAM-104", F),
        ([member("m", "roles/owner", "user:alice@acme.test")], "IAM-104", F),
        ([member("m", "roles/viewer", "user:alice@acme.test")], "IAM-104", U),
        ([member("m", "roles/editor", "group:devs@acme.test")], "IAM-104", U),  # users only
        ([member("m", "roles/editor", "user:alice@acme.test", condition=[{"title": "t", "expression": "request.time < timestamp('2027-01-01T00:00:00Z')"}])], "IAM-104", U),  # conditional
        ([binding("b", "roles/editor", "user:bob@acme.test", "group:g@acme.test")], "IAM-104", F),
        ([member("m", "roles/viewer", "allUsers")], "IAM-103", F),
        ([member("m", "roles/viewer", "allAuthenticatedUsers")], "IAM-103", F),
        ([member("m", "roles/viewer", "domain:acme.test")], "IAM-103", U),
        ([member("m", "roles/editor", SA)], "IAM-101", F),
        ([member("m", "roles/storage.admin", SA)], "IAM-101", F),
        ([member("m", "roles/storage.objectViewer", SA)], "IAM-101", U),
        ([member("m", "roles/editor", AGENT)], "IAM-101", U),  # a Google service agent
        ([member("m", "roles/iam.serviceAccountUser", "user:dev@acme.test")], "IAM-102", F),
        ([member("m", "roles/iam.serviceAccountTokenCreator", "group:devs@acme.test")], "IAM-102", F),
        ([member("m", "roles/iam.serviceAccountUser", SA)], "IAM-102", U),
        # both duties to one person across two additive resources
        ([member("a", "roles/iam.serviceAccountAdmin", "user:x@acme.test"), member("b", "roles/iam.serviceAccountUser", "user:x@acme.test")], "IAM-105", F),
        ([member("a", "roles/iam.serviceAccountAdmin", "user:x@acme.test"), member("b", "roles/iam.serviceAccountUser", "user:y@acme.test")], "IAM-105", U),
        ([member("a", "roles/cloudkms.admin", "user:x@acme.test"), binding("b", "roles/cloudkms.cryptoKeyDecrypter", "user:x@acme.test")], "IAM-106", F),
        ([member("a", "roles/cloudkms.admin", "user:x@acme.test"), member("b", "roles/cloudkms.viewer", "user:x@acme.test")], "IAM-106", U),
        # grants on two projects are two policies
        ([member("a", "roles/iam.serviceAccountAdmin", "user:x@acme.test"),
          Res("google_project_iam_member", "b", {"project": "other", "role": "roles/iam.serviceAccountUser", "member": "user:x@acme.test"})], "IAM-105", U),
        # authoritative: the whole policy
        ([policy("p", [{"role": "roles/viewer", "members": ["user:alice@acme.test"]}])], "IAM-104", P),
        ([policy("p", [{"role": "roles/editor", "members": ["user:alice@acme.test"]}])], "IAM-104", F),
        ([policy("p", [{"role": "roles/viewer", "members": ["user:alice@acme.test"]}])], "IAM-103", P),
        ([policy("p", [{"role": "roles/viewer", "members": ["allUsers"]}])], "IAM-103", F),
        ([policy("p", [{"role": "roles/iam.serviceAccountAdmin", "members": ["user:x@acme.test"]}, {"role": "roles/iam.serviceAccountUser", "members": ["user:y@acme.test"]}])], "IAM-105", P),
        ([policy("p", [{"role": "roles/iam.serviceAccountUser", "members": ["group:g@acme.test"]}])], "IAM-102", F),
    ],
)  # fmt: skip
def test_project_iam(tmp_path, resources, check, expected):
    result = gscan(tmp_path, *resources)
    assert verdict(result, resources[0].address, check) is expected


def test_partial_reason_and_folder_target(tmp_path):
    result = gscan(tmp_path, member("m", "roles/viewer", "user:a@acme.test"))
    assert "additive" in reason(result, "google_project_iam_member.m", "IAM-104")
    folder = Res(
        "google_folder_iam_member",
        "f",
        {
            "folder": "folders/123",
            "role": "roles/iam.serviceAccountUser",
            "member": "user:a@acme.test",
        },
    )
    result = gscan(tmp_path, folder)
    assert verdict(result, folder.address, "IAM-102") is N  # a project-level rule
    org = Res(
        "google_organization_iam_binding",
        "o",
        {"org_id": "900", "role": "roles/owner", "members": ["user:a@acme.test"]},
    )
    assert verdict(gscan(tmp_path, org), org.address, "IAM-104") is F


def test_unknown_members(tmp_path):
    unknown = Res("google_project_iam_member", "m", {"project": "acme-prod", "role": "roles/editor", "member": None},
                  unknown={"member": True}, expressions={"role": {"constant_value": "roles/editor"}, "member": ref("google_service_account.app.email")})  # fmt: skip
    result = gscan(tmp_path, unknown)
    assert verdict(result, unknown.address, "IAM-101") is U
    assert "member" in reason(result, unknown.address, "IAM-101")
    data = Res("google_project_iam_policy", "p", {"project": "acme-prod", "policy_data": None}, unknown={"policy_data": True},
               expressions={"policy_data": ref("data.google_iam_policy.p.policy_data")})  # fmt: skip
    result = gscan(tmp_path, data)
    assert verdict(result, data.address, "IAM-104") is U
    # the project from the provider configuration, or unknown; grants still judged
    alone = Res(
        "google_project_iam_member", "m", {"role": "roles/owner", "member": "user:a@acme.test"}
    )
    assert verdict(gscan(tmp_path, alone, project=None), alone.address, "IAM-104") is F


def audit(name: str, service: str, *logs: dict[str, object]) -> Res:
    return Res(
        "google_project_iam_audit_config",
        name,
        {"project": "acme-prod", "service": service, "audit_log_config": list(logs)},
    )


ALL = [{"log_type": "ADMIN_READ"}, {"log_type": "DATA_READ"}, {"log_type": "DATA_WRITE"}]


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([audit("a", "allServices", *ALL)], "LOG-101", P),
        ([audit("a", "allServices", *ALL[:2])], "LOG-101", U),  # an ancestor may add DATA_WRITE
        ([audit("a", "storage.googleapis.com", *ALL)], "LOG-101", U),  # one service only
        ([audit("a", "allServices", *ALL[:2]), audit("b", "allServices", ALL[2])], "LOG-101", P),
        ([audit("a", "allServices", *ALL)], "LOG-102", U),  # ancestors may exempt
        ([audit("a", "allServices", {"log_type": "DATA_READ", "exempted_members": ["user:x@acme.test"]})], "LOG-102", F),
        ([policy("p", [], auditConfigs=[{"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"}, {"logType": "DATA_READ"}, {"logType": "DATA_WRITE", "exemptedMembers": ["user:x@acme.test"]}]}])], "LOG-102", F),
        ([policy("p", [], auditConfigs=[{"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"}, {"logType": "DATA_READ"}, {"logType": "DATA_WRITE"}]}])], "LOG-101", P),
    ],
)  # fmt: skip
def test_audit_configs(tmp_path, resources, check, expected):
    assert verdict(gscan(tmp_path, *resources), resources[0].address, check) is expected


def test_same_verdicts_as_the_live_fixture(tmp_path):
    """acme-prod's IAM policy (tests/providers/gcp/fixtures/acme-org.ndjson) written as
    an authoritative google_project_iam_policy: the same verdicts as the live scan."""
    bindings = [
        {"role": "roles/editor", "members": [SA, AGENT]},
        {"role": "roles/iam.serviceAccountUser", "members": ["user:dev@acme.test"]},
        {"role": "roles/viewer", "members": ["allUsers"]},
        {"role": "roles/cloudkms.admin", "members": ["user:ops@acme.test"]},
        {"role": "roles/cloudkms.cryptoKeyEncrypterDecrypter", "members": ["user:ops@acme.test"]},
    ]
    result = gscan(tmp_path, policy("p", bindings))
    checks = {f"IAM-10{i}" for i in range(1, 7)}
    planned = {
        c: s for c, s in verdicts(result, "google_project_iam_policy.p").items() if c in checks
    }
    assert planned == live_verdicts("acme-prod", checks)
    # the same grants as additive members: the failures stand, the passes are unknown
    members = [member(f"m{i}", b["role"], m) for i, b in enumerate(bindings) for m in b["members"]]
    additive = verdicts(gscan(tmp_path, *members), "google_project_iam_member.m0")
    expected = {c: (U if s is P else s) for c, s in live_verdicts("acme-prod", checks).items()}
    assert {c: s for c, s in additive.items() if c in checks} == expected
