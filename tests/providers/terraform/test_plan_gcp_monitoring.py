# ruff: noqa: E501 - plan fixtures are written inline
"""Project monitoring, essential contacts and resource IAM grants in plans (semantics in
providers/terraform/gcp_monitoring.py; registry.terraform.io/providers/hashicorp/google/
latest/docs/resources/logging_project_sink, logging_metric, monitoring_alert_policy,
google_project_service, essential_contacts_contact, pubsub_topic_iam)."""

from __future__ import annotations

import json

import pytest

from scanner.api import Status
from tests.providers.gcp.test_log_alerts import CIS_FILTERS
from tests.providers.terraform.gplans import gscan, reason, verdict
from tests.providers.terraform.plans import Res, ref

P, F, U, N = Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE
CHECK_OF = {"project-ownership": "LOG-104", "audit-configuration": "LOG-105", "custom-roles": "LOG-106",
            "firewall-rules": "LOG-107", "routes": "LOG-108", "networks": "LOG-109",
            "storage-iam": "LOG-110", "sql-configuration": "LOG-111"}  # fmt: skip


def metric(name: str, text: str, **extra: object) -> Res:
    return Res(
        "google_logging_metric",
        name,
        {"name": name, "filter": text, "project": "acme-prod", **extra},
    )


def alert(name: str, metric_name: str, **extra: object) -> Res:
    condition = {
        "display_name": "c",
        "condition_threshold": [
            {
                "filter": f'metric.type="logging.googleapis.com/user/{metric_name}" AND resource.type="global"',
                "comparison": "COMPARISON_GT",
                "duration": "0s",
            }
        ],
    }
    return Res(
        "google_monitoring_alert_policy",
        name,
        {
            "display_name": name,
            "combiner": "OR",
            "project": "acme-prod",
            "conditions": [condition],
            **extra,
        },
    )


@pytest.mark.parametrize("kind", sorted(CHECK_OF))
def test_each_change_alert(tmp_path, kind):
    """A CIS metric with an enabled alert passes its check; the other kinds stay unknown."""
    result = gscan(tmp_path, metric("m", CIS_FILTERS[kind]), alert("a", "m"))
    for other, check in CHECK_OF.items():
        assert verdict(result, "google_logging_metric.m", check) is (P if other == kind else U), (
            check
        )


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([metric("m", CIS_FILTERS["firewall-rules"]), alert("a", "m", enabled=False)], "LOG-107", U),  # disabled alert
        ([metric("m", CIS_FILTERS["firewall-rules"], disabled=True), alert("a", "m")], "LOG-107", U),  # disabled metric
        ([metric("m", CIS_FILTERS["firewall-rules"]), alert("a", "other")], "LOG-107", U),  # another metric
        ([metric("m", CIS_FILTERS["firewall-rules"]), alert("a", "m", enabled=True)], "LOG-107", P),
        ([metric("m", CIS_FILTERS["routes"].replace(' OR protoPayload.methodName:"compute.routes.insert"', "")), alert("a", "m")], "LOG-108", U),  # a clause missing
        ([Res("google_monitoring_alert_policy", "a", {"display_name": "a", "project": "acme-prod", "combiner": "OR",
               "conditions": [{"display_name": "c", "condition_matched_log": [{"filter": CIS_FILTERS["sql-configuration"]}]}]})], "LOG-111", P),
        # sinks: an enabled sink with no filter and no active exclusion routes everything
        ([Res("google_logging_project_sink", "s", {"name": "all", "destination": "storage.googleapis.com/b", "project": "acme-prod"})], "LOG-103", P),
        ([Res("google_logging_project_sink", "s", {"name": "all", "destination": "storage.googleapis.com/b", "filter": "severity>=ERROR"})], "LOG-103", U),
        ([Res("google_logging_project_sink", "s", {"name": "all", "destination": "storage.googleapis.com/b", "disabled": True})], "LOG-103", U),
        ([Res("google_logging_project_sink", "s", {"name": "all", "destination": "storage.googleapis.com/b", "exclusions": [{"name": "x", "filter": "severity<ERROR"}]})], "LOG-103", U),
        ([Res("google_logging_project_sink", "s", {"name": "all", "destination": "storage.googleapis.com/b", "exclusions": [{"name": "x", "filter": "severity<ERROR", "disabled": True}]})], "LOG-103", P),
        ([Res("google_project_service", "s", {"service": "cloudasset.googleapis.com", "project": "acme-prod"})], "LOG-112", P),
        ([Res("google_project_service", "s", {"service": "compute.googleapis.com", "project": "acme-prod"})], "LOG-112", U),
    ],
)  # fmt: skip
def test_project_monitoring(tmp_path, resources, check, expected):
    assert verdict(gscan(tmp_path, *resources), resources[0].address, check) is expected


def test_unknown_reason_and_projects(tmp_path):
    result = gscan(tmp_path, metric("m", CIS_FILTERS["routes"]))
    assert "outside the plan" in reason(result, "google_logging_metric.m", "LOG-108")
    # an alert in another project does not cover this project's metric
    other = alert("a", "m", project="other")
    assert (
        verdict(
            gscan(tmp_path, metric("m", CIS_FILTERS["routes"]), other),
            "google_logging_metric.m",
            "LOG-108",
        )
        is U
    )


def contact(name: str, *categories: str, parent: str = "organizations/900") -> Res:
    return Res(
        "google_essential_contacts_contact",
        name,
        {
            "parent": parent,
            "email": f"{name}@acme.test",
            "language_tag": "en",
            "notification_category_subscriptions": list(categories),
        },
    )


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([contact("a", "ALL")], P),
        ([contact("a", "LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")], P),
        ([contact("a", "LEGAL", "SECURITY"), contact("b", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS")], P),
        ([contact("a", "LEGAL", "SECURITY", "SUSPENSION", "TECHNICAL")], U),  # others may exist
        ([contact("a", "LEGAL", "SECURITY"), contact("b", "SUSPENSION", "TECHNICAL", "TECHNICAL_INCIDENTS", parent="organizations/901")], U),
    ],
)  # fmt: skip
def test_essential_contacts(tmp_path, resources, expected):
    assert verdict(gscan(tmp_path, *resources), resources[0].address, "IAM-112") is expected


def test_project_contacts_are_not_organisation_contacts(tmp_path):
    result = gscan(tmp_path, contact("a", "ALL", parent="projects/acme-prod"))
    assert not [f for f in result.findings if f.check_id == "IAM-112"]


TOPIC = Res("google_pubsub_topic", "t", {"name": "t"})


def topic_member(who: str, **kw: object) -> Res:
    return Res("google_pubsub_topic_iam_member", "m", {"role": "roles/pubsub.publisher", "member": who, "topic": None},
               unknown={"topic": True}, expressions={"topic": ref("google_pubsub_topic.t.name"), "member": {"constant_value": who}}, **kw)  # fmt: skip


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        ([topic_member("allUsers")], F),
        ([topic_member("allAuthenticatedUsers")], F),
        ([topic_member("user:a@acme.test")], U),  # the topic's policy may hold other grants
        ([TOPIC, topic_member("user:a@acme.test")], P),  # a new topic: only the plan's grants
        ([Res("google_pubsub_topic", "t", {"name": "t"}, actions=("no-op",)), topic_member("user:a@acme.test")], U),
        # a new member (a planned service account) of an existing topic: still additive
        ([Res("google_service_account", "sa", {"account_id": "sa"}),
          Res("google_pubsub_topic_iam_member", "m", {"role": "roles/pubsub.publisher", "member": "serviceAccount:sa@acme-prod.iam.gserviceaccount.com", "topic": "projects/acme-prod/topics/t"},
              expressions={"topic": {"constant_value": "projects/acme-prod/topics/t"}, "member": ref("google_service_account.sa.email")})], U),
        ([Res("google_service_account_iam_binding", "m", {"service_account_id": "projects/acme-prod/serviceAccounts/a@acme-prod.iam.gserviceaccount.com", "role": "roles/iam.serviceAccountUser", "members": ["user:a@acme.test", "allUsers"]})], F),
        ([Res("google_cloud_run_service_iam_policy", "m", {"service": "s", "location": "europe-west1", "policy_data": json.dumps({"bindings": [{"role": "roles/run.invoker", "members": ["user:a@acme.test"]}]})})], P),
        ([Res("google_cloud_run_service_iam_policy", "m", {"service": "s", "location": "europe-west1", "policy_data": json.dumps({"bindings": [{"role": "roles/run.invoker", "members": ["allUsers"]}]})})], F),
    ],
)  # fmt: skip
def test_resource_iam(tmp_path, resources, expected):
    grant = resources[-1]
    assert verdict(gscan(tmp_path, *resources), grant.address, "IAM-113") is expected


def test_dedicated_iam_types_are_not_resource_policies(tmp_path):
    grant = Res(
        "google_storage_bucket_iam_member",
        "m",
        {"bucket": "b", "role": "roles/storage.objectViewer", "member": "allUsers"},
    )
    result = gscan(tmp_path, grant)
    assert not [f for f in result.findings if f.check_id == "IAM-113"]
