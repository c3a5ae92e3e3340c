"""Log-based metric filters against CIS GCP v5.0 2.5-2.12, and alert policy conditions.

Filters are the ones CIS prints for each recommendation (Cloud Logging query language,
https://cloud.google.com/logging/docs/view/logging-query-language); alert policy fields per
the Monitoring v3 AlertPolicy reference (``enabled`` defaults to true on write).
"""

from __future__ import annotations

import pytest

from providers.gcp.log_alerts import (
    CHANGE_KINDS,
    alerted_kinds,
    kinds_matched,
    mentions,
    metric_kinds,
    normalise,
)

CIS_FILTERS = {
    "project-ownership": '(protoPayload.serviceName="cloudresourcemanager.googleapis.com") AND '
    "(ProjectOwnership OR projectOwnerInvitee) OR "
    '(protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND '
    'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner") OR '
    '(protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND '
    'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")',
    "audit-configuration": 'protoPayload.methodName="SetIamPolicy" AND '
    "protoPayload.serviceData.policyDelta.auditConfigDeltas:*",
    "custom-roles": 'resource.type="iam_role" AND (protoPayload.methodName = '
    '"google.iam.admin.v1.CreateRole" OR protoPayload.methodName="google.iam.admin.v1.DeleteRole" '
    'OR protoPayload.methodName="google.iam.admin.v1.UpdateRole")',
    "firewall-rules": 'resource.type="gce_firewall_rule" AND '
    '(protoPayload.methodName:"compute.firewalls.patch" OR '
    'protoPayload.methodName:"compute.firewalls.insert" OR '
    'protoPayload.methodName:"compute.firewalls.delete")',
    "routes": 'resource.type="gce_route" AND (protoPayload.methodName:"compute.routes.delete" '
    'OR protoPayload.methodName:"compute.routes.insert")',
    "networks": 'resource.type="gce_network" AND '
    '(protoPayload.methodName:"compute.networks.insert" OR '
    'protoPayload.methodName:"compute.networks.patch" OR '
    'protoPayload.methodName:"compute.networks.delete" OR '
    'protoPayload.methodName:"compute.networks.removePeering" OR '
    'protoPayload.methodName:"compute.networks.addPeering")',
    "storage-iam": 'resource.type="gcs_bucket" AND '
    'protoPayload.methodName="storage.setIamPermissions"',
    "sql-configuration": 'protoPayload.methodName="cloudsql.instances.update"',
}


def test_every_kind_has_its_cis_filter():
    assert set(CIS_FILTERS) == set(CHANGE_KINDS)


@pytest.mark.parametrize(("kind", "text"), sorted(CIS_FILTERS.items()))
def test_cis_filter_matches_its_kind_only(kind, text):
    assert kinds_matched(text) == {kind}
    assert kinds_matched(text.replace('"', "'").replace(" ", "\n  ")) == {kind}
    assert kinds_matched(text.replace('"', "")) == {kind}  # unquoted values are valid too
    assert kinds_matched(text.replace("=", " = ")) == {kind}


@pytest.mark.parametrize(
    ("kind", "clause"), [(k, c) for k, clauses in sorted(CHANGE_KINDS.items()) for c in clauses]
)
def test_a_filter_missing_one_clause_does_not_match(kind, clause):
    """The near miss of every clause: drop it and the filter no longer covers the kind."""
    text = normalise(CIS_FILTERS[kind])
    assert clause in text
    crippled = text.replace(clause, "x")
    assert kind not in kinds_matched(crippled)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'resource.type="gce_route" AND protoPayload.methodName:"compute.routes.delete" '
            'OR protoPayload.methodName:"compute.routes.insert"',
            {"routes"},
        ),
        # a longer resource type or method name is not the one CIS names
        (
            'resource.type="gce_route_v2" AND protoPayload.methodName:"compute.routes.delete" '
            'OR protoPayload.methodName:"compute.routes.insert"',
            set(),
        ),
        (
            'resource.type="gce_route" AND protoPayload.methodName:"compute.routes.deleteAll" '
            'OR protoPayload.methodName:"compute.routes.insert"',
            set(),
        ),
    ],
)
def test_clauses_are_whole_terms(text, expected):
    assert kinds_matched(text) == expected


def test_mentions_whole_metric_names_only():
    assert mentions(
        'metric.type="logging.googleapis.com/user/fw"', "logging.googleapis.com/user/fw"
    )
    assert not mentions(
        'metric.type="logging.googleapis.com/user/fw-v2"', "logging.googleapis.com/user/fw"
    )
    assert mentions("x logging.googleapis.com/user/fw", "logging.googleapis.com/user/fw")


def _threshold(metric: str) -> dict:
    return {"conditionThreshold": {"filter": f'metric.type="logging.googleapis.com/user/{metric}"'}}


def test_disabled_metric_is_left_out():
    metrics = metric_kinds(
        [
            {"name": "sql", "filter": CIS_FILTERS["sql-configuration"], "disabled": True},
            {"name": "routes", "filter": CIS_FILTERS["routes"], "disabled": "false"},
        ]
    )
    assert metrics == {"routes": {"routes"}}


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ({"conditions": [_threshold("m")]}, {"routes"}),  # enabled unset: enabled
        ({"enabled": True, "conditions": [_threshold("m")]}, {"routes"}),
        ({"enabled": {"value": False}, "conditions": [_threshold("m")]}, set()),
        ({"enabled": False, "conditions": [_threshold("m")]}, set()),
        ({"conditions": [_threshold("m2")]}, set()),
        (
            {
                "conditions": [
                    {"conditionAbsent": {"filter": _threshold("m")["conditionThreshold"]["filter"]}}
                ]
            },
            {"routes"},
        ),
        (
            {
                "conditions": [
                    {
                        "conditionPrometheusQueryLanguage": {
                            "query": "sum(rate(logging_googleapis_com:user_m[1m])) > 0"
                        }
                    }
                ]
            },
            {"routes"},
        ),
        (
            {
                "condition_matched_log": {},
                "conditions": [
                    {"condition_matched_log": {"filter": CIS_FILTERS["sql-configuration"]}}
                ],
            },
            {"sql-configuration"},
        ),
    ],
)
def test_alert_policy_conditions(policy, expected):
    assert alerted_kinds([policy], {"m": {"routes"}}) == expected
