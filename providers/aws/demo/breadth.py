"""EC2 instances, certificates and region security services (issue 14, first half).

Instances: a hardened one (IMDSv2 only, instance profile, no public IP) next to a legacy one
(IMDSv1 accepted, no role, public IP). Certificates: an ACM certificate valid for a year,
an imported one with an RSA-1024 key that expires in ten days, and an expired IAM server
certificate. Security Hub is enabled in the primary region only; moto starts Macie enabled
in every region, so it is disabled in the sandbox. No role holds AWSSupportAccess.
Certificates are generated here with ``cryptography``: throwaway self-signed keys.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from providers.aws.demo.estate import DEMO_PASSWORD, Estate, Tier, ec2_tags, policy
from scanner.model import (
    AutomationDocument,
    Certificate,
    DatabaseCluster,
    DataDiscovery,
    LoadBalancer,
    PostureManagement,
    Role,
    RouteTable,
    Snapshot,
    SupportAccess,
    VirtualMachine,
)

#: A placeholder AMI id; moto accepts it without a registered image.
_AMI = "ami-12c6146b"


def seed_breadth(estate: Estate, region: str, tier: Tier) -> None:
    """Seed instances and certificates (primary), security services in every region."""
    if tier == "primary":
        _instances(estate, region)
        certificate = _certificates(estate, region)
        _load_balancers(estate, region, certificate)
        _clusters(estate, region)
        _documents(estate, region)
        _peering(estate, region)
        _support(estate)
    _services(estate, region, tier)


def _instances(estate: Estate, region: str) -> None:
    ec2 = estate.boto.client("ec2", region_name=region)
    iam = estate.boto.client("iam", region_name=region)
    trust = policy(
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    iam.create_role(RoleName="demo-app-instance", AssumeRolePolicyDocument=trust)
    estate.ledger.add(Role, estate.role_arn("demo-app-instance"), "global")
    iam.create_instance_profile(InstanceProfileName="demo-app-profile")
    iam.add_role_to_instance_profile(
        InstanceProfileName="demo-app-profile", RoleName="demo-app-instance"
    )
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    subnet_id = subnet["Subnets"][0]["SubnetId"]
    hardened = ec2.run_instances(
        ImageId=_AMI, MinCount=1, MaxCount=1, InstanceType="t3.micro",
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        IamInstanceProfile={"Name": "demo-app-profile"},
        NetworkInterfaces=[
            {"DeviceIndex": 0, "SubnetId": subnet_id, "AssociatePublicIpAddress": False}
        ],
        TagSpecifications=ec2_tags("instance", "demo-app-server"),
    )["Instances"][0]["InstanceId"]  # fmt: skip
    estate.ledger.add(VirtualMachine, estate.arn("ec2", region, f"instance/{hardened}"), region)
    legacy = ec2.run_instances(
        ImageId=_AMI, MinCount=1, MaxCount=1, InstanceType="t3.micro",
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
        TagSpecifications=ec2_tags("instance", "demo-legacy-server"),
    )["Instances"][0]["InstanceId"]  # fmt: skip
    estate.ledger.add(
        VirtualMachine, estate.arn("ec2", region, f"instance/{legacy}"), region,
        "IMDSv1 accepted", "no instance profile", "public IP address",
    )  # fmt: skip


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, days: int) -> tuple[str, str]:
    """A self-signed certificate for the demo, valid until now + ``days``, and its key."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "demo.example.com")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=400)).not_valid_after(now + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), private.decode()


def _certificates(estate: Estate, region: str) -> str:
    acm = estate.boto.client("acm", region_name=region)
    body, key = _pem(ec.generate_private_key(ec.SECP256R1()), days=365)
    good = acm.import_certificate(Certificate=body, PrivateKey=key)["CertificateArn"]
    estate.ledger.add(Certificate, good, region)
    body, key = _pem(rsa.generate_private_key(65537, 1024), days=10)  # noqa: S505 - a deliberately weak key
    weak = acm.import_certificate(Certificate=body, PrivateKey=key)["CertificateArn"]
    estate.ledger.add(Certificate, weak, region, "RSA 1024-bit key", "expires within 30 days")
    iam = estate.boto.client("iam", region_name=region)
    body, key = _pem(ec.generate_private_key(ec.SECP256R1()), days=-30)
    expired = iam.upload_server_certificate(
        ServerCertificateName="demo-legacy-tls", CertificateBody=body, PrivateKey=key
    )["ServerCertificateMetadata"]["Arn"]
    estate.ledger.add(Certificate, expired, "global", "expired server certificate")
    return good


def _load_balancers(estate: Estate, region: str, certificate: str) -> None:
    """A hardened ALB behind a web ACL, a neglected ALB and a classic LB with plain HTTP."""
    ec2 = estate.boto.client("ec2", region_name=region)
    subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])
    subnet_ids = [s["SubnetId"] for s in subnets["Subnets"]][:2]
    elbv2 = estate.boto.client("elbv2", region_name=region)
    fixed = [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}]
    redirect = [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443",
                                                        "StatusCode": "HTTP_301"}}]  # fmt: skip
    plans = (
        ("demo-web", redirect, "ELBSecurityPolicy-TLS13-1-2-2021-06", "true", "defensive", ()),
        ("demo-legacy-web", fixed, "ELBSecurityPolicy-2016-08", "false", "monitor", (
            "HTTP served without redirect", "TLS 1.0/1.1 allowed", "access logs disabled",
            "deletion protection disabled", "invalid headers forwarded", "desync monitor mode",
            "no web ACL",
        )),
    )  # fmt: skip
    logs = estate.bucket("logs")
    for name, http_actions, tls_policy, on, desync, problems in plans:
        arn = elbv2.create_load_balancer(Name=name, Subnets=subnet_ids, Type="application")[
            "LoadBalancers"
        ][0]["LoadBalancerArn"]
        elbv2.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80,
                              DefaultActions=http_actions)  # fmt: skip
        elbv2.create_listener(
            LoadBalancerArn=arn, Protocol="HTTPS", Port=443, SslPolicy=tls_policy,
            Certificates=[{"CertificateArn": certificate}], DefaultActions=fixed,
        )  # fmt: skip
        elbv2.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
            {"Key": "access_logs.s3.enabled", "Value": on},
            {"Key": "access_logs.s3.bucket", "Value": logs if on == "true" else ""},
            {"Key": "deletion_protection.enabled", "Value": on},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": on},
            {"Key": "routing.http.desync_mitigation_mode", "Value": desync},
        ])  # fmt: skip
        if not problems:
            _web_acl(estate, region, arn)
        estate.ledger.add(LoadBalancer, arn, region, *problems)
    elb = estate.boto.client("elb", region_name=region)
    elb.create_load_balancer(
        LoadBalancerName="demo-classic", AvailabilityZones=[f"{region}a"],
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],
    )  # fmt: skip
    estate.ledger.add(
        LoadBalancer, estate.arn("elasticloadbalancing", region, "loadbalancer/demo-classic"),
        region, "HTTP served without redirect", "access logs disabled", "single availability zone",
        "connection draining off", "cross-zone load balancing off",
    )  # fmt: skip


def _clusters(estate: Estate, region: str) -> None:
    """A hardened Aurora cluster and a neglected one with an unencrypted manual snapshot."""
    rds = estate.boto.client("rds", region_name=region)
    common = {"Engine": "aurora-postgresql", "EngineVersion": "16.4", "MasterUsername": "demo",
              "MasterUserPassword": DEMO_PASSWORD}  # fmt: skip
    good = rds.create_db_cluster(
        DBClusterIdentifier="demo-orders-cluster", StorageEncrypted=True,
        BackupRetentionPeriod=14, DeletionProtection=True,
        EnableIAMDatabaseAuthentication=True, **common,  # type: ignore[arg-type]
    )["DBCluster"]["DBClusterArn"]  # fmt: skip
    estate.ledger.add(DatabaseCluster, good, region)
    weak = rds.create_db_cluster(
        DBClusterIdentifier="demo-reporting-cluster", StorageEncrypted=False,
        BackupRetentionPeriod=1, DeletionProtection=False, **common,  # type: ignore[arg-type]
    )["DBCluster"]["DBClusterArn"]  # fmt: skip
    estate.ledger.add(
        DatabaseCluster, weak, region, "not encrypted at rest", "backups kept 1 day",
        "deletion protection off", "IAM database authentication off",
    )  # fmt: skip
    snapshot = rds.create_db_cluster_snapshot(
        DBClusterIdentifier="demo-reporting-cluster",
        DBClusterSnapshotIdentifier="demo-reporting-cluster-manual",
    )["DBClusterSnapshot"]["DBClusterSnapshotArn"]
    estate.ledger.add(Snapshot, snapshot, region, "not encrypted at rest")


def _documents(estate: Estate, region: str) -> None:
    """A runbook shared with one partner account and one shared with everyone."""
    ssm = estate.boto.client("ssm", region_name=region)
    step = {"action": "aws:runShellScript", "name": "rotate", "inputs": {"runCommand": ["true"]}}
    content = json.dumps({"schemaVersion": "2.2", "description": "demo", "mainSteps": [step]})
    for name, accounts, problems in (
        ("demo-rotate-logs", ["111122223333"], ()),
        ("demo-bootstrap-host", ["all"], ("shared publicly",)),
    ):
        ssm.create_document(Content=content, Name=name, DocumentType="Command")
        ssm.modify_document_permission(Name=name, PermissionType="Share", AccountIdsToAdd=accounts)
        estate.ledger.add(
            AutomationDocument, estate.arn("ssm", region, f"document/{name}"), region, *problems
        )


def _peering(estate: Estate, region: str) -> None:
    """Peer the app VPC with the legacy VPC: one route table reaches one legacy subnet, the
    other the whole legacy network (CIS AWS 6.6)."""
    ec2 = estate.boto.client("ec2", region_name=region)
    vpcs = {
        next(t["Value"] for t in v.get("Tags", []) if t["Key"] == "Name"): v
        for v in ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["demo-vpc-*"]}])["Vpcs"]
    }
    app, legacy = vpcs["demo-vpc-app"], vpcs["demo-vpc-legacy"]
    pcx = ec2.create_vpc_peering_connection(VpcId=app["VpcId"], PeerVpcId=legacy["VpcId"])[
        "VpcPeeringConnection"
    ]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    whole = str(legacy["CidrBlock"])
    subnet = whole.replace(".0.0/16", ".1.0/24")
    for name, destination, problems in (
        ("demo-rt-app-to-legacy-db", subnet, ()),
        ("demo-rt-app-to-legacy-all", whole, ("peering route to the entire peer VPC",)),
    ):
        table = ec2.create_route_table(
            VpcId=app["VpcId"], TagSpecifications=ec2_tags("route-table", name)
        )["RouteTable"]["RouteTableId"]
        ec2.create_route(
            RouteTableId=table, DestinationCidrBlock=destination, VpcPeeringConnectionId=pcx
        )
        estate.ledger.add(
            RouteTable, estate.arn("ec2", region, f"route-table/{table}"), region, *problems
        )


def _web_acl(estate: Estate, region: str, resource: str) -> None:
    waf = estate.boto.client("wafv2", region_name=region)
    acl = waf.create_web_acl(
        Name="demo-web-acl", Scope="REGIONAL", DefaultAction={"Allow": {}},
        VisibilityConfig={"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True,
                          "MetricName": "demo-web-acl"},
    )["Summary"]["ARN"]  # fmt: skip
    waf.associate_web_acl(WebACLArn=acl, ResourceArn=resource)


def _support(estate: Estate) -> None:
    estate.ledger.add(
        SupportAccess, f"arn:aws:iam::{estate.account}:support-access", "global",
        "no role holds AWSSupportAccess",
    )  # fmt: skip


def _services(estate: Estate, region: str, tier: Tier) -> None:
    hub = f"arn:aws:securityhub:{region}:{estate.account}:hub/default"
    if tier == "primary":
        estate.boto.client("securityhub", region_name=region).enable_security_hub()
        estate.ledger.add(PostureManagement, hub, region)
    else:
        estate.ledger.add(PostureManagement, hub, region, "Security Hub not enabled")
    macie = f"arn:aws:macie2:{region}:{estate.account}:session"
    if tier == "sandbox":
        estate.boto.client("macie2", region_name=region).disable_macie()
        estate.ledger.add(DataDiscovery, macie, region, "Macie not enabled")
    else:
        estate.ledger.add(DataDiscovery, macie, region)
