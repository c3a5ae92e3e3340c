"""VPC endpoints, ECS services, EKS node groups and serverless data services (issue 14).

Each kind gets a compliant example next to a misconfigured one, in the primary region:

* VPC endpoints: an S3 gateway endpoint whose policy names one bucket, next to an ECR
  interface endpoint with the default full-access policy and private DNS off.
* Private REST APIs: one whose resource policy admits only its VPC endpoint, one whose
  policy lets everyone invoke it.
* ECS services on Fargate: a private one on LATEST, and one that hands its tasks public IP
  addresses on platform version 1.3.0.
* EKS managed node groups (on the workloads demo's clusters): SSH only from a bastion
  security group, and an SSH key with no source group (port 22 open to 0.0.0.0/0). moto
  gives a node group created without ``remoteAccess`` an SSH key anyway, so the compliant
  one names its source group.
* OpenSearch Serverless collections under the region's customer managed key: one reachable
  only through a VPC endpoint, one whose Dashboards endpoint is public. moto cannot create
  a collection under the AWS owned key (it reads ``KmsARN`` unconditionally), so SEARCH-101
  has no failing demo example.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from providers.aws.demo.estate import Estate, Tier, ec2_tags, policy
from scanner.model import (
    Api,
    ContainerService,
    ContainerTaskDefinition,
    NodePool,
    PrivateEndpoint,
    SearchCollection,
)

if TYPE_CHECKING:
    from mypy_boto3_ecs.literals import AssignPublicIpType
    from mypy_boto3_eks.type_defs import RemoteAccessConfigTypeDef


def seed_aws_breadth(estate: Estate, region: str, tier: Tier, key_arn: str | None = None) -> None:
    """Seed the primary region's endpoints and workloads; other tiers get nothing."""
    if tier != "primary":
        return
    if key_arn is not None:
        _collections(estate, region, key_arn)
    _endpoints(estate, region)
    _private_apis(estate, region)
    _services(estate, region)
    _node_groups(estate, region)


def _endpoints(estate: Estate, region: str) -> None:
    ec2 = estate.boto.client("ec2", region_name=region)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])
    vpc_id = vpc["Vpcs"][0]["VpcId"]
    scoped = policy({
        "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:ListBucket"],
        "Resource": [f"arn:aws:s3:::{estate.bucket('artifacts')}",
                     f"arn:aws:s3:::{estate.bucket('artifacts')}/*"],
    })  # fmt: skip
    gateway = ec2.create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{region}.s3", VpcEndpointType="Gateway",
        PolicyDocument=scoped, TagSpecifications=ec2_tags("vpc-endpoint", "demo-s3-gateway"),
    )["VpcEndpoint"]["VpcEndpointId"]  # fmt: skip
    estate.ledger.add(PrivateEndpoint, estate.arn("ec2", region, f"vpc-endpoint/{gateway}"),
                      region)  # fmt: skip
    default = ec2.create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{region}.ecr.api",
        VpcEndpointType="Interface", PrivateDnsEnabled=False,
        TagSpecifications=ec2_tags("vpc-endpoint", "demo-ecr-interface"),
    )["VpcEndpoint"]["VpcEndpointId"]  # fmt: skip
    estate.ledger.add(
        PrivateEndpoint, estate.arn("ec2", region, f"vpc-endpoint/{default}"), region,
        "endpoint policy is the default full access (NET-601)",
        "private DNS off on an interface endpoint (NET-602)",
    )  # fmt: skip


def _private_apis(estate: Estate, region: str) -> None:
    apigw = estate.boto.client("apigateway", region_name=region)
    invoke = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
              "Resource": f"arn:aws:execute-api:{region}:{estate.account}:*/*"}  # fmt: skip
    other_endpoints = {"StringNotEquals": {"aws:SourceVpce": "vpce-0demo0000000001"}}
    fenced = {**invoke, "Effect": "Deny", "Condition": other_endpoints}
    for name, statements, problems in (
        ("demo-internal-api", (invoke, fenced), ()),
        ("demo-partner-api", (invoke,), ("resource policy lets everyone invoke (API-101)",)),
    ):
        api = apigw.create_rest_api(
            name=name, policy=policy(*statements), endpointConfiguration={"types": ["PRIVATE"]}
        )["id"]
        estate.ledger.add(Api, f"arn:aws:apigateway:{region}::/restapis/{api}", region, *problems)


def _services(estate: Estate, region: str) -> None:
    ec2 = estate.boto.client("ec2", region_name=region)
    ecs = estate.boto.client("ecs", region_name=region)
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    group = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])
    subnets = [subnet["Subnets"][0]["SubnetId"]]
    groups = [group["SecurityGroups"][0]["GroupId"]]
    ecs.create_cluster(clusterName="demo-services")
    task = ecs.register_task_definition(
        family="demo-service-web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
        cpu="256", memory="512",
        containerDefinitions=[{"name": "web", "image": "public.ecr.aws/nginx/nginx:1.27",
                               "memory": 512, "readonlyRootFilesystem": True, "user": "1000",
                               "logConfiguration": {"logDriver": "awslogs", "options": {
                                   "awslogs-group": "demo-web", "awslogs-region": region,
                                   "awslogs-stream-prefix": "web"}}}],
    )["taskDefinition"]["taskDefinitionArn"]  # fmt: skip
    estate.ledger.add(ContainerTaskDefinition, task, region)
    services: list[tuple[str, str, AssignPublicIpType, tuple[str, ...]]] = [
        ("demo-web-private", "LATEST", "DISABLED", ()),
        ("demo-web-legacy", "1.3.0", "ENABLED",
         ("tasks get public IP addresses (CTR-101)", "Fargate platform 1.3.0 (CTR-102)")),
    ]  # fmt: skip
    for name, version, public, problems in services:
        arn = ecs.create_service(
            cluster="demo-services", serviceName=name, taskDefinition="demo-service-web",
            desiredCount=1, launchType="FARGATE", platformVersion=version,
            networkConfiguration={"awsvpcConfiguration": {
                "subnets": subnets, "securityGroups": groups, "assignPublicIp": public}},
        )["service"]["serviceArn"]  # fmt: skip
        estate.ledger.add(ContainerService, arn, region, *problems)


def _node_groups(estate: Estate, region: str) -> None:
    eks = estate.boto.client("eks", region_name=region)
    ec2 = estate.boto.client("ec2", region_name=region)
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    subnets = [subnet["Subnets"][0]["SubnetId"]]
    role = estate.role_arn("demo-app-instance")
    bastion_only: RemoteAccessConfigTypeDef = {
        "ec2SshKey": "demo-ops",
        "sourceSecurityGroups": ["sg-0demobastion00001"],
    }
    anywhere: RemoteAccessConfigTypeDef = {"ec2SshKey": "demo-ops"}
    groups: list[tuple[str, str, RemoteAccessConfigTypeDef, tuple[str, ...]]] = [
        ("demo-platform", "demo-platform-workers", bastion_only, ()),
        ("demo-sandbox-eks", "demo-sandbox-workers", anywhere,
         ("SSH key without source security groups: port 22 open to 0.0.0.0/0 (KUBE-301)",)),
    ]  # fmt: skip
    for cluster, name, remote, problems in groups:
        arn = eks.create_nodegroup(
            clusterName=cluster, nodegroupName=name, nodeRole=role, subnets=subnets,
            amiType="AL2023_x86_64_STANDARD", remoteAccess=remote,
        )["nodegroup"]["nodegroupArn"]  # fmt: skip
        estate.ledger.add(NodePool, arn, region, *problems)


def _collections(estate: Estate, region: str, key_arn: str) -> None:
    aoss = estate.boto.client("opensearchserverless", region_name=region)
    for name, public, problems in (
        ("demo-vault", False, ()),
        ("demo-portal", True, ("Dashboards endpoint public (SEARCH-102)",)),
    ):
        match = [f"collection/{name}"]
        aoss.create_security_policy(
            name=f"{name}-enc", type="encryption",
            policy=json.dumps({"Rules": [{"ResourceType": "collection", "Resource": match}],
                               "AWSOwnedKey": False, "KmsARN": key_arn}),
        )  # fmt: skip
        # before its network policy: moto takes the last policy naming the collection as the
        # encryption policy, whatever its type
        arn = aoss.create_collection(name=name, type="SEARCH")["createCollectionDetail"]["arn"]
        rule_sets: list[dict[str, object]] = [{
            "Rules": [{"ResourceType": "collection", "Resource": match}],
            "AllowFromPublic": False, "SourceVPCEs": ["vpce-0demo0000000001"]}]  # fmt: skip
        if public:
            rule_sets.append({"Rules": [{"ResourceType": "dashboard", "Resource": match}],
                              "AllowFromPublic": True})  # fmt: skip
        aoss.create_security_policy(name=f"{name}-net", type="network",
                                    policy=json.dumps(rule_sets))  # fmt: skip
        estate.ledger.add(SearchCollection, arn, region, *problems)
