"""AWS resources in a plan -> the neutral models, through the live provider's own mappers.

Each mapper rebuilds the API answer the live collector would read (GetBucketEncryption,
DescribeSecurityGroups, DescribeKey...) from the planned attributes, and hands it to the
same pure ``to_*`` function the live scan uses: one set of semantics for plan and cloud.

Attributes the configuration omits take the AWS provider's documented default
(registry.terraform.io/providers/hashicorp/aws/latest/docs, page named per resource type);
a value the plan only knows after apply (``after_unknown``) becomes None (UNKNOWN), and
the session records which attribute it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from providers.aws.ebs import to_volume
from providers.aws.ec2 import to_security_group
from providers.aws.kms import to_kms_key
from providers.terraform.aws_s3 import S3_TYPES, collect_buckets
from providers.terraform.common import relabel as _fields
from providers.terraform.plan import Planned
from providers.terraform.session import TerraformSession, known_after_apply, opaque_resource
from scanner.model import Bucket, KmsKey, SecurityGroup, Volume
from scanner.provider import Collector, Item

# -- security groups ------------------------------------------------------------------------


def _permission(rule: Mapping[str, Any], *, v2: bool = False) -> dict[str, Any]:
    """An inline rule / ``aws_security_group_rule`` / ``aws_vpc_security_group_*_rule`` ->
    one ``IpPermissions`` entry."""
    if v2:
        protocol = str(rule.get("ip_protocol", "-1"))
        perm: dict[str, Any] = {"IpProtocol": protocol}
        if rule.get("from_port") is not None:
            perm["FromPort"], perm["ToPort"] = rule.get("from_port"), rule.get("to_port")
        perm["IpRanges"] = [{"CidrIp": rule["cidr_ipv4"]}] if rule.get("cidr_ipv4") else []
        perm["Ipv6Ranges"] = [{"CidrIpv6": rule["cidr_ipv6"]}] if rule.get("cidr_ipv6") else []
        prefix = rule.get("prefix_list_id")
        perm["PrefixListIds"] = [{"PrefixListId": prefix}] if prefix else []
        group = rule.get("referenced_security_group_id")
        perm["UserIdGroupPairs"] = [{"GroupId": group}] if group else []
        return perm
    groups = [*(rule.get("security_groups") or ()), *(rule.get("source_security_group_id") or ())]
    return {
        "IpProtocol": str(rule.get("protocol", "-1")),
        "FromPort": rule.get("from_port"),
        "ToPort": rule.get("to_port"),
        "IpRanges": [{"CidrIp": c} for c in rule.get("cidr_blocks") or ()],
        "Ipv6Ranges": [{"CidrIpv6": c} for c in rule.get("ipv6_cidr_blocks") or ()],
        "PrefixListIds": [{"PrefixListId": p} for p in rule.get("prefix_list_ids") or ()],
        "UserIdGroupPairs": [{"GroupId": g} for g in groups if isinstance(g, str)]
        + ([{"GroupId": "self"}] if rule.get("self") else []),
    }


def plan_security_group(
    group: Planned, session: TerraformSession
) -> tuple[SecurityGroup, list[str]]:
    """``aws_security_group`` with its inline rules and the separate rule resources.

    A rule's sources known only after apply (a CIDR from another resource) leave the
    group's exposure unknown. Terraform removes the default allow-all egress rule AWS adds
    to a new group (registry: aws_security_group, "Default egress rule"), so a group
    without egress rules has none.
    """
    ingress: list[dict[str, Any]] = []
    egress: list[dict[str, Any]] = []
    unknown: list[str] = []
    # egress matters only to the default group's "no rules" check; a computed egress
    # (rules managed elsewhere) does not hide what the ingress rules open
    directions = ("ingress", "egress") if group.values.get("name") == "default" else ("ingress",)
    for direction, bucket in (("ingress", ingress), ("egress", egress)):
        if direction in directions and group.configured(direction) and group.is_unknown(direction):
            unknown.append(f"{group.address}.{direction}")
        bucket += [_permission(r) for r in group.values.get(direction) or ()]
    for rule in session.joined(group, ("aws_security_group_rule",), "security_group_id"):
        if any(rule.is_unknown(k) for k in ("cidr_blocks", "ipv6_cidr_blocks", "from_port")):
            unknown.append(f"{rule.address}.cidr_blocks")
        target = egress if rule.values.get("type") == "egress" else ingress
        target.append(_permission(rule.values))
    for kind, target in (("ingress", ingress), ("egress", egress)):
        for rule in session.joined(
            group, (f"aws_vpc_security_group_{kind}_rule",), "security_group_id"
        ):
            if any(rule.is_unknown(k) for k in ("cidr_ipv4", "cidr_ipv6")):
                unknown.append(f"{rule.address}.cidr_ipv4")
            target.append(_permission(rule.values, v2=True))
    live = to_security_group(
        {
            "GroupId": group.address,
            "GroupName": group.values.get("name") or group.address,
            "VpcId": group.values.get("vpc_id"),
            "IpPermissions": ingress,
            "IpPermissionsEgress": egress,
        },
        region=session.region(group),
        account="",
        collected_at=session.collected_at,
    )
    return _fields(live, group), unknown


def collect_security_groups(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_security_group``; one whose rules are partly known only after
    apply is not judged (UNKNOWN, naming the attributes): judging the known rules alone
    could pass a group the unknown ones open."""
    joins = [
        (("aws_security_group_rule",), "security_group_id"),
        (("aws_vpc_security_group_ingress_rule",), "security_group_id"),
        (("aws_vpc_security_group_egress_rule",), "security_group_id"),
    ]
    for group in session.judged("aws_security_group", joins=joins):
        if group.opaque:
            yield opaque_resource("aws", group, "SecurityGroup")
            continue
        model, unknown = plan_security_group(group, session)
        yield model if not unknown else known_after_apply("aws", group, "SecurityGroup", unknown)


# -- KMS and EBS ----------------------------------------------------------------------------


def plan_kms_key(key: Planned, session: TerraformSession) -> KmsKey:
    """``aws_kms_key``: rotation off unless ``enable_key_rotation`` (default false), period
    365 days by default, symmetric ENCRYPT_DECRYPT by default (registry: aws_kms_key)."""
    values = key.values
    spec = str(values.get("customer_master_key_spec") or "SYMMETRIC_DEFAULT")
    usage = str(values.get("key_usage") or "ENCRYPT_DECRYPT")
    enabled = values.get("is_enabled", True) is not False
    meta = {
        "Arn": key.address,
        "KeyId": key.address,
        "KeySpec": spec,
        "KeyUsage": usage,
        "KeyManager": "CUSTOMER",
        "KeyState": "Enabled" if enabled else "Disabled",
    }
    rotation: Mapping[str, Any] | None = {
        "KeyRotationEnabled": bool(values.get("enable_key_rotation", False)),
        "RotationPeriodInDays": values.get("rotation_period_in_days") or 365,
    }
    if key.is_unknown("enable_key_rotation") and key.configured("enable_key_rotation"):
        rotation = None
        session.note_unknown(key, [f"{key.address}.enable_key_rotation"])
    live = to_kms_key(meta, rotation, region=session.region(key), collected_at=session.collected_at)
    return _fields(live, key)


def collect_kms_keys(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_kms_key``."""
    for key in session.judged("aws_kms_key"):
        if key.opaque:
            yield opaque_resource("aws", key, "KmsKey")
            continue
        yield plan_kms_key(key, session)


def plan_volume(volume: Planned, session: TerraformSession) -> Volume:
    """``aws_ebs_volume``: ``encrypted`` omitted follows the account's and region's
    "EBS encryption by default" setting, which the plan cannot see: UNKNOWN
    (docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html)."""
    values = volume.values
    encrypted = values.get("encrypted")
    live = to_volume(
        {
            "VolumeId": volume.address,
            "Encrypted": bool(encrypted),
            "KmsKeyId": values.get("kms_key_id"),
            "Attachments": [],
        },
        region=session.region(volume),
        account="",
        collected_at=session.collected_at,
    )
    model: Volume = _fields(live, volume)
    if encrypted is None or volume.is_unknown("encrypted"):
        session.note_unknown(volume, [f"{volume.address}.encrypted (account default)"])
        return model.model_copy(update={"encryption": None, "attached": None})
    return model.model_copy(update={"attached": None})


def collect_volumes(session: TerraformSession, _scope: str) -> Iterator[Item]:
    """Every planned ``aws_ebs_volume``."""
    for volume in session.judged("aws_ebs_volume"):
        if volume.opaque:
            yield opaque_resource("aws", volume, "Volume")
            continue
        yield plan_volume(volume, session)


COLLECTORS: tuple[Collector[TerraformSession], ...] = (
    Collector(Bucket, collect_buckets, permissions=(), scope="global", name="plan_buckets"),
    Collector(
        SecurityGroup,
        collect_security_groups,
        permissions=(),
        scope="global",
        name="plan_security_groups",
    ),
    Collector(KmsKey, collect_kms_keys, permissions=(), scope="global", name="plan_kms_keys"),
    Collector(Volume, collect_volumes, permissions=(), scope="global", name="plan_volumes"),
)

#: Resource types the mappers of this module and ``aws_s3`` read (judged or joined).
RESOURCE_TYPES = (
    *S3_TYPES,
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_kms_key",
    "aws_ebs_volume",
)
