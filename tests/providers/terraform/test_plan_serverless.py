# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Edge cases of providers/terraform/aws_serverless.py: near-miss twins on each attribute
a check reads, defaults, joins, and values known after apply.

registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/:
redshiftserverless_namespace (kms_key_id, log_exports, admin_username),
redshiftserverless_workgroup (namespace_name, publicly_accessible, enhanced_vpc_routing,
config_parameter require_ssl), opensearchserverless_collection and
opensearchserverless_security_policy (type encryption / network, policy JSON),
ecs_service (launch_type, capacity_provider_strategy, platform_version,
network_configuration.assign_public_ip), eks_node_group (remote_access.ec2_ssh_key,
source_security_group_ids).
"""

from __future__ import annotations

import json

import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.plans import scan_plan as _scan
from tests.providers.terraform.plans import verdict_of as _verdict

# fmt: off
KEY = Res("aws_kms_key", "k", {"enable_key_rotation": True}, unknown={"arn": True, "key_id": True})






def _ns(values: dict | None = None, **expressions: dict) -> Res:
    base = {"namespace_name": "ns", **(values or {})}
    exprs = {k: {"constant_value": v} for k, v in base.items()}
    exprs.update(expressions)
    return Res("aws_redshiftserverless_namespace", "ns", base, unknown={"arn": True}, expressions=exprs)


def _wg(values: dict | None = None, namespace: dict | None = None) -> Res:
    base = {"workgroup_name": "wg", "namespace_name": "ns", **(values or {})}
    exprs = {k: {"constant_value": v} for k, v in base.items() if k != "config_parameter"}
    if "config_parameter" in base:
        exprs["config_parameter"] = [{k: {"constant_value": v} for k, v in p.items()} for p in base["config_parameter"]]
    exprs["namespace_name"] = namespace or ref("aws_redshiftserverless_namespace.ns.namespace_name")
    return Res("aws_redshiftserverless_workgroup", "wg", base, unknown={"arn": True}, expressions=exprs)


SSL = [{"parameter_key": "require_ssl", "parameter_value": "true"}]


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        # key: AWS owned by default; a key of the plan is customer managed; an outside key
        # known only after apply is unknown
        ([_ns()], "WH-104", Status.FAIL),
        ([KEY, _ns(kms_key_id=ref("aws_kms_key.k.arn"))], "WH-104", Status.PASS),
        ([_ns({"kms_key_id": "arn:aws:kms:eu-west-1:1:key/abc"})], "WH-104", Status.PASS),
        ([_ns(kms_key_id=ref("data.aws_kms_key.shared.arn"))], "WH-104", Status.UNKNOWN),
        # logs: connectionlog and userlog both required
        ([_ns({"log_exports": ["userlog", "connectionlog"]})], "WH-106", Status.PASS),
        ([_ns({"log_exports": ["userlog", "useractivitylog"]})], "WH-106", Status.FAIL),
        ([_ns({"log_exports": ["connectionlog"]})], "WH-106", Status.FAIL),
        ([_ns()], "WH-106", Status.FAIL),
        # admin user name: the default 'admin' fails, another passes, unset is unknown
        ([_ns({"admin_username": "admin"})], "WH-105", Status.FAIL),
        ([_ns({"admin_username": "admin1"})], "WH-105", Status.PASS),
        ([_ns()], "WH-105", Status.UNKNOWN),
        # no workgroup: nothing serves the data
        ([_ns()], "WH-101", Status.NOT_APPLICABLE),
        # publicly_accessible / enhanced_vpc_routing: sent only when true, false otherwise
        ([_ns(), _wg()], "WH-101", Status.PASS),
        ([_ns(), _wg({"publicly_accessible": True})], "WH-101", Status.FAIL),
        ([_ns(), _wg()], "WH-102", Status.FAIL),
        ([_ns(), _wg({"enhanced_vpc_routing": True})], "WH-102", Status.PASS),
        # a workgroup naming the namespace literally joins; another namespace's does not
        ([_ns(), _wg({"publicly_accessible": True}, namespace={"constant_value": "ns"})], "WH-101", Status.FAIL),
        ([_ns(), _wg({"publicly_accessible": True, "namespace_name": "other"}, namespace={"constant_value": "other"})], "WH-101", Status.NOT_APPLICABLE),
        # require_ssl: set true / false; omitted is the service's (computed): unknown
        ([_ns(), _wg({"config_parameter": SSL})], "WH-103", Status.PASS),
        ([_ns(), _wg({"config_parameter": [{"parameter_key": "require_ssl", "parameter_value": "false"}]})], "WH-103", Status.FAIL),
        ([_ns(), _wg()], "WH-103", Status.UNKNOWN),
        ([_ns(), Res("aws_redshiftserverless_workgroup", "wg", {"workgroup_name": "wg", "namespace_name": "ns"}, unknown={"publicly_accessible": True},
                     expressions={"namespace_name": ref("aws_redshiftserverless_namespace.ns.namespace_name"), "publicly_accessible": ref("var.public")})],
         "WH-101", Status.UNKNOWN),
    ],
)
def test_serverless_warehouse_twins(tmp_path, resources, check, expected):
    status, _ = _verdict(_scan(tmp_path, *resources), "aws_redshiftserverless_namespace.ns", check)
    assert status is expected


def _policy(kind: str, body: object, name: str = "p") -> Res:
    return Res("aws_opensearchserverless_security_policy", name, {"name": name, "type": kind, "policy": json.dumps(body)})


def _net(pattern: str, public: bool, kind: str = "collection") -> list:
    return [{"Rules": [{"ResourceType": kind, "Resource": [pattern]}], "AllowFromPublic": public}]


def _enc(pattern: str, owned: bool) -> dict:
    return {"Rules": [{"ResourceType": "collection", "Resource": [pattern]}], "AWSOwnedKey": owned,
            **({} if owned else {"KmsARN": "arn:aws:kms:eu-west-1:1:key/abc"})}


COLLECTION = Res("aws_opensearchserverless_collection", "c", {"name": "logs-prod"}, unknown={"kms_key_arn": True, "arn": True})


@pytest.mark.parametrize(
    ("resources", "check", "expected"),
    [
        ([_policy("encryption", _enc("collection/logs-prod", owned=False))], "SEARCH-101", Status.PASS),
        ([_policy("encryption", _enc("collection/logs-prod", owned=True))], "SEARCH-101", Status.FAIL),
        # the most specific matching policy wins: exact name over wildcard, longer prefix first
        ([_policy("encryption", _enc("collection/logs-prod", owned=False), "a"), _policy("encryption", _enc("collection/logs*", owned=True), "b")], "SEARCH-101", Status.PASS),
        ([_policy("encryption", _enc("collection/logs-*", owned=False), "a"), _policy("encryption", _enc("collection/l*", owned=True), "b")], "SEARCH-101", Status.PASS),
        ([_policy("encryption", _enc("collection/logs-*", owned=True), "a"), _policy("encryption", _enc("collection/l*", owned=False), "b")], "SEARCH-101", Status.FAIL),
        # no encryption policy for it in the plan: one outside the plan applies
        ([_policy("encryption", _enc("collection/metrics*", owned=False))], "SEARCH-101", Status.UNKNOWN),
        ([], "SEARCH-101", Status.UNKNOWN),
        # network: public rule for it (exact, wildcard, dashboard) fails; private passes
        ([_policy("network", _net("collection/logs-prod", public=False))], "SEARCH-102", Status.PASS),
        ([_policy("network", _net("collection/logs-prod", public=True))], "SEARCH-102", Status.FAIL),
        ([_policy("network", _net("collection/logs*", public=True))], "SEARCH-102", Status.FAIL),
        ([_policy("network", _net("collection/logs-prod", public=True, kind="dashboard"))], "SEARCH-102", Status.FAIL),
        # a public rule overrides a private one for the same collection
        ([_policy("network", _net("collection/logs-prod", public=False), "a"), _policy("network", _net("collection/*", public=True), "b")], "SEARCH-102", Status.FAIL),
        # public rules for other collections do not matter; none for it: unknown
        ([_policy("network", _net("collection/logs-prod", public=False), "a"), _policy("network", _net("collection/metrics", public=True), "b")], "SEARCH-102", Status.PASS),
        ([_policy("network", _net("collection/metrics", public=True))], "SEARCH-102", Status.UNKNOWN),
    ],
)
def test_search_collection_twins(tmp_path, resources, check, expected):
    status, _ = _verdict(_scan(tmp_path, COLLECTION, *resources), "aws_opensearchserverless_collection.c", check)
    assert status is expected


def test_a_collection_policy_known_after_apply_is_not_judged(tmp_path):
    policy = Res("aws_opensearchserverless_security_policy", "p", {"name": "p", "type": "network"}, unknown={"policy": True},
                 expressions={"policy": ref("data.aws_iam_policy_document.x.json")})
    status, reason = _verdict(_scan(tmp_path, COLLECTION, policy), "aws_opensearchserverless_collection.c", "SEARCH-102")
    assert status is Status.UNKNOWN
    assert "aws_opensearchserverless_security_policy.p.policy" in reason


def _svc(values: dict) -> Res:
    return Res("aws_ecs_service", "s", {"name": "s", **values}, unknown={"cluster": True})


@pytest.mark.parametrize(
    ("values", "check", "expected"),
    [
        ({"launch_type": "FARGATE"}, "CTR-102", Status.PASS),  # platform_version: LATEST
        ({"launch_type": "FARGATE", "platform_version": "1.4.0"}, "CTR-102", Status.PASS),
        ({"launch_type": "FARGATE", "platform_version": "1.3.0"}, "CTR-102", Status.FAIL),
        ({"launch_type": "EC2"}, "CTR-102", Status.NOT_APPLICABLE),
        ({"capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1}], "platform_version": "1.3.0"}, "CTR-102", Status.FAIL),
        ({}, "CTR-102", Status.UNKNOWN),  # the cluster's default strategy decides
        ({"launch_type": "FARGATE", "network_configuration": [{"subnets": ["subnet-1"]}]}, "CTR-101", Status.PASS),
        ({"launch_type": "FARGATE", "network_configuration": [{"subnets": ["subnet-1"], "assign_public_ip": False}]}, "CTR-101", Status.PASS),
        ({"launch_type": "FARGATE", "network_configuration": [{"subnets": ["subnet-1"], "assign_public_ip": True}]}, "CTR-101", Status.FAIL),
    ],
)
def test_container_service_twins(tmp_path, values, check, expected):
    status, _ = _verdict(_scan(tmp_path, _svc(values)), "aws_ecs_service.s", check)
    assert status is expected


def test_public_ip_known_after_apply(tmp_path):
    service = Res("aws_ecs_service", "s", {"name": "s", "launch_type": "FARGATE", "network_configuration": [{"subnets": ["subnet-1"]}]},
                  unknown={"network_configuration": [{"assign_public_ip": True}]},
                  expressions={"network_configuration": [{"assign_public_ip": ref("var.public")}]})
    status, reason = _verdict(_scan(tmp_path, service), "aws_ecs_service.s", "CTR-101")
    assert status is Status.UNKNOWN
    assert "assign_public_ip" in reason


@pytest.mark.parametrize(
    ("remote", "unknown", "expected"),
    [
        (None, {}, Status.PASS),
        ([{"ec2_ssh_key": "ops"}], {}, Status.FAIL),
        ([{"ec2_ssh_key": "ops", "source_security_group_ids": []}], {}, Status.FAIL),
        ([{"ec2_ssh_key": "ops", "source_security_group_ids": ["sg-1"]}], {}, Status.PASS),
        # a security group of the plan, its id known after apply
        ([{"ec2_ssh_key": "ops"}], {"remote_access": [{"source_security_group_ids": True}]}, Status.PASS),
    ],
)
def test_node_group_ssh(tmp_path, remote, unknown, expected):
    values = {"cluster_name": "c", "node_group_name": "ng", **({"remote_access": remote} if remote else {})}
    group = Res("aws_eks_node_group", "ng", values, unknown=unknown)
    status, _ = _verdict(_scan(tmp_path, group), "aws_eks_node_group.ng", "KUBE-301")
    assert status is expected


def test_count_instances_join_by_key(tmp_path):
    # workgroup[n] names namespace[count.index]: Terraform lists the reference without
    # the dynamic index, and the instances pair by their count key
    resources = [Res("aws_redshiftserverless_namespace", "ns", {"namespace_name": f"ns-{n}"}, index=n) for n in (0, 1)]
    resources += [Res("aws_redshiftserverless_workgroup", "wg", {"workgroup_name": f"wg-{n}", "namespace_name": f"ns-{n}", "publicly_accessible": n == 0},
                      index=n, unknown={"namespace_name": True},
                      expressions={"namespace_name": {"references": ["aws_redshiftserverless_namespace.ns"]}}) for n in (0, 1)]
    result = _scan(tmp_path, *resources)
    assert _verdict(result, "aws_redshiftserverless_namespace.ns[0]", "WH-101")[0] is Status.FAIL
    assert _verdict(result, "aws_redshiftserverless_namespace.ns[1]", "WH-101")[0] is Status.PASS
# fmt: on
