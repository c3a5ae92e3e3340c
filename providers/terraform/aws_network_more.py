"""VPC endpoints, route tables, Classic Load Balancers, SSM documents and their public
sharing setting, and backup vault access policies in a plan, through the live ``to_*``
functions.

Each mapper rebuilds what the live collector reads (DescribeVpcEndpoints,
DescribeRouteTables + DescribeVpcPeeringConnections, DescribeLoadBalancers +
DescribeLoadBalancerAttributes, ListDocuments + DescribeDocumentPermission,
GetServiceSetting, GetBackupVaultAccessPolicy). Attributes and defaults:
registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>, cited per
mapper; a value known only after apply is UNKNOWN, named in the finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.aws.elb_classic import to_classic_load_balancer
from providers.aws.endpoints import to_private_endpoint
from providers.aws.resource_policy import policy_from_text
from providers.aws.routes import to_route_table
from providers.aws.ssm import PUBLIC_SHARING_SETTING, to_automation_document, to_document_sharing
from providers.terraform.common import collector, first, flag, relabel
from providers.terraform.plan import Planned
from providers.terraform.refs import named, names
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import (
    AutomationDocument,
    BackupVaultPolicy,
    DocumentSharing,
    LoadBalancer,
    PrivateEndpoint,
    RouteTable,
)
from scanner.provider import Collector, Item

_ENDPOINT_POLICIES = ("aws_vpc_endpoint_policy",)
_ROUTES = ("aws_route",)
_VAULT_POLICIES = ("aws_backup_vault_policy",)
#: The policy AWS attaches to an endpoint created without one (PrivateLink guide,
#: "Control access to VPC endpoints using endpoint policies": default full access).
FULL_ACCESS = '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}'
_ENDPOINT_TYPES = {"interface": "Interface", "gateway": "Gateway",
                   "gatewayloadbalancer": "GatewayLoadBalancer"}  # fmt: skip


def plan_private_endpoint(endpoint: Planned, session: TerraformSession) -> Item:
    """``aws_vpc_endpoint`` (+ ``aws_vpc_endpoint_policy``): ``vpc_endpoint_type``
    Gateway by default; ``private_dns_enabled`` false by default (Interface only);
    ``policy`` "defaults to full access" where the service supports endpoint policies,
    which every Gateway endpoint does and only some Interface services do (registry:
    aws_vpc_endpoint, aws_vpc_endpoint_policy). An Interface endpoint without a policy
    in the plan is UNKNOWN for the policy (whether its service takes one is per service).
    """
    values = endpoint.values
    kind = str(values.get("vpc_endpoint_type") or "Gateway")
    unknown: list[str] = []
    if endpoint.is_unknown("service_name"):
        unknown.append(f"{endpoint.address}.service_name")
    texts = [values.get("policy")] if endpoint.configured("policy") else []
    if endpoint.configured("policy") and endpoint.is_unknown("policy"):
        unknown.append(f"{endpoint.address}.policy")
    for policy in session.joined(endpoint, _ENDPOINT_POLICIES, "vpc_endpoint_id"):
        if policy.is_unknown("policy"):
            unknown.append(f"{policy.address}.policy")
        texts.append(policy.values.get("policy") or FULL_ACCESS)
    if unknown:
        return known_after_apply("aws", endpoint, "PrivateEndpoint", unknown)
    text = texts[-1] if texts else None
    gateway = _ENDPOINT_TYPES.get(kind.lower()) == "Gateway"
    if text is None and gateway:
        text = FULL_ACCESS
    answer = {
        "VpcEndpointId": endpoint.address,
        "VpcEndpointType": _ENDPOINT_TYPES.get(kind.lower(), kind),
        "ServiceName": values.get("service_name") or "",
        "VpcId": values.get("vpc_id") or "",
        "State": "available",
        "PrivateDnsEnabled": bool(values.get("private_dns_enabled")),
        "PolicyDocument": text,
        "Tags": [{"Key": k, "Value": v} for k, v in (values.get("tags") or {}).items()],
    }
    model = to_private_endpoint(answer, account="", region=session.region(endpoint),
                                collected_at=session.collected_at)  # fmt: skip
    if text is None and model.endpoint_type == "interface":
        # the service's own default (full access where policies are supported): unknown
        session.note_unknown(endpoint, [f"{endpoint.address}.policy (service default)"])
        model = model.model_copy(update={"has_policy": True, "policy_document": None})
    return relabel(model, endpoint)


_TARGET_KEYS = (
    ("vpc_peering_connection_id", "VpcPeeringConnectionId"),
    ("nat_gateway_id", "NatGatewayId"),
    ("transit_gateway_id", "TransitGatewayId"),
    ("vpc_endpoint_id", "VpcEndpointId"),
    ("egress_only_gateway_id", "EgressOnlyInternetGatewayId"),
    ("gateway_id", "GatewayId"),
    ("network_interface_id", "NetworkInterfaceId"),
)
_ASSOCIATIONS = (
    ("aws_vpc_ipv4_cidr_block_association", "cidr_block"),
    ("aws_vpc_ipv6_cidr_block_association", "ipv6_cidr_block"),
)
_DESTINATIONS = ("destination_cidr_block", "destination_ipv6_cidr_block")
_GATEWAY_PREFIX = {"aws_internet_gateway": "igw-", "aws_vpn_gateway": "vgw-",
                   "aws_vpc_endpoint": "vpce-"}  # fmt: skip


def _reference(resource: Planned, attribute: str, path: tuple[Any, ...]) -> list[str]:
    """The references of ``attribute`` (top level) or of a nested block attribute."""
    if not path:
        return list(resource.references(attribute))
    node: Any = resource.expressions
    for part in path:
        if isinstance(node, Mapping):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return []
    expression = node.get(attribute) if isinstance(node, Mapping) else None
    return (
        list((expression or {}).get("references") or ()) if isinstance(expression, Mapping) else []
    )


def _route(values: Mapping[str, Any], owner: Planned, path: tuple[Any, ...], v2: bool,
           session: TerraformSession) -> dict[str, Any]:  # fmt: skip
    """An inline ``route`` block or an ``aws_route`` as a DescribeRouteTables ``Routes`` item;
    a target of the plan known only after apply is named by its address."""
    prefix = "destination_" if v2 else ""
    route: dict[str, Any] = {
        "DestinationCidrBlock": values.get(f"{prefix}cidr_block"),
        "DestinationIpv6CidrBlock": values.get(f"{prefix}ipv6_cidr_block"),
        "DestinationPrefixListId": values.get("destination_prefix_list_id"),
    }
    for attribute, key in _TARGET_KEYS:
        value = values.get(attribute)
        refs = _reference(owner, attribute, path)
        if not value and refs:
            target = named(session, owner, refs, *_GATEWAY_PREFIX,
                              "aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter",
                              "aws_nat_gateway", "aws_ec2_transit_gateway")  # fmt: skip
            value = target.address if target else "unknown"
            if target is not None and attribute == "gateway_id":
                value = _GATEWAY_PREFIX.get(target.type, "") + target.address
        if value:
            route[key] = value
    return {k: v for k, v in route.items() if v}


def _vpc_cidrs(session: TerraformSession, me: Planned, refs: list[str]) -> tuple[str, ...] | None:
    """The CIDR blocks of a VPC of the plan (with its ``aws_vpc_ipv4_cidr_block_association``
    / ``aws_vpc_ipv6_cidr_block_association`` blocks); None when it is not in the plan."""
    vpc = named(session, me, refs, "aws_vpc")
    if vpc is None or vpc.is_unknown("cidr_block"):
        return None
    cidrs = [str(vpc.values["cidr_block"])] if vpc.values.get("cidr_block") else []
    for kind, attribute in _ASSOCIATIONS:
        for extra in session.joined(vpc, (kind,), "vpc_id"):
            if extra.is_unknown(attribute):
                return None
            cidrs.append(str(extra.values.get(attribute)))
    if vpc.values.get("ipv6_cidr_block"):
        cidrs.append(str(vpc.values["ipv6_cidr_block"]))
    elif vpc.values.get("assign_generated_ipv6_cidr_block"):
        return None  # Amazon assigns the block after apply
    return tuple(cidrs)


def _peers(table: Planned, session: TerraformSession) -> dict[str, tuple[str, ...]]:
    """Peering connections of the plan -> the CIDR blocks of the side that is not the
    route table's VPC (``vpc_id`` / ``peer_vpc_id`` of ``aws_vpc_peering_connection``)."""
    # a default route table is the one of the VPC whose default_route_table_id it names
    refs = [*table.references("vpc_id"), *table.references("default_route_table_id")]
    mine = named(session, table, refs, "aws_vpc")
    literal = table.values.get("vpc_id")
    peers: dict[str, tuple[str, ...]] = {}
    for peering in session.all_of("aws_vpc_peering_connection"):
        if peering.module != table.module:
            continue
        ours = (mine is not None and names(peering.references("vpc_id"), mine, peering)) or (
            bool(literal) and peering.values.get("vpc_id") == literal
        )
        side = "peer_vpc_id" if ours else "vpc_id"
        cidrs = _vpc_cidrs(session, peering, list(peering.references(side)))
        if cidrs is not None:
            peers[peering.address] = cidrs
            for accepter in session.joined(peering, ("aws_vpc_peering_connection_accepter",),
                                           "vpc_peering_connection_id"):  # fmt: skip
                # the accepter's side sees the requester's VPC as its peer
                other = "vpc_id" if ours else "peer_vpc_id"
                theirs = _vpc_cidrs(session, peering, list(peering.references(other)))
                if theirs is not None:
                    peers[accepter.address] = theirs
    return peers


def plan_route_table(table: Planned, session: TerraformSession) -> Item:
    """``aws_route_table`` / ``aws_default_route_table`` (inline ``route`` blocks) with
    the ``aws_route`` resources naming it (registry: aws_route_table,
    aws_default_route_table, aws_route). A peering route's peer network is the
    ``aws_vpc_peering_connection`` side that is not the table's VPC, with that VPC's
    CIDR blocks from the plan; a peering or VPC outside the plan is UNKNOWN."""
    unknown = [f"{table.address}.route" for _ in [1] if table.configured("route")
               and table.wholly_unknown("route")]  # fmt: skip
    routes = [_route(r, table, ("route", n), False, session)
              for n, r in enumerate(table.values.get("route") or ())]  # fmt: skip
    target = "default_route_table_id" if table.type == "aws_default_route_table" else "id"
    for route in session.joined(table, _ROUTES, "route_table_id"):
        if route.opaque or any(route.is_unknown(a) for a in _DESTINATIONS):
            unknown.append(f"{route.address}.destination_cidr_block")
            continue
        routes.append(_route(route.values, route, (), True, session))
    if unknown:
        return known_after_apply("aws", table, "RouteTable", unknown)
    tags = [{"Key": k, "Value": v} for k, v in (table.values.get("tags") or {}).items()]
    answer = {"RouteTableId": table.values.get(target) or table.address,
              "VpcId": table.values.get("vpc_id"), "Routes": routes, "Tags": tags}  # fmt: skip
    model = to_route_table(answer, _peers(table, session), region=session.region(table),
                           account="", collected_at=session.collected_at)  # fmt: skip
    if any(r.target_kind == "peering" and r.peer_cidrs is None for r in model.routes):
        session.note_unknown(table, [f"{table.address} (peer VPC outside the plan)"])
    return relabel(model, table)


def _certificate(lb: Planned, n: int, listener: Mapping[str, Any]) -> str | None:
    """A listener's ``ssl_certificate_id``; one known only after apply is an ACM or IAM
    certificate when it refers to one of the plan (``aws_acm_certificate``,
    ``aws_iam_server_certificate``), else unknown (None)."""
    if listener.get("ssl_certificate_id"):
        return str(listener["ssl_certificate_id"])
    refs = _reference(lb, "ssl_certificate_id", ("listener", n))
    if any(r.startswith(("aws_acm_certificate.", "aws_acm_certificate_validation.")) for r in refs):
        return "arn:aws:acm:planned"
    if any(r.startswith("aws_iam_server_certificate.") for r in refs):
        return "arn:aws:iam::planned:server-certificate"
    return None


def plan_classic_load_balancer(lb: Planned, session: TerraformSession) -> LoadBalancer:
    """``aws_elb``: ``internal`` false (internet-facing); ``access_logs.enabled`` true by
    default once the block is given; ``cross_zone_load_balancing`` true,
    ``connection_draining`` false, ``desync_mitigation_mode`` defensive (registry:
    aws_elb). A TLS listener's negotiation policy needs DescribeLoadBalancerPolicies and
    DescribeSSLPolicies: unknown, as for ``aws_lb``."""
    values = lb.values
    logs = first(values.get("access_logs"))
    listeners = [
        {"Listener": {"Protocol": str(item.get("lb_protocol") or "").upper(),
                      "LoadBalancerPort": item.get("lb_port") or 0,
                      "SSLCertificateId": _certificate(lb, n, item)},
         "PolicyNames": []}
        for n, item in enumerate(values.get("listener") or ())
    ]  # fmt: skip
    attributes = {
        "AccessLog": {"Enabled": bool(logs) and logs.get("enabled") is not False},
        "CrossZoneLoadBalancing": {"Enabled": flag(values, "cross_zone_load_balancing", True)},
        "ConnectionDraining": {"Enabled": flag(values, "connection_draining", False)},
        "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode",
                                  "Value": values.get("desync_mitigation_mode") or "defensive"}],
    }  # fmt: skip
    zones = values.get("availability_zones") or values.get("subnets") or ()
    answer = {
        "LoadBalancerName": str(values.get("name") or lb.address),
        "Scheme": "internal" if values.get("internal") else "internet-facing",
        "ListenerDescriptions": listeners,
        "AvailabilityZones": list(zones),
    }
    model = to_classic_load_balancer(answer, attributes, None, region=session.region(lb),
                                     account="", collected_at=session.collected_at)  # fmt: skip
    if lb.is_unknown("availability_zones") and lb.is_unknown("subnets"):
        session.note_unknown(lb, [f"{lb.address}.subnets"])
        model = model.model_copy(update={"zones": None})
    return relabel(model, lb)


def plan_automation_document(document: Planned, session: TerraformSession) -> Item:
    """``aws_ssm_document``: ``permissions`` (``type`` Share, ``account_ids`` a comma-separated
    list, ``all`` for public) shares it; none: not shared (registry: aws_ssm_document)."""
    values = document.values
    if document.is_unknown("permissions"):
        return known_after_apply("aws", document, "AutomationDocument",
                                 [f"{document.address}.permissions"])  # fmt: skip
    permissions = values.get("permissions") or {}
    accounts: list[str] = []
    if str(permissions.get("type", "Share")).lower() == "share":
        accounts = [
            a.strip() for a in str(permissions.get("account_ids") or "").split(",") if a.strip()
        ]
    model = to_automation_document({"Name": str(values.get("name") or document.address)}, accounts,
                                   region=session.region(document), account="",
                                   collected_at=session.collected_at)  # fmt: skip
    return relabel(model, document)


def plan_document_sharing(setting: Planned, session: TerraformSession) -> Item:
    """``aws_ssm_service_setting`` for ``/ssm/documents/console/public-sharing-permission``:
    ``setting_value`` Disable blocks public sharing, Enable allows it (registry:
    aws_ssm_service_setting; SSM user guide, "Block public sharing for SSM documents")."""
    if setting.is_unknown("setting_value"):
        return known_after_apply("aws", setting, "DocumentSharing",
                                 [f"{setting.address}.setting_value"])  # fmt: skip
    model = to_document_sharing(
        {"SettingValue": setting.values.get("setting_value") or ""}, account="",
        region=session.region(setting), collected_at=session.collected_at,
    )  # fmt: skip
    return relabel(model, setting)


def _is_public_sharing(setting: Planned) -> bool:
    """``setting_id`` is the setting's name or its ARN (``arn:...:servicesetting/ssm/...``)."""
    return str(setting.values.get("setting_id") or "").endswith(PUBLIC_SHARING_SETTING)


def collect_document_sharing(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned public-sharing ``aws_ssm_service_setting`` -> DocumentSharing."""
    for setting in session.judged("aws_ssm_service_setting"):
        if setting.opaque or setting.is_unknown("setting_id"):
            yield known_after_apply("aws", setting, "DocumentSharing",
                                    [f"{setting.address}.setting_id"])  # fmt: skip
        elif _is_public_sharing(setting):
            yield plan_document_sharing(setting, session)


def plan_vault_policy(vault: Planned, session: TerraformSession) -> Item:
    """``aws_backup_vault`` with the ``aws_backup_vault_policy`` naming it
    (``backup_vault_name``); a new vault without one has no access policy; an existing one
    may have one set outside the plan (registry: aws_backup_vault_policy)."""
    policies = session.joined(vault, _VAULT_POLICIES, "backup_vault_name")
    name = str(vault.values.get("name") or vault.address)
    if any(p.is_unknown("policy") for p in policies):
        return known_after_apply("aws", vault, "BackupVaultPolicy",
                                 [f"{p.address}.policy" for p in policies])  # fmt: skip
    document = policy_from_text(policies[-1].values.get("policy")) if policies else None
    if not policies and vault.created:
        document = policy_from_text(None)
    elif not policies:
        session.note_unknown(vault, [f"{vault.address} (access policy outside the plan)"])
    model = BackupVaultPolicy(
        uid=vault.address, provider="aws", account="", region=session.region(vault),
        service="backup", name=name, collected_at=session.collected_at, vault=name,
        policy_document=document,
    )  # fmt: skip
    return relabel(model, vault)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", PrivateEndpoint, ("aws_vpc_endpoint",), plan_private_endpoint,
              name="plan_vpc_endpoints", joins=[(_ENDPOINT_POLICIES, "vpc_endpoint_id")]),
    collector("aws", RouteTable, ("aws_route_table", "aws_default_route_table"),
              plan_route_table, name="plan_route_tables", joins=[(_ROUTES, "route_table_id")]),
    collector("aws", LoadBalancer, ("aws_elb",), plan_classic_load_balancer,
              name="plan_classic_lbs"),
    collector("aws", AutomationDocument, ("aws_ssm_document",), plan_automation_document,
              name="plan_ssm_documents"),
    collector("aws", BackupVaultPolicy, ("aws_backup_vault",), plan_vault_policy,
              name="plan_backup_vault_policies", joins=[(_VAULT_POLICIES, "backup_vault_name")]),
)  # fmt: skip


def collect_lone_vault_policies(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """``aws_backup_vault_policy`` naming a vault the plan does not hold: judged on its own
    (the policy it sets is the vault's whole access policy)."""
    vaults = session.all_of("aws_backup_vault")
    for policy in session.judged(*_VAULT_POLICIES):
        if any(policy in session.joined(v, _VAULT_POLICIES, "backup_vault_name") for v in vaults):
            continue
        if policy.opaque or policy.is_unknown("policy"):
            yield known_after_apply(
                "aws", policy, "BackupVaultPolicy", [f"{policy.address}.policy"]
            )
            continue
        name = str(policy.values.get("backup_vault_name") or policy.address)
        model = BackupVaultPolicy(
            uid=policy.address, provider="aws", account="", region=session.region(policy),
            service="backup", name=name, collected_at=session.collected_at, vault=name,
            policy_document=policy_from_text(policy.values.get("policy")),
        )  # fmt: skip
        yield relabel(model, policy)


COLLECTORS = (
    *COLLECTORS,
    Collector(BackupVaultPolicy, collect_lone_vault_policies, permissions=(), scope="global",
              name="plan_lone_backup_vault_policies"),
    Collector(DocumentSharing, collect_document_sharing, permissions=(), scope="global",
              name="plan_ssm_public_sharing"),
)  # fmt: skip
