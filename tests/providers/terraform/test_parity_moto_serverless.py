# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree: ECS services, EKS managed node groups and OpenSearch Serverless
collections, each planned and seeded in moto as the AWS provider would create it.

moto cannot create Redshift Serverless namespaces or workgroups (the service is not
implemented: both listings answer 404), and its OpenSearch Serverless encryption
policies accept only ``KmsARN`` (an ``AWSOwnedKey`` policy fails CreateCollection). Those
twins are judged here against the documented API shapes instead: the plan's verdicts
equal the checks' verdicts on the live mapper's model of the Namespace / Workgroup /
CollectionDetail objects the service returns after apply (Redshift Serverless API
reference, Namespace and Workgroup; OpenSearch Serverless API reference, CollectionDetail).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest

from providers.aws.opensearch_serverless import to_search_collection
from providers.aws.redshift_serverless import to_serverless_warehouse
from scanner.api import Status
from scanner.registry import load
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.test_parity_moto import REGION, _live_verdicts, _plan_verdicts

# fmt: off
NOW = datetime(2026, 12, 1, tzinfo=UTC)
KEY = f"arn:aws:kms:{REGION}:123456789012:key/0f7c3a52-1111-4222-8333-444455556666"


@pytest.mark.parametrize("hardened", [True, False])
def test_ecs_fargate_service(mocked_aws, tmp_path, hardened):
    checks = ["CTR-101", "CTR-102"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="svc", Description="d", VpcId=vpc)["GroupId"]
    version = "LATEST" if hardened else "1.3.0"
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_ecs_service", "svc", {"name": "parity-svc", "launch_type": "FARGATE", "platform_version": version, "desired_count": 1,
            "network_configuration": [{"subnets": [subnet], "security_groups": [group], "assign_public_ip": not hardened}]},
            unknown={"cluster": True, "task_definition": True, "id": True},
            expressions={"cluster": ref("aws_ecs_cluster.c.id"), "task_definition": ref("aws_ecs_task_definition.t.arn"),
                         "launch_type": {"constant_value": "FARGATE"}, "platform_version": {"constant_value": version},
                         "network_configuration": [{"subnets": {"constant_value": [subnet]}, "security_groups": {"constant_value": [group]}, "assign_public_ip": {"constant_value": not hardened}}]}),
        match="aws_ecs_service.svc",
    )
    ecs = boto3.client("ecs", region_name=REGION)
    cluster = ecs.create_cluster(clusterName="parity")["cluster"]["clusterArn"]
    task = ecs.register_task_definition(family="parity", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
                                        containerDefinitions=[{"name": "app", "image": "nginx", "essential": True}])["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster=cluster, serviceName="parity-svc", taskDefinition=task, desiredCount=1, launchType="FARGATE",
                       platformVersion=version, networkConfiguration={"awsvpcConfiguration": {
                           "subnets": [subnet], "securityGroups": [group], "assignPublicIp": "DISABLED" if hardened else "ENABLED"}})
    live = _live_verdicts(checks, "parity-svc")
    assert planned == live
    assert live == dict.fromkeys(checks, Status.PASS if hardened else Status.FAIL)


@pytest.mark.parametrize("limited", [True, False])
def test_eks_node_group_ssh(mocked_aws, tmp_path, limited):
    checks = ["KUBE-301"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="bastion", Description="d", VpcId=vpc)["GroupId"]
    remote = {"ec2_ssh_key": "ops-key", "source_security_group_ids": [group] if limited else []}
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_eks_node_group", "ng", {"cluster_name": "parity-eks", "node_group_name": "parity-ng", "subnet_ids": [subnet],
            "scaling_config": [{"desired_size": 1, "max_size": 1, "min_size": 1}], "remote_access": [remote]},
            unknown={"arn": True, "node_role_arn": True}),
        match="aws_eks_node_group.ng",
    )
    eks = boto3.client("eks", region_name=REGION)
    role = "arn:aws:iam::123456789012:role/eks"
    eks.create_cluster(name="parity-eks", roleArn=role, resourcesVpcConfig={"subnetIds": [subnet]})
    access = {"ec2SshKey": "ops-key", **({"sourceSecurityGroups": [group]} if limited else {})}
    eks.create_nodegroup(clusterName="parity-eks", nodegroupName="parity-ng", nodeRole=role, subnets=[subnet],
                         scalingConfig={"desiredSize": 1, "maxSize": 1, "minSize": 1}, remoteAccess=access)
    live = _live_verdicts(checks, "parity-ng")
    assert planned == live
    assert live == {"KUBE-301": Status.PASS if limited else Status.FAIL}


def _network(public: bool) -> str:
    return json.dumps([{"Rules": [{"ResourceType": "collection", "Resource": ["collection/parity-logs"]},
                                  {"ResourceType": "dashboard", "Resource": ["collection/parity-logs"]}],
                        "AllowFromPublic": public, **({} if public else {"SourceVPCEs": ["vpce-050f79086ee71ac05"]})}])


ENCRYPTION_CMK = json.dumps({"Rules": [{"ResourceType": "collection", "Resource": ["collection/parity-logs"]}], "AWSOwnedKey": False, "KmsARN": KEY})
WIDE_CMK = json.dumps({"Rules": [{"ResourceType": "collection", "Resource": ["collection/parity-*"]}], "AWSOwnedKey": False, "KmsARN": KEY})


@pytest.mark.parametrize("public", [False, True])
def test_opensearch_serverless_collection(mocked_aws, tmp_path, public):
    checks = ["SEARCH-101", "SEARCH-102"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_opensearchserverless_security_policy", "enc", {"name": "parity-enc", "type": "encryption", "policy": ENCRYPTION_CMK}),
        Res("aws_opensearchserverless_security_policy", "net", {"name": "parity-net", "type": "network", "policy": _network(public)}),
        Res("aws_opensearchserverless_collection", "logs", {"name": "parity-logs", "type": "SEARCH"},
            unknown={"arn": True, "id": True, "kms_key_arn": True}),
        match="aws_opensearchserverless_collection.logs",
    )
    aoss = boto3.client("opensearchserverless", region_name=REGION)
    aoss.create_security_policy(name="parity-enc", type="encryption", policy=ENCRYPTION_CMK)
    aoss.create_collection(name="parity-logs", type="SEARCH")
    # after the collection: moto's CreateCollection takes any policy naming it as the key's
    aoss.create_security_policy(name="parity-net", type="network", policy=_network(public))
    live = _live_verdicts(checks, "parity-logs")
    assert planned == live
    assert live == {"SEARCH-101": Status.PASS, "SEARCH-102": Status.FAIL if public else Status.PASS}


def _verdicts(model, checks):
    registry = load()
    return {c: registry.get(c)(model).status for c in checks}


def test_opensearch_serverless_aws_owned_key_against_the_api_shape(tmp_path):
    # CollectionDetail.kmsKeyArn is "auto" for the AWS owned key (API reference)
    owned = json.dumps({"Rules": [{"ResourceType": "collection", "Resource": ["collection/parity-logs"]}], "AWSOwnedKey": True})
    planned = _plan_verdicts(
        tmp_path, ["SEARCH-101"],
        Res("aws_opensearchserverless_security_policy", "enc", {"name": "e", "type": "encryption", "policy": owned}),
        # a broader CMK policy loses to the exact-name one
        Res("aws_opensearchserverless_security_policy", "wide", {"name": "w", "type": "encryption", "policy": WIDE_CMK}),
        Res("aws_opensearchserverless_collection", "logs", {"name": "parity-logs"}, unknown={"kms_key_arn": True}),
        match="aws_opensearchserverless_collection.logs",
    )
    live = to_search_collection({"name": "parity-logs", "arn": "arn:aws:aoss:eu-west-1:1:collection/x", "kmsKeyArn": "auto", "type": "SEARCH"},
                                [], account="1", region=REGION, collected_at=NOW)
    assert planned == _verdicts(live, ["SEARCH-101"]) == {"SEARCH-101": Status.FAIL}


WAREHOUSE_CHECKS = ["WH-101", "WH-102", "WH-103", "WH-104", "WH-105", "WH-106"]


@pytest.mark.parametrize("hardened", [True, False])
def test_redshift_serverless_against_the_api_shape(tmp_path, hardened):
    namespace = {"namespace_name": "parity-ns", "admin_username": "warehouse_owner" if hardened else "admin",
                 "log_exports": ["userlog", "connectionlog", "useractivitylog"] if hardened else ["useractivitylog"]}
    expressions = {k: {"constant_value": v} for k, v in namespace.items()}
    if hardened:
        namespace["kms_key_id"] = KEY
        expressions["kms_key_id"] = {"constant_value": KEY}
    group = {"workgroup_name": "parity-wg", "publicly_accessible": not hardened, "enhanced_vpc_routing": hardened,
             "config_parameter": [{"parameter_key": "require_ssl", "parameter_value": "true" if hardened else "false"}]}
    planned = _plan_verdicts(
        tmp_path, WAREHOUSE_CHECKS,
        Res("aws_redshiftserverless_namespace", "ns", namespace, unknown={"arn": True, "id": True, "namespace_id": True}, expressions=expressions),
        Res("aws_redshiftserverless_workgroup", "wg", group, unknown={"arn": True, "endpoint": True},
            expressions={"namespace_name": ref("aws_redshiftserverless_namespace.ns.namespace_name"),
                         **{k: {"constant_value": v} for k, v in group.items() if k != "config_parameter"},
                         "config_parameter": [{"parameter_key": {"constant_value": "require_ssl"}, "parameter_value": {"constant_value": group["config_parameter"][0]["parameter_value"]}}]}),
        match="aws_redshiftserverless_namespace.ns",
    )
    # what ListNamespaces / ListWorkgroups return for the applied configuration
    api_namespace = {"namespaceName": "parity-ns", "namespaceArn": "arn:aws:redshift-serverless:eu-west-1:1:namespace/x",
                     "kmsKeyId": KEY if hardened else "AWS_OWNED_KMS_KEY", "logExports": namespace["log_exports"],
                     "adminUsername": namespace["admin_username"]}
    api_group = {"workgroupName": "parity-wg", "namespaceName": "parity-ns", "publiclyAccessible": not hardened,
                 "enhancedVpcRouting": hardened, "configParameters": [
                     {"parameterKey": "datestyle", "parameterValue": "ISO, MDY"},
                     {"parameterKey": "require_ssl", "parameterValue": "true" if hardened else "false"}]}
    live = to_serverless_warehouse(api_namespace, [api_group], account="1", region=REGION, collected_at=NOW)
    expected = _verdicts(live, WAREHOUSE_CHECKS)
    assert planned == expected
    assert expected == dict.fromkeys(WAREHOUSE_CHECKS, Status.PASS if hardened else Status.FAIL)
# fmt: on
