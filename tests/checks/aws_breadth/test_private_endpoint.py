"""Near-miss twins for NET-601 (endpoint policy full access) and NET-602 (private DNS).

Sources: AWS PrivateLink guide, "Control access to VPC endpoints using endpoint policies"
(https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html): the default
policy is ``{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}``; Gateway
Load Balancer endpoints do not support endpoint policies. "Enable private DNS names"
(https://docs.aws.amazon.com/vpc/latest/privatelink/manage-dns-names.html): without it the
service's default DNS name resolves to public addresses.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks.network.private_endpoint import (
    endpoint_policy_restricted,
    interface_endpoint_private_dns,
)
from scanner.findings import Status
from scanner.policy import parse_policy_document
from tests.checks.factories_aws_breadth import private_endpoint

PASS, FAIL, NA, UNKNOWN = Status.PASS, Status.FAIL, Status.NOT_APPLICABLE, Status.UNKNOWN
DEFAULT = {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}


def _judge(*statements: dict[str, Any], service: str = "s3", **overrides: Any) -> Status:
    doc = parse_policy_document({"Version": "2008-10-17", "Statement": list(statements)})
    endpoint = private_endpoint(policy_document=doc, target_service=service, **overrides)
    return endpoint_policy_restricted(endpoint).status


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (DEFAULT, FAIL),  # the default full-access policy
        ({**DEFAULT, "Principal": {"AWS": "*"}}, FAIL),
        ({**DEFAULT, "Action": "s3:*"}, FAIL),  # every action of the endpoint's service
        ({**DEFAULT, "Action": ["s3:GetObject", "*"]}, FAIL),
        ({**DEFAULT, "Action": "s3:Get*"}, PASS),  # near miss: read actions only
        ({**DEFAULT, "Action": "ecr:*"}, PASS),  # another service's actions only
        ({**DEFAULT, "NotAction": "s3:DeleteBucket", "Action": []}, PASS),
        ({**DEFAULT, "Resource": "arn:aws:s3:::app-artifacts/*"}, PASS),  # one bucket
        ({**DEFAULT, "Resource": ["arn:aws:s3:::a/*", "*"]}, FAIL),
        ({**DEFAULT, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}, PASS),
        ({**DEFAULT, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}, PASS),
        ({**DEFAULT, "Condition": {"StringEquals": {"aws:ResourceOrgID": "o-abc"}}}, PASS),
        ({**DEFAULT, "Condition": {"StringEquals": {"aws:ResourceAccount": "1234"}}}, PASS),
        # a condition the caller controls does not narrow anything
        ({**DEFAULT, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}, FAIL),
        ({**DEFAULT, "Condition": {"StringLike": {"aws:PrincipalOrgID": "*"}}}, FAIL),
        ({**DEFAULT, "Condition": {"StringEquals": {"custom:Thing": "x"}}}, UNKNOWN),
    ],
)
def test_endpoint_policy_scope(statement: dict[str, Any], expected: Status):
    statement = {k: v for k, v in statement.items() if v != []}
    assert _judge(statement) is expected


def test_a_deny_beside_full_access_narrows_it():
    outside = {"StringNotEquals": {"aws:ResourceOrgID": "o-a"}}
    deny = {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*",
            "Condition": outside}  # fmt: skip
    assert _judge(DEFAULT, deny) is PASS
    assert _judge(DEFAULT) is FAIL


def test_partner_service_endpoints_need_every_action():
    assert _judge(DEFAULT, service="") is FAIL
    assert _judge({**DEFAULT, "Action": "s3:*"}, service="") is PASS


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"endpoint_type": "gateway"}, FAIL),  # gateway endpoints take policies too
        ({"endpoint_type": "interface"}, FAIL),
        ({"endpoint_type": "gateway-load-balancer"}, NA),
        ({"endpoint_type": "service-network"}, NA),
        ({"has_policy": False, "policy_document": None}, NA),
        ({"state": "deleted"}, NA),  # no traffic flows any more
        ({"state": "rejected"}, NA),
        ({"state": "pending"}, FAIL),  # near miss: about to carry traffic
    ],
)
def test_endpoint_types(overrides: dict[str, Any], expected: Status):
    doc = parse_policy_document({"Statement": [DEFAULT]})
    endpoint = private_endpoint(**{"policy_document": doc, **overrides})
    assert endpoint_policy_restricted(endpoint).status is expected


def test_unreadable_policy_is_unknown():
    endpoint = private_endpoint(has_policy=True, policy_document=None)
    assert endpoint_policy_restricted(endpoint).status is UNKNOWN


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"private_dns": True}, PASS),
        ({"private_dns": False}, FAIL),
        ({"private_dns": None}, UNKNOWN),
        ({"endpoint_type": "gateway", "private_dns": None}, NA),
        ({"private_dns": False, "target_service": ""}, NA),  # partner service: its provider's DNS
        ({"private_dns": False, "state": "deleted"}, NA),
        ({"private_dns": False, "state": "pendingacceptance"}, FAIL),
    ],
)
def test_private_dns(overrides: dict[str, Any], expected: Status):
    assert interface_endpoint_private_dns(private_endpoint(**overrides)).status is expected


def test_one_full_statement_among_restricted_ones_fails():
    scoped = {**DEFAULT, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a/*"}
    assert _judge(scoped) is PASS
    assert _judge(scoped, DEFAULT) is FAIL  # near miss: the default statement left in
    org = {**DEFAULT, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}
    assert _judge(org, {**DEFAULT, "Action": "s3:*"}) is FAIL


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ({**DEFAULT, "Resource": [], "NotResource": "arn:aws:s3:::secret/*"}, PASS),
        ({**DEFAULT, "Action": "s3:*Object"}, PASS),  # near miss: object actions only
        ({**DEFAULT, "Action": "S3:*"}, FAIL),  # actions are case-insensitive
        ({**DEFAULT, "Action": "s3*"}, FAIL),
    ],
)
def test_action_and_resource_patterns(statement: dict[str, Any], expected: Status):
    statement = {k: v for k, v in statement.items() if v != []}
    assert _judge(statement) is expected
