# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree: CloudFront distributions, network ACLs (inline rules and
aws_network_acl_rule) and the account password policy, seeded in moto as AWS and the AWS
provider would create them."""

from __future__ import annotations

import boto3
import pytest

from scanner.api import Status
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.test_parity_moto import REGION, _live_verdicts, _plan_verdicts


@pytest.mark.parametrize("https_only", [True, False])
def test_cloudfront_distribution(mocked_aws, tmp_path, https_only):
    checks = ["CDN-001", "CDN-003", "CDN-006", "CDN-007", "CDN-008"]
    policy = "redirect-to-https" if https_only else "allow-all"
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_cloudfront_distribution", "d", {
            "enabled": True, "default_root_object": "index.html" if https_only else "",
            "origin": [{"origin_id": "web", "domain_name": "origin.example.com",
                        "custom_origin_config": [{"http_port": 80, "https_port": 443, "origin_protocol_policy": "https-only",
                                                  "origin_ssl_protocols": ["TLSv1.2"]}]}],
            "default_cache_behavior": [{"target_origin_id": "web", "viewer_protocol_policy": policy,
                                        "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"]}],
            "viewer_certificate": [{"cloudfront_default_certificate": True}],
            "restrictions": [{"geo_restriction": [{"restriction_type": "none"}]}]},
            unknown={"arn": True, "id": True, "domain_name": True}),
        match="aws_cloudfront_distribution.d",
    )  # fmt: skip
    answer = boto3.client("cloudfront", region_name=REGION).create_distribution(DistributionConfig={
        "CallerReference": "parity", "Comment": "", "Enabled": True,
        "DefaultRootObject": "index.html" if https_only else "",
        "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": "origin.example.com",
                    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only",
                                           "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]}}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": policy,
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}, "MinTTL": 0},
        "ViewerCertificate": {"CloudFrontDefaultCertificate": True},
    })  # fmt: skip
    live = _live_verdicts(checks, answer["Distribution"]["Id"])
    assert planned == live
    assert set(live) == set(checks)
    assert live["CDN-001"] is (Status.PASS if https_only else Status.FAIL)


@pytest.mark.parametrize(
    ("port", "cidr"), [(22, "0.0.0.0/0"), (22, "10.0.0.0/8"), (443, "0.0.0.0/0")]
)
def test_network_acl_with_a_rule_resource(mocked_aws, tmp_path, port, cidr):
    checks = ["NET-010"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_network_acl", "n", {"vpc_id": vpc, "ingress": [], "egress": []}, unknown={"id": True, "arn": True}),
        Res("aws_network_acl_rule", "r", {"rule_number": 100, "egress": False, "protocol": "tcp", "rule_action": "allow",
            "cidr_block": cidr, "from_port": port, "to_port": port}, unknown={"network_acl_id": True},
            expressions={"network_acl_id": ref("aws_network_acl.n.id")}),
        match="aws_network_acl.n",
    )  # fmt: skip
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False,
                                 CidrBlock=cidr, PortRange={"From": port, "To": port})  # fmt: skip
    live = _live_verdicts(checks, acl)
    assert planned == live
    assert live["NET-010"] is (Status.FAIL if (port, cidr) == (22, "0.0.0.0/0") else Status.PASS)


@pytest.mark.parametrize("length", [13, 14])
def test_account_password_policy(mocked_aws, tmp_path, length):
    checks = [f"IAM-0{n}" for n in range(10, 17)]
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_iam_account_password_policy", "strict", {"minimum_password_length": length, "password_reuse_prevention": 24,
            "require_symbols": True, "require_numbers": True, "require_uppercase_characters": True, "require_lowercase_characters": True}),
        match="password",
    )  # fmt: skip
    boto3.client("iam", region_name=REGION).update_account_password_policy(
        MinimumPasswordLength=length, PasswordReusePrevention=24, RequireSymbols=True, RequireNumbers=True,
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True)  # fmt: skip
    live = _live_verdicts(checks, "password")
    assert planned == live
    assert set(live) == set(checks)
    assert live["IAM-010"] is (Status.PASS if length >= 14 else Status.FAIL)
    assert live["IAM-016"] is Status.FAIL  # max_password_age omitted: passwords never expire


@pytest.mark.parametrize("hardened", [True, False])
def test_ec2_instance(mocked_aws, tmp_path, hardened):
    checks = ["VM-106", "VM-108", "VM-501", "VM-502"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    image = ec2.register_image(Name="parity-ami", RootDeviceName="/dev/sda1")["ImageId"]
    iam = boto3.client("iam", region_name=REGION)
    profile = iam.create_instance_profile(InstanceProfileName="parity-profile")["InstanceProfile"][
        "Arn"
    ]
    values = {
        "ami": image,
        "instance_type": "t3.micro",
        "subnet_id": subnet,
        "associate_public_ip_address": not hardened,
        "source_dest_check": hardened,
        "metadata_options": [
            {"http_tokens": "required" if hardened else "optional", "http_endpoint": "enabled"}
        ],
    }
    if hardened:
        values["iam_instance_profile"] = profile
    planned = _plan_verdicts(
        tmp_path, checks, Res("aws_instance", "vm", values, unknown={"id": True, "arn": True, "public_ip": True}),
        match="aws_instance.vm",
    )  # fmt: skip
    extra: dict = {"IamInstanceProfile": {"Arn": profile}} if hardened else {}
    instance = ec2.run_instances(
        ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
        NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "AssociatePublicIpAddress": not hardened}],
        MetadataOptions={"HttpTokens": "required" if hardened else "optional", "HttpEndpoint": "enabled"}, **extra,
    )["Instances"][0]["InstanceId"]  # fmt: skip
    ec2.modify_instance_attribute(InstanceId=instance, SourceDestCheck={"Value": hardened})
    live = _live_verdicts(checks, instance)
    assert planned == live
    assert set(live) == set(checks)
