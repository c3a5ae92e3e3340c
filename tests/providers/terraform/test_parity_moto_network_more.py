# ruff: noqa: E501 - plan fixtures are written inline, one resource per line
"""Plan and live agree: VPC endpoints (policy, private DNS), route tables with peering
routes, Classic Load Balancers and SSM document sharing, each planned and seeded in moto
as the AWS provider would create it (CreateVpcEndpoint; CreateVpcPeeringConnection +
CreateRoute; CreateLoadBalancer + ModifyLoadBalancerAttributes; CreateDocument +
ModifyDocumentPermission).

moto implements neither GetServiceSetting (the SSM public-sharing block, SVC-502) nor
GetBackupVaultAccessPolicy (BACKUP-306): those twins are judged against the documented
API shapes instead (SSM API reference, ServiceSetting ``SettingValue``; AWS Backup API
reference, GetBackupVaultAccessPolicy ``Policy``), through the live mapper's functions.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from providers.aws.resource_policy import policy_from_text
from providers.aws.ssm import to_document_sharing
from scanner.api import Status
from scanner.model import BackupVaultPolicy
from scanner.registry import load
from tests.providers.terraform.plans import Res, ref
from tests.providers.terraform.test_parity_moto import REGION, _live_verdicts, _plan_verdicts


def _self_signed() -> tuple[str, str]:
    """A throwaway self-signed certificate for UploadServerCertificate (generated, no secret)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "parity.example.com")])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(start).not_valid_after(start.replace(year=2027))
            .sign(key, hashes.SHA256()))  # fmt: skip
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption())  # fmt: skip
    return cert.public_bytes(serialization.Encoding.PEM).decode(), pem.decode()


# fmt: off
NOW = datetime(2026, 12, 1, tzinfo=UTC)
CERT, KEY_PEM = _self_signed()
ORG_ONLY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
                       "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}}}]})
FULL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})


@pytest.mark.parametrize("hardened", [True, False])
def test_interface_endpoint(mocked_aws, tmp_path, hardened):
    checks = ["NET-601", "NET-602"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    service = f"com.amazonaws.{REGION}.ecr.api"
    policy = ORG_ONLY if hardened else FULL
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_vpc_endpoint", "ecr", {"vpc_id": vpc, "service_name": service, "vpc_endpoint_type": "Interface", "subnet_ids": [subnet],
            "private_dns_enabled": hardened, "policy": policy}, unknown={"id": True, "arn": True, "dns_entry": True}),
        match="aws_vpc_endpoint.ecr",
    )
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=service, VpcEndpointType="Interface", SubnetIds=[subnet],
                                       PrivateDnsEnabled=hardened, PolicyDocument=policy)["VpcEndpoint"]["VpcEndpointId"]
    live = _live_verdicts(checks, endpoint)
    assert planned == live
    assert live == dict.fromkeys(checks, Status.PASS if hardened else Status.FAIL)


def test_gateway_endpoint_gets_the_default_full_access_policy(mocked_aws, tmp_path):
    checks = ["NET-601"]
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    service = f"com.amazonaws.{REGION}.s3"
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_vpc_endpoint", "s3", {"vpc_id": vpc, "service_name": service}, unknown={"id": True, "policy": True}),
        match="aws_vpc_endpoint.s3",
    )
    # AWS attaches its default full-access policy to an endpoint created without one
    # (PrivateLink guide, "Control access to VPC endpoints using endpoint policies"); moto
    # returns none, so the endpoint is seeded as AWS answers DescribeVpcEndpoints
    endpoint = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=service, VpcEndpointType="Gateway", PolicyDocument=FULL)["VpcEndpoint"]["VpcEndpointId"]
    live = _live_verdicts(checks, endpoint)
    assert planned == live == {"NET-601": Status.FAIL}


@pytest.mark.parametrize("whole_peer", [True, False])
def test_route_table_peering_route(mocked_aws, tmp_path, whole_peer):
    checks = ["NET-509"]
    destination = "10.1.0.0/16" if whole_peer else "10.1.2.0/24"
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_vpc", "app", {"cidr_block": "10.0.0.0/16"}, unknown={"id": True}),
        Res("aws_vpc", "data", {"cidr_block": "10.1.0.0/16"}, unknown={"id": True}),
        Res("aws_vpc_peering_connection", "p", {"auto_accept": True}, unknown={"id": True, "vpc_id": True, "peer_vpc_id": True},
            expressions={"vpc_id": ref("aws_vpc.app.id"), "peer_vpc_id": ref("aws_vpc.data.id"), "auto_accept": {"constant_value": True}}),
        Res("aws_route_table", "rt", {"route": [{"cidr_block": destination}]}, unknown={"id": True, "vpc_id": True, "route": [{"vpc_peering_connection_id": True}]},
            expressions={"vpc_id": ref("aws_vpc.app.id"), "route": [{"cidr_block": {"constant_value": destination},
                                                                     "vpc_peering_connection_id": ref("aws_vpc_peering_connection.p.id")}]}),
        match="aws_route_table.rt",
    )
    ec2 = boto3.client("ec2", region_name=REGION)
    app = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    data = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    peering = ec2.create_vpc_peering_connection(VpcId=app, PeerVpcId=data)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=peering)
    table = ec2.create_route_table(VpcId=app)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock=destination, VpcPeeringConnectionId=peering)
    live = _live_verdicts(checks, table)
    assert planned == live
    assert live == {"NET-509": Status.FAIL if whole_peer else Status.PASS}


@pytest.mark.parametrize("hardened", [True, False])
def test_classic_load_balancer(mocked_aws, tmp_path, hardened):
    checks = ["NET-501", "NET-504", "NET-510", "NET-511", "NET-512"]
    zones = [f"{REGION}a", f"{REGION}b"] if hardened else [f"{REGION}a"]
    values = {"name": "parity-clb", "availability_zones": zones, "cross_zone_load_balancing": hardened, "connection_draining": hardened,
              "listener": [{"instance_port": 80, "instance_protocol": "HTTP", "lb_port": 80, "lb_protocol": "HTTP"}]}
    if hardened:
        values["access_logs"] = [{"bucket": "acme-clb-logs", "interval": 60}]
    planned = _plan_verdicts(tmp_path, checks, Res("aws_elb", "web", values, unknown={"arn": True, "dns_name": True}), match="aws_elb.web")
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="acme-clb-logs", CreateBucketConfiguration={"LocationConstraint": REGION})
    elb = boto3.client("elb", region_name=REGION)
    elb.create_load_balancer(LoadBalancerName="parity-clb", AvailabilityZones=zones,
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}])
    # what the provider sends after CreateLoadBalancer (ModifyLoadBalancerAttributes)
    attributes: dict = {"CrossZoneLoadBalancing": {"Enabled": hardened}, "ConnectionDraining": {"Enabled": hardened, "Timeout": 300}}
    if hardened:
        attributes["AccessLog"] = {"Enabled": True, "S3BucketName": "acme-clb-logs", "EmitInterval": 60}
    elb.modify_load_balancer_attributes(LoadBalancerName="parity-clb", LoadBalancerAttributes=attributes)
    live = _live_verdicts(checks, "parity-clb")
    assert planned == live
    assert live["NET-501"] is Status.FAIL  # classic LBs cannot redirect HTTP to HTTPS
    assert {k: v for k, v in live.items() if k != "NET-501"} == dict.fromkeys(checks[1:], Status.PASS if hardened else Status.FAIL)


@pytest.mark.parametrize("acm", [True, False])
def test_classic_load_balancer_tls_certificate(mocked_aws, tmp_path, acm):
    checks = ["NET-513"]
    if acm:
        certificate = boto3.client("acm", region_name=REGION).request_certificate(DomainName="parity.example.com")["CertificateArn"]
        reference = "aws_acm_certificate.c.arn"
    else:
        certificate = boto3.client("iam", region_name=REGION).upload_server_certificate(
            ServerCertificateName="legacy", CertificateBody=CERT, PrivateKey=KEY_PEM)["ServerCertificateMetadata"]["Arn"]
        reference = "aws_iam_server_certificate.c.arn"
    listener = {"instance_port": 80, "instance_protocol": "HTTP", "lb_port": 443, "lb_protocol": "HTTPS"}
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_elb", "tls", {"name": "parity-tls", "availability_zones": [f"{REGION}a"], "listener": [listener]},
            unknown={"arn": True, "listener": [{"ssl_certificate_id": True}]},
            expressions={"name": {"constant_value": "parity-tls"}, "listener": [{**{k: {"constant_value": v} for k, v in listener.items()},
                                                                                 "ssl_certificate_id": ref(reference)}]}),
        match="aws_elb.tls",
    )
    boto3.client("elb", region_name=REGION).create_load_balancer(
        LoadBalancerName="parity-tls", AvailabilityZones=[f"{REGION}a"],
        Listeners=[{"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80, "SSLCertificateId": certificate}])
    live = _live_verdicts(checks, "parity-tls")
    assert planned == live == {"NET-513": Status.PASS if acm else Status.FAIL}


@pytest.mark.parametrize("public", [True, False])
def test_ssm_document_permissions(mocked_aws, tmp_path, public):
    checks = ["SVC-501"]
    content = json.dumps({"schemaVersion": "2.2", "description": "parity", "mainSteps": [
        {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["echo ok"]}}]})
    accounts = "all" if public else "210987654321"
    planned = _plan_verdicts(
        tmp_path, checks,
        Res("aws_ssm_document", "d", {"name": "parity-doc", "document_type": "Command", "content": content,
            "permissions": {"type": "Share", "account_ids": accounts}}, unknown={"arn": True}),
        match="aws_ssm_document.d",
    )
    ssm = boto3.client("ssm", region_name=REGION)
    ssm.create_document(Name="parity-doc", Content=content, DocumentType="Command")
    ssm.modify_document_permission(Name="parity-doc", PermissionType="Share", AccountIdsToAdd=[accounts])
    live = _live_verdicts(checks, "parity-doc")
    assert planned == live == {"SVC-501": Status.FAIL if public else Status.PASS}


def _verdicts(model, checks):
    registry = load()
    return {c: registry.get(c)(model).status for c in checks}


@pytest.mark.parametrize("value", ["Disable", "Enable"])
def test_public_sharing_setting_against_the_api_shape(tmp_path, value):
    planned = _plan_verdicts(
        tmp_path, ["SVC-502"],
        Res("aws_ssm_service_setting", "block", {"setting_id": f"arn:aws:ssm:{REGION}:123456789012:servicesetting/ssm/documents/console/public-sharing-permission",
            "setting_value": value}, unknown={"arn": True, "status": True}),
        match="aws_ssm_service_setting.block",
    )
    live = to_document_sharing({"SettingId": "/ssm/documents/console/public-sharing-permission", "SettingValue": value},
                               account="1", region=REGION, collected_at=NOW)
    assert planned == _verdicts(live, ["SVC-502"]) == {"SVC-502": Status.PASS if value == "Disable" else Status.FAIL}


@pytest.mark.parametrize("public", [True, False])
def test_backup_vault_policy_against_the_api_shape(tmp_path, public):
    statement: dict = {"Effect": "Allow", "Principal": "*" if public else {"AWS": "arn:aws:iam::123456789012:role/restore"},
                       "Action": ["backup:DescribeBackupVault", "backup:StartRestoreJob"], "Resource": "*"}
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    planned = _plan_verdicts(
        tmp_path, ["BACKUP-306"],
        Res("aws_backup_vault", "v", {"name": "parity-vault"}, unknown={"arn": True}),
        Res("aws_backup_vault_policy", "p", {"policy": policy}, unknown={"backup_vault_name": True},
            expressions={"backup_vault_name": ref("aws_backup_vault.v.name"), "policy": {"constant_value": policy}}),
        match="aws_backup_vault.v",
    )
    live = BackupVaultPolicy(uid="arn:aws:backup:eu-west-1:1:backup-vault:parity-vault", provider="aws", account="1", region=REGION,
                             service="backup", name="parity-vault", collected_at=NOW, vault="parity-vault",
                             policy_document=policy_from_text(policy))
    assert planned == _verdicts(live, ["BACKUP-306"]) == {"BACKUP-306": Status.FAIL if public else Status.PASS}
# fmt: on
