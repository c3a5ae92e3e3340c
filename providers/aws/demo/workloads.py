"""Workloads of the primary region: Lambda, ECS, EKS, API Gateway and CloudFront.

Each kind gets a hardened example next to a neglected one. Where moto cannot hold a
setting (per-alias function URLs, EKS add-ons), the example avoids it or its manifest
entry says what the scan will report.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import TYPE_CHECKING

from providers.aws.demo.estate import Estate
from scanner.model import (
    Api,
    ApiDomain,
    ApiStage,
    CdnDistribution,
    ContainerTaskDefinition,
    KubernetesCluster,
    Role,
    ServerlessFunction,
)

if TYPE_CHECKING:
    from mypy_boto3_apigateway.literals import SecurityPolicyType
    from mypy_boto3_cloudfront.literals import ViewerProtocolPolicyType
    from mypy_boto3_cloudfront.type_defs import DistributionConfigTypeDef, OriginTypeDef
    from mypy_boto3_ecs.type_defs import LogConfigurationTypeDef
    from mypy_boto3_eks.literals import LogTypeType
    from mypy_boto3_lambda.type_defs import FunctionCodeTypeDef

_FN_ROLE = "demo-fn-exec-role"
_CERT = "certificate/0d4f2a6e-demo"
_LOGS = "arn:aws:logs:{region}:{account}:log-group:demo-{name}"
_EKS_LOGS: list[LogTypeType] = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
#: A CachePolicyId of an AWS managed policy (CachingOptimized) for the cache behaviours.
_CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"


def seed_workloads(estate: Estate, region: str, key_arn: str) -> None:
    """Seed the compute and edge workloads of the primary region."""
    _functions(estate, region)
    _task_definitions(estate, region)
    _clusters(estate, region, key_arn)
    _apis(estate, region)
    _distributions(estate, region)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _functions(estate: Estate, region: str) -> None:
    """A traced VPC function behind an IAM-authenticated URL; a stale public one."""
    iam = estate.boto.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
             "Principal": {"Service": "lambda.amazonaws.com"}}]}  # fmt: skip
    role = iam.create_role(RoleName=_FN_ROLE, AssumeRolePolicyDocument=json.dumps(trust))
    estate.ledger.add(Role, role["Role"]["Arn"], "global")
    ec2 = estate.boto.client("ec2", region_name=region)
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][:2]]  # fmt: skip
    aws = estate.boto.client("lambda", region_name=region)
    code: FunctionCodeTypeDef = {"ZipFile": _zip()}
    good = aws.create_function(
        FunctionName="demo-orders-fn", Runtime="python3.13", Role=role["Role"]["Arn"],
        Handler="index.handler", Code=code, TracingConfig={"Mode": "Active"},
        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": []},
    )["FunctionArn"]  # fmt: skip
    aws.create_function_url_config(FunctionName="demo-orders-fn", AuthType="AWS_IAM")
    aws.put_function_event_invoke_config(
        FunctionName="demo-orders-fn",
        DestinationConfig={"OnFailure": {"Destination": estate.arn("sqs", region, "demo-orders")}},
    )
    estate.ledger.add(ServerlessFunction, good, region)
    bad = aws.create_function(
        FunctionName="demo-legacy-fn", Runtime="python3.9", Role=role["Role"]["Arn"],
        Handler="index.handler", Code=code,
    )["FunctionArn"]  # fmt: skip
    aws.create_function_url_config(FunctionName="demo-legacy-fn", AuthType="NONE")
    aws.add_permission(
        FunctionName="demo-legacy-fn", StatementId="public-url", Principal="*",
        Action="lambda:InvokeFunctionUrl", FunctionUrlAuthType="NONE",
    )  # fmt: skip
    estate.ledger.add(
        ServerlessFunction, bad, region, "function URL without authentication",
        "resource policy lets everyone invoke the function URL",
        "deprecated runtime python3.9", "not in a VPC", "no active tracing",
        "no dead-letter queue or on-failure destination",
    )  # fmt: skip


def _task_definitions(estate: Estate, region: str) -> None:
    """A hardened Fargate task and a legacy host-mode one with a key in its environment."""
    ecs = estate.boto.client("ecs", region_name=region)
    secret = estate.arn("secretsmanager", region, "secret:demo/orders-db")
    logs: LogConfigurationTypeDef = {
        "logDriver": "awslogs",
        "options": {"awslogs-group": "demo-web"},
    }
    good = ecs.register_task_definition(
        family="demo-web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
        cpu="256", memory="512",
        containerDefinitions=[{
            "name": "web", "image": "public.ecr.aws/demo/web:1", "memory": 256,
            "readonlyRootFilesystem": True, "user": "1000:1000", "logConfiguration": logs,
            "environment": [{"name": "LOG_LEVEL", "value": "info"}],
            "secrets": [{"name": "DB_PASSWORD", "valueFrom": secret}],
        }],
    )["taskDefinition"]["taskDefinitionArn"]  # fmt: skip
    estate.ledger.add(ContainerTaskDefinition, good, region)
    bad = ecs.register_task_definition(
        family="demo-legacy-worker", networkMode="host", pidMode="host",
        containerDefinitions=[{
            "name": "worker", "image": "public.ecr.aws/demo/worker:1", "memory": 256,
            "privileged": True,
            "environment": [{"name": "AWS_SECRET_ACCESS_KEY", "value": "demo-not-a-real-key"}],
        }],
    )["taskDefinition"]["taskDefinitionArn"]  # fmt: skip
    estate.ledger.add(
        ContainerTaskDefinition, bad, region, "privileged container", "writable root filesystem",
        "host network mode with a root container", "host PID namespace",
        "secret-named plain environment variable", "no log configuration",
    )  # fmt: skip


def _clusters(estate: Estate, region: str, key_arn: str) -> None:
    """A private, logged, CMK-encrypted cluster with IRSA; an old public sandbox cluster."""
    eks = estate.boto.client("eks", region_name=region)
    role = estate.role_arn(_FN_ROLE)
    good = eks.create_cluster(
        name="demo-platform", version="1.35", roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-demo-a", "subnet-demo-b"],
                            "endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": _EKS_LOGS, "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key_arn}}],
    )["cluster"]  # fmt: skip
    estate.boto.client("iam").create_open_id_connect_provider(
        Url=good["identity"]["oidc"]["issuer"], ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"],
    )  # fmt: skip
    estate.ledger.add(KubernetesCluster, good["arn"], region)
    bad = eks.create_cluster(
        name="demo-sandbox-eks", version="1.29", roleArn=role,
        resourcesVpcConfig={"subnetIds": ["subnet-demo-a", "subnet-demo-b"],
                            "endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]},
    )["cluster"]  # fmt: skip
    estate.ledger.add(
        KubernetesCluster, bad["arn"], region, "public endpoint open to 0.0.0.0/0",
        "no control plane logs", "secrets under the AWS owned key only",
        "Kubernetes 1.29 past standard support",
    )  # fmt: skip


def _apis(estate: Estate, region: str) -> None:
    """A REST API with IAM-authorised methods and logged stage; an open HTTP API."""
    v1 = estate.boto.client("apigateway", region_name=region)
    api = v1.create_rest_api(name="demo-orders-api", endpointConfiguration={"types": ["REGIONAL"]})
    root = v1.get_resources(restApiId=api["id"])["items"][0]["id"]
    orders = v1.create_resource(restApiId=api["id"], parentId=root, pathPart="orders")["id"]
    for method in ("GET", "POST"):
        v1.put_method(restApiId=api["id"], resourceId=orders, httpMethod=method,
                      authorizationType="AWS_IAM")  # fmt: skip
        v1.put_integration(restApiId=api["id"], resourceId=orders, httpMethod=method, type="MOCK")
    v1.create_deployment(restApiId=api["id"], stageName="prod")
    log_group = _LOGS.format(region=region, account=estate.account, name="orders-api")
    v1.update_stage(restApiId=api["id"], stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "ERROR"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"},
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": log_group},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
    ])  # fmt: skip
    base = f"arn:aws:apigateway:{region}::/restapis/{api['id']}"
    estate.ledger.add(Api, base, region)
    estate.ledger.add(
        ApiStage, f"{base}/stages/prod", region, "no web ACL",
        "no client certificate for backend authentication",
    )  # fmt: skip
    v2 = estate.boto.client("apigatewayv2", region_name=region)
    hooks = v2.create_api(Name="demo-hooks", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=hooks, RouteKey="POST /hooks", AuthorizationType="NONE")
    v2.create_stage(ApiId=hooks, StageName="$default")
    hooks_arn = f"arn:aws:apigateway:{region}::/apis/{hooks}"
    estate.ledger.add(Api, hooks_arn, region, "route without authorization")
    estate.ledger.add(ApiStage, f"{hooks_arn}/stages/$default", region, "no access logs")
    certificate = estate.arn("acm", region, _CERT)
    domains: tuple[tuple[str, SecurityPolicyType, tuple[str, ...]], ...] = (
        ("api.demo.example.com", "TLS_1_2", ()),
        ("legacy-api.demo.example.com", "TLS_1_0", ("security policy TLS_1_0",)),
    )
    for name, policy, problems in domains:
        v1.create_domain_name(domainName=name, securityPolicy=policy,
                              regionalCertificateArn=certificate,
                              endpointConfiguration={"types": ["REGIONAL"]})  # fmt: skip
        uid = f"arn:aws:apigateway:{region}::/domainnames/{name}"
        estate.ledger.add(ApiDomain, uid, region, *problems)


def _distribution(
    ref: str, origin: OriginTypeDef, viewer: ViewerProtocolPolicyType
) -> DistributionConfigTypeDef:
    return {
        "CallerReference": ref, "Comment": ref, "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {"TargetOriginId": origin["Id"], "ViewerProtocolPolicy": viewer,
                                 "CachePolicyId": _CACHING_OPTIMIZED},
    }  # fmt: skip


def _distributions(estate: Estate, region: str) -> None:
    """A hardened site distribution and a legacy one on the default certificate."""
    cloudfront = estate.boto.client("cloudfront", region_name="us-east-1")
    bucket = f"{estate.bucket('site')}.s3.{region}.amazonaws.com"
    good = _distribution(
        "demo-site", {"Id": "site", "DomainName": bucket, "OriginAccessControlId": "E2DEMOOAC",
                      "S3OriginConfig": {"OriginAccessIdentity": ""}},
        "redirect-to-https",
    )  # fmt: skip
    good["DefaultRootObject"] = "index.html"
    good["Logging"] = {"Enabled": True, "IncludeCookies": False, "Prefix": "cf/",
                       "Bucket": f"{estate.bucket('logs')}.s3.amazonaws.com"}  # fmt: skip
    good["ViewerCertificate"] = {
        "CloudFrontDefaultCertificate": False, "SSLSupportMethod": "sni-only",
        "ACMCertificateArn": estate.arn("acm", "us-east-1", _CERT),
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }  # fmt: skip
    good["WebACLId"] = estate.arn("wafv2", "us-east-1", "global/webacl/demo-edge/1")
    arn = cloudfront.create_distribution(DistributionConfig=good)["Distribution"]["ARN"]
    estate.ledger.add(CdnDistribution, arn, "global")
    legacy = _distribution(
        "demo-legacy-site",
        {"Id": "site", "DomainName": bucket, "S3OriginConfig": {"OriginAccessIdentity": ""}},
        "allow-all",
    )
    arn = cloudfront.create_distribution(DistributionConfig=legacy)["Distribution"]["ARN"]
    estate.ledger.add(
        CdnDistribution, arn, "global", "plain HTTP allowed", "TLSv1 default certificate",
        "bucket origin without origin access control", "no access logs", "no web ACL",
        "no default root object",
    )  # fmt: skip
