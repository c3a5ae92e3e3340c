# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree: RDS/Aurora clusters, Redshift, ElastiCache, OpenSearch, Lambda,
EKS, ECS task definitions, load balancers with listeners, and ACM certificates; each
planned and seeded in moto as AWS and the AWS provider would create it."""

from __future__ import annotations

import json

import boto3
import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.test_parity_moto import REGION, _live_verdicts, _plan_verdicts

CLUSTER_CHECKS = ["DB-501", "DB-502", "DB-503", "DB-504", "DB-506", "DB-507"]


@pytest.mark.parametrize("hardened", [True, False])
def test_aurora_cluster(mocked_aws, tmp_path, hardened):
    settings = {"storage_encrypted": hardened, "deletion_protection": hardened,
                "iam_database_authentication_enabled": hardened,
                "backup_retention_period": 7 if hardened else 1}  # fmt: skip
    planned = _plan_verdicts(
        tmp_path, CLUSTER_CHECKS,
        Res("aws_rds_cluster", "db", {"cluster_identifier": "parity-cluster", "engine": "aurora-postgresql", "engine_version": "15.4",
            "master_username": "app_owner", "availability_zones": [f"{REGION}a", f"{REGION}b"], **settings},
            unknown={"arn": True, "kms_key_id": True, "id": True}),
        match="aws_rds_cluster.db",
    )  # fmt: skip
    boto3.client("rds", region_name=REGION).create_db_cluster(
        DBClusterIdentifier="parity-cluster", Engine="aurora-postgresql", EngineVersion="15.4",
        MasterUsername="app_owner", MasterUserPassword="not-a-secret-1",
        AvailabilityZones=[f"{REGION}a", f"{REGION}b"], StorageEncrypted=hardened,
        DeletionProtection=hardened, EnableIAMDatabaseAuthentication=hardened,
        BackupRetentionPeriod=7 if hardened else 1,
    )  # fmt: skip
    live = _live_verdicts(CLUSTER_CHECKS, "parity-cluster")
    assert planned == live
    assert set(live) == set(CLUSTER_CHECKS)
    assert Status.FAIL in live.values() if not hardened else Status.FAIL not in live.values()


@pytest.mark.parametrize("hardened", [True, False])
def test_redshift_cluster(mocked_aws, tmp_path, hardened):
    checks = ["WH-001", "WH-004", "WH-005", "WH-006"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_redshift_cluster", "w", {"cluster_identifier": "parity-wh", "node_type": "dc2.large", "master_username": "owner",
            "encrypted": hardened, "publicly_accessible": not hardened, "automated_snapshot_retention_period": 7 if hardened else 1,
            "allow_version_upgrade": hardened, "enhanced_vpc_routing": hardened, "database_name": "dev"},
            unknown={"arn": True, "kms_key_id": True}),
        match="aws_redshift_cluster.w",
    )  # fmt: skip
    boto3.client("redshift", region_name=REGION).create_cluster(
        ClusterIdentifier="parity-wh", NodeType="dc2.large", MasterUsername="owner",
        MasterUserPassword="Not-a-secret-1", Encrypted=hardened, PubliclyAccessible=not hardened,
        AutomatedSnapshotRetentionPeriod=7 if hardened else 1, AllowVersionUpgrade=hardened,
        EnhancedVpcRouting=hardened, ClusterType="single-node",
    )  # fmt: skip
    live = _live_verdicts(checks, "parity-wh")
    assert planned == live
    assert set(live) == set(checks)


@pytest.mark.parametrize("hardened", [True, False])
def test_elasticache_replication_group(mocked_aws, tmp_path, hardened):
    checks = ["CACHE-001", "CACHE-002", "CACHE-004", "CACHE-005"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_elasticache_replication_group", "r", {"replication_group_id": "parity-cache", "description": "d", "engine": "redis",
            "at_rest_encryption_enabled": hardened, "transit_encryption_enabled": hardened,
            "snapshot_retention_limit": 7 if hardened else 0, "automatic_failover_enabled": hardened, "num_cache_clusters": 2},
            unknown={"arn": True}),
        match="aws_elasticache_replication_group.r",
    )  # fmt: skip
    boto3.client("elasticache", region_name=REGION).create_replication_group(
        ReplicationGroupId="parity-cache", ReplicationGroupDescription="d", Engine="redis",
        AtRestEncryptionEnabled=hardened, TransitEncryptionEnabled=hardened,
        SnapshotRetentionLimit=7 if hardened else 0, AutomaticFailoverEnabled=hardened,
        NumCacheClusters=2,
    )  # fmt: skip
    live = _live_verdicts(checks, "parity-cache")
    assert planned == live
    assert set(live) == set(checks)


@pytest.mark.parametrize("hardened", [True, False])
def test_opensearch_domain(mocked_aws, tmp_path, hardened):
    checks = ["SEARCH-001", "SEARCH-002", "SEARCH-003", "SEARCH-005"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_opensearch_domain", "d", {"domain_name": "parity-search", "engine_version": "OpenSearch_2.11",
            "encrypt_at_rest": [{"enabled": hardened}], "node_to_node_encryption": [{"enabled": hardened}],
            "domain_endpoint_options": [{"enforce_https": hardened, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"}],
            "cluster_config": [{"instance_count": 3, "zone_awareness_enabled": True}]},
            unknown={"arn": True, "access_policies": True, "encrypt_at_rest": [{"kms_key_id": True}]},
            expressions={"domain_name": {"constant_value": "parity-search"}}),
        match="aws_opensearch_domain.d",
    )  # fmt: skip
    boto3.client("opensearch", region_name=REGION).create_domain(
        DomainName="parity-search", EngineVersion="OpenSearch_2.11",
        EncryptionAtRestOptions={"Enabled": hardened}, NodeToNodeEncryptionOptions={"Enabled": hardened},
        DomainEndpointOptions={"EnforceHTTPS": hardened, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
        ClusterConfig={"InstanceCount": 3, "ZoneAwarenessEnabled": True},
    )  # fmt: skip
    live = _live_verdicts(checks, "parity-search")
    assert planned == live
    assert set(live) == set(checks)


def _role() -> str:
    return boto3.client("iam", region_name=REGION).create_role(
        RoleName="fn-role", AssumeRolePolicyDocument="{}"
    )["Role"]["Arn"]


@pytest.mark.parametrize("public", [True, False])
def test_lambda_function_with_url_and_permission(mocked_aws, tmp_path, public):
    checks = ["FN-001", "FN-002", "FN-004", "FN-005"]
    auth = "NONE" if public else "AWS_IAM"
    principal = "*" if public else "events.amazonaws.com"
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_lambda_function", "f", {"function_name": "parity-fn", "runtime": "python3.12", "handler": "h.h",
            "tracing_config": [{"mode": "Active" if not public else "PassThrough"}]},
            unknown={"arn": True, "role": True}, expressions={"role": ref("aws_iam_role.fn.arn")}),
        Res("aws_lambda_function_url", "f", {"authorization_type": auth}, unknown={"function_name": True, "function_url": True},
            expressions={"function_name": ref("aws_lambda_function.f.function_name")}),
        Res("aws_lambda_permission", "p", {"statement_id": "p", "action": "lambda:InvokeFunction", "principal": principal},
            unknown={"function_name": True}, expressions={"function_name": ref("aws_lambda_function.f.function_name")}),
        match="aws_lambda_function.f",
    )  # fmt: skip
    client = boto3.client("lambda", region_name=REGION)
    client.create_function(FunctionName="parity-fn", Runtime="python3.12", Role=_role(), Handler="h.h",
                           Code={"ZipFile": b"x"}, TracingConfig={"Mode": "Active" if not public else "PassThrough"})  # fmt: skip
    client.create_function_url_config(FunctionName="parity-fn", AuthType=auth)
    client.add_permission(
        FunctionName="parity-fn",
        StatementId="p",
        Action="lambda:InvokeFunction",
        Principal=principal,
    )
    live = _live_verdicts(checks, "parity-fn")
    assert planned == live
    assert set(live) == set(checks)
    assert live["FN-001"] is (Status.FAIL if public else Status.PASS)


@pytest.mark.parametrize("private", [True, False])
def test_eks_cluster(mocked_aws, tmp_path, private):
    # KUBE-103 (workload identity) is left out: moto serves no EKS add-on listing, so the
    # live side is UNKNOWN; test_plan_services.py judges the plan side
    checks = ["KUBE-101", "KUBE-102"]
    vpc = {
        "subnet_ids": ["subnet-1", "subnet-2"],
        "endpoint_public_access": not private,
        "endpoint_private_access": True,
    }
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_eks_cluster", "k", {"name": "parity-eks", "version": "1.31", "vpc_config": [vpc],
            "enabled_cluster_log_types": ["api", "audit", "authenticator"] if private else []},
            unknown={"arn": True, "identity": True, "role_arn": True}, expressions={"role_arn": ref("aws_iam_role.eks.arn")}),
        match="aws_eks_cluster.k",
    )  # fmt: skip
    eks = boto3.client("eks", region_name=REGION)
    eks.create_cluster(name="parity-eks", version="1.31", roleArn="arn:aws:iam::123456789012:role/eks",
                       resourcesVpcConfig={"subnetIds": ["subnet-1", "subnet-2"], "endpointPublicAccess": not private,
                                           "endpointPrivateAccess": True},
                       logging={"clusterLogging": [{"types": ["api", "audit", "authenticator"], "enabled": private}]})  # fmt: skip
    live = _live_verdicts(checks, "parity-eks")
    assert planned == live
    assert set(live) == set(checks)


@pytest.mark.parametrize("privileged", [True, False])
def test_ecs_task_definition(mocked_aws, tmp_path, privileged):
    checks = ["CTR-001", "CTR-002", "CTR-003", "CTR-004"]
    containers = [{"name": "app", "image": "nginx", "memory": 128, "privileged": privileged,
                   "readonlyRootFilesystem": not privileged, "user": "root" if privileged else "1000",
                   "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "x"}] if privileged else []}]  # fmt: skip
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_ecs_task_definition", "t", {"family": "parity-task", "network_mode": "host" if privileged else "awsvpc",
            "container_definitions": json.dumps(containers), "revision": 1}, unknown={"arn": True}),
        match="aws_ecs_task_definition.t",
    )  # fmt: skip
    boto3.client("ecs", region_name=REGION).register_task_definition(
        family="parity-task",
        networkMode="host" if privileged else "awsvpc",
        containerDefinitions=containers,
    )
    live = _live_verdicts(checks, "parity-task")
    assert planned == live
    assert set(live) == set(checks)


@pytest.mark.parametrize("redirect", [True, False])
def test_load_balancer_with_an_http_listener(mocked_aws, tmp_path, redirect):
    checks = ["NET-501", "NET-502", "NET-503", "NET-504"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"]
               for n, z in ((1, "a"), (2, "b"))]  # fmt: skip
    action = ({"type": "redirect", "redirect": [{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}]}
              if redirect else {"type": "fixed-response", "fixed_response": [{"content_type": "text/plain", "status_code": "200"}]})  # fmt: skip
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_lb", "web", {"name": "parity-lb", "load_balancer_type": "application", "internal": False, "subnets": subnets,
            "enable_deletion_protection": redirect, "drop_invalid_header_fields": redirect}, unknown={"arn": True, "id": True}),
        Res("aws_lb_listener", "http", {"port": 80, "protocol": "HTTP", "default_action": [action]},
            unknown={"load_balancer_arn": True}, expressions={"load_balancer_arn": ref("aws_lb.web.arn")}),
        match="aws_lb.web",
    )  # fmt: skip
    elb = boto3.client("elbv2", region_name=REGION)
    arn = elb.create_load_balancer(
        Name="parity-lb", Subnets=subnets, Scheme="internet-facing", Type="application"
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": str(redirect).lower()},
        {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": str(redirect).lower()}])  # fmt: skip
    live_action = ({"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
                   if redirect else {"Type": "fixed-response", "FixedResponseConfig": {"ContentType": "text/plain", "StatusCode": "200"}})  # fmt: skip
    elb.create_listener(LoadBalancerArn=arn, Port=80, Protocol="HTTP", DefaultActions=[live_action])
    live = _live_verdicts(checks, "parity-lb")
    assert planned == live
    assert set(live) == set(checks)


def test_acm_certificate(mocked_aws, tmp_path):
    # expiry (CRYPTO-501/502) is known once ACM issues the certificate, after apply: the
    # plan says UNKNOWN there (test_plan_services.py), moto issues at once
    checks = ["CRYPTO-503"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_acm_certificate", "c", {"domain_name": "parity.example.com", "validation_method": "DNS", "key_algorithm": "RSA_2048"},
            unknown={"arn": True, "not_after": True, "status": True}),
        match="aws_acm_certificate.c",
    )  # fmt: skip
    boto3.client("acm", region_name=REGION).request_certificate(
        DomainName="parity.example.com", ValidationMethod="DNS"
    )
    live = _live_verdicts(checks, "parity.example.com")
    assert planned == live
    assert set(live) == set(checks)
