"""AWS compute and edge resources in a plan: Lambda functions (with URLs, permissions and
event invoke configs), EKS clusters, ECS task definitions, ELBv2 load balancers (with
listeners and rules), and ACM certificates, through the live ``to_*`` functions.

Defaults: registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>
(cited per mapper). What only an API can say (the TLS versions of a listener's security
policy, a certificate's expiry, the Availability Zones of subnet ids) stays UNKNOWN.
"""

from __future__ import annotations

import json
from typing import Any

from providers.aws.awslambda import FunctionDetails, to_function_url, to_serverless_function
from providers.aws.certificates import to_acm_certificate
from providers.aws.ecs import to_task_definition
from providers.aws.eks import to_kubernetes_cluster
from providers.aws.elb import to_listener, to_load_balancer
from providers.aws.resource_policy import policy_from_text
from providers.terraform.common import collector, first, flag, relabel
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import (
    Certificate,
    ContainerTaskDefinition,
    KubernetesCluster,
    LoadBalancer,
    ServerlessFunction,
)
from scanner.provider import Collector, Item

_URLS = ("aws_lambda_function_url",)
_PERMISSIONS = ("aws_lambda_permission",)
_INVOKE = ("aws_lambda_function_event_invoke_config",)


def _statement(permission: Planned, function: Planned) -> dict[str, Any]:
    """An ``aws_lambda_permission`` as the statement AddPermission writes (Lambda API
    reference, AddPermission: Principal, SourceArn, SourceAccount, FunctionUrlAuthType)."""
    values = permission.values
    principal = str(values.get("principal") or "")
    who: Any = "*" if principal == "*" else (
        {"Service": principal} if principal.endswith(".amazonaws.com") else {"AWS": principal}
    )  # fmt: skip
    condition: dict[str, Any] = {}
    if values.get("source_arn") or permission.configured("source_arn"):
        condition["ArnLike"] = {"AWS:SourceArn": values.get("source_arn") or "(planned)"}
    if values.get("source_account"):
        condition.setdefault("StringEquals", {})["AWS:SourceAccount"] = values["source_account"]
    if values.get("principal_org_id"):
        condition.setdefault("StringEquals", {})["aws:PrincipalOrgID"] = values["principal_org_id"]
    if values.get("function_url_auth_type"):
        condition.setdefault("StringEquals", {})["lambda:FunctionUrlAuthType"] = values[
            "function_url_auth_type"
        ]
    statement = {"Sid": values.get("statement_id") or permission.address, "Effect": "Allow",
                 "Principal": who, "Action": values.get("action") or "lambda:InvokeFunction",
                 "Resource": function.address}  # fmt: skip
    return statement | ({"Condition": condition} if condition else {})


def plan_function(fn: Planned, session: TerraformSession) -> Item:
    """``aws_lambda_function`` (registry: ``package_type`` Zip, ``tracing_config.mode``
    PassThrough) with its ``aws_lambda_function_url``s, ``aws_lambda_permission``s (the
    resource policy) and ``aws_lambda_function_event_invoke_config`` (on-failure
    destination). A permission whose principal is known only after apply leaves the
    function unjudged."""
    values = fn.values
    permissions = session.joined(fn, _PERMISSIONS, "function_name")
    unknown = [f"{p.address}.principal" for p in permissions if p.is_unknown("principal")]
    if unknown:
        return known_after_apply("aws", fn, "ServerlessFunction", unknown)
    statements = [_statement(p, fn) for p in permissions]
    invoke = session.joined(fn, _INVOKE, "function_name")
    details = FunctionDetails(
        urls=tuple(
            to_function_url(
                {
                    "AuthType": u.values.get("authorization_type") or "NONE",
                    "FunctionUrl": u.address,
                },
                u.values.get("qualifier") or "$LATEST",
            )
            for u in session.joined(fn, _URLS, "function_name")
        ),
        on_failure=any(
            first(first(i.values.get("destination_config")).get("on_failure")).get("destination")
            or i.references("destination_config")
            for i in invoke
        ),
        policy=policy_from_text(
            json.dumps({"Version": "2012-10-17", "Statement": statements}) if statements else None
        ),
    )
    answer = {
        "FunctionArn": fn.address, "FunctionName": values.get("function_name") or fn.address,
        "Runtime": values.get("runtime") or "", "PackageType": values.get("package_type") or "Zip",
        "VpcConfig": {"SubnetIds": first(values.get("vpc_config")).get("subnet_ids") or []},
        "TracingConfig": {"Mode": first(values.get("tracing_config")).get("mode") or "PassThrough"},
        "DeadLetterConfig": {"TargetArn": first(values.get("dead_letter_config")).get("target_arn")
                             or bool(fn.references("dead_letter_config"))},
    }  # fmt: skip
    model = to_serverless_function(
        answer, details, account="", region=session.region(fn), collected_at=session.collected_at
    )
    return relabel(model, fn)


def plan_eks_cluster(cluster: Planned, session: TerraformSession) -> KubernetesCluster:
    """``aws_eks_cluster``: ``vpc_config.endpoint_public_access`` true and
    ``public_access_cidrs`` 0.0.0.0/0 by default, no control plane logs unless
    ``enabled_cluster_log_types`` (registry: aws_eks_cluster). IRSA is on when an
    ``aws_iam_openid_connect_provider`` of the plan registers the cluster's issuer, or an
    ``aws_eks_addon`` installs ``eks-pod-identity-agent`` (as the live scan reads them);
    ``version`` omitted is the current default EKS chooses at apply (UNKNOWN)."""
    values = cluster.values
    vpc = first(values.get("vpc_config"))
    answer = {
        "arn": cluster.address, "name": values.get("name") or cluster.address,
        "version": values.get("version") or "", "tags": values.get("tags") or {},
        "resourcesVpcConfig": {
            "endpointPublicAccess": vpc.get("endpoint_public_access", True) is not False,
            "publicAccessCidrs": vpc.get("public_access_cidrs") or ["0.0.0.0/0"]},
        "logging": {"clusterLogging": [
            {"enabled": True, "types": values.get("enabled_cluster_log_types") or []}]},
        "encryptionConfig": [
            {"resources": c.get("resources") or [],
             "provider": {"keyArn": first(c.get("provider")).get("key_arn") or "planned key"}}
            for c in values.get("encryption_config") or ()],
    }  # fmt: skip
    oidc = any(
        any(r.startswith(cluster.local_address) for r in p.references("url"))
        for p in session.all_of("aws_iam_openid_connect_provider")
    )
    agent = any(
        a.values.get("addon_name") == "eks-pod-identity-agent"
        for a in session.joined(cluster, ("aws_eks_addon",), "cluster_name")
    )
    identity = True if oidc or agent else (False if cluster.created else None)
    model = to_kubernetes_cluster(
        answer, identity, account="", region=session.region(cluster),
        collected_at=session.collected_at,
    )  # fmt: skip
    if not values.get("version"):
        session.note_unknown(cluster, [f"{cluster.address}.version"])
        model = model.model_copy(update={"version_support": None, "secrets_encryption": (
            model.secrets_encryption if values.get("encryption_config") else None)})  # fmt: skip
    return relabel(model, cluster)


def plan_task_definition(task: Planned, session: TerraformSession) -> Item:
    """``aws_ecs_task_definition``: ``container_definitions`` is the JSON the
    RegisterTaskDefinition API takes (same field names), read by the live mapper."""
    values = task.values
    if task.is_unknown("container_definitions"):
        return known_after_apply(
            "aws", task, "ContainerTaskDefinition", [f"{task.address}.container_definitions"]
        )
    try:
        containers = json.loads(str(values.get("container_definitions") or "[]"))
    except json.JSONDecodeError:
        containers = []
    answer = {
        "taskDefinitionArn": task.address,
        "family": values.get("family") or task.address,
        "revision": values.get("revision") or 0,
        "networkMode": values.get("network_mode") or "bridge",
        "pidMode": values.get("pid_mode") or "",
        "containerDefinitions": containers if isinstance(containers, list) else [],
    }
    model = to_task_definition(
        answer, account="", region=session.region(task), collected_at=session.collected_at
    )
    return relabel(model, task)


def _actions(blocks: Any) -> list[dict[str, Any]]:
    """Listener / rule action blocks as DescribeListeners/DescribeRules ``Actions``; a
    redirect without ``protocol`` keeps the request's (``#{protocol}``, the API default)."""
    return [
        {
            "Type": a.get("type"),
            "RedirectConfig": {
                "Protocol": first(a.get("redirect")).get("protocol") or "#{protocol}"
            },
        }
        for a in blocks or ()
    ]


_LISTENER_TYPES = ("aws_lb_listener", "aws_alb_listener")


def _listeners(lb: Planned, session: TerraformSession) -> list[Any]:
    application = (lb.values.get("load_balancer_type") or "application") == "application"
    listeners = []
    for listener in session.joined(lb, _LISTENER_TYPES, "load_balancer_arn"):
        values = listener.values
        rules = [
            {"Actions": _actions(r.values.get("action"))}
            for r in session.joined(listener, ("aws_lb_listener_rule",), "listener_arn")
        ]
        protocol = values.get("protocol") or ("HTTP" if application else "TCP")
        certificate = values.get("certificate_arn") or (
            "planned certificate" if listener.configured("certificate_arn") else None
        )
        item = {
            "Port": values.get("port") or 0,
            "Protocol": protocol,
            "DefaultActions": _actions(values.get("default_action")),
            "SslPolicy": values.get("ssl_policy"),
            "Certificates": [{"CertificateArn": certificate}] if certificate else [],
        }
        listeners.append(to_listener(item, rules, None))
    return listeners


def plan_load_balancer(lb: Planned, session: TerraformSession) -> LoadBalancer:
    """``aws_lb`` / ``aws_alb`` with its ``aws_lb_listener``s (and their rules):
    ``internal`` false (internet-facing), ``enable_deletion_protection`` and
    ``drop_invalid_header_fields`` false, ``desync_mitigation_mode`` defensive,
    ``access_logs.enabled`` false even with a bucket (registry: aws_lb). The web ACL
    is an ``aws_wafv2_web_acl_association`` naming it. A listener's TLS policy versions
    need DescribeSSLPolicies: unknown."""
    values = lb.values
    kind = values.get("load_balancer_type") or "application"
    logs = first(values.get("access_logs"))
    attributes = {
        # access_logs.enabled defaults to false, "even when bucket is specified"
        "access_logs.s3.enabled": str(bool(logs.get("enabled"))),
        "deletion_protection.enabled": str(flag(values, "enable_deletion_protection", False)),
        "routing.http.drop_invalid_header_fields.enabled": str(
            flag(values, "drop_invalid_header_fields", False)
        ),
        "routing.http.desync_mitigation_mode": values.get("desync_mitigation_mode") or "defensive",
    }
    acl = session.joined(lb, ("aws_wafv2_web_acl_association",), "resource_arn")
    answer = {"LoadBalancerArn": lb.address, "LoadBalancerName": values.get("name") or lb.address,
              "Type": kind, "Scheme": "internal" if values.get("internal") else "internet-facing",
              "AvailabilityZones": [{"SubnetId": s} for s in values.get("subnets") or ()]
              or [{} for _ in values.get("subnet_mapping") or ()]}  # fmt: skip
    model = to_load_balancer(
        answer, _listeners(lb, session), {k: v.lower() for k, v in attributes.items()},
        acl[0].address if acl else "", region=session.region(lb), account="",
        collected_at=session.collected_at,
    )  # fmt: skip
    return relabel(model, lb)


def plan_certificate(cert: Planned, session: TerraformSession) -> Certificate:
    """``aws_acm_certificate``: AMAZON_ISSUED with a ``validation_method``, PRIVATE with a
    ``certificate_authority_arn``, IMPORTED with a ``certificate_body``; ``key_algorithm``
    RSA_2048 by default (registry: aws_acm_certificate). Expiry and use are known after
    issuance (unknown)."""
    values = cert.values
    kind = "AMAZON_ISSUED"
    if values.get("certificate_body") or cert.configured("certificate_body"):
        kind = "IMPORTED"
    elif values.get("certificate_authority_arn") or cert.configured("certificate_authority_arn"):
        kind = "PRIVATE"
    detail = {"CertificateArn": cert.address, "DomainName": values.get("domain_name"),
              "Type": kind, "KeyAlgorithm": values.get("key_algorithm")
              or (None if kind == "IMPORTED" else "RSA_2048")}  # fmt: skip
    model = to_acm_certificate(
        detail, values.get("tags") or {}, account="", region=session.region(cert),
        collected_at=session.collected_at,
    )  # fmt: skip
    return relabel(model.model_copy(update={"in_use": None}), cert)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", ServerlessFunction, ("aws_lambda_function",), plan_function,
              name="plan_lambda", joins=[(_URLS, "function_name"), (_PERMISSIONS, "function_name"),
                                         (_INVOKE, "function_name")]),
    collector("aws", KubernetesCluster, ("aws_eks_cluster",), plan_eks_cluster, name="plan_eks",
              joins=[(("aws_eks_addon",), "cluster_name")]),
    collector("aws", ContainerTaskDefinition, ("aws_ecs_task_definition",),
              plan_task_definition, name="plan_ecs_tasks"),
    collector("aws", LoadBalancer, ("aws_lb", "aws_alb"), plan_load_balancer, name="plan_lbs",
              joins=[(_LISTENER_TYPES, "load_balancer_arn"),
                     (("aws_wafv2_web_acl_association",), "resource_arn")]),
    collector("aws", Certificate, ("aws_acm_certificate",), plan_certificate, name="plan_acm"),
)  # fmt: skip
