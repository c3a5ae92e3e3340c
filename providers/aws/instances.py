"""EC2 instances as virtual machines: metadata options, public IPv4, identity, forwarding.

References (AWS EC2 API reference, ``Instance`` and ``InstanceMetadataOptionsResponse``):
``HttpTokens`` "required" answers only IMDSv2 (session token) requests, "optional" answers
IMDSv1 too; ``HttpEndpoint`` "disabled" turns the metadata endpoint off. ``SourceDestCheck``
false lets the instance send and receive traffic not addressed to it (NAT, routing).
Terminated instances stay listed for about an hour and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from providers.aws.session import SDK_ERRORS, AwsSession, paginate, translate_error
from providers.aws.shapes import tag_map
from scanner.model import InstanceMetadata, VirtualMachine
from scanner.provider import Collector, Item

_GONE = {"terminated", "shutting-down"}


def to_instance_metadata(options: Mapping[str, Any] | None) -> InstanceMetadata | None:
    """Pure: ``MetadataOptions`` -> InstanceMetadata; absent options are unknown (None).

    AWS documents ``HttpEndpoint`` default "enabled"; ``HttpTokens`` has no default we can
    assume (it depends on the AMI and account defaults), so a missing value is unknown.
    """
    if not options or "HttpTokens" not in options:
        return None
    return InstanceMetadata(
        endpoint_enabled=str(options.get("HttpEndpoint", "enabled")).lower() != "disabled",
        tokens_required=str(options["HttpTokens"]).lower() == "required",
    )


def public_ipv4(instance: Mapping[str, Any]) -> bool:
    """Pure: the instance or one of its network interfaces has a public IPv4 address.

    Covers auto-assigned public IPs and Elastic IPs (both appear as ``PublicIpAddress`` and
    as the interface's ``Association.PublicIp``); IPv6 is out of scope, as in AWS's
    ``ec2-instance-no-public-ip`` rule.
    """
    if instance.get("PublicIpAddress"):
        return True
    return any(
        (eni.get("Association") or {}).get("PublicIp")
        or any(
            (p.get("Association") or {}).get("PublicIp")
            for p in eni.get("PrivateIpAddresses") or ()
        )
        for eni in instance.get("NetworkInterfaces") or ()
    )


def forwards_packets(instance: Mapping[str, Any]) -> bool | None:
    """Pure: source/destination checking is off on the instance or one of its interfaces."""
    checks = [instance.get("SourceDestCheck")]
    checks += [eni.get("SourceDestCheck") for eni in instance.get("NetworkInterfaces") or ()]
    known = [c for c in checks if c is not None]
    if not known:
        return None
    return not all(bool(c) for c in known)


def to_virtual_machine(
    instance: Mapping[str, Any], *, region: str, account: str, collected_at: datetime
) -> VirtualMachine:
    """Pure: a DescribeInstances ``Instance`` -> VirtualMachine."""
    instance_id = str(instance["InstanceId"])
    tags = tag_map(instance.get("Tags"))
    profile = instance.get("IamInstanceProfile") or {}
    return VirtualMachine(
        uid=f"arn:aws:ec2:{region}:{account}:instance/{instance_id}",
        provider="aws", account=account, region=region, service="ec2",
        name=tags.get("Name") or instance_id, tags=tags, collected_at=collected_at,
        public_ip=public_ipv4(instance), ip_forwarding=forwards_packets(instance),
        service_account=str(profile.get("Arn") or ""),
        metadata=to_instance_metadata(instance.get("MetadataOptions")),
        state=str((instance.get("State") or {}).get("Name") or "") or None,
    )  # fmt: skip


def collect_instances(session: AwsSession, region: str) -> Iterator[Item]:
    """Yield every EC2 instance in ``region`` that still exists (one DescribeInstances)."""
    try:
        reservations = paginate(session.client("ec2", region), "describe_instances", "Reservations")
    except SDK_ERRORS as err:
        raise translate_error(
            err, scope=region, resource="VirtualMachine", permission="ec2:DescribeInstances"
        ) from err
    now = session.now()
    for reservation in reservations:
        for instance in reservation.get("Instances") or ():
            if (instance.get("State") or {}).get("Name") in _GONE:
                continue
            yield to_virtual_machine(
                instance, region=region, account=session.account, collected_at=now
            )


COLLECTORS = (Collector(VirtualMachine, collect_instances, permissions=("ec2:DescribeInstances",)),)
