# ruff: noqa: PLR0915, S311, E501 (one seeding script; the shuffle is not cryptographic)
"""A second AWS estate, written from the AWS documentation rather than from our checks.

Every misconfiguration sits beside its closest compliant twin, under neutral names, created
in a shuffled order. ``seed`` returns the manifest: (check id, resource uid) pairs that must
FAIL and pairs that must not. Each case cites the page its semantics come from.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

REGION = "us-east-1"
ACCOUNT = "123456789012"
ORG = "o-a1b2c3d4e5"


@dataclass
class Manifest:
    """Expected verdicts: ``fail`` must FAIL; ``twins`` must not FAIL."""

    fail: set[tuple[str, str]] = field(default_factory=set)
    twins: set[tuple[str, str]] = field(default_factory=set)


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _bucket_read(name: str, **extra: Any) -> dict[str, Any]:
    # S3 User Guide, "Examples of Amazon S3 bucket policies": read-only for anonymous users
    return {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{name}/*"} | extra  # fmt: skip


def _tls_deny(name: str, resources: list[str] | None = None) -> dict[str, Any]:
    # S3 User Guide, "Security best practices": deny when aws:SecureTransport is false
    return {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": resources or [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}  # fmt: skip


def seed(boto: Any, rng_seed: int = 7) -> Manifest:
    """Create the estate in ``boto`` (a boto3 Session inside moto) and return the manifest."""
    m = Manifest()
    s3 = boto.client("s3", region_name=REGION)
    sqs = boto.client("sqs", region_name=REGION)
    sns = boto.client("sns", region_name=REGION)
    kms = boto.client("kms", region_name=REGION)
    ecr = boto.client("ecr", region_name=REGION)
    sm = boto.client("secretsmanager", region_name=REGION)
    iam = boto.client("iam", region_name=REGION)
    ec2 = boto.client("ec2", region_name=REGION)

    def bucket(name: str, policy: str | None = None, *, acl: str | None = None,
               block: dict[str, bool] | None = None) -> str:  # fmt: skip
        s3.create_bucket(Bucket=name, ObjectOwnership="ObjectWriter")
        if policy:
            s3.put_bucket_policy(Bucket=name, Policy=policy)
        if acl:
            s3.put_bucket_acl(Bucket=name, ACL=acl)
        if block is not None:
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=block)
        return f"arn:aws:s3:::{name}"

    def expect(check: str, uid: str, failing: bool) -> None:
        (m.fail if failing else m.twins).add((check, uid))

    cases: list[Callable[[], None]] = []

    def s3case(check: str, name: str, failing: bool, *statements: dict[str, Any],
               acl: str | None = None, block: dict[str, bool] | None = None) -> None:  # fmt: skip
        policy = _doc(*statements) if statements else None
        cases.append(lambda: expect(check, bucket(name, policy, acl=acl, block=block), failing))

    vpce = {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}
    # S3 "The meaning of public": a fixed aws:SourceVpce makes the grant non-public
    s3case("STOR-003", "ember", True, _bucket_read("ember"))
    s3case("STOR-003", "flint", False, _bucket_read("flint", Condition=vpce))
    # Block Public Access: RestrictPublicBuckets neutralises an existing public policy,
    # BlockPublicPolicy only refuses new ones
    s3case("STOR-003", "grove", False, _bucket_read("grove"),
           block={"RestrictPublicBuckets": True})  # fmt: skip
    s3case("STOR-003", "harbor", True, _bucket_read("harbor"), block={"BlockPublicPolicy": True})
    # ACLs: public-read is public unless IgnorePublicAcls (BlockPublicAcls leaves it)
    s3case("STOR-013", "ivory", True, acl="public-read")
    s3case("STOR-013", "jade", False, acl="public-read", block={"IgnorePublicAcls": True})
    s3case("STOR-013", "kestrel", True, acl="public-read", block={"BlockPublicAcls": True})
    # TLS only: the deny must cover the bucket and its objects
    s3case("STOR-004", "lumen", False, _tls_deny("lumen"))
    s3case("STOR-004", "kelp", True, _tls_deny("kelp", ["arn:aws:s3:::kelp/*"]))

    def queue(name: str, condition: dict[str, Any] | None) -> None:
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
        statement = {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
                     "Resource": arn} | ({"Condition": condition} if condition else {})  # fmt: skip
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _doc(statement)})
        expect("SVC-006", arn, condition is None)

    # SQS Developer Guide: an SNS topic may send when aws:SourceArn names it
    cases.append(lambda: queue("marlin", None))
    cases.append(lambda: queue("nectar", {"ArnEquals": {
        "aws:SourceArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:orders"}}))  # fmt: skip

    def topic(name: str, condition: dict[str, Any] | None) -> None:
        arn = sns.create_topic(Name=name)["TopicArn"]
        statement = {"Effect": "Allow", "Principal": {"AWS": "*"},
                     "Action": ["SNS:Publish", "SNS:Subscribe"], "Resource": arn} | (
            {"Condition": condition} if condition else {})  # fmt: skip
        sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy",
                                 AttributeValue=_doc(statement))  # fmt: skip
        expect("SVC-007", arn, condition is None)

    # SNS Developer Guide: the default policy restricts with AWS:SourceOwner
    cases.append(lambda: topic("opal", None))
    cases.append(lambda: topic("pine", {"StringEquals": {"AWS:SourceOwner": ACCOUNT}}))

    def key(condition: dict[str, Any] | None) -> None:
        root = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*", "Resource": "*"}  # fmt: skip
        use = {"Effect": "Allow", "Principal": {"AWS": "*"},
               "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"} | (
            {"Condition": condition} if condition else {})  # fmt: skip
        meta = kms.create_key(Policy=_doc(root, use))["KeyMetadata"]
        expect("CRYPTO-003", meta["Arn"], condition is None)

    # KMS Developer Guide, kms:CallerAccount: everyone in one account
    cases.append(lambda: key(None))
    cases.append(lambda: key({"StringEquals": {"kms:CallerAccount": ACCOUNT}}))

    def repository(name: str, condition: dict[str, Any] | None) -> None:
        arn = ecr.create_repository(repositoryName=name)["repository"]["repositoryArn"]
        statement = {"Sid": "pull", "Effect": "Allow", "Principal": "*",
                     "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]} | (
            {"Condition": condition} if condition else {})  # fmt: skip
        ecr.set_repository_policy(repositoryName=name, policyText=_doc(statement))
        expect("SVC-009", arn, condition is None)

    # ECR User Guide, repository policy examples: organisation-wide pull
    cases.append(lambda: repository("sable", None))
    cases.append(lambda: repository("tidal", {"StringEquals": {"aws:PrincipalOrgID": ORG}}))

    def secret(name: str, public: bool) -> None:
        arn = sm.create_secret(Name=name, SecretString="value")["ARN"]
        if public:
            sm.put_resource_policy(SecretId=arn, ResourcePolicy=_doc(
                {"Effect": "Allow", "Principal": {"AWS": "*"},
                 "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))  # fmt: skip
        expect("SVC-008", arn, public)

    cases.append(lambda: secret("umber", True))
    cases.append(lambda: secret("vale", False))

    def user(name: str, actions: list[str], failing: bool, *, group: str | None = None,
             deny: list[str] | None = None) -> None:  # fmt: skip
        arn = iam.create_user(UserName=name)["User"]["Arn"]
        target_policy = {"Effect": "Allow", "Action": actions, "Resource": "*"}
        if group:
            iam.create_group(GroupName=group)
            iam.put_group_policy(
                GroupName=group, PolicyName="g", PolicyDocument=_doc(target_policy)
            )
            iam.add_user_to_group(GroupName=group, UserName=name)
        else:
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=_doc(target_policy))
        if deny:
            iam.put_user_policy(UserName=name, PolicyName="d", PolicyDocument=_doc(
                {"Effect": "Deny", "Action": deny, "Resource": "*"}))  # fmt: skip
        expect("IAM-019", arn, failing)

    # Rhino Security Labs method 3 (PassRole + RunInstances) and method 7 via a group
    cases.append(lambda: user("willow", ["iam:PassRole", "ec2:RunInstances"], True))
    cases.append(lambda: user("xenon", ["iam:GetRole", "ec2:RunInstances"], False))
    cases.append(lambda: user("yarrow", ["iam:AttachUserPolicy"], True, group="zinc"))
    cases.append(lambda: user("acorn", ["iam:AttachUserPolicy"], False, group="birch",
                              deny=["iam:Attach*"]))  # fmt: skip

    ec2_trust = _doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                      "Action": "sts:AssumeRole"})  # fmt: skip

    def role(name: str, action: str, trust: str = ec2_trust) -> str:
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=_doc(
            {"Effect": "Allow", "Action": action, "Resource": "*"}))  # fmt: skip
        return str(arn)

    # Rhino method 1: CreatePolicyVersion; reading versions is harmless
    cases.append(lambda: expect("IAM-020", role("cedar", "iam:CreatePolicyVersion"), True))
    cases.append(lambda: expect("IAM-020", role("dune", "iam:GetPolicyVersion"), False))
    # IAM User Guide, aws:PrincipalOrgID restricts who may assume; "*" alone does not
    open_trust = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    cases.append(
        lambda: expect("IAM-008", role("elm", "s3:ListAllMyBuckets", _doc(open_trust)), True)
    )
    cases.append(lambda: expect("IAM-008", role("fern", "s3:ListAllMyBuckets", _doc(
        open_trust | {"Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG}}})), False))  # fmt: skip

    def snapshot(public: bool) -> None:
        volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=1, Encrypted=True)
        snap = ec2.create_snapshot(VolumeId=volume["VolumeId"])["SnapshotId"]
        # the GroupNames/UserIds form of ModifySnapshotAttribute (moto 5 records only it)
        who = {"GroupNames": ["all"]} if public else {"UserIds": ["210987654321"]}
        ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission",
                                      OperationType="add", **who)  # fmt: skip
        expect("STOR-010", f"arn:aws:ec2:{REGION}:{ACCOUNT}:snapshot/{snap}", public)

    # EC2 User Guide, "Share an Amazon EBS snapshot": group "all" is public
    cases.append(lambda: snapshot(True))
    cases.append(lambda: snapshot(False))

    random.Random(rng_seed).shuffle(cases)
    for case in cases:
        case()
    return m
