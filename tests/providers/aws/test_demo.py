"""The demo estate: seeded through boto3 into moto, then read back through boto3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from moto import mock_aws

from providers.aws.demo import DEMO_REGIONS, DemoManifest, seed_demo_estate
from providers.aws.session import AwsSession
from scanner.model import RESOURCE_KINDS

US, EU, AP = DEMO_REGIONS
ACCOUNT = "123456789012"  # moto's default account
EXPECTED_COUNTS = {
    "BackupPlan": 1,
    "BackupVault": 1,
    "BlockStorageDefaults": 3,
    "Bucket": 6,
    "ConfigRecording": 3,
    "DatabaseInstance": 2,
    "FileSystem": 2,
    "ImageRepository": 2,
    "KmsKey": 6,
    "LogGroup": 3,
    "ManagedPolicy": 2,
    "Network": 4,
    "NetworkAcl": 5,
    "ObjectStorageDefaults": 1,
    "PasswordPolicy": 1,
    "Queue": 3,
    "Role": 7,  # + the breadth demo instance role and the workloads function role
    "Secret": 2,
    "SecurityGroup": 11,
    "Snapshot": 5,
    "Table": 2,
    "ThreatDetection": 3,
    "Topic": 2,
    "Trail": 2,
    "User": 5,
    "Volume": 5,
    # workloads and data services (primary region)
    "Api": 2,
    "ApiDomain": 2,
    "ApiStage": 2,
    "CacheCluster": 2,
    "CdnDistribution": 2,
    "ContainerTaskDefinition": 2,
    "DataWarehouse": 2,
    "KubernetesCluster": 2,
    "SearchDomain": 2,
    "ServerlessFunction": 2,
}
EXPECTED_COUNTS |= {
    "AutomationDocument": 2,
    "Certificate": 3,
    "DataDiscovery": 3,
    "DatabaseCluster": 2,
    "LoadBalancer": 3,
    "PostureManagement": 3,
    "RouteTable": 2,
    "SupportAccess": 1,
    "VirtualMachine": 2,
}
EXPECTED_COUNTS |= {"PrivateEndpoint": 2, "ContainerService": 2, "NodePool": 2}  # aws-breadth
EXPECTED_COUNTS["SearchCollection"] = 2  # aws-breadth: OpenSearch Serverless
EXPECTED_COUNTS["Api"] += 2  # aws-breadth: two private REST APIs with resource policies
EXPECTED_COUNTS["ContainerTaskDefinition"] += 1  # aws-breadth: the ECS services' task


@pytest.fixture(scope="module")
def estate() -> Iterator[tuple[Any, DemoManifest]]:
    """Seed the default three-region estate once for the module, inside mock_aws."""
    with pytest.MonkeyPatch.context() as mp:
        for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
            mp.delenv(var, raising=False)
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", US)
        # As `complyscan demo` should: moto's ~1,300 stock AMI snapshots per region would
        # otherwise pass OwnerIds=["self"] filters and flood the inventory.
        mp.setenv("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        with mock_aws():
            session = AwsSession.from_config(region=US)
            yield session.boto, seed_demo_estate(session.boto)
            session.close()


@pytest.fixture
def boto(estate: tuple[Any, DemoManifest]) -> Any:
    """The boto3 session of the seeded account."""
    return estate[0]


@pytest.fixture
def manifest(estate: tuple[Any, DemoManifest]) -> DemoManifest:
    """The manifest the seeding returned."""
    return estate[1]


def bucket(purpose: str) -> str:
    """A demo bucket's name in the default account."""
    return f"demo-{purpose}-{ACCOUNT}"


def _named(boto: Any, region: str, resource_type: str) -> dict[str, Any]:
    """EC2 resources tagged Name=demo-*, keyed by name."""
    ec2 = boto.client("ec2", region_name=region)
    demo = [{"Name": "tag:Name", "Values": ["demo-*"]}]
    listing: dict[str, tuple[str, str]] = {
        "vpc": ("describe_vpcs", "Vpcs"),
        "sg": ("describe_security_groups", "SecurityGroups"),
        "acl": ("describe_network_acls", "NetworkAcls"),
        "volume": ("describe_volumes", "Volumes"),
        "snapshot": ("describe_snapshots", "Snapshots"),
    }
    method, key = listing[resource_type]
    extra = {"OwnerIds": ["self"]} if resource_type == "snapshot" else {}
    items = getattr(ec2, method)(Filters=demo, **extra)[key]
    return {next(t["Value"] for t in i["Tags"] if t["Key"] == "Name"): i for i in items}


def test_manifest_counts_and_kinds(manifest: DemoManifest) -> None:
    assert dict(manifest.counts) == EXPECTED_COUNTS
    assert manifest.regions == DEMO_REGIONS
    assert manifest.account == ACCOUNT
    assert manifest.total == sum(EXPECTED_COUNTS.values())
    scanner_kinds = {kind.__name__ for kind in RESOURCE_KINDS}
    assert set(manifest.counts) <= scanner_kinds
    assert {p.kind for p in manifest.problems} <= set(manifest.counts)
    assert {p.region for p in manifest.problems} == {"global", *DEMO_REGIONS}
    assert len(manifest.problems_of("Trail")) == 4  # all on the eu-west-1 trail


def test_manifest_counts_match_the_account(boto: Any, manifest: DemoManifest) -> None:
    ec2_counts = dict.fromkeys(("vpc", "sg", "acl", "volume"), 0)
    for region in DEMO_REGIONS:
        for kind in ec2_counts:
            ec2_counts[kind] += len(_named(boto, region, kind))
    assert ec2_counts == {
        "vpc": manifest.counts["Network"],
        "sg": manifest.counts["SecurityGroup"],
        "acl": manifest.counts["NetworkAcl"],
        "volume": manifest.counts["Volume"],
    }
    buckets = [b["Name"] for b in boto.client("s3").list_buckets()["Buckets"]]
    assert len([b for b in buckets if b.startswith("demo-")]) == manifest.counts["Bucket"]
    iam = boto.client("iam")
    users = [u for u in iam.list_users()["Users"] if u["UserName"].startswith("demo-")]
    roles = [r for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("demo-")]
    policies = iam.list_policies(Scope="Local")["Policies"]
    assert (len(users), len(roles), len(policies)) == (
        manifest.counts["User"],
        manifest.counts["Role"],
        manifest.counts["ManagedPolicy"],
    )
    keys = sum(len(boto.client("kms", region_name=r).list_keys()["Keys"]) for r in DEMO_REGIONS)
    assert keys == manifest.counts["KmsKey"]


def test_problem_uids_name_existing_resources(boto: Any, manifest: DemoManifest) -> None:
    sg_arns = {g["SecurityGroupArn"] for r in DEMO_REGIONS for g in _named(boto, r, "sg").values()}
    planted = {p.uid for p in manifest.problems_of("SecurityGroup")}
    assert planted <= sg_arns
    assert len(planted) == 10  # 4 default groups, 4 open groups in us-east-1, 1 each elsewhere


def test_security_groups(boto: Any) -> None:
    groups = _named(boto, US, "sg")
    ssh = groups["demo-sg-ssh-open"]["IpPermissions"]
    assert ssh[0]["FromPort"] == 22
    assert ssh[0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    rdp = groups["demo-sg-rdp-open-v6"]["IpPermissions"][0]
    assert (rdp["FromPort"], rdp["Ipv6Ranges"]) == (3389, [{"CidrIpv6": "::/0"}])
    wide = groups["demo-sg-all-ports"]["IpPermissions"][0]
    assert (wide["FromPort"], wide["ToPort"]) == (0, 65535)
    assert groups["demo-sg-all-traffic"]["IpPermissions"][0]["IpProtocol"] == "-1"
    internal = groups["demo-sg-https-internal"]["IpPermissions"][0]
    assert internal["IpRanges"] == [{"CidrIp": "10.0.0.0/8"}]
    default = groups["demo-vpc-app-default"]
    assert default["GroupName"] == "default"
    assert default["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"] == default["GroupId"]
    assert "demo-sg-ssh-open" in _named(boto, EU, "sg")
    assert "demo-sg-all-traffic" in _named(boto, AP, "sg")


def test_vpcs_flow_logs_and_acls(boto: Any) -> None:
    vpcs = _named(boto, US, "vpc")
    flow_logs = boto.client("ec2", region_name=US).describe_flow_logs()["FlowLogs"]
    assert {f["ResourceId"] for f in flow_logs} == {vpcs["demo-vpc-app"]["VpcId"]}
    assert flow_logs[0]["LogDestinationType"] == "cloud-watch-logs"
    for region in (EU, AP):
        assert boto.client("ec2", region_name=region).describe_flow_logs()["FlowLogs"] == []
    acl = _named(boto, US, "acl")["demo-nacl-ssh-open"]
    entry = next(e for e in acl["Entries"] if e["RuleNumber"] == 100 and not e["Egress"])
    assert (entry["PortRange"], entry["CidrBlock"]) == ({"From": 22, "To": 22}, "0.0.0.0/0")
    assert entry["RuleAction"] == "allow"


def test_volumes_snapshots_and_default_encryption(boto: Any) -> None:
    volumes = _named(boto, US, "volume")
    assert volumes["demo-vol-data"]["Encrypted"] is True
    assert volumes["demo-vol-legacy"]["Encrypted"] is False
    snapshots = _named(boto, US, "snapshot")
    assert snapshots["demo-snap-data"]["Encrypted"] is True
    assert snapshots["demo-snap-legacy"]["Encrypted"] is False
    ec2 = boto.client("ec2", region_name=US)
    shared = ec2.describe_snapshot_attribute(
        SnapshotId=snapshots["demo-snap-shared"]["SnapshotId"], Attribute="createVolumePermission"
    )
    assert shared["CreateVolumePermissions"] == [{"Group": "all"}]
    private = ec2.describe_snapshot_attribute(
        SnapshotId=snapshots["demo-snap-legacy"]["SnapshotId"], Attribute="createVolumePermission"
    )
    assert private["CreateVolumePermissions"] == []
    defaults = {
        r: boto.client("ec2", region_name=r).get_ebs_encryption_by_default()[
            "EbsEncryptionByDefault"
        ]
        for r in DEMO_REGIONS
    }
    assert defaults == {US: True, EU: False, AP: False}


def test_kms_keys(boto: Any) -> None:
    kms = boto.client("kms", region_name=US)
    aliases = {a["AliasName"]: a["TargetKeyId"] for a in kms.list_aliases()["Aliases"]}

    def meta(alias: str) -> Any:
        return kms.describe_key(KeyId=aliases[alias])["KeyMetadata"]

    assert kms.get_key_rotation_status(KeyId=aliases[f"alias/demo-data-{US}"])["KeyRotationEnabled"]
    unrotated = kms.get_key_rotation_status(KeyId=aliases["alias/demo-unrotated"])
    assert unrotated["KeyRotationEnabled"] is False
    assert meta("alias/demo-signing")["KeySpec"] == "ECC_NIST_P256"
    assert meta("alias/demo-disabled")["KeyState"] == "Disabled"
    assert meta("alias/demo-retiring")["KeyState"] == "PendingDeletion"


def test_buckets(boto: Any) -> None:
    s3 = boto.client("s3")
    rule = s3.get_bucket_encryption(Bucket=bucket("app-data"))["ServerSideEncryptionConfiguration"]
    assert rule["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert s3.get_bucket_versioning(Bucket=bucket("app-data"))["Status"] == "Enabled"
    logging = s3.get_bucket_logging(Bucket=bucket("app-data"))["LoggingEnabled"]
    assert logging["TargetBucket"] == bucket("access-logs")
    tls = json.loads(s3.get_bucket_policy(Bucket=bucket("app-data"))["Policy"])["Statement"][0]
    assert tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    block = s3.get_public_access_block(Bucket=bucket("app-data"))["PublicAccessBlockConfiguration"]
    assert all(block.values())
    public = json.loads(s3.get_bucket_policy(Bucket=bucket("public-assets"))["Policy"])
    assert public["Statement"][0]["Principal"] == "*"
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket("public-assets"))
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket=bucket("public-assets"))
    with pytest.raises(s3.exceptions.ClientError, match="ServerSideEncryption"):
        s3.get_bucket_encryption(Bucket=bucket("legacy-exports"))
    s3control = boto.client("s3control", region_name=US)
    with pytest.raises(s3control.exceptions.ClientError, match="NoSuchPublicAccessBlock"):
        s3control.get_public_access_block(AccountId=ACCOUNT)
    assert s3.get_bucket_location(Bucket=bucket(f"reports-{EU}"))["LocationConstraint"] == EU


def test_iam(boto: Any) -> None:
    iam = boto.client("iam")
    weak = iam.get_account_password_policy()["PasswordPolicy"]
    assert weak["MinimumPasswordLength"] == 8
    assert weak["RequireSymbols"] is False
    assert "PasswordReusePrevention" not in weak
    assert weak["ExpirePasswords"] is False
    assert len(iam.list_mfa_devices(UserName="demo-alice")["MFADevices"]) == 1
    assert iam.list_mfa_devices(UserName="demo-bob")["MFADevices"] == []
    iam.get_login_profile(UserName="demo-bob")
    assert len(iam.list_access_keys(UserName="demo-ci-deploy")["AccessKeyMetadata"]) == 1
    inline = iam.get_user_policy(UserName="demo-intern", PolicyName="demo-everything")
    assert inline["PolicyDocument"]["Statement"][0]["Action"] == "*"
    attached = iam.list_attached_user_policies(UserName="demo-ops-admin")["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["FullAdmin"]
    role_policies = iam.list_attached_role_policies(RoleName="demo-admin-role")
    assert [p["PolicyName"] for p in role_policies["AttachedPolicies"]] == ["FullAdmin"]
    trust = iam.get_role(RoleName="demo-open-trust-role")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == "*"


def test_trails(boto: Any) -> None:
    us = boto.client("cloudtrail", region_name=US)
    trails = {t["Name"]: t for t in us.describe_trails()["trailList"]}  # moto ignores names
    good = trails["demo-org-trail"]
    assert good["IsMultiRegionTrail"]
    assert good["LogFileValidationEnabled"]
    assert good["KmsKeyId"].startswith(f"arn:aws:kms:{US}:")
    assert good["CloudWatchLogsLogGroupArn"].endswith("log-group:/demo/cloudtrail:*")
    assert us.get_trail_status(Name="demo-org-trail")["IsLogging"] is True
    eu = boto.client("cloudtrail", region_name=EU)
    bad = {t["Name"]: t for t in eu.describe_trails()["trailList"]}["demo-eu-trail"]
    assert not bad["IsMultiRegionTrail"]
    assert not bad["LogFileValidationEnabled"]
    assert "KmsKeyId" not in bad
    assert "CloudWatchLogsLogGroupArn" not in bad
    assert eu.get_trail_status(Name="demo-eu-trail")["IsLogging"] is False


def test_regional_detection_and_recording(boto: Any) -> None:
    detectors = {
        r: len(boto.client("guardduty", region_name=r).list_detectors()["DetectorIds"])
        for r in DEMO_REGIONS
    }
    assert detectors == {US: 1, EU: 1, AP: 0}
    recording = {
        r: [
            s["recording"]
            for s in boto.client("config", region_name=r).describe_configuration_recorder_status()[
                "ConfigurationRecordersStatus"
            ]
        ]
        for r in DEMO_REGIONS
    }
    assert recording == {US: [True], EU: [], AP: []}
    groups = boto.client("logs", region_name=US).describe_log_groups()["logGroups"]
    retention = {g["logGroupName"]: (g.get("retentionInDays"), "kmsKeyId" in g) for g in groups}
    assert retention == {
        "/demo/cloudtrail": (365, True),
        "/demo/vpc-flow-logs": (30, False),
        "/demo/app": (None, False),
    }


def test_databases(boto: Any) -> None:
    rds = boto.client("rds", region_name=US)
    dbs = {d["DBInstanceIdentifier"]: d for d in rds.describe_db_instances()["DBInstances"]}
    good, bad = dbs["demo-db-orders"], dbs["demo-db-legacy"]
    assert (good["StorageEncrypted"], good["MultiAZ"], good["DeletionProtection"]) == (
        True,
        True,
        True,
    )
    assert (good["BackupRetentionPeriod"], good["PubliclyAccessible"]) == (14, False)
    assert (bad["StorageEncrypted"], bad["MultiAZ"], bad["PubliclyAccessible"]) == (
        False,
        False,
        True,
    )
    assert bad["BackupRetentionPeriod"] == 0
    attrs = rds.describe_db_snapshot_attributes(DBSnapshotIdentifier="demo-db-legacy-export")
    restore = attrs["DBSnapshotAttributesResult"]["DBSnapshotAttributes"][0]
    assert restore == {"AttributeName": "restore", "AttributeValues": ["all"]}
    dynamodb = boto.client("dynamodb", region_name=US)
    for table, on in (("demo-orders", "ENABLED"), ("demo-sessions", "DISABLED")):
        backups = dynamodb.describe_continuous_backups(TableName=table)
        pitr = backups["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert pitr["PointInTimeRecoveryStatus"] == on
        protected = dynamodb.describe_table(TableName=table)["Table"]["DeletionProtectionEnabled"]
        assert protected is (on == "ENABLED")


def test_services(boto: Any) -> None:
    secrets = boto.client("secretsmanager", region_name=US)
    assert secrets.describe_secret(SecretId="demo/orders-db")["RotationEnabled"] is True
    assert not secrets.describe_secret(SecretId="demo/legacy-api-token").get("RotationEnabled")
    sqs = boto.client("sqs", region_name=US)

    def queue(name: str) -> Any:
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
        return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]

    assert "KmsMasterKeyId" in queue("demo-orders")
    assert queue("demo-events")["SqsManagedSseEnabled"] == "true"
    assert queue("demo-legacy-jobs")["SqsManagedSseEnabled"] == "false"
    repos = boto.client("ecr", region_name=US).describe_repositories()["repositories"]
    settings = {
        r["repositoryName"]: (
            r["imageScanningConfiguration"]["scanOnPush"],
            r["imageTagMutability"],
        )
        for r in repos
    }
    assert settings == {"demo-api": (True, "IMMUTABLE"), "demo-sandbox": (False, "MUTABLE")}
    efs = boto.client("efs", region_name=US).describe_file_systems()["FileSystems"]
    assert {f["Name"]: f["Encrypted"] for f in efs} == {
        "demo-efs-shared": True,
        "demo-efs-scratch": False,
    }
    backup = boto.client("backup", region_name=US)
    vault = backup.describe_backup_vault(BackupVaultName="demo-vault")
    assert vault["EncryptionKeyArn"].startswith(f"arn:aws:kms:{US}:")
    plan_id = backup.list_backup_plans()["BackupPlansList"][0]["BackupPlanId"]
    rule = backup.get_backup_plan(BackupPlanId=plan_id)["BackupPlan"]["Rules"][0]
    assert rule["Lifecycle"]["DeleteAfterDays"] == 35


@pytest.mark.parametrize("regions", [(), ("us-east-1", "us-east-1")])
def test_rejects_empty_or_repeated_regions(boto: Any, regions: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="distinct regions"):
        seed_demo_estate(boto, regions)


def test_single_custom_region_in_another_account(estate: object) -> None:
    """A lone primary outside us-east-1 (bucket location constraints), in another account.

    moto keeps one state per account, so assuming a role into a second account isolates
    this estate from the module's, whose mock is still active.
    """
    role = "arn:aws:iam::210987654321:role/demo"
    other = AwsSession.from_config(region="us-west-2", role_arn=role).boto
    manifest = seed_demo_estate(other, ("us-west-2",))
    assert manifest.account == "210987654321"
    assert manifest.regions == ("us-west-2",)
    assert (manifest.counts["Trail"], manifest.counts["ThreatDetection"]) == (1, 1)
    assert not manifest.problems_of("Trail")
    location = other.client("s3").get_bucket_location(Bucket="demo-app-data-210987654321")
    assert location["LocationConstraint"] == "us-west-2"
