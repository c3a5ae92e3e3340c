"""CloudFront distributions, network ACLs, EC2 instances and the account password policy
in a plan, through the live ``to_*`` functions (defaults: registry.terraform.io/providers/
hashicorp/aws/latest/docs/resources/<type>, cited per mapper)."""

from __future__ import annotations

from typing import Any

from providers.aws.cloudfront import to_cdn_distribution
from providers.aws.ec2 import to_network_acl
from providers.aws.iam_account import to_password_policy
from providers.aws.instances import to_virtual_machine
from providers.terraform.common import collector, first, relabel
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply
from scanner.model import CdnDistribution, NetworkAcl, PasswordPolicy, VirtualMachine
from scanner.provider import Collector, Item


def _items(values: list[Any]) -> dict[str, Any]:
    return {"Quantity": len(values), "Items": values}


def _origin(block: Any) -> dict[str, Any]:
    origin: dict[str, Any] = {
        "Id": block.get("origin_id") or "",
        "DomainName": block.get("domain_name") or "",
        "OriginAccessControlId": block.get("origin_access_control_id"),
    }
    s3 = first(block.get("s3_origin_config"))
    custom = first(block.get("custom_origin_config"))
    if block.get("s3_origin_config"):
        origin["S3OriginConfig"] = {"OriginAccessIdentity": s3.get("origin_access_identity")}
    elif block.get("vpc_origin_config"):
        origin["VpcOriginConfig"] = {}
    elif custom:
        origin["CustomOriginConfig"] = {
            "OriginProtocolPolicy": custom.get("origin_protocol_policy"),
            "OriginSslProtocols": _items(list(custom.get("origin_ssl_protocols") or ())),
        }
    elif ".s3." in origin["DomainName"] or origin["DomainName"].endswith(".s3.amazonaws.com"):
        origin["S3OriginConfig"] = {}
    return origin


def _behavior(block: Any) -> dict[str, Any]:
    return {"PathPattern": block.get("path_pattern") or "",
            "TargetOriginId": block.get("target_origin_id") or "",
            "ViewerProtocolPolicy": block.get("viewer_protocol_policy") or "allow-all"}  # fmt: skip


def plan_distribution(dist: Planned, session: TerraformSession) -> Item:
    """``aws_cloudfront_distribution``: ``viewer_certificate.minimum_protocol_version``
    TLSv1 by default, the default certificate when no ACM/IAM certificate is named;
    access logs on with a ``logging_config`` block (registry: aws_cloudfront_distribution).
    An origin or behaviour known only after apply leaves the distribution unjudged."""
    values = dist.values
    unknown = [
        f"{dist.address}.{a}"
        for a in ("origin", "default_cache_behavior")
        if dist.wholly_unknown(a) or not values.get(a)  # required blocks: absent is unread
    ]
    if unknown:
        return known_after_apply("aws", dist, "CdnDistribution", unknown)
    certificate = first(values.get("viewer_certificate"))
    named = dist.is_unknown("viewer_certificate", 0, "acm_certificate_arn")
    behaviors = [_behavior(b) for b in values.get("ordered_cache_behavior") or ()]
    acm = certificate.get("acm_certificate_arn") or ("planned" if named else None)
    logging = bool(values.get("logging_config") or dist.configured("logging_config"))
    acl = values.get("web_acl_id") or ("planned" if dist.configured("web_acl_id") else "")
    config = {
        "Enabled": values.get("enabled", True) is not False,
        "DefaultCacheBehavior": _behavior(first(values.get("default_cache_behavior"))),
        "CacheBehaviors": _items(behaviors),
        "Origins": _items([_origin(o) for o in values.get("origin") or ()]),
        "ViewerCertificate": {
            "CloudFrontDefaultCertificate": bool(certificate.get("cloudfront_default_certificate")),
            "ACMCertificateArn": acm,
            "IAMCertificateId": certificate.get("iam_certificate_id"),
            "MinimumProtocolVersion": certificate.get("minimum_protocol_version") or "TLSv1",
        },
        "Logging": {"Enabled": logging},
        "WebACLId": acl,
        "DefaultRootObject": values.get("default_root_object") or "",
    }
    model = to_cdn_distribution(
        {"ARN": dist.address, "Id": dist.address}, config, account="",
        collected_at=session.collected_at, v2_logging=False,
    )  # fmt: skip
    return relabel(model, dist)


def _entry(rule: Any, *, egress: bool, v2: bool) -> dict[str, Any]:
    """An inline ``ingress``/``egress`` block or an ``aws_network_acl_rule`` as an
    ``Entries`` item of DescribeNetworkAcls."""
    entry = {
        "RuleNumber": rule.get("rule_number" if v2 else "rule_no") or 0,
        "Egress": egress,
        "Protocol": str(rule.get("protocol", "-1")),
        "RuleAction": rule.get("rule_action" if v2 else "action") or "deny",
        "CidrBlock": rule.get("cidr_block") or None,
        "Ipv6CidrBlock": rule.get("ipv6_cidr_block") or None,
        "PortRange": {"From": rule.get("from_port"), "To": rule.get("to_port")},
    }
    return {k: v for k, v in entry.items() if v is not None}


#: Every network ACL ends with rule ``*`` denying all traffic, both ways (VPC User
#: Guide, "Network ACL basics"); DescribeNetworkAcls lists it as rule 32767.
_DEFAULT_DENY = tuple(
    {"RuleNumber": 32767, "Egress": egress, "Protocol": "-1", "RuleAction": "deny",
     "CidrBlock": "0.0.0.0/0"}
    for egress in (False, True)
)  # fmt: skip


def plan_network_acl(acl: Planned, session: TerraformSession) -> Item:
    """``aws_network_acl`` (inline ``ingress``/``egress``) / ``aws_default_network_acl``
    with the ``aws_network_acl_rule`` resources that name it, plus AWS's final deny."""
    values = acl.values
    unknown = [f"{acl.address}.{d}" for d in ("ingress", "egress")
               if acl.configured(d) and acl.is_unknown(d)]  # fmt: skip
    entries = [_entry(r, egress=False, v2=False) for r in values.get("ingress") or ()]
    entries += [_entry(r, egress=True, v2=False) for r in values.get("egress") or ()]
    target = "default_network_acl_id" if acl.type == "aws_default_network_acl" else "id"
    for rule in session.joined(acl, ("aws_network_acl_rule",), "network_acl_id"):
        if rule.is_unknown("cidr_block") or rule.is_unknown("ipv6_cidr_block"):
            unknown.append(f"{rule.address}.cidr_block")
        entries.append(_entry(rule.values, egress=bool(rule.values.get("egress")), v2=True))
    if unknown:
        return known_after_apply("aws", acl, "NetworkAcl", unknown)
    answer = {"NetworkAclId": acl.values.get(target) or acl.address,
              "VpcId": values.get("vpc_id"), "IsDefault": acl.type == "aws_default_network_acl",
              "Entries": [*entries, *_DEFAULT_DENY]}  # fmt: skip
    model = to_network_acl(
        answer, region=session.region(acl), account="", collected_at=session.collected_at
    )
    return relabel(model, acl)


def plan_password_policy(policy: Planned, session: TerraformSession) -> PasswordPolicy:
    """``aws_iam_account_password_policy``: ``minimum_password_length`` 6 and every
    ``require_*`` false when omitted; no reuse prevention and no expiry unless set
    (registry: aws_iam_account_password_policy; IAM's defaults)."""
    values = policy.values
    answer = {
        "MinimumPasswordLength": values.get("minimum_password_length") or 6,
        "RequireSymbols": bool(values.get("require_symbols")),
        "RequireNumbers": bool(values.get("require_numbers")),
        "RequireUppercaseCharacters": bool(values.get("require_uppercase_characters")),
        "RequireLowercaseCharacters": bool(values.get("require_lowercase_characters")),
        "PasswordReusePrevention": values.get("password_reuse_prevention") or 0,
        "MaxPasswordAge": values.get("max_password_age") or 0,
    }
    model = to_password_policy(answer, account="", collected_at=session.collected_at)
    return relabel(model, policy)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    collector("aws", CdnDistribution, ("aws_cloudfront_distribution",), plan_distribution,
              name="plan_cloudfront"),
    collector("aws", NetworkAcl, ("aws_network_acl", "aws_default_network_acl"),
              plan_network_acl, name="plan_network_acls",
              joins=[(("aws_network_acl_rule",), "network_acl_id")]),
    collector("aws", PasswordPolicy, ("aws_iam_account_password_policy",), plan_password_policy,
              name="plan_password_policy"),
)  # fmt: skip


def plan_instance(instance: Planned, session: TerraformSession) -> VirtualMachine:
    """``aws_instance``: ``source_dest_check`` true by default; a public IPv4 address
    follows ``associate_public_ip_address``, else the subnet's ``map_public_ip_on_launch``
    (UNKNOWN unless the plan manages that subnet); ``metadata_options.http_tokens`` left
    to the AMI and account defaults is UNKNOWN (registry: aws_instance; EC2 User Guide,
    "Configure the instance metadata options")."""
    values = instance.values
    metadata = first(values.get("metadata_options"))
    answer: dict[str, Any] = {
        "InstanceId": instance.address,
        "SourceDestCheck": values.get("source_dest_check", True) is not False,
        "IamInstanceProfile": {"Arn": values.get("iam_instance_profile") or ""},
        "State": {"Name": "running"},
        "Tags": [{"Key": k, "Value": v} for k, v in (values.get("tags") or {}).items()],
    }
    if metadata.get("http_tokens"):
        endpoint = metadata.get("http_endpoint") or "enabled"
        answer["MetadataOptions"] = {
            "HttpTokens": metadata["http_tokens"],
            "HttpEndpoint": endpoint,
        }
    public = _public_ip(instance, session)
    answer["PublicIpAddress"] = "planned" if public else None
    model = to_virtual_machine(
        answer, region=session.region(instance), account="", collected_at=session.collected_at
    )
    if public is None:
        session.note_unknown(instance, [f"{instance.address}.associate_public_ip_address"])
    if not metadata.get("http_tokens"):
        session.note_unknown(instance, [f"{instance.address}.metadata_options.http_tokens"])
    return relabel(model.model_copy(update={"public_ip": public}), instance)


def _public_ip(instance: Planned, session: TerraformSession) -> bool | None:
    value = instance.values.get("associate_public_ip_address")
    if isinstance(value, bool) and instance.configured("associate_public_ip_address"):
        return value
    refs = instance.references("subnet_id")
    for subnet in session.all_of("aws_subnet"):
        if subnet.module == instance.module and any(
            r.startswith(subnet.local_address + ".") for r in refs
        ):
            return bool(subnet.values.get("map_public_ip_on_launch"))
    return None


COLLECTORS = (
    *COLLECTORS,
    collector("aws", VirtualMachine, ("aws_instance",), plan_instance, name="plan_instances"),
)
