"""EC2 instances as VirtualMachine: mapper on API JSON, collector on moto (real boto3)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from providers.aws.instances import (
    collect_instances,
    forwards_packets,
    public_ipv4,
    to_instance_metadata,
    to_virtual_machine,
)
from providers.aws.session import AwsSession
from scanner.findings import Status
from scanner.model import InstanceMetadata, VirtualMachine
from scanner.registry import load

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ACCOUNT = "123456789012"
REGION = "us-east-1"


# EC2 API reference, InstanceMetadataOptionsResponse (HttpTokens optional|required,
# HttpEndpoint enabled|disabled).
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {"HttpTokens": "required", "HttpEndpoint": "enabled"},
            InstanceMetadata(endpoint_enabled=True, tokens_required=True),
        ),
        (
            {"HttpTokens": "optional", "HttpEndpoint": "enabled"},
            InstanceMetadata(endpoint_enabled=True, tokens_required=False),
        ),
        (
            {"HttpTokens": "optional", "HttpEndpoint": "disabled"},
            InstanceMetadata(endpoint_enabled=False, tokens_required=False),
        ),
        ({"HttpTokens": "required"}, InstanceMetadata(endpoint_enabled=True, tokens_required=True)),
        ({"HttpEndpoint": "enabled"}, None),
        (None, None),
    ],
)
def test_to_instance_metadata(options: dict[str, str] | None, expected: InstanceMetadata | None):
    assert to_instance_metadata(options) == expected


@pytest.mark.parametrize(
    ("instance", "public"),
    [
        ({"PublicIpAddress": "54.1.2.3"}, True),
        ({"NetworkInterfaces": [{"Association": {"PublicIp": "3.3.3.3"}}]}, True),
        # a secondary private address with an Elastic IP on a second interface
        (
            {
                "NetworkInterfaces": [
                    {},
                    {"PrivateIpAddresses": [{"Association": {"PublicIp": "3.3.3.4"}}]},
                ]
            },
            True,
        ),
        ({"NetworkInterfaces": [{"Ipv6Addresses": [{"Ipv6Address": "2600::1"}]}]}, False),
        ({"PrivateIpAddress": "10.0.0.1", "NetworkInterfaces": [{"Association": {}}]}, False),
    ],
)
def test_public_ipv4(instance: dict[str, Any], public: bool):
    assert public_ipv4(instance) is public


@pytest.mark.parametrize(
    ("instance", "forwards"),
    [
        ({"SourceDestCheck": True}, False),
        ({"SourceDestCheck": False}, True),
        ({"SourceDestCheck": True, "NetworkInterfaces": [{"SourceDestCheck": False}]}, True),
        ({}, None),
    ],
)
def test_forwards_packets(instance: dict[str, Any], forwards: bool | None):
    assert forwards_packets(instance) is forwards


def test_to_virtual_machine_profile_and_name():
    vm = to_virtual_machine(
        {
            "InstanceId": "i-1",
            "Tags": [{"Key": "Name", "Value": "web"}],
            "IamInstanceProfile": {"Arn": "arn:aws:iam::1:instance-profile/web"},
            "State": {"Name": "stopped"},
            "MetadataOptions": {"HttpTokens": "optional"},
        },
        region=REGION, account=ACCOUNT, collected_at=NOW,
    )  # fmt: skip
    assert vm.uid == f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-1"
    assert (vm.name, vm.service_account, vm.state) == (
        "web",
        "arn:aws:iam::1:instance-profile/web",
        "stopped",
    )
    bare = to_virtual_machine(
        {"InstanceId": "i-2"}, region=REGION, account=ACCOUNT, collected_at=NOW
    )
    assert (bare.service_account, bare.metadata, bare.name) == ("", None, "i-2")


def test_collect_instances_on_moto(aws_session: AwsSession):
    ec2 = aws_session.boto.client("ec2", region_name=REGION)
    iam = aws_session.boto.client("iam", region_name=REGION)
    iam.create_role(RoleName="app", AssumeRolePolicyDocument="{}")
    iam.create_instance_profile(InstanceProfileName="app")
    iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
    v2 = ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
        MetadataOptions={"HttpTokens": "required"}, IamInstanceProfile={"Name": "app"},
    )["Instances"][0]["InstanceId"]  # fmt: skip
    v1 = ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1, MetadataOptions={"HttpTokens": "optional"}
    )["Instances"][0]["InstanceId"]
    gone = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]
    ec2.terminate_instances(InstanceIds=[gone["InstanceId"]])
    vms = {vm.name: vm for vm in collect_instances(aws_session, REGION)}
    assert set(vms) == {v1, v2}  # the terminated one is skipped
    assert all(isinstance(vm, VirtualMachine) for vm in vms.values())
    assert vms[v2].metadata == InstanceMetadata(endpoint_enabled=True, tokens_required=True)
    assert vms[v1].metadata == InstanceMetadata(endpoint_enabled=True, tokens_required=False)
    assert vms[v2].service_account.endswith(":instance-profile/app")
    assert vms[v1].service_account == ""


# VM-106 and VM-108 judge EC2 instances too. AWS: "Source/destination checking" must be off
# for an instance that forwards traffic (NAT), https://docs.aws.amazon.com/vpc/latest/userguide/
# work-with-nat-instances.html; a public IPv4 address (auto-assigned or Elastic IP) appears as
# PublicIpAddress / the interface's Association, https://docs.aws.amazon.com/AWSEC2/latest/
# APIReference/API_Instance.html.
@pytest.mark.parametrize(
    ("instance", "forwarding", "public"),
    [
        ({"InstanceId": "i-a", "SourceDestCheck": True}, Status.PASS, Status.PASS),
        # near misses: one interface with the check off; an Elastic IP on a secondary address
        (
            {
                "InstanceId": "i-b",
                "SourceDestCheck": True,
                "NetworkInterfaces": [{"SourceDestCheck": False}],
            },
            Status.FAIL,
            Status.PASS,
        ),
        (
            {
                "InstanceId": "i-c",
                "SourceDestCheck": True,
                "NetworkInterfaces": [
                    {"PrivateIpAddresses": [{"Association": {"PublicIp": "203.0.113.9"}}]}
                ],
            },
            Status.PASS,
            Status.FAIL,
        ),
    ],
)
def test_ec2_instances_are_judged_by_vm_106_and_vm_108(instance, forwarding, public):
    vm = to_virtual_machine(instance, region=REGION, account=ACCOUNT, collected_at=NOW)
    checks = load().select(ids=["VM-106", "VM-108"], provider="aws")
    assert [c.id for c in checks] == ["VM-106", "VM-108"]
    assert checks.get("VM-106")(vm).status is forwarding
    assert checks.get("VM-108")(vm).status is public
