"""Redshift Serverless warehouses, OpenSearch Serverless collections, ECS services and EKS
managed node groups in a plan, through the live ``to_*`` functions.

Each mapper rebuilds what the live collector reads (ListNamespaces + ListWorkgroups,
BatchGetCollection + the network security policies, DescribeServices, DescribeNodegroup).
Attributes and defaults: registry.terraform.io/providers/hashicorp/aws/latest/docs/
resources/<type>, cited per mapper; a value known only after apply is UNKNOWN, named.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping
from typing import Any

from providers.aws.ecs_services import to_container_service
from providers.aws.eks_nodegroups import to_node_pool
from providers.aws.opensearch_serverless import to_search_collection
from providers.aws.redshift_serverless import to_serverless_warehouse
from providers.terraform.common import collector, first, planned_key, relabel
from providers.terraform.plan import Planned
from providers.terraform.refs import names
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import (
    ContainerService,
    Encryption,
    NodePool,
    SearchCollection,
    ServerlessWarehouse,
)
from scanner.provider import Collector, Item

_AWS_OWNED = "AWS_OWNED_KMS_KEY"
_WORKGROUPS = ("aws_redshiftserverless_workgroup",)
_AOSS_POLICIES = ("aws_opensearchserverless_security_policy",)


def _names_me(other: Planned, attribute: str, owner: Planned, key: str) -> bool:
    """``other.attribute`` refers to ``owner`` or equals its ``key`` literally."""
    refs = other.references(attribute)
    if refs:
        return names(refs, owner, other)
    value = owner.values.get(key)
    return bool(value) and other.values.get(attribute) == value


def plan_serverless_warehouse(namespace: Planned, session: TerraformSession) -> Item:
    """``aws_redshiftserverless_namespace`` with the ``aws_redshiftserverless_workgroup``s
    whose ``namespace_name`` names it (registry: aws_redshiftserverless_namespace,
    aws_redshiftserverless_workgroup).

    Without ``kms_key_id`` the namespace is encrypted with an AWS owned key
    (``AWS_OWNED_KMS_KEY``, Redshift Serverless API reference, Namespace); ``log_exports``
    empty unless set; ``admin_username`` unset leaves the name unknown, as live.
    ``publicly_accessible`` and ``enhanced_vpc_routing`` are sent only when true, so false
    otherwise; ``config_parameter`` omitted takes the service's parameters (computed), so
    ``require_ssl`` is then unknown.
    """
    values = namespace.values
    unknown = [
        f"{namespace.address}.{a}"
        for a in ("log_exports", "admin_username")
        if namespace.configured(a) and namespace.is_unknown(a)
    ]
    if unknown:
        return known_after_apply("aws", namespace, "ServerlessWarehouse", unknown)
    key = values.get("kms_key_id")
    answer: dict[str, Any] = {
        "namespaceName": str(values.get("namespace_name") or namespace.address),
        "namespaceArn": namespace.address,
        "kmsKeyId": key or _AWS_OWNED,
        "logExports": list(values.get("log_exports") or ()),
        "adminUsername": values.get("admin_username") or "",
    }  # fmt: skip
    workgroups = []
    for group in session.all_of(*_WORKGROUPS):
        if group.module != namespace.module:
            continue
        if not _names_me(group, "namespace_name", namespace, "namespace_name"):
            continue
        gv = group.values
        for flag in ("publicly_accessible", "enhanced_vpc_routing"):
            if group.configured(flag) and group.is_unknown(flag):
                unknown.append(f"{group.address}.{flag}")
        parameters = [
            {"parameterKey": p.get("parameter_key"), "parameterValue": p.get("parameter_value")}
            for p in gv.get("config_parameter") or ()
        ]
        if group.configured("config_parameter") and group.is_unknown("config_parameter"):
            unknown.append(f"{group.address}.config_parameter")
        workgroups.append({
            "workgroupName": str(gv.get("workgroup_name") or group.address),
            "publiclyAccessible": bool(gv.get("publicly_accessible")),
            "enhancedVpcRouting": bool(gv.get("enhanced_vpc_routing")),
            "configParameters": parameters,
        })  # fmt: skip
    if unknown:
        return known_after_apply("aws", namespace, "ServerlessWarehouse", unknown)
    model = to_serverless_warehouse(
        answer, workgroups, account="", region=session.region(namespace),
        collected_at=session.collected_at,
    )  # fmt: skip
    if namespace.configured("kms_key_id"):
        if planned_key(namespace, "kms_key_id") or key:
            encryption = Encryption(
                enabled=True, key_managed_by="customer",
                key_id=key or namespace.references("kms_key_id")[0],
            )  # fmt: skip
            model = model.model_copy(update={"encryption": encryption})
        else:
            session.note_unknown(namespace, [f"{namespace.address}.kms_key_id"])
            model = model.model_copy(update={"encryption": None})
    if any(w["configParameters"] == [] for w in workgroups):
        session.note_unknown(namespace, ["require_ssl (config_parameter left to the service)"])
    return relabel(model, namespace)


def _policy_document(policy: Planned) -> Any:
    try:
        return json.loads(str(policy.values.get("policy") or ""))
    except ValueError:
        return None


def _matches(name: str, document: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """(specificity, rule set) of every rule set whose collection rules match ``name``."""
    target = f"collection/{name}"
    found = []
    for rule_set in document if isinstance(document, list) else [document]:
        if not isinstance(rule_set, Mapping):
            continue
        for rule in rule_set.get("Rules") or ():
            if str(rule.get("ResourceType", "")).lower() not in {"collection", "dashboard"}:
                continue
            for pattern in rule.get("Resource") or ():
                if fnmatch.fnmatchcase(target, str(pattern)):
                    exact = "*" not in str(pattern)
                    found.append((10_000 if exact else len(str(pattern)), rule_set))
    return found


def plan_search_collection(collection: Planned, session: TerraformSession) -> Item:
    """``aws_opensearchserverless_collection`` with the plan's
    ``aws_opensearchserverless_security_policy`` resources (registry pages of both).

    Encryption: a collection takes its key from the encryption policy whose rules match
    its name (``AWSOwnedKey: true``, or ``KmsARN``; the most specific match, an exact
    name before a wildcard); ``kms_key_arn`` as known in a state. Network: the plan's
    network policies matching the collection decide (a rule allowing public access
    overrides a private one). With no matching policy in the plan, the policy that will
    apply lives outside it: UNKNOWN. A policy text known only after apply: not judged.
    (OpenSearch Service developer guide, "Encryption in Amazon OpenSearch Serverless",
    "Network access for Amazon OpenSearch Serverless".)
    """
    values = collection.values
    name = str(values.get("name") or "")
    policies = [p for p in session.all_of(*_AOSS_POLICIES) if p.module == collection.module]
    unknown = [f"{p.address}.policy" for p in policies if p.is_unknown("policy")]
    if collection.is_unknown("name") or unknown:
        return known_after_apply("aws", collection, "SearchCollection",
                                 unknown or [f"{collection.address}.name"])  # fmt: skip
    network: list[Any] = []
    encryption: list[tuple[int, Mapping[str, Any]]] = []
    for policy in policies:
        document = _policy_document(policy)
        matches = _matches(name, document)
        if not matches:
            continue
        if policy.values.get("type") == "network":
            network.append(document)
        elif policy.values.get("type") == "encryption":
            encryption += matches
    detail: dict[str, Any] = {"name": name, "arn": collection.address,
                              "type": values.get("type") or "SEARCH"}  # fmt: skip
    key = values.get("kms_key_arn")
    if not key and encryption:
        chosen = max(encryption, key=lambda m: m[0])[1]
        key = "auto" if chosen.get("AWSOwnedKey") is True else chosen.get("KmsARN")
    detail["kmsKeyArn"] = key or ""
    model = to_search_collection(
        detail, network if network else None, account="", region=session.region(collection),
        collected_at=session.collected_at,
    )  # fmt: skip
    missing = []
    if model.encryption is None:
        missing.append(f"{collection.address} (encryption policy outside the plan)")
    if not network:
        missing.append(f"{collection.address} (network policy outside the plan)")
    if missing:
        session.note_unknown(collection, missing)
    return relabel(model, collection)


def plan_container_service(service: Planned, session: TerraformSession) -> Item:
    """``aws_ecs_service``: ``network_configuration.assign_public_ip`` false by default;
    ``platform_version`` (Fargate) LATEST when omitted; ``enable_execute_command`` false;
    ``launch_type`` or ``capacity_provider_strategy`` decide the launch type, and with
    neither the cluster's default strategy does (unknown, as live) (registry:
    aws_ecs_service; Amazon ECS API reference, Service, AwsVpcConfiguration)."""
    values = service.values
    network = first(values.get("network_configuration"))
    if network and service.is_unknown("network_configuration", 0, "assign_public_ip"):
        unread = [f"{service.address}.network_configuration.assign_public_ip"]
        return known_after_apply("aws", service, "ContainerService", unread)
    strategy = [
        {"capacityProvider": s.get("capacity_provider")}
        for s in values.get("capacity_provider_strategy") or ()
    ]
    answer = {
        "serviceArn": service.address,
        "serviceName": str(values.get("name") or service.address),
        "clusterArn": values.get("cluster") or "",
        "launchType": values.get("launch_type") or None,
        "capacityProviderStrategy": strategy,
        "platformVersion": values.get("platform_version") or None,
        "networkConfiguration": {"awsvpcConfiguration": {
            "assignPublicIp": "ENABLED" if network.get("assign_public_ip") else "DISABLED"}},
        "enableExecuteCommand": bool(values.get("enable_execute_command")),
    }  # fmt: skip
    model = to_container_service(answer, account="", region=session.region(service),
                                 collected_at=session.collected_at)  # fmt: skip
    if model.serverless is None:
        session.note_unknown(service, [f"{service.address}.launch_type (cluster default)"])
    return relabel(model, service)


def plan_node_pool(group: Planned, session: TerraformSession) -> Item:
    """``aws_eks_node_group``: a ``remote_access`` block with ``ec2_ssh_key`` and no
    ``source_security_group_ids`` opens port 22 to the internet (registry:
    aws_eks_node_group; Amazon EKS API reference, RemoteAccessConfig)."""
    values = group.values
    remote = first(values.get("remote_access"))
    if values.get("remote_access") and (
        group.is_unknown("remote_access", 0, "source_security_group_ids")
        and not remote.get("source_security_group_ids")
    ):
        sources = ["planned"]  # referenced security groups, ids known after apply
    else:
        sources = list(remote.get("source_security_group_ids") or ())
    ssh_key = remote.get("ec2_ssh_key") or (
        "planned" if group.is_unknown("remote_access", 0, "ec2_ssh_key") else None
    )
    template = first(values.get("launch_template"))
    answer: dict[str, Any] = {
        "nodegroupArn": group.address,
        "nodegroupName": str(values.get("node_group_name") or group.address),
        "clusterName": values.get("cluster_name") or "",
        "amiType": values.get("ami_type") or "",
        "launchTemplate": {"id": template.get("id") or template.get("name")
                           or ("planned" if values.get("launch_template") else None)},
        "tags": values.get("tags") or {},
    }  # fmt: skip
    if ssh_key:
        answer["remoteAccess"] = {"ec2SshKey": ssh_key, "sourceSecurityGroups": sources}
    model = to_node_pool(answer, account="", region=session.region(group),
                         collected_at=session.collected_at)  # fmt: skip
    return relabel(model, group)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", ServerlessWarehouse, ("aws_redshiftserverless_namespace",),
              plan_serverless_warehouse, name="plan_redshift_serverless",
              joins=[(_WORKGROUPS, "namespace_name")]),
    collector("aws", SearchCollection, ("aws_opensearchserverless_collection",),
              plan_search_collection, name="plan_aoss_collections"),
    collector("aws", ContainerService, ("aws_ecs_service",), plan_container_service,
              name="plan_ecs_services"),
    collector("aws", NodePool, ("aws_eks_node_group",), plan_node_pool, name="plan_eks_nodegroups"),
)  # fmt: skip
